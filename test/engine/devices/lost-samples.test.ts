// Lost samples held: each stretch a device lost becomes the last values received, in place, so a sample count keeps the amplifier's clock.
import { describe, expect, it } from 'vitest';
import type { SampleBlock } from '../../../src-main/engine/devices/device.ts';
import { LostSampleHolder } from '../../../src-main/engine/devices/lost-samples.ts';

/** Two channels, channel-major values. */
const block = (values: number[][], lostBefore: number): SampleBlock => ({ samples: Float32Array.from(values.flat()), nSamples: values[0].length, lostBefore, firstSampleTimeMs: 1000 });

describe('LostSampleHolder', () => {
  it('fills each lost stretch with the last values received, before the block\u2019s own samples', () => {
    const holder = new LostSampleHolder(2, 100);
    const got = [
      holder.hold(block([[1, 2], [10, 20]], 0)),
      holder.hold(block([[3], [30]], 3)),
      holder.hold(block([[], []], 2)),
      holder.hold(block([[4, 5], [40, 50]], 0)),
    ];
    expect(got.map((b) => b.lostBefore)).toEqual([0, 0, 0, 0]);
    expect(got.map((b) => b.nSamples)).toEqual([2, 4, 2, 2]);
    expect(got.map((b) => [...b.samples])).toEqual([
      [1, 2, 10, 20],
      [2, 2, 2, 3, 20, 20, 20, 30],
      [3, 3, 30, 30],
      [4, 5, 40, 50],
    ]);
    // The held block starts earlier by the lost samples (100 Hz: 30 ms); a block with nothing lost is passed on as it is.
    expect(got[1].firstSampleTimeMs).toBe(970);
    expect(got[3].firstSampleTimeMs).toBe(1000);
  });

  it('holds zeros for a loss before any sample arrived', () => {
    const holder = new LostSampleHolder(2, 250);
    expect([...holder.hold(block([[7], [8]], 2)).samples]).toEqual([0, 0, 7, 0, 0, 8]);
  });
});
