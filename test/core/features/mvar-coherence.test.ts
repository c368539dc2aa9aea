import { describe, expect, it } from 'vitest';
import { mvarCoherency, mvarFeatures, MvarWorkspace } from '../../../src-main/core/features/mvar-coherence.ts';
import { ConnectivityPlan } from '../../../src-main/core/features/connectivity.ts';
import { ParkMiller, syntheticTrials } from '../../../src-main/core/features/synthetic-trials.ts';

/** x_t = 0.5 x_{t-1} - 0.3 x_{t-2} + e1, y_t = 0.6 y_{t-1} - 0.2 y_{t-2} + 0.4 x_{t-1} + e2: y follows x. */
function simulate(n: number, seed: number): Float64Array {
  const rng = new ParkMiller(seed);
  const burn = 500;
  const x = new Float64Array(n + burn);
  const y = new Float64Array(n + burn);
  for (let t = 2; t < n + burn; t++) {
    x[t] = 0.5 * x[t - 1] - 0.3 * x[t - 2] + (rng.next() - 0.5);
    y[t] = 0.6 * y[t - 1] - 0.2 * y[t - 2] + 0.4 * x[t - 1] + (rng.next() - 0.5);
  }
  const out = new Float64Array(2 * n);
  out.set(x.subarray(burn), 0);
  out.set(y.subarray(burn), n);
  return out;
}

// Prediction-error filter of the true process: A_0 = I, A_1 = -[[0.5, 0], [0.4, 0.6]], A_2 = [[0.3, 0], [0, 0.2]].
const trueA = Float64Array.from([1, 0, 0, 1, -0.5, 0, -0.4, -0.6, 0.3, 0, 0, 0.2]);
const trueSigma = Float64Array.from([1 / 12, 0, 0, 1 / 12]);

describe('bivariate MVAR (Vieira-Morf) coherence', () => {
  const n = 40000;
  const signal = simulate(n, 11);
  const ws = new MvarWorkspace(n, 2);
  it('recovers the coefficients and noise covariance of a known VAR(2)', () => {
    expect(ws.fit(signal, 0, n, n)).toBe(true);
    for (let i = 0; i < trueA.length; i++) expect(Math.abs(ws.a[i] - trueA[i])).toBeLessThan(0.03);
    expect(ws.sigma[0]).toBeCloseTo(1 / 12, 2);
    expect(ws.sigma[3]).toBeCloseTo(1 / 12, 2);
    expect(Math.abs(ws.sigma[1])).toBeLessThan(0.003);
  });

  it('gives the theoretical coherency, and agrees with Welch cross-spectra of the same series', () => {
    ws.fit(signal, 0, n, n);
    const fs = 160;
    const plan = new ConnectivityPlan(n, fs, 2, { fminHz: 0, fmaxHz: 80, metric: 'imcoh', segmentSec: 1 });
    const welchIm = new Float64Array(4 * plan.count);
    const welchMsc = new Float64Array(4 * plan.count);
    plan.matrix(signal, n, 'imcoh', welchIm);
    plan.matrix(signal, n, 'msc', welchMsc);
    for (let k = 2; k < 78; k += 4) {
      const [er, ei] = mvarCoherency(ws.a, 2, ws.sigma, k, fs);
      const [tr, ti] = mvarCoherency(trueA, 2, trueSigma, k, fs);
      expect(Math.abs(er - tr)).toBeLessThan(0.02);
      expect(Math.abs(ei - ti)).toBeLessThan(0.02);
      // Welch (1 s Hann segments, 79 averaged) is the noisier estimate (sd of Im C about 1/sqrt(2 x 79) = 0.08):
      // same sign convention, agreement within two standard deviations.
      expect(Math.abs(ei - welchIm[(0 * 2 + 1) * plan.count + k])).toBeLessThan(0.16);
      expect(Math.abs(er * er + ei * ei - welchMsc[(0 * 2 + 1) * plan.count + k])).toBeLessThan(0.1);
    }
    // y follows x by a sample: a clear imaginary part.
    expect(Math.abs(mvarCoherency(trueA, 2, trueSigma, 20, fs)[1])).toBeGreaterThan(0.2);
  });

  it('gives node strengths in [0, 1] per trial on HappyFeat windows and refuses too short windows', () => {
    const epochs = syntheticTrials({ nChannels: 4, nTrialsPerClass: 2, nSamples: 480, sampleRateHz: 160, seed: 3 });
    const f = mvarFeatures(epochs, { fminHz: 1, fmaxHz: 40, metric: 'mvarabsimcoh' });
    expect(f.freqsHz.length).toBe(40);
    expect(f.values.length).toBe(4);
    for (const v of f.values) for (const x of v) { expect(x).toBeGreaterThanOrEqual(0); expect(x).toBeLessThanOrEqual(1); }
    const coh = mvarFeatures(epochs, { fminHz: 1, fmaxHz: 40, metric: 'mvarcoh' });
    // Channels share a delayed noise source: coherence is well above its absolute imaginary part on average.
    const mean = (a: Float64Array[]) => a.reduce((s, v) => s + v.reduce((p, q) => p + q, 0), 0);
    expect(mean(coh.values)).toBeGreaterThan(mean(f.values));
    expect(() => mvarFeatures(epochs, { fminHz: 1, fmaxHz: 40, metric: 'mvarcoh', windowSec: 0.1 })).toThrow(/MVAR window: 16 samples is too short for a bivariate order-6 model/);
  });
});
