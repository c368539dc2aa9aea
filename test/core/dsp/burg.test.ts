import { describe, expect, it } from 'vitest';
import { ArSpectrum, burgAr, BurgPlan, BurgWorkspace, defaultBurgOptions } from '../../../src-main/core/dsp/burg.ts';
import { WelchPlan } from '../../../src-main/core/dsp/welch.ts';
import { syntheticAr2 } from '../../../src-main/core/features/synthetic-trials.ts';
import { expectClose, loadFixture } from '../features/fixtures.ts';

interface BurgFixture {
  ar2: { n: number; a1: number; a2: number; seed: number; rho2: number[]; sigma2Order2: number; rho8First300: number[]; sigma2Order8First300: number };
}
const fixture = loadFixture<BurgFixture>('burg-synthetic.json');

function fit(x: Float64Array, n: number, order: number): { rho: Float64Array; sigma2: number } {
  const rho = new Float64Array(order);
  const sigma2 = burgAr(x, 0, n, order, rho, new BurgWorkspace(n, order));
  return { rho, sigma2 };
}

describe('Burg AR estimator', () => {
  const { n, a1, a2, seed } = fixture.ar2;
  const x = syntheticAr2(n, a1, a2, seed);

  it('equals statsmodels burg (order 2, 4000 samples) to 1e-6 relative on rho and sigma2', () => {
    const { rho, sigma2 } = fit(x, n, 2);
    expectClose(rho, fixture.ar2.rho2, 1e-6, 0, 'rho');
    expectClose([sigma2], [fixture.ar2.sigma2Order2], 1e-6, 0, 'sigma2');
    // And it finds the process: rho near (1.3, -0.6), sigma2 near Var(U(-0.5, 0.5)) = 1/12.
    expect(rho[0]).toBeCloseTo(1.3, 1);
    expect(rho[1]).toBeCloseTo(-0.6, 1);
    expect(sigma2).toBeCloseTo(1 / 12, 2);
  });

  it('equals statsmodels burg at order 8 on 300 samples', () => {
    const { rho, sigma2 } = fit(x, 300, 8);
    expectClose(rho, fixture.ar2.rho8First300, 1e-6, 1e-3, 'rho');
    expectClose([sigma2], [fixture.ar2.sigma2Order8First300], 1e-6, 0, 'sigma2');
  });
});

describe('Burg on a flat window', () => {
  it('returns zero coefficients and zero noise variance instead of NaN', () => {
    const { rho, sigma2 } = fit(new Float64Array(40).fill(3), 40, 6);
    expect(sigma2).toBe(0);
    expect(Array.from(rho)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('AR spectral density', () => {
  const fs = 160;
  const a = [1.3, -0.6];
  const sigma2 = 1 / 12;
  function truePsd(k: number, nFft: number): number {
    const w = (2 * Math.PI * k) / nFft;
    const re = 1 - a[0] * Math.cos(w) - a[1] * Math.cos(2 * w);
    const im = a[0] * Math.sin(w) + a[1] * Math.sin(2 * w);
    const factor = k === 0 || k === nFft / 2 ? 1 : 2;
    return (factor * sigma2) / fs / (re * re + im * im);
  }

  it('gives the closed-form spectrum from the true coefficients', () => {
    const spectrum = new ArSpectrum(160);
    const out = new Float64Array(81);
    spectrum.accumulate(Float64Array.from(a), 2, sigma2, fs, out, 0, 81, 1);
    expectClose(out, Array.from({ length: 81 }, (_, k) => truePsd(k, 160)), 1e-12, 0, 'closed form');
  });

  it('agrees with Welch on a long simulated AR(2) series (the density convention check)', () => {
    const n = 160 * 400;
    const x = syntheticAr2(n, a[0], a[1], 99);
    const welch = new WelchPlan(n, fs, 160, 80);
    const pw = new Float64Array(81);
    welch.psd(x, 0, pw);
    const { rho, sigma2: s2 } = fit(x, n, 2);
    const pb = new Float64Array(81);
    new ArSpectrum(160).accumulate(rho, 2, s2, fs, pb, 0, 81, 1);
    // Interior bins: Welch on 799 segments has about 5% standard error per bin, and Hann leakage near the peak.
    let sumRatio = 0;
    for (let k = 2; k < 79; k++) {
      expect(Math.abs(pw[k] / pb[k] - 1)).toBeLessThan(0.2);
      expect(Math.abs(pb[k] / truePsd(k, 160) - 1)).toBeLessThan(0.1);
      sumRatio += pw[k] / pb[k];
    }
    expect(sumRatio / 77).toBeCloseTo(1, 1);
  });
});

describe('Burg plan', () => {
  it('derives window, shift, order and FFT size from seconds and resolution (HappyFeat at 500 Hz: order 19)', () => {
    const plan = new BurgPlan(1500, 500, defaultBurgOptions);
    expect([plan.nWindow, plan.nShift, plan.order, plan.nFft]).toEqual([125, 81, 19, 500]);
    expect(plan.starts.length).toBe(Math.floor((1500 - 125) / 81) + 1);
  });

  it('refuses a window longer than the epoch and a resolution that leaves too few FFT points', () => {
    expect(() => new BurgPlan(30, 160, defaultBurgOptions)).toThrow(/Burg window: 0.25 s \(40 samples\) is longer than the 30-sample epoch/);
    expect(() => new BurgPlan(480, 160, { ...defaultBurgOptions, resolutionHz: 40 })).toThrow(/Burg resolution: 40 Hz gives an FFT of 4 points/);
  });
});
