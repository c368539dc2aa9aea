import { describe, expect, it } from 'vitest';
import { chanceLevel, clopperPearson, computeMetrics } from '../../../src-main/core/ml/metrics.ts';
import { leaveOneRunOut, stratifiedKFold } from '../../../src-main/core/ml/folds.ts';
import { seededRandom } from '../../../src-main/core/ml/random.ts';
import { runReference } from './reference.ts';
import { pythonMissing } from '../../support/prerequisites.ts';

describe.skipIf(pythonMissing)('chance level and confidence interval', () => {
  it('equals scipy binom.ppf(0.95, n, 0.5)/n (62.5% for 40, 62.2% for 45, 58.8% for 80) and statsmodels Clopper-Pearson', () => {
    const ns = [5, 10, 20, 40, 45, 80, 100, 237, 1000];
    const kn: [number, number][] = [[0, 10], [10, 10], [27, 45], [31, 40], [500, 1000], [3, 7]];
    const ref = runReference<{ chance: number[]; ci: [number, number][] }>('binomial', { n: ns, kn });
    ns.forEach((n, i) => expect(chanceLevel(n, 2), `n=${n}`).toBeCloseTo(ref.chance[i], 12));
    expect(chanceLevel(40, 2)).toBeCloseTo(0.625, 12);
    expect(chanceLevel(45, 2)).toBeCloseTo(28 / 45, 12);
    expect(chanceLevel(80, 2)).toBeCloseTo(0.5875, 12);
    kn.forEach(([k, n], i) => {
      const [lo, hi] = clopperPearson(k, n);
      expect(lo).toBeCloseTo(ref.ci[i][0], 9);
      expect(hi).toBeCloseTo(ref.ci[i][1], 9);
    });
  });

  it('kappa, balanced accuracy and confusion counts equal scikit-learn', () => {
    const random = seededRandom(3);
    const truth = Uint8Array.from({ length: 53 }, (_, i) => (i < 20 ? 0 : 1));
    const predicted = truth.map((t) => (random() < 0.3 ? 1 - t : t));
    const m = computeMetrics(truth, predicted);
    const ref = runReference<{ kappa: number; balanced: number }>('kappa', { truth: Array.from(truth), predicted: Array.from(predicted) });
    expect(m.kappa).toBeCloseTo(ref.kappa, 12);
    expect(m.balancedAccuracy).toBeCloseTo(ref.balanced, 12);
    expect(m.confusion[0][0] + m.confusion[0][1]).toBe(20);
    expect(m.confusion[0][0] + m.confusion[1][1]).toBe(Array.from(truth).filter((t, i) => t === predicted[i]).length);
  });
});

describe('cross-validation splits', () => {
  it('stratified k-fold: a partition, class counts balanced, reproducible by seed, different across seeds', () => {
    const labels = Uint8Array.from({ length: 45 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const folds = stratifiedKFold(labels, 10, 1);
    const seen = new Array(45).fill(0);
    for (const fold of folds) {
      fold.test.forEach((t) => seen[t]++);
      expect(fold.train.length + fold.test.length).toBe(45);
      expect(fold.train.some((t) => fold.test.includes(t))).toBe(false);
      const ones = fold.test.filter((t) => labels[t] === 1).length;
      expect(ones === 1 || ones === 2).toBe(true);
    }
    expect(seen.every((c) => c === 1)).toBe(true);
    expect(stratifiedKFold(labels, 10, 1)).toEqual(folds);
    expect(stratifiedKFold(labels, 10, 2)).not.toEqual(folds);
  });

  it('refuses more folds than trials of the smaller class, and leave-one-run-out with one run', () => {
    const labels = Uint8Array.from([0, 0, 0, 1, 1, 0]);
    expect(() => stratifiedKFold(labels, 3, 1)).toThrow(/too few trials for 3 folds \(4 of class 1, 2 of class 2\)/);
    expect(() => leaveOneRunOut([0, 0, 0, 0, 0, 0], labels)).toThrow(/at least 2 runs/);
    const folds = leaveOneRunOut([0, 0, 1, 1, 2, 2], Uint8Array.from([0, 1, 0, 1, 0, 1]));
    expect(folds.map((f) => f.test)).toEqual([[0, 1], [2, 3], [4, 5]]);
  });
});
