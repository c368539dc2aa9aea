// Samples a device lost (a counter gap, `lostBefore`) delivered as the last values held, so whatever counts the block's samples keeps the amplifier's clock.
import type { SampleBlock } from './device.ts';

/**
 * Holds the last value of each channel across blocks. A block after a loss becomes one block whose first
 * `lostBefore` samples repeat those values (zeros before any sample arrived), with `lostBefore` 0 and its first
 * sample's time moved back by the lost samples; a block with nothing lost is passed on as it is.
 */
export class LostSampleHolder {
  private readonly nChannels: number;
  private readonly sampleRateHz: number;
  private readonly last: Float32Array;

  constructor(nChannels: number, sampleRateHz: number) {
    this.nChannels = nChannels;
    this.sampleRateHz = sampleRateHz;
    this.last = new Float32Array(nChannels);
  }

  hold(block: SampleBlock): SampleBlock {
    const lost = block.lostBefore;
    const n = block.nSamples;
    let whole = block;
    if (lost > 0) {
      const total = lost + n;
      const samples = new Float32Array(this.nChannels * total);
      for (let c = 0; c < this.nChannels; c++) {
        samples.fill(this.last[c], c * total, c * total + lost);
        samples.set(block.samples.subarray(c * n, (c + 1) * n), c * total + lost);
      }
      whole = { samples, nSamples: total, lostBefore: 0, firstSampleTimeMs: block.firstSampleTimeMs - (lost / this.sampleRateHz) * 1000 };
    }
    if (n > 0) for (let c = 0; c < this.nChannels; c++) this.last[c] = block.samples[c * n + n - 1];
    return whole;
  }
}
