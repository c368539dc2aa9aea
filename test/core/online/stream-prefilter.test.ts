// The online prefilter: block by block it gives exactly the causal filtering of the whole recording, per band of a filter bank, band-major.
import { describe, expect, it } from 'vitest';
import type { SignalSource } from '../../../src-main/core/epochs.ts';
import { filterBankDeclaration, prefilterDeclaration, prefilteredSource } from '../../../src-main/core/ml/standard-preprocessing.ts';
import { StreamPrefilter } from '../../../src-main/core/online/stream-prefilter.ts';
import { createRandom } from '../../../src-main/core/random.ts';

const fs = 160;
const nChannels = 3;
const nSamples = 1000;

function recording(): SignalSource {
  const random = createRandom(7);
  const data = Array.from({ length: nChannels }, () => Float64Array.from({ length: nSamples }, () => 10 * random.normal()));
  const channels = ['C3', 'Cz', 'C4'].map((label) => ({ label, name: label.toUpperCase(), unit: 'uV', sampleRateHz: fs, physicalMin: -1000, physicalMax: 1000, digitalMin: -32768, digitalMax: 32767 }));
  return { sampleRateHz: fs, nSamples, channels, events: [], data };
}

/** Feeds the recording in blocks of random sizes and returns the stream's output as [row][sample]. */
function streamed(filter: StreamPrefilter, source: SignalSource): Float64Array[] {
  const random = createRandom(11);
  const rows = Array.from({ length: filter.nRows }, () => new Float64Array(nSamples));
  for (let start = 0; start < nSamples;) {
    const n = Math.min(nSamples - start, 1 + random.int(40));
    const block = new Float64Array(nChannels * n);
    for (let c = 0; c < nChannels; c++) for (let i = 0; i < n; i++) block[c * n + i] = source.data[c][start + i];
    const out = filter.process(block, n);
    for (let r = 0; r < filter.nRows; r++) rows[r].set(out.subarray(r * n, (r + 1) * n), start);
    start += n;
  }
  return rows;
}

describe('StreamPrefilter', () => {
  it('a band-pass: block by block equals the causal filtering of the whole recording', () => {
    const source = recording();
    const declaration = prefilterDeclaration([8, 32]);
    const filter = new StreamPrefilter(declaration, nChannels, fs);
    expect(filter.nRows).toBe(nChannels);
    const whole = prefilteredSource(source, declaration, 'causal');
    const rows = streamed(filter, source);
    for (let c = 0; c < nChannels; c++) for (let i = 0; i < nSamples; i += 37) expect(rows[c][i]).toBeCloseTo(whole.data[c][i] as number, 10);
  });

  it('a filter bank: one causally filtered copy of the channels per band, band-major, as prefilteredSource stacks them', () => {
    const source = recording();
    const bank = filterBankDeclaration([[8, 12], [12, 16], [16, 20]]);
    const filter = new StreamPrefilter(bank, nChannels, fs);
    expect(filter.nRows).toBe(3 * nChannels);
    const whole = prefilteredSource(source, bank, 'causal');
    expect(whole.channels.map((c) => c.name)).toEqual(['C3', 'CZ', 'C4', 'C3@12-16Hz', 'CZ@12-16Hz', 'C4@12-16Hz', 'C3@16-20Hz', 'CZ@16-20Hz', 'C4@16-20Hz']);
    const rows = streamed(filter, source);
    for (let r = 0; r < filter.nRows; r++) for (let i = 0; i < nSamples; i += 37) expect(rows[r][i]).toBeCloseTo(whole.data[r][i] as number, 10);
    // The bands differ: the copies are not the same signal.
    expect(Math.abs(rows[0][500] - rows[nChannels][500])).toBeGreaterThan(1e-3);
  });

  it('without a prefilter the blocks pass unchanged', () => {
    const filter = new StreamPrefilter(null, 2, fs);
    const block = Float64Array.of(1, 2, 3, 4);
    expect(filter.nRows).toBe(2);
    expect(filter.process(block, 2)).toBe(block);
  });
});
