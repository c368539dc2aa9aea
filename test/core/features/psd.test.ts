import { describe, expect, it } from 'vitest';
import { syntheticTrials } from '../../../src-main/core/features/synthetic-trials.ts';
import { welchFeatures, burgFeatures } from '../../../src-main/core/features/psd.ts';
import { WelchPlan } from '../../../src-main/core/dsp/welch.ts';
import { CoreError } from '../../../src-main/core/errors.ts';
import { expectClose, loadFixture } from './fixtures.ts';

interface WelchFixture {
  input: { nChannels: number; nTrialsPerClass: number; nSamples: number; sampleRateHz: number; seed: number };
  firstSamples: number[];
  trials: number[];
  psd160: { shape: number[]; values: number[] };
  psd100Trial0: { shape: number[]; values: number[] };
}

const fixture = loadFixture<WelchFixture>('welch-synthetic.json');
const epochs = syntheticTrials(fixture.input);

describe('synthetic trials', () => {
  it('are regenerated exactly as the Python reference script does', () => {
    expectClose(epochs.trials[0].data.subarray(0, 5), fixture.firstSamples, 1e-14, 0, 'first samples');
  });
});

describe('Welch PSD', () => {
  it('equals scipy.signal.welch (Hann, nperseg = fs = 160, 50% overlap, constant detrend, density) to 1e-6', () => {
    const features = welchFeatures(epochs, { fminHz: 0, fmaxHz: 80, log: false });
    expect(Array.from(features.freqsHz.subarray(0, 3))).toEqual([0, 1, 2]);
    expect(features.freqsHz.length).toBe(81);
    const actual: number[] = [];
    for (const t of fixture.trials) actual.push(...features.values[t]);
    expectClose(actual, fixture.psd160.values, 1e-6, 0, 'psd');
  });

  it('equals scipy with nperseg = 100 (mixed radix 4·25), including DC and Nyquist scaling', () => {
    const plan = new WelchPlan(epochs.nSamples, 160, 100, 50);
    const out = new Float64Array(plan.nBins);
    const expected = fixture.psd100Trial0.values;
    const actual: number[] = [];
    for (let ch = 0; ch < 4; ch++) {
      plan.psd(epochs.trials[0].data, ch * epochs.nSamples, out);
      actual.push(...out);
    }
    expectClose(actual, expected, 1e-6, 0, 'psd100');
  });

  it('equals the textbook definition (mean removed, Hann, |DFT|²) for short and odd segments and large offsets', () => {
    // The plan removes the mean in the frequency domain (bins 0, 1 and n-1); this checks it against doing it
    // in the time domain, including n = 2 and 3 where those bins coincide or mirror, and a DC offset of 1e5.
    const naive = (x: Float64Array, fs: number, nPerSeg: number, nOverlap: number): Float64Array => {
      const nBins = Math.floor(nPerSeg / 2) + 1;
      const w = Float64Array.from({ length: nPerSeg }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / nPerSeg));
      const sumSquares = w.reduce((a, v) => a + v * v, 0);
      const out = new Float64Array(nBins);
      let nSeg = 0;
      for (let start = 0; start + nPerSeg <= x.length; start += nPerSeg - nOverlap, nSeg++) {
        const seg = x.subarray(start, start + nPerSeg);
        const mean = seg.reduce((a, v) => a + v, 0) / nPerSeg;
        for (let k = 0; k < nBins; k++) {
          let re = 0;
          let im = 0;
          for (let t = 0; t < nPerSeg; t++) {
            const v = (seg[t] - mean) * w[t];
            re += v * Math.cos((-2 * Math.PI * k * t) / nPerSeg);
            im += v * Math.sin((-2 * Math.PI * k * t) / nPerSeg);
          }
          const twoSided = k === 0 || (nPerSeg % 2 === 0 && k === nBins - 1) ? 1 : 2;
          out[k] += (twoSided * (re * re + im * im)) / (fs * sumSquares);
        }
      }
      return out.map((v) => v / nSeg);
    };
    for (const [nPerSeg, nOverlap] of [[2, 1], [3, 1], [5, 2], [7, 3], [16, 8], [33, 16]]) {
      for (const offset of [0, -250, 1e5]) {
        const x = Float64Array.from({ length: 4 * nPerSeg + 1 }, (_, i) => offset + Math.sin(0.9 * i) + 0.3 * Math.cos(2.1 * i + 0.4) + 0.01 * ((i * 7919) % 13));
        const plan = new WelchPlan(x.length, 100, nPerSeg, nOverlap);
        const actual = new Float64Array(plan.nBins);
        plan.psd(x, 0, actual);
        const expected = naive(x, 100, nPerSeg, nOverlap);
        const peak = Math.max(...expected);
        for (let k = 0; k < plan.nBins; k++) {
          expect(Math.abs(actual[k] - expected[k]), `n=${nPerSeg} offset=${offset} bin ${k}`).toBeLessThanOrEqual(1e-9 * peak + 1e-12);
        }
      }
    }
  });

  it('returns log10 power restricted to the band, channel-major per trial', () => {
    const lin = welchFeatures(epochs, { fminHz: 0, fmaxHz: 80, log: false });
    const log = welchFeatures(epochs, { fminHz: 8, fmaxHz: 12 });
    expect(Array.from(log.freqsHz)).toEqual([8, 9, 10, 11, 12]);
    expect(log.values[3].length).toBe(4 * 5);
    // channel 2, 10 Hz
    expect(log.values[3][2 * 5 + 2]).toBeCloseTo(Math.log10(lin.values[3][2 * 81 + 10]), 12);
    expect(Array.from(log.classIndex.subarray(0, 4))).toEqual([0, 1, 0, 1]);
  });

  it('refuses fmax above Nyquist, naming the value', () => {
    expect(() => welchFeatures(epochs, { fminHz: 1, fmaxHz: 100 })).toThrow(/fmax: 100 Hz is above the Nyquist frequency 80 Hz/);
    expect(() => welchFeatures(epochs, { fminHz: 1, fmaxHz: 40, segmentSec: 4 })).toThrow(expect.objectContaining({ message: expect.stringMatching(/4 s is longer than the 3 s epoch/), problem: { reason: 'segment-longer-than-epoch', params: { segmentSec: 4, epochSec: 3 } } }));
  });

  it('stops with a cancelled error when the progress sink asks', () => {
    let calls = 0;
    try {
      welchFeatures(epochs, { fminHz: 1, fmaxHz: 40 }, () => ++calls >= 3);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CoreError);
      expect((error as CoreError).code).toBe('cancelled');
      expect(calls).toBe(3);
    }
  });
});

interface BurgFixture {
  psdTrial0Channel0: number[];
  psdParams: { nWindow: number; nShift: number; order: number; nFft: number };
}

describe('Burg PSD features', () => {
  it('equal the mean over windows of the statsmodels-based AR spectrum (0.25 s, 0.161 s, 0.038 s at 160 Hz)', () => {
    const burg = loadFixture<BurgFixture>('burg-synthetic.json');
    // 0.25 x 160 = 40, 0.161 x 160 = 25.76 -> 26, 0.038 x 160 = 6.08 -> 6, FFT 160: the fixture's parameters.
    expect(burg.psdParams).toEqual({ nWindow: 40, nShift: 26, order: 6, nFft: 160 });
    const features = burgFeatures(epochs, { fminHz: 0, fmaxHz: 80, log: false });
    expectClose(features.values[0].subarray(0, 81), burg.psdTrial0Channel0, 1e-6, 0, 'burg psd');
  });
});
