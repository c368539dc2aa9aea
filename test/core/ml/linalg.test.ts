import { describe, expect, it } from 'vitest';
import { cholesky, generalizedSymmetricEigen, matMul, solveSymmetric, symmetricEigen, symmetricFunction, transpose } from '../../../src-main/core/ml/linalg.ts';
import { seededRandom } from '../../../src-main/core/ml/random.ts';
import { gaussian, runReference } from './reference.ts';
import { pythonMissing } from '../../support/prerequisites.ts';

function randomSpd(n: number, seed: number): Float64Array {
  const g = gaussian(seededRandom(seed));
  const m = new Float64Array(n * (n + 5)).map(() => g());
  const a = matMul(m, transpose(m, n, n + 5), n, n + 5, n);
  return a;
}

describe('symmetric eigendecomposition', () => {
  it.skipIf(pythonMissing)('satisfies A·V = V·D with orthonormal V, and matches scipy.linalg.eigh', () => {
    for (const n of [1, 2, 7, 64]) {
      const a = randomSpd(n, n);
      const { values, vectors } = symmetricEigen(a, n);
      const av = matMul(a, vectors, n, n, n);
      const vtv = matMul(transpose(vectors, n, n), vectors, n, n, n);
      const scale = values[n - 1];
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          expect(Math.abs(av[i * n + j] - vectors[i * n + j] * values[j])).toBeLessThan(1e-10 * scale);
          expect(Math.abs(vtv[i * n + j] - (i === j ? 1 : 0))).toBeLessThan(1e-10);
        }
      }
      for (let k = 1; k < n; k++) expect(values[k]).toBeGreaterThanOrEqual(values[k - 1]);
      const rows = Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, (i + 1) * n)));
      const ref = runReference<{ values: number[] }>('eigh', { a: rows });
      ref.values.forEach((v, k) => expect(Math.abs(values[k] - v)).toBeLessThan(1e-9 * scale));
    }
  });

  it('handles repeated eigenvalues and a rank-deficient matrix (common-average-referenced covariance)', () => {
    const n = 6;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = (i === j ? 1 : 0) - 1 / n;
    const { values } = symmetricEigen(a, n);
    expect(Math.abs(values[0])).toBeLessThan(1e-14);
    for (let k = 1; k < n; k++) expect(values[k]).toBeCloseTo(1, 12);
  });

  it.skipIf(pythonMissing)('solves the generalized problem as scipy.linalg.eigh(a, b), with vᵀ·b·v = 1', () => {
    const n = 10;
    const a = randomSpd(n, 11);
    const b = randomSpd(n, 12);
    const { values, vectors } = generalizedSymmetricEigen(a, b, n);
    const rows = (m: Float64Array) => Array.from({ length: n }, (_, i) => Array.from(m.subarray(i * n, (i + 1) * n)));
    const ref = runReference<{ values: number[] }>('eigh', { a: rows(a), b: rows(b) });
    ref.values.forEach((v, k) => expect(values[k]).toBeCloseTo(v, 8));
    const vtbv = matMul(transpose(vectors, n, n), matMul(b, vectors, n, n, n), n, n, n);
    for (let i = 0; i < n; i++) expect(vtbv[i * n + i]).toBeCloseTo(1, 10);
  });
});

describe('Cholesky, solving and matrix functions', () => {
  it('reconstructs A = L·Lᵀ, solves A·x = b, and sqrt(A)² = A', () => {
    const n = 12;
    const a = randomSpd(n, 3);
    const l = cholesky(a, n);
    const llt = matMul(l, transpose(l, n, n), n, n, n);
    llt.forEach((v, i) => expect(v).toBeCloseTo(a[i], 9));
    const b = new Float64Array(n).map((_, i) => i - 3);
    const x = solveSymmetric(a, b, n, 1);
    const ax = matMul(a, x, n, n, 1);
    ax.forEach((v, i) => expect(v).toBeCloseTo(b[i], 9));
    const root = symmetricFunction(a, n, Math.sqrt);
    matMul(root, root, n, n, n).forEach((v, i) => expect(v).toBeCloseTo(a[i], 8));
  });

  it('falls back to the minimum-norm solution for a singular matrix', () => {
    const a = Float64Array.from([1, 1, 1, 1]);
    const x = solveSymmetric(a, Float64Array.from([2, 2]), 2, 1);
    expect(x[0]).toBeCloseTo(1, 12);
    expect(x[1]).toBeCloseTo(1, 12);
  });
});
