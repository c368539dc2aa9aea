import { describe, expect, it } from 'vitest';
import { butterworth, SosFilter, sosFiltFilt, sosResponse, type Sos } from '../../../src-main/core/dsp/iir.ts';
import { syntheticTrials } from '../../../src-main/core/features/synthetic-trials.ts';
import { expectClose, loadFixture } from '../features/fixtures.ts';

interface FilterCase { sos: number[]; filtfilt: number[]; filt?: number[] }
const fixture = loadFixture<Record<string, FilterCase>>('filters-synthetic.json');
const fs = 160;
const x = syntheticTrials({ nChannels: 4, nTrialsPerClass: 5, nSamples: 480, sampleRateHz: fs, seed: 12345 }).trials[0].data.slice(0, 480);

const cases: [string, Sos][] = [
  ['bandpass8to30order4', butterworth({ kind: 'bandpass', order: 4, edgesHz: [8, 30], sampleRateHz: fs })],
  ['bandstop48to52order2', butterworth({ kind: 'bandstop', order: 2, edgesHz: [48, 52], sampleRateHz: fs })],
  ['lowpass20order3', butterworth({ kind: 'lowpass', order: 3, edgesHz: [20], sampleRateHz: fs })],
  ['highpass2order5', butterworth({ kind: 'highpass', order: 5, edgesHz: [2], sampleRateHz: fs })],
];

function scipySos(values: number[]): Sos {
  return { nSections: values.length / 6, coefficients: Float64Array.from(values) };
}

describe('Butterworth design', () => {
  it.each(cases)('%s has the transfer function of scipy.signal.butter(output="sos")', (name, sos) => {
    const reference = scipySos(fixture[name].sos);
    expect(sos.nSections).toBe(reference.nSections);
    for (let f = 0; f <= 80; f += 0.5) {
      const a = sosResponse(sos, f, fs);
      const b = sosResponse(reference, f, fs);
      expect(Math.hypot(a[0] - b[0], a[1] - b[1])).toBeLessThan(1e-10);
    }
  });

  it('refuses edges at or above Nyquist and bad orders, naming the value', () => {
    expect(() => butterworth({ kind: 'bandpass', order: 4, edgesHz: [8, 80], sampleRateHz: fs })).toThrow(/edge: 80 Hz; allowed strictly between 0 and the Nyquist frequency 80 Hz/);
    expect(() => butterworth({ kind: 'lowpass', order: 0, edgesHz: [8], sampleRateHz: fs })).toThrow(/filter order: 0/);
    expect(() => butterworth({ kind: 'bandpass', order: 2, edgesHz: [30, 8], sampleRateHz: fs })).toThrow(/low edge 30 Hz must be below high edge 8 Hz/);
  });
});

describe('filtering', () => {
  it.each(cases)('%s zero-phase equals scipy.signal.sosfiltfilt to 1e-9', (name, sos) => {
    expectClose(sosFiltFilt(sos, x), fixture[name].filtfilt, 1e-9, 1, 'filtfilt');
  });

  it.each(cases.filter(([name]) => fixture[name].filt))('%s causal equals scipy.signal.sosfilt to 1e-9, also block by block', (name, sos) => {
    const whole = new Float64Array(480);
    new SosFilter(sos).process(x, whole);
    expectClose(whole, fixture[name].filt!, 1e-9, 1, 'sosfilt');
    // A stream of odd-sized blocks carries the state: same samples.
    const streamed = new Float64Array(480);
    const filter = new SosFilter(sos);
    const block = new Float64Array(37);
    for (let start = 0; start < 480; start += 37) {
      const n = Math.min(37, 480 - start);
      filter.process(x, block, n, start);
      streamed.set(block.subarray(0, n), start);
    }
    expect(Array.from(streamed)).toEqual(Array.from(whole));
  });

  it('refuses a signal shorter than the edge padding', () => {
    expect(() => sosFiltFilt(cases[0][1], x.subarray(0, 20))).toThrow(/the signal has 20 samples; more than 27 are needed/);
  });
});

describe('filterSource', () => {
  it('applies notch then band-pass per channel, zero-phase by default, and leaves the input untouched', async () => {
    const { filterSource } = await import('../../../src-main/core/dsp/filter-recording.ts');
    const source = { sampleRateHz: fs, nSamples: 480, channels: [], events: [], data: [x] };
    const filtered = filterSource(source, { bandpassHz: [8, 30] });
    expectClose(filtered.data[0] as Float64Array, fixture.bandpass8to30order4.filtfilt, 1e-9, 1, 'filtered');
    const causal = filterSource(source, { bandpassHz: [8, 30], mode: 'causal' });
    expectClose(causal.data[0] as Float64Array, fixture.bandpass8to30order4.filt!, 1e-9, 1, 'causal');
    expect(filterSource(source, {})).toBe(source);
    expect(source.data[0]).toBe(x);
  });
});
