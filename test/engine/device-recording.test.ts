// DeviceRecording on blocks built here: header ranges per format, losses held and annotated, markers at their sample.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cytonChannels } from '../../src-main/core/devices/cyton.ts';
import { openSignalFile } from '../../src-main/core/formats/index.ts';
import type { DeviceInfo } from '../../src-main/engine/devices/device.ts';
import { DeviceRecording, recordingChannels } from '../../src-main/engine/recorder/device-recording.ts';
import { FileSource } from '../../src-main/services/recordings/file-source.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'neurofeat-device-recording-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const details = cytonChannels([24, 24, 8, 24, 24, 24, 24, 24]);
const info: DeviceInfo = { channels: details.map((c) => c.label), sampleRateHz: 250, channelDetails: details };

/** A block of n samples, channel-major, value = channel * 1000 + (start + i) * 0.5 µV (accelerometer in g: tiny). */
function block(start: number, n: number, lostBefore = 0) {
  const samples = new Float32Array(11 * n);
  for (let ch = 0; ch < 11; ch++) for (let i = 0; i < n; i++) samples[ch * n + i] = ch < 8 ? ch * 1000 + (start + i) * 0.5 : 0.001 * ch;
  return { samples, nSamples: n, lostBefore, firstSampleTimeMs: 0 };
}

describe('DeviceRecording', () => {
  it('BDF keeps the device range on the 24-bit scale; EDF puts EEG on ±3276.8 µV and keeps other channels', () => {
    const bdf = recordingChannels(info, 'BDF');
    expect(bdf[0]).toMatchObject({ label: 'Ch1', unit: 'uV', physicalMin: -187500, physicalMax: 187500, digitalMin: -8388607, digitalMax: 8388607, sampleRateHz: 250 });
    expect(bdf[2]).toMatchObject({ physicalMin: -562500, physicalMax: 562500 });
    expect(bdf[8]).toMatchObject({ label: 'AccX', unit: 'g', physicalMin: -4.096, physicalMax: 4.096 });
    const edf = recordingChannels(info, 'EDF');
    expect(edf[0]).toMatchObject({ physicalMin: -3276.8, physicalMax: 3276.7, digitalMin: -32768, digitalMax: 32767 });
    expect(edf[8]).toMatchObject({ physicalMin: -4.096, physicalMax: 4.096, digitalMin: -32767, digitalMax: 32767 });
    const bare = recordingChannels({ channels: ['C3', 'C4'], sampleRateHz: 500 }, 'BDF');
    expect(bare[1]).toMatchObject({ label: 'C4', unit: 'uV', physicalMin: -262144, physicalMax: 262144, sampleRateHz: 500 });
  });

  it('writes samples, holds the last values over a loss with an annotation, and puts markers on their samples', async () => {
    const file = path.join(dir, 'losses.bdf');
    const recording = DeviceRecording.open(file, info, { kind: 'BDF' });
    recording.samplesArrived(block(0, 100));
    recording.markerArrived({ sampleIndex: 42, label: 'L', durationSec: 0 });
    recording.samplesArrived(block(110, 200, 10)); // samples 100..109 lost
    recording.markerArrived({ sampleIndex: 250, label: 'R', durationSec: 4 });
    recording.note('NeuroFeat: cyton stalled');
    const result = await recording.finalise();
    expect(result).toMatchObject({ kind: 'BDF', samples: 310, lostSamples: 10, markers: 2 });
    const source = new FileSource(file);
    try {
      const signal = openSignalFile(source);
      expect(signal.nSamples).toBe(500); // two 1 s records, the last padded
      const [c0, c2] = signal.readSamples([0, 2], 0, 310);
      const step = 187500 / 8388607;
      expect(Math.abs(c0[99] - 49.5)).toBeLessThan(step);
      for (let i = 100; i < 110; i++) expect(c0[i]).toBe(c0[99]);
      expect(Math.abs(c0[110] - 55)).toBeLessThan(step);
      expect(Math.abs(c2[309] - (2000 + 309 * 0.5))).toBeLessThan(562500 / 8388607);
      const events = signal.events.map((e) => [e.onsetSec, e.durationSec, e.label]);
      expect(events).toContainEqual([42 / 250, 0, 'L']);
      expect(events).toContainEqual([250 / 250, 4, 'R']);
      expect(events).toContainEqual([100 / 250, 10 / 250, 'NeuroFeat: samples lost (10)']);
      expect(events).toContainEqual([310 / 250, 0, 'NeuroFeat: cyton stalled']);
    } finally {
      source.close();
    }
  });
});
