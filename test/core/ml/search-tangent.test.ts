import { describe, expect, it } from 'vitest';
import { stratifiedKFold } from '../../../src-main/core/ml/folds.ts';
import { matMul, symmetricFunction, transpose } from '../../../src-main/core/ml/linalg.ts';
import { seededRandom } from '../../../src-main/core/ml/random.ts';
import { searchFeatureSets, subsetsUpTo } from '../../../src-main/core/ml/search.ts';
import { matrix } from '../../../src-main/core/ml/covariance.ts';
import type { CandidateSet } from '../../../src-main/core/ml/selection.ts';
import { fitTangentSpace, riemannianMean, tangentVectors } from '../../../src-main/core/ml/tangent-space.ts';
import { gaussian } from './reference.ts';

function spd(n: number, seed: number): Float64Array {
  const g = gaussian(seededRandom(seed));
  const m = new Float64Array(n * 2 * n).map(() => g());
  return matMul(m, transpose(m, n, 2 * n), n, 2 * n, n);
}

describe('feature-set search', () => {
  it('enumerates every subset, not only prefixes: C(12,3) + C(12,2) + 12 = 298', () => {
    const subsets = subsetsUpTo(12, 3);
    expect(subsets).toHaveLength(220 + 66 + 12);
    expect(subsets).toContainEqual([0, 5, 11]);
  });

  it('finds the pair of features that only work together, and the nested estimate stays honest', () => {
    // Features 0 and 1 are individually weak but their difference separates the classes (a common-mode
    // nuisance, like a shared power drift); the others are noise. Prefix search over R² order would miss it.
    const g = gaussian(seededRandom(5));
    const n = 80;
    const p = 10;
    const values = matrix(n, p);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = i % 2;
      const common = 3 * g();
      for (let j = 0; j < p; j++) values.data[i * p + j] = g();
      values.data[i * p + 0] += common + (labels[i] ? 0.6 : -0.6);
      values.data[i * p + 1] += common - (labels[i] ? 0.6 : -0.6);
    }
    const set: CandidateSet = { candidates: [], values };
    const folds = stratifiedKFold(labels, 5, 1);
    let clock = 0;
    const result = searchFeatureSets(set, labels, folds, { poolSize: 10, maxSize: 3, classifier: 'slda', innerFolds: 5, seed: 2, timeBudgetMs: 1e9, now: () => clock++ });
    expect(result.truncated).toBe(false);
    const best = result.ranking[0].candidates;
    expect(best).toContain(0);
    expect(best).toContain(1);
    expect(result.nestedAccuracy).toBeGreaterThan(0.75);
    // A budget of a few ticks stops early and says so.
    clock = 0;
    const short = searchFeatureSets(set, labels, folds, { poolSize: 10, maxSize: 3, classifier: 'slda', innerFolds: 5, seed: 2, timeBudgetMs: 50, now: () => clock++ });
    expect(short.truncated).toBe(true);
  });
});

describe('tangent space', () => {
  it('the Riemannian mean of two matrices is their geometric mean A^½ (A^-½ B A^-½)^½ A^½', () => {
    const n = 5;
    const a = spd(n, 1);
    const b = spd(n, 2);
    const aHalf = symmetricFunction(a, n, Math.sqrt);
    const aInvHalf = symmetricFunction(a, n, (v) => 1 / Math.sqrt(v));
    const inner = symmetricFunction(matMul(matMul(aInvHalf, b, n, n, n), aInvHalf, n, n, n), n, Math.sqrt);
    const expected = matMul(matMul(aHalf, inner, n, n, n), aHalf, n, n, n);
    const mean = riemannianMean([a, b], n);
    mean.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });

  it('the reference point maps to the origin, and vectors carry √2 off the diagonal', () => {
    const n = 4;
    const covs = [spd(n, 3), spd(n, 4), spd(n, 5)];
    const model = fitTangentSpace(covs, n);
    const mean = riemannianMean(covs, n);
    const v = tangentVectors(model, [mean]);
    for (const x of v.data) expect(Math.abs(x)).toBeLessThan(1e-8);
    // The tangent vectors at the mean sum to zero (the mean's defining property).
    const t = tangentVectors(model, covs);
    for (let j = 0; j < t.nCols; j++) expect(Math.abs(t.data[j] + t.data[t.nCols + j] + t.data[2 * t.nCols + j])).toBeLessThan(1e-7);
    expect(t.nCols).toBe(10);
  });
});
