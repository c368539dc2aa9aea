// The run-protocol device wrapper: samples a device lost are delivered as held values, so the protocol's sample clock stays the amplifier's.
import { describe, expect, it } from 'vitest';
import { holdLostSamples } from '../../../src-main/cli/commands/run-protocol-device.ts';
import type { Device, DeviceListener, SampleBlock } from '../../../src-main/engine/devices/device.ts';

/** Two channels; delivers the given blocks (channel-major values) when started. */
function scriptedDevice(blocks: { values: number[][]; lostBefore: number }[]): Device {
  return {
    id: 'scripted',
    open: async () => ({ channels: ['C3', 'C4'], sampleRateHz: 100 }),
    async start(listener: DeviceListener) {
      for (const { values, lostBefore } of blocks) {
        const n = values[0].length;
        listener.samples({ samples: Float32Array.from(values.flat()), nSamples: n, lostBefore, firstSampleTimeMs: 1000 });
      }
    },
    stop: async () => undefined,
    close: async () => undefined,
  };
}

describe('holdLostSamples', () => {
  it('fills each lost stretch with the last values received, in place, and says where and how many', async () => {
    const lost: [number, number][] = [];
    const device = holdLostSamples(scriptedDevice([
      { values: [[1, 2], [10, 20]], lostBefore: 0 },
      { values: [[3], [30]], lostBefore: 3 },
      { values: [[], []], lostBefore: 2 },
      { values: [[4, 5], [40, 50]], lostBefore: 0 },
    ]), (at, count) => lost.push([at, count]));
    await device.open();
    const got: SampleBlock[] = [];
    await device.start({ samples: (b) => got.push(b), marker: () => undefined, status: () => undefined, fault: () => undefined });
    expect(got.map((b) => b.lostBefore)).toEqual([0, 0, 0, 0]);
    expect(got.map((b) => [...b.samples])).toEqual([
      [1, 2, 10, 20],
      [2, 2, 2, 3, 20, 20, 20, 30],
      [3, 3, 30, 30],
      [4, 5, 40, 50],
    ]);
    expect(lost).toEqual([[2, 3], [6, 2]]);
    // The held block starts earlier by the lost samples (100 Hz: 30 ms).
    expect(got[1].firstSampleTimeMs).toBe(970);
  });

  it('passes a simulator\'s cue announcements on, and adds none to a device without them', () => {
    const cues: [string, number | undefined][] = [];
    const simulated = holdLostSamples({ ...scriptedDevice([]), setCue: (cue, at) => cues.push([cue, at]) });
    simulated.setCue?.('left', 250);
    expect(cues).toEqual([['left', 250]]);
    expect(holdLostSamples(scriptedDevice([])).setCue).toBeUndefined();
  });
});
