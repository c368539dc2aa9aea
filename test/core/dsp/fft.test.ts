import { describe, expect, it } from 'vitest';
import { complexFftPlan, realFftPlan } from '../../../src-main/core/dsp/fft.ts';

/** The O(n²) definition, the oracle for every size. */
function naiveDft(re: Float64Array, im: Float64Array): [Float64Array, Float64Array] {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let t = 0; t < n; t++) {
      const a = (-2 * Math.PI * ((k * t) % n)) / n;
      sr += re[t] * Math.cos(a) - im[t] * Math.sin(a);
      si += re[t] * Math.sin(a) + im[t] * Math.cos(a);
    }
    outRe[k] = sr;
    outIm[k] = si;
  }
  return [outRe, outIm];
}

function seededSignal(n: number, seed: number): Float64Array {
  let s = seed;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 16807) % 2147483647;
    x[i] = s / 2147483647 - 0.5;
  }
  return x;
}

// Generic radices: 7 and 97 (prime), 49 = 7 x 7 and 77 = 7 x 11 (two generic passes), 210 = 2 x 3 x 5 x 7 (all kinds).
const sizes = [1, 2, 3, 4, 5, 6, 7, 8, 12, 15, 16, 30, 49, 64, 77, 80, 97, 100, 125, 160, 210, 250, 256, 320, 500, 1000];

describe('complex FFT plan', () => {
  it.each(sizes)('matches the naive DFT for n = %i', (n) => {
    const re = seededSignal(n, 7 + n);
    const im = seededSignal(n, 11 + n);
    const [expRe, expIm] = naiveDft(re, im);
    const outRe = new Float64Array(n);
    const outIm = new Float64Array(n);
    complexFftPlan(n).forward(re, im, outRe, outIm);
    const scale = Math.sqrt(n);
    for (let k = 0; k < n; k++) {
      expect(Math.abs(outRe[k] - expRe[k])).toBeLessThan(1e-12 * scale * 10);
      expect(Math.abs(outIm[k] - expIm[k])).toBeLessThan(1e-12 * scale * 10);
    }
  });
});

describe('complex FFT plan reuse', () => {
  it('leaves the input untouched and gives the same output when called again (scratch reused)', () => {
    const n = 160;
    const re = seededSignal(n, 3);
    const im = seededSignal(n, 4);
    const [copyRe, copyIm] = [re.slice(), im.slice()];
    const plan = complexFftPlan(n);
    const first = [new Float64Array(n), new Float64Array(n)];
    plan.forward(re, im, first[0], first[1]);
    plan.forward(seededSignal(n, 9), seededSignal(n, 10), new Float64Array(n), new Float64Array(n));
    const again = [new Float64Array(n), new Float64Array(n)];
    plan.forward(re, im, again[0], again[1]);
    expect(re).toEqual(copyRe);
    expect(im).toEqual(copyIm);
    expect(again).toEqual(first);
  });
});

describe('real FFT plan', () => {
  it.each(sizes)('matches the naive DFT on real input for n = %i, read at an offset', (n) => {
    const x = seededSignal(n + 3, 5 + n);
    const slice = x.slice(3);
    const [expRe, expIm] = naiveDft(slice, new Float64Array(n));
    const plan = realFftPlan(n);
    expect(plan.nBins).toBe(Math.floor(n / 2) + 1);
    const outRe = new Float64Array(plan.nBins);
    const outIm = new Float64Array(plan.nBins);
    plan.forward(x, 3, outRe, outIm);
    for (let k = 0; k < plan.nBins; k++) {
      expect(Math.abs(outRe[k] - expRe[k])).toBeLessThan(1e-11);
      expect(Math.abs(outIm[k] - expIm[k])).toBeLessThan(1e-11);
    }
  });

  it('satisfies Parseval on n = 160', () => {
    const n = 160;
    const x = seededSignal(n, 3);
    const plan = realFftPlan(n);
    const re = new Float64Array(plan.nBins);
    const im = new Float64Array(plan.nBins);
    plan.forward(x, 0, re, im);
    let time = 0;
    for (const v of x) time += v * v;
    let freq = re[0] ** 2 + re[n / 2] ** 2;
    for (let k = 1; k < n / 2; k++) freq += 2 * (re[k] ** 2 + im[k] ** 2);
    expect(freq / n).toBeCloseTo(time, 12);
  });
});
