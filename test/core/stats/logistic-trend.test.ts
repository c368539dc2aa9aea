import { describe, expect, it } from 'vitest';
import { erfc, logisticTrend, normalUpperTail, type LogisticTrend } from '../../../src-main/core/stats/logistic-trend.ts';
import { seededRandom } from '../../../src-main/core/ml/random.ts';
import { runReference } from '../ml/reference.ts';
import { pythonMissing } from '../../support/prerequisites.ts';

/** Sessions at these weeks, `perSession` trials each, success with probability rising (or not) by `slope` log-odds a week. */
function simulate(seed: number, weeks: number[], perSession: number, intercept: number, slope: number): { x: number[]; y: number[] } {
  const random = seededRandom(seed);
  const x: number[] = [];
  const y: number[] = [];
  for (const week of weeks) {
    const p = 1 / (1 + Math.exp(-(intercept + slope * week)));
    for (let t = 0; t < perSession; t++) {
      x.push(week);
      y.push(random() < p ? 1 : 0);
    }
  }
  return { x, y };
}

describe('erfc and the normal tail', () => {
  it('match known values to 1e-12 relative (scipy.special.erfc)', () => {
    const known: [number, number][] = [[0.1, 0.8875370839817152], [0.5, 0.4795001221869535], [1, 0.15729920705028516], [1.99, 0.004888586800383002],
      [2, 0.004677734981047266], [3, 2.2090496998585445e-05], [5, 1.5374597944280347e-12], [8, 1.1224297172982928e-29]];
    for (const [x, value] of known) expect(Math.abs(erfc(x) - value) / value, `erfc(${x})`).toBeLessThan(1e-12);
    expect(erfc(-1)).toBeCloseTo(2 - 0.15729920705028516, 15);
    expect(normalUpperTail(1.959963984540054)).toBeCloseTo(0.025, 14);
  });
});

describe('logistic trend: what cannot be estimated', () => {
  it('one session, one outcome and perfect separation are named, not fitted', () => {
    expect(logisticTrend([2, 2, 2], [0, 1, 1])).toBe('too-few-times');
    expect(logisticTrend([0, 1, 2], [1, 1, 1])).toBe('one-outcome');
    expect(logisticTrend([0, 0, 1, 1], [0, 0, 1, 1])).toBe('separated');
    // Quasi-separation: every trial of the last session right, so the likelihood keeps rising with the slope.
    expect(logisticTrend([0, 0, 0, 1, 1, 1], [0, 1, 0, 1, 1, 1])).toBe('separated');
    expect(() => logisticTrend([0, 1], [1])).toThrow(/2 times but 1 outcomes/);
  });
});

describe.skipIf(pythonMissing)('logistic trend against statsmodels', () => {
  it('equals GLM(Binomial) on sessions over weeks: coefficients, slope SE, p-value and interval to 1e-6 (statsmodels stops its IRLS at a deviance change of 1e-8)', () => {
    const cases = [
      simulate(1, [0, 1, 2, 3, 4, 5], 40, -0.2, 0.15),
      simulate(2, [0, 0.5, 1.4, 2, 6.3], 20, 0.3, 0),
      simulate(3, [0, 1, 2], 80, 0.1, -0.2),
      simulate(4, [0, 3], 30, 0, 0.2),
      { x: [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2], y: [0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1] },
    ];
    const ref = runReference<{ fits: { intercept: number; slope: number; slopeSe: number; pValue: number; ci: [number, number] }[] }>('trend', { cases });
    cases.forEach((c, i) => {
      const fit = logisticTrend(c.x, c.y) as LogisticTrend;
      expect(typeof fit, `case ${i}`).toBe('object');
      const r = ref.fits[i];
      expect(fit.intercept).toBeCloseTo(r.intercept, 6);
      expect(fit.slope).toBeCloseTo(r.slope, 6);
      expect(fit.slopeSe).toBeCloseTo(r.slopeSe, 6);
      expect(fit.pValue).toBeCloseTo(r.pValue, 6);
      expect(fit.slopeCi95[0]).toBeCloseTo(r.ci[0], 6);
      expect(fit.slopeCi95[1]).toBeCloseTo(r.ci[1], 6);
    });
  });
});
