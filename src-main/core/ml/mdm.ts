// Minimum distance to mean (Barachant et al. 2012): Riemannian class means of trial covariances and the affine-invariant distance to each.
import { badInput } from '../errors.ts';
import type { Labels } from './classifiers.ts';
import { matMul, rebuild, symmetricEigen } from './linalg.ts';
import { riemannianMean } from './tangent-space.ts';

export interface MdmModel {
  nChannels: number;
  /** M_k^-½ of the two class means. */
  inverseSqrtMeans: [Float64Array, Float64Array];
}

/** Fits the two class means (pyRiemann's `MDM(metric='riemann')`) on the trials listed in `rows`. */
export function fitMdm(covariances: Float64Array[], nChannels: number, labels: Labels, rows: number[]): MdmModel {
  const n = nChannels;
  const inverseSqrt = [0, 1].map((cls) => {
    const members = rows.filter((r) => labels[r] === cls).map((r) => covariances[r]);
    if (members.length === 0) throw badInput(`MDM: no training trial of class ${cls}`);
    const { values, vectors } = symmetricEigen(riemannianMean(members, n), n);
    return rebuild(values.map((v) => 1 / Math.sqrt(v)), vectors, n);
  });
  return { nChannels: n, inverseSqrtMeans: [inverseSqrt[0], inverseSqrt[1]] };
}

/** Squared affine-invariant distance Σ log² λᵢ(M^-½ C M^-½). */
export function squaredRiemannDistance(inverseSqrtMean: Float64Array, c: Float64Array, n: number): number {
  const w = matMul(matMul(inverseSqrtMean, c, n, n, n), inverseSqrtMean, n, n, n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = 0.5 * (w[i * n + j] + w[j * n + i]);
      w[i * n + j] = s;
      w[j * n + i] = s;
    }
  }
  const { values } = symmetricEigen(w, n);
  let d = 0;
  for (const v of values) d += Math.log(v) ** 2;
  return d;
}

/** pyRiemann's `predict_proba`: softmax of minus the squared distances, here p(class 1) = σ(d₀² - d₁²). */
export function mdmProbability(model: MdmModel, covariances: Float64Array[], rows: number[]): Float64Array {
  const n = model.nChannels;
  return Float64Array.from(rows, (r) => {
    const d0 = squaredRiemannDistance(model.inverseSqrtMeans[0], covariances[r], n);
    const d1 = squaredRiemannDistance(model.inverseSqrtMeans[1], covariances[r], n);
    return 1 / (1 + Math.exp(d1 - d0));
  });
}
