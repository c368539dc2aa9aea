// The causal form of a model's declared prefilter on a live stream: one filter state per channel and band, carried from the first sample on, the bands' copies stacked band-major.
import { designFilters } from '../dsp/filter-recording.ts';
import { SosFilter } from '../dsp/iir.ts';
import { prefilterBands, type PrefilterDeclaration } from '../ml/standard-preprocessing.ts';

export class StreamPrefilter {
  /** Rows of each output block: the channels, once per band (band-major). */
  readonly nRows: number;
  private readonly nChannels: number;
  /** [band][channel] cascades with their state. */
  private readonly filters: SosFilter[][][];

  /** No prefilter (null): blocks pass through unchanged. */
  constructor(prefilter: PrefilterDeclaration | null, nChannels: number, sampleRateHz: number) {
    this.nChannels = nChannels;
    const bands = prefilter ? prefilterBands(prefilter) : [];
    this.filters = bands.map((bandHz) => {
      const cascades = designFilters({ bandpassHz: bandHz, order: prefilter!.order, mode: 'causal' }, sampleRateHz);
      return Array.from({ length: nChannels }, () => cascades.map((sos) => new SosFilter(sos)));
    });
    this.nRows = nChannels * Math.max(1, bands.length);
  }

  /** Filters one block [channel][n] (channel-major) and returns [nRows][n]; consecutive calls continue the stream. */
  process(block: Float64Array, n: number): Float64Array {
    if (this.filters.length === 0) return block;
    const out = new Float64Array(this.nRows * n);
    this.filters.forEach((band, b) => {
      for (let c = 0; c < this.nChannels; c++) {
        const row = out.subarray((b * this.nChannels + c) * n, (b * this.nChannels + c + 1) * n);
        const cascades = band[c];
        if (cascades.length === 0) row.set(block.subarray(c * n, (c + 1) * n));
        else cascades[0].process(block, row, n, c * n);
        for (let k = 1; k < cascades.length; k++) cascades[k].process(row, row);
      }
    });
    return out;
  }
}
