import { describe, expect, it } from 'vitest';
import { SyntheticEeg } from '../../../src-main/core/synthetic-eeg.ts';
import { defaultGrazProtocol, scheduleGrazRun, type GrazProtocolConfig, type ScheduledMarker } from '../../../src-main/core/protocol/graz-protocol.ts';
import type { Device, DeviceInfo, DeviceListener, SampleBlock } from '../../../src-main/engine/devices/device.ts';
import { SyntheticDevice } from '../../../src-main/engine/devices/synthetic-device.ts';
import { listenerOf } from '../../../src-main/engine/devices/device.ts';
import { channelIndices, runProtocol, type RunSink } from '../../../src-main/engine/protocol/protocol-runner.ts';

const fs = 250;
const quickRun = (overrides: Partial<GrazProtocolConfig> = {}) =>
  scheduleGrazRun({ ...defaultGrazProtocol, trialsPerClass: 3, baselineSec: 1, interTrialSec: { min: 0.5, max: 1 }, ...overrides }, fs);

/** A device that emits a ramp (sample n of channel c = c * 1e6 + n) in blocks of random size, as fast as allowed. */
class RampDevice implements Device {
  readonly id = 'ramp';
  private sent = 0;
  private stopped = false;
  readonly cues: { cue: string; atSample: number | undefined }[] = [];
  private readonly nChannels: number;
  private readonly failAt: number | null;
  constructor(nChannels: number, failAt: number | null = null) {
    this.nChannels = nChannels;
    this.failAt = failAt;
  }
  async open(): Promise<DeviceInfo> {
    return { channels: Array.from({ length: this.nChannels }, (_, c) => `Ch${c + 1}`), sampleRateHz: fs };
  }
  async start(listener: DeviceListener): Promise<void> {
    const tick = () => {
      if (this.stopped) return;
      if (this.failAt !== null && this.sent >= this.failAt) return listener.fault('ramp device unplugged');
      const n = 1 + ((this.sent * 7919) % 23);
      const samples = new Float32Array(this.nChannels * n);
      for (let c = 0; c < this.nChannels; c++) for (let i = 0; i < n; i++) samples[c * n + i] = c * 1e6 + this.sent + i;
      this.sent += n;
      listener.samples({ samples, nSamples: n, lostBefore: 0, firstSampleTimeMs: 0 });
      setImmediate(tick);
    };
    setImmediate(tick);
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
  async close(): Promise<void> {}
  setCue(cue: 'none' | 'left' | 'right', atSample?: number): void {
    this.cues.push({ cue, atSample });
  }
}

function memorySink() {
  const markers: { marker: ScheduledMarker; onsetSec: number }[] = [];
  let samples = 0;
  let lastValue = -1;
  let continuous = true;
  const sink: RunSink = {
    samples(block) {
      for (let i = 0; i < block.nSamples; i++) {
        if (block.samples[i] !== lastValue + 1) continuous = false;
        lastValue = block.samples[i];
      }
      samples += block.nSamples;
    },
    marker(marker, onsetSec) {
      markers.push({ marker, onsetSec });
    },
  };
  return { sink, markers, get samples() { return samples; }, get continuous() { return continuous; } };
}

describe('runProtocol', () => {
  it('records exactly the run, every sample once, and stamps each marker at its scheduled sample', async () => {
    const schedule = quickRun();
    const device = new RampDevice(2);
    const memory = memorySink();
    const result = await runProtocol({ device, info: await device.open(), schedule, sink: memory.sink });
    expect(result).toMatchObject({ samples: schedule.totalSamples, aborted: false, fault: null, markers: schedule.markers.length });
    expect(memory.samples).toBe(schedule.totalSamples);
    expect(memory.continuous).toBe(true);
    expect(memory.markers.map((m) => m.marker)).toEqual(schedule.markers);
    for (const { marker, onsetSec } of memory.markers) expect(onsetSec * fs).toBeCloseTo(marker.sample, 9);
  });

  it('announces every cue change to a simulator with its exact sample', async () => {
    const schedule = quickRun();
    const device = new RampDevice(1);
    await runProtocol({ device, info: await device.open(), schedule });
    const announced = device.cues.filter((c) => c.atSample !== undefined);
    expect(announced.filter((c) => c.cue !== 'none').map((c) => c.atSample)).toEqual(schedule.trials.map((t) => t.cueSample));
    expect(announced.filter((c) => c.cue === 'none').map((c) => c.atSample)).toEqual(schedule.trials.map((t) => t.endSample));
  });

  it('ends with the fault and keeps what was recorded when the device is lost', async () => {
    const schedule = quickRun();
    const device = new RampDevice(1, 1000);
    const memory = memorySink();
    const result = await runProtocol({ device, info: await device.open(), schedule, sink: memory.sink });
    expect(result.fault).toBe('ramp device unplugged');
    expect(result.aborted).toBe(true);
    expect(result.samples).toBeGreaterThanOrEqual(1000);
    expect(memory.samples).toBe(result.samples);
  });

  it('stops on abort, marking the run aborted', async () => {
    const schedule = quickRun({ trialsPerClass: 50 });
    const device = new RampDevice(1);
    const controller = new AbortController();
    const result = await runProtocol({
      device, info: await device.open(), schedule, signal: controller.signal,
      onMoment: (moment) => { if (moment.phase === 'cue') controller.abort(); },
    });
    expect(result.aborted).toBe(true);
    expect(result.samples).toBeLessThan(schedule.totalSamples);
    expect(result.samples).toBeGreaterThanOrEqual(schedule.trials[0].cueSample);
  });

  it('feeds the classifier the model channels of sliding windows and decides every trial', async () => {
    const schedule = quickRun({ feedback: true });
    const device = new RampDevice(3);
    const windows: Float32Array[] = [];
    const result = await runProtocol({
      device, info: await device.open(), schedule, biasTrials: 0,
      classifier: {
        channels: ['ch3', 'CH1.'], nSamples: 100, sampleRateHz: fs,
        async classify(window) {
          windows.push(Float32Array.from(window));
          // Class 2 when the window ends inside a class-2 trial's imagery period, from the ramp's sample values.
          const end = window[99] - 2e6 + 1;
          const trial = schedule.trials.find((t) => end > t.cueSample && end <= t.endSample);
          return Float32Array.of(trial?.classIndex === 1 ? 0.1 : 0.9, trial?.classIndex === 1 ? 0.9 : 0.1);
        },
      },
    });
    expect(windows.length).toBe(Math.floor((schedule.totalSamples - 100) / 16) + 1);
    // Channel 3 then channel 1, the last 100 samples before each window's end.
    const [first] = windows;
    expect(first[0]).toBe(2e6);
    expect(first[99]).toBe(2e6 + 99);
    expect(first[100]).toBe(0);
    expect(result.decisions).toHaveLength(6);
    expect(result.accuracy).toBe(1);
    expect(result.latencyMs).toHaveLength(windows.length);
  });

  it('refuses a model whose channels or sample rate the device lacks, naming them', async () => {
    const schedule = quickRun({ feedback: true });
    const device = new RampDevice(2);
    const info = await device.open();
    const classify = async () => Float32Array.of(0.5, 0.5);
    await expect(runProtocol({ device, info, schedule, classifier: { channels: ['C3', 'Ch1'], nSamples: 10, sampleRateHz: fs, classify } }))
      .rejects.toThrow(/channels the device does not have: C3/);
    await expect(runProtocol({ device, info, schedule, classifier: { channels: ['Ch1'], nSamples: 10, sampleRateHz: 500, classify } }))
      .rejects.toThrow(/trained at 500 Hz but the device runs at 250 Hz/);
    expect(() => channelIndices(['C3..', 'Fc3.'], ['FC3', 'c3'])).not.toThrow();
  });
});

describe('SyntheticDevice cue timing', () => {
  it('switches the simulated cue exactly at the announced sample, whatever the block boundaries', async () => {
    const config = { nChannels: 4, sampleRateHz: 500, seed: 9, desyncDepth: 0.8 };
    const device = new SyntheticDevice(config, { speed: 40 });
    await device.open();
    device.setCue('left', 700);
    device.setCue('none', 1400);
    const blocks: SampleBlock[] = [];
    await new Promise<void>((resolve) => {
      let total = 0;
      void device.start(listenerOf({
        samples: (block) => {
          blocks.push(block);
          total += block.nSamples;
          if (total >= 2000) resolve();
        },
        fault: () => undefined,
      }));
    });
    await device.stop();
    // The same model generated in three pieces split at the cue samples.
    const eeg = new SyntheticEeg(config);
    const pieces = [eeg.generate(700)];
    eeg.setCue('left');
    pieces.push(eeg.generate(700));
    eeg.setCue('none');
    const total = blocks.reduce((sum, b) => sum + b.nSamples, 0);
    pieces.push(eeg.generate(total - 1400));
    const channel0 = (parts: { samples: Float32Array; n: number }[]) => parts.flatMap((p) => Array.from(p.samples.subarray(0, p.n)));
    const expected = channel0([{ samples: pieces[0], n: 700 }, { samples: pieces[1], n: 700 }, { samples: pieces[2], n: total - 1400 }]);
    const actual = channel0(blocks.map((b) => ({ samples: b.samples, n: b.nSamples })));
    expect(actual).toEqual(expected);
  });
});
