// Minimum distance to mean after geodesic filtering (pyRiemann's FgMDM, Barachant et al. 2010/2012) for two classes, in closed form.
import { badInput } from '../errors.ts';
import type { Labels, LinearModel } from './classifiers.ts';
import type { Matrix } from './covariance.ts';

/**
 * FgMDM for two classes (pyRiemann's `FgMDM`: `FGDA` then `MDM`) in closed form. FGDA projects each tangent vector
 * t on the LDA direction u = w/‖w‖ (W(WWᵀ)⁻¹Wᵀ = uuᵀ for one discriminant) and maps it back to the manifold:
 * C = M^½ exp(s·U) M^½ with s = t·u and U the matrix of u. All filtered matrices lie on one geodesic through M, so
 * they commute once whitened: each class's Riemannian mean is M^½ exp(s̄_k U) M^½ (s̄_k the class mean of s) and the
 * distance to it is |s − s̄_k| (‖U‖_F = ‖u‖ = 1 with the √2 weights), without any eigendecomposition.
 */
export interface FgmdmModel {
  direction: Float64Array;
  classMeans: [number, number];
}

export function fitFgmdm(ldaWeights: Float64Array, vectors: Matrix, labels: Labels, rows: number[]): FgmdmModel {
  let norm = 0;
  for (const w of ldaWeights) norm += w * w;
  norm = Math.sqrt(norm);
  if (!(norm > 0)) throw badInput('FgMDM: the discriminant direction is zero (the classes have the same mean tangent vector)');
  const direction = Float64Array.from(ldaWeights, (w) => w / norm);
  const sums = [0, 0];
  const counts = [0, 0];
  for (const r of rows) {
    sums[labels[r]] += project(direction, vectors, r);
    counts[labels[r]]++;
  }
  if (counts[0] === 0 || counts[1] === 0) throw badInput('FgMDM: the training set holds only one class');
  return { direction, classMeans: [sums[0] / counts[0], sums[1] / counts[1]] };
}

function project(direction: Float64Array, vectors: Matrix, row: number): number {
  let s = 0;
  const off = row * vectors.nCols;
  for (let j = 0; j < vectors.nCols; j++) s += direction[j] * vectors.data[off + j];
  return s;
}

/** p(class 1) = softmax of minus the squared distances to the two filtered class means. */
export function fgmdmProbability(model: FgmdmModel, vectors: Matrix, rows: number[]): Float64Array {
  return Float64Array.from(rows, (r) => {
    const s = project(model.direction, vectors, r);
    const d0 = (s - model.classMeans[0]) ** 2;
    const d1 = (s - model.classMeans[1]) ** 2;
    return 1 / (1 + Math.exp(d1 - d0));
  });
}

/**
 * FgMDM's two-class probability is linear in the tangent vector: (s − s̄₀)² − (s − s̄₁)² = 2(s̄₁ − s̄₀)·u·t + s̄₀² − s̄₁²,
 * so its model is the `LinearModel` w = 2(s̄₁ − s̄₀)·u, b = s̄₀² − s̄₁² (exported by the tangent-space graph).
 */
export function fgmdmLinearModel(model: FgmdmModel): LinearModel {
  const [m0, m1] = model.classMeans;
  return { kind: 'lda', weights: Float64Array.from(model.direction, (u) => 2 * (m1 - m0) * u), bias: m0 * m0 - m1 * m1 };
}
