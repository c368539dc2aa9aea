// Riemannian tangent space of trial covariances (OAS estimates, affine-invariant mean), as in the MOABB TS + LR pipeline.
import { oasFromCovariance } from './covariance.ts';
import type { EpochArray } from './csp.ts';
import { matMul, rebuild, symmetricEigen } from './linalg.ts';
import { matrix, type Matrix } from './covariance.ts';

/** OAS covariance of one trial [channel][sample], channels centred over time (pyriemann's `Covariances('oas')`). */
export function trialCovariance(trial: Float64Array, nChannels: number, nSamples: number): Float64Array {
  const p = nChannels;
  const t = nSamples;
  const centred = new Float64Array(p * t);
  for (let c = 0; c < p; c++) {
    let mean = 0;
    for (let s = 0; s < t; s++) mean += trial[c * t + s];
    mean /= t;
    for (let s = 0; s < t; s++) centred[c * t + s] = trial[c * t + s] - mean;
  }
  const cov = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      let sum = 0;
      const oa = a * t;
      const ob = b * t;
      for (let s = 0; s < t; s++) sum += centred[oa + s] * centred[ob + s];
      cov[a * p + b] = sum / t;
      cov[b * p + a] = sum / t;
    }
  }
  return oasFromCovariance(cov, p, t).covariance;
}

function powerOf(a: Float64Array, n: number, exponent: number): Float64Array {
  const { values, vectors } = symmetricEigen(a, n);
  return rebuild(values.map((v) => Math.max(v, 1e-300) ** exponent), vectors, n);
}

/**
 * Affine-invariant (Riemannian) mean by the fixed-point iteration of Moakher 2005 / pyriemann's `mean_riemann`:
 * M ← M^½ · exp(mean_i log(M^-½ Cᵢ M^-½)) · M^½, from the arithmetic mean, until the step's norm is below 1e-8.
 */
export function riemannianMean(covs: Float64Array[], n: number, maxIterations = 50): Float64Array {
  let mean: Float64Array = new Float64Array(n * n);
  for (const c of covs) for (let i = 0; i < n * n; i++) mean[i] += c[i] / covs.length;
  let nu = 1;
  let previousCrit = Infinity;
  for (let iter = 0; iter < maxIterations; iter++) {
    const { values, vectors } = symmetricEigen(mean, n);
    const sqrt = rebuild(values.map((v) => Math.sqrt(v)), vectors, n);
    const isqrt = rebuild(values.map((v) => 1 / Math.sqrt(v)), vectors, n);
    const step = new Float64Array(n * n);
    for (const c of covs) {
      const whitened = matMul(matMul(isqrt, c, n, n, n), isqrt, n, n, n);
      const log = logSymmetric(whitened, n);
      for (let i = 0; i < n * n; i++) step[i] += log[i] / covs.length;
    }
    let crit = 0;
    for (let i = 0; i < n * n; i++) crit += step[i] * step[i];
    crit = Math.sqrt(crit);
    for (let i = 0; i < n * n; i++) step[i] *= nu;
    const expStep = symmetricExp(step, n);
    mean = matMul(matMul(sqrt, expStep, n, n, n), sqrt, n, n, n);
    symmetrise(mean, n);
    if (crit < 1e-8) break;
    if (crit > previousCrit) nu *= 0.95;
    previousCrit = crit;
  }
  return mean;
}

function symmetrise(a: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = 0.5 * (a[i * n + j] + a[j * n + i]);
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
  }
}

function logSymmetric(a: Float64Array, n: number): Float64Array {
  symmetrise(a, n);
  const { values, vectors } = symmetricEigen(a, n);
  return rebuild(values.map((v) => Math.log(Math.max(v, 1e-300))), vectors, n);
}

function symmetricExp(a: Float64Array, n: number): Float64Array {
  const { values, vectors } = symmetricEigen(a, n);
  return rebuild(values.map(Math.exp), vectors, n);
}

export interface TangentSpaceModel {
  nChannels: number;
  /** M^-½ of the reference point (the training trials' Riemannian mean). */
  inverseSqrtReference: Float64Array;
}

export function fitTangentSpace(covs: Float64Array[], nChannels: number): TangentSpaceModel {
  const mean = riemannianMean(covs, nChannels);
  return { nChannels, inverseSqrtReference: powerOf(mean, nChannels, -0.5) };
}

/** Upper triangle of log(M^-½ C M^-½), off-diagonal terms × √2 so that the Euclidean norm is the Riemannian one. */
export function tangentVectors(model: TangentSpaceModel, covs: Float64Array[]): Matrix {
  const n = model.nChannels;
  const dim = (n * (n + 1)) / 2;
  const out = matrix(covs.length, dim);
  covs.forEach((c, r) => {
    const whitened = matMul(matMul(model.inverseSqrtReference, c, n, n, n), model.inverseSqrtReference, n, n, n);
    const log = logSymmetric(whitened, n);
    let k = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) out.data[r * dim + k++] = i === j ? log[i * n + j] : Math.SQRT2 * log[i * n + j];
    }
  });
  return out;
}

export function trialCovariances(epochs: EpochArray): Float64Array[] {
  return epochs.trials.map((t) => trialCovariance(t, epochs.nChannels, epochs.nSamples));
}
