// The live signal-quality monitor: the signal check's rules on the last 2 s of each EEG channel, judged a few channels at a time.
import { describe, expect, it } from 'vitest';
import { LIVE_QUALITY_WINDOW_SEC, LiveQualityMonitor } from '../../../src-main/engine/devices/signal-check.ts';
import type { DeviceInfo, SampleBlock } from '../../../src-main/engine/devices/device.ts';

const FS = 250;
/** Channel signals (µV) at sample i: good EEG, flat, mains, huge, railed (at the 1000 µV limit the details give). */
const signals: Record<string, (i: number) => number> = {
  C3: (i) => 12 * Math.sin((2 * Math.PI * 10 * i) / FS) + 5 * Math.sin((2 * Math.PI * 23 * i) / FS + 1) + 3 * Math.sin(i * 1.7),
  Cz: () => 4.2,
  C4: (i) => 10 * Math.sin((2 * Math.PI * 11 * i) / FS) + 40 * Math.sin((2 * Math.PI * 50 * i) / FS),
  Pz: (i) => 400 * Math.sin((2 * Math.PI * 3 * i) / FS),
  Oz: (i) => (i % 50 < 30 ? 1000 : -1000),
};
const labels = Object.keys(signals);

const info = (withAccelerometer = false): DeviceInfo => ({
  channels: withAccelerometer ? [...labels, 'AccX'] : labels,
  sampleRateHz: FS,
  channelDetails: [
    ...labels.map((label) => ({ label, kind: 'eeg' as const, unit: 'uV', physicalMin: -1000, physicalMax: 1000 })),
    ...(withAccelerometer ? [{ label: 'AccX', kind: 'accelerometer' as const, unit: 'g', physicalMin: -4, physicalMax: 4 }] : []),
  ],
});

function block(first: number, n: number, nChannels: number, lostBefore = 0): SampleBlock {
  const samples = new Float32Array(nChannels * n);
  for (let c = 0; c < nChannels; c++) {
    const signal = signals[labels[c]] ?? (() => 0.5);
    for (let s = 0; s < n; s++) samples[c * n + s] = signal(first + s);
  }
  return { samples, nSamples: n, lostBefore, firstSampleTimeMs: 0 };
}

/** Steps until every channel was judged once more (one channel a step for these small montages). */
const judgeAll = (monitor: LiveQualityMonitor, nChannels: number) => {
  for (let i = 0; i < nChannels; i++) monitor.step();
};

describe('LiveQualityMonitor', () => {
  it('says nothing until a full window arrived and every channel was judged, then gives each channel its problems and a go/no-go', () => {
    const monitor = new LiveQualityMonitor(info(true));
    const window = LIVE_QUALITY_WINDOW_SEC * FS;
    for (let first = 0; first < window - 10; first += 10) monitor.push(block(first, 10, 6));
    monitor.step();
    expect(monitor.report()).toBeNull();
    monitor.push(block(window - 10, 10, 6));
    monitor.step();
    // One channel a step at this size: the verdict waits for all five.
    expect(monitor.report()).toBeNull();
    judgeAll(monitor, 4);
    const report = monitor.report();
    expect(report).not.toBeNull();
    // The accelerometer is not judged: EEG channels only.
    expect(report!.channels.map((c) => c.label)).toEqual(labels);
    const problems = Object.fromEntries(report!.channels.map((c) => [c.label, c.problems]));
    expect(problems).toEqual({ C3: [], Cz: ['flat'], C4: ['line-noise'], Pz: ['amplitude'], Oz: ['railed'] });
    expect(report!.channels.find((c) => c.label === 'C3')!.go).toBe(true);
    expect(report!.go).toBe(false);
    expect(report!.channels.find((c) => c.label === 'C4')!.line50RmsUv).toBeCloseTo(40 / Math.SQRT2, 0);
    expect(report!.windowSec).toBe(LIVE_QUALITY_WINDOW_SEC);
  });

  it('judges the latest window: a channel that comes back is go again; a gap restarts the window', () => {
    const two = new LiveQualityMonitor({ channels: ['A', 'B'], sampleRateHz: FS });
    const window = LIVE_QUALITY_WINDOW_SEC * FS;
    two.push(block(0, window, 2)); // A carries C3's EEG, B Cz's flat line
    judgeAll(two, 2);
    expect(two.report()!.channels.map((c) => c.problems)).toEqual([[], ['flat']]);
    // The flat channel now carries EEG: after a whole new window it is go.
    const good = block(window, window, 1);
    const both = new Float32Array(2 * window);
    both.set(good.samples, 0);
    both.set(good.samples, window);
    two.push({ samples: both, nSamples: window, lostBefore: 0, firstSampleTimeMs: 0 });
    judgeAll(two, 2);
    expect(two.report()!.go).toBe(true);
    // Samples lost in transit: the window starts again, the last judgement stays until a new one.
    two.push(block(0, 100, 2, 5));
    judgeAll(two, 2);
    expect(two.report()!.go).toBe(true);
  });

  it('judges a round of channels a second and at most about 8000 samples per step, so the engine never stalls long', () => {
    const many: DeviceInfo = { channels: Array.from({ length: 64 }, (_, i) => `E${i}`), sampleRateHz: 1000 };
    const monitor = new LiveQualityMonitor(many);
    monitor.push({ samples: new Float32Array(64 * 2000).map((_, i) => Math.sin(i)), nSamples: 2000, lostBefore: 0, firstSampleTimeMs: 0 });
    let steps = 0;
    while (monitor.report() === null && steps < 100) {
      monitor.step();
      steps++;
    }
    // 2000 samples per channel: 4 channels per step (3.2 for a round a second, 4 by the sample budget), 16 steps.
    expect(steps).toBe(16);
    const wide = new LiveQualityMonitor({ channels: Array.from({ length: 64 }, (_, i) => `E${i}`), sampleRateHz: 2000 });
    wide.push({ samples: new Float32Array(64 * 4000).map((_, i) => Math.sin(i)), nSamples: 4000, lostBefore: 0, firstSampleTimeMs: 0 });
    let wideSteps = 0;
    while (wide.report() === null && wideSteps < 100) {
      wide.step();
      wideSteps++;
    }
    // 4000 samples per channel at 2 kHz: the budget allows 2 a step, so the round takes 32 steps.
    expect(wideSteps).toBe(32);
  });
});
