// Mathematical identities checked on random inputs (fast-check): the properties any correct implementation has.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { complexFftPlan, realFftPlan } from '../../../src-main/core/dsp/fft.ts';
import { WelchPlan } from '../../../src-main/core/dsp/welch.ts';
import { classStatistics } from '../../../src-main/core/stats/class-stats.ts';
import type { TrialFeatures } from '../../../src-main/core/features/trial-features.ts';

/** Values on a 1e-3 grid in [-1000, 1000]: realistic magnitudes, no subnormal underflow games. */
const values = (n: number) => fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }).map((v) => v / 1000), { minLength: n, maxLength: n });

describe('FFT identities', () => {
  it('Parseval and linearity hold for any size 1..400', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 400 }).chain((n) => fc.tuple(fc.constant(n), values(n), values(n), fc.double({ min: -3, max: 3, noNaN: true }))), ([n, a, b, c]) => {
      const plan = complexFftPlan(n);
      const zeros = new Float64Array(n);
      const fa = [new Float64Array(n), new Float64Array(n)];
      const fb = [new Float64Array(n), new Float64Array(n)];
      const fab = [new Float64Array(n), new Float64Array(n)];
      plan.forward(Float64Array.from(a), zeros, fa[0], fa[1]);
      plan.forward(Float64Array.from(b), zeros, fb[0], fb[1]);
      plan.forward(Float64Array.from(a, (v, i) => v + c * b[i]), zeros, fab[0], fab[1]);
      let time = 0;
      let freq = 0;
      let scale = 1;
      for (let i = 0; i < n; i++) {
        time += a[i] * a[i];
        freq += fa[0][i] ** 2 + fa[1][i] ** 2;
        scale = Math.max(scale, Math.abs(fa[0][i]), Math.abs(fb[0][i]) * Math.abs(c));
      }
      expect(Math.abs(freq / n - time)).toBeLessThanOrEqual(1e-9 * Math.max(1, time));
      for (let i = 0; i < n; i++) {
        expect(Math.abs(fab[0][i] - (fa[0][i] + c * fb[0][i]))).toBeLessThanOrEqual(1e-9 * scale * n);
        expect(Math.abs(fab[1][i] - (fa[1][i] + c * fb[1][i]))).toBeLessThanOrEqual(1e-9 * scale * n);
      }
    }), { numRuns: 60, seed: 20261121 });
  });

  it('real plans agree with complex plans on real input', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 300 }).chain((n) => fc.tuple(fc.constant(n), values(n))), ([n, a]) => {
      const real = realFftPlan(n);
      const re = new Float64Array(real.nBins);
      const im = new Float64Array(real.nBins);
      real.forward(a, 0, re, im);
      const cr = new Float64Array(n);
      const ci = new Float64Array(n);
      complexFftPlan(n).forward(Float64Array.from(a), new Float64Array(n), cr, ci);
      for (let k = 0; k < real.nBins; k++) {
        expect(Math.abs(re[k] - cr[k])).toBeLessThanOrEqual(1e-9 * 1000 * n);
        expect(Math.abs(im[k] - ci[k])).toBeLessThanOrEqual(1e-9 * 1000 * n);
      }
    }), { numRuns: 60, seed: 20261121 });
  });
});

describe('Welch identities', () => {
  it('scaling the signal by c scales the PSD by c², and an offset changes nothing (constant detrend)', () => {
    fc.assert(fc.property(values(480), fc.double({ min: 0.1, max: 10, noNaN: true }), fc.double({ min: -500, max: 500, noNaN: true }), (x, c, offset) => {
      const plan = new WelchPlan(480, 160, 160, 80);
      const p = new Float64Array(plan.nBins);
      const q = new Float64Array(plan.nBins);
      plan.psd(x, 0, p);
      plan.psd(x.map((v) => c * v + offset), 0, q);
      const peak = Math.max(...p);
      for (let k = 1; k < plan.nBins; k++) expect(Math.abs(q[k] - c * c * p[k])).toBeLessThanOrEqual(1e-9 * c * c * peak + 1e-9);
    }), { numRuns: 40, seed: 20261121 });
  });
});

describe('R² identities', () => {
  const build = (v: number[], labels: number[]): TrialFeatures => ({
    method: 'welch', channels: ['X'], freqsHz: Float64Array.of(10), log: false, classes: ['A', 'B'],
    values: v.map((x) => Float64Array.of(x)), classIndex: Int32Array.from(labels), trialIndex: Int32Array.from(labels, (_, i) => i),
  });
  const twoClasses = fc.integer({ min: 4, max: 40 }).chain((n) => fc.tuple(values(n), fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n })))
    .filter(([, labels]) => labels.filter((l) => l === 0).length >= 2 && labels.filter((l) => l === 1).length >= 2);

  it('is in [0, 1], invariant to a x + b (a != 0), and swapping the labels flips only the sign', () => {
    fc.assert(fc.property(twoClasses, fc.double({ min: 0.5, max: 5, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true }), ([v, labels], a, b) => {
      const s = classStatistics(build(v, labels));
      expect(s.r2[0]).toBeGreaterThanOrEqual(0);
      expect(s.r2[0]).toBeLessThanOrEqual(1 + 1e-12);
      const t = classStatistics(build(v.map((x) => -a * x + b), labels));
      expect(Math.abs(t.r2[0] - s.r2[0])).toBeLessThanOrEqual(1e-9);
      const swapped = classStatistics(build(v, labels.map((l) => 1 - l)));
      expect(Math.abs(swapped.signedR2[0] + s.signedR2[0])).toBeLessThanOrEqual(1e-9);
    }), { numRuns: 100, seed: 20261121 });
  });
});
