// Riemannian tangent space of trial covariances (OAS estimates, affine-invariant mean), as in the MOABB TS + LR pipeline.
import { oasFromCovariance } from './covariance.ts';
import type { EpochArray } from './csp.ts';
import { matMul, rebuild, solveSymmetric, symmetricEigen } from './linalg.ts';
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

/** A Riemannian mean with what its last evaluation computed. */
export interface RiemannianMean {
  mean: Float64Array;
  /** M^-½ (symmetric). */
  inverseSqrt: Float64Array;
  /** log(M^-½ Cᵢ M^-½) of every input at the returned mean (the tangent vectors before vectorisation). */
  logs: Float64Array[];
  iterations: number;
}

/**
 * Affine-invariant (Riemannian) mean by the fixed-point iteration of Moakher 2005 / pyriemann's `mean_riemann`:
 * M ← M^½ · exp(mean_i log(M^-½ Cᵢ M^-½)) · M^½, from the arithmetic mean, until the Frobenius norm of the
 * mean log J is below `tolerance` (pyriemann's 1e-8). The point returned is the last one evaluated (its ‖J‖ is
 * below the tolerance), so the logs computed there are its tangent vectors, exactly, without another pass.
 *
 * The iteration converges linearly (‖J‖ shrinks about 5× per step on EEG covariances: 12 steps to 1e-8). It is
 * accelerated by Anderson mixing (Walker and Ni 2011) in log coordinates X = log M, over the last 3 steps: the
 * next point is the combination of the plain steps' images whose residuals (image − point) have the least norm.
 * The stopping test is the same ‖J‖ < tolerance at the point returned, so the result is the same mean to that
 * tolerance; when ‖J‖ grows the history is dropped and the plain step is taken. On PhysioNet folds: 8-9 steps.
 */
export function riemannianMeanWithLogs(covs: Float64Array[], n: number, maxIterations = 50, tolerance = 1e-8): RiemannianMean {
  let mean: Float64Array = new Float64Array(n * n);
  for (const c of covs) for (let i = 0; i < n * n; i++) mean[i] += c[i] / covs.length;
  const points: Float64Array[] = [];
  const images: Float64Array[] = [];
  let previousCrit = Infinity;
  for (let iter = 1; ; iter++) {
    const { values, vectors } = symmetricEigen(mean, n);
    const isqrt = rebuild(values.map((v) => 1 / Math.sqrt(v)), vectors, n);
    const step = new Float64Array(n * n);
    const logs = covs.map((c) => {
      const log = logSymmetric(congruence(isqrt, c, n), n);
      for (let i = 0; i < n * n; i++) step[i] += log[i] / covs.length;
      return log;
    });
    let crit = 0;
    for (let i = 0; i < n * n; i++) crit += step[i] * step[i];
    crit = Math.sqrt(crit);
    if (crit < tolerance || iter >= maxIterations) return { mean, inverseSqrt: isqrt, logs, iterations: iter };
    if (crit > previousCrit) {
      points.length = 0;
      images.length = 0;
    }
    previousCrit = crit;
    const sqrt = rebuild(values.map((v) => Math.sqrt(v)), vectors, n);
    const plain = congruence(sqrt, symmetricExp(step, n), n);
    points.push(rebuild(values.map((v) => Math.log(v)), vectors, n));
    images.push(logSymmetric(Float64Array.from(plain), n));
    if (points.length > 4) {
      points.shift();
      images.shift();
    }
    const mixed = points.length > 1 ? andersonMix(points, images, n * n) : null;
    mean = mixed ? symmetricExp(mixed, n) : plain;
  }
}

/**
 * Anderson mixing: with residuals Fᵢ = Gᵢ − Xᵢ, the weights γ minimising ‖F_k + Σ γᵢ (Fᵢ − F_k)‖ (least squares,
 * slightly regularised) give X = G_k + Σ γᵢ (Gᵢ − G_k). Null when the system is singular.
 */
function andersonMix(points: Float64Array[], images: Float64Array[], size: number): Float64Array | null {
  const k = points.length - 1;
  const residual = (i: number) => images[i].map((g, j) => g - points[i][j]);
  const last = residual(k);
  const differences = Array.from({ length: k }, (_, i) => residual(i).map((v, j) => v - last[j]));
  const a = new Float64Array(k * k);
  const b = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      let s = 0;
      for (let t = 0; t < size; t++) s += differences[i][t] * differences[j][t];
      a[i * k + j] = s;
      a[j * k + i] = s;
    }
    let s = 0;
    for (let t = 0; t < size; t++) s += differences[i][t] * last[t];
    b[i] = -s;
  }
  for (let i = 0; i < k; i++) a[i * k + i] = a[i * k + i] * (1 + 1e-10) + 1e-300;
  let gamma: Float64Array;
  try {
    gamma = solveSymmetric(a, b, k, 1);
  } catch {
    return null;
  }
  if (!gamma.every(Number.isFinite)) return null;
  const out = Float64Array.from(images[k]);
  for (let i = 0; i < k; i++) for (let t = 0; t < size; t++) out[t] += gamma[i] * (images[i][t] - images[k][t]);
  return out;
}

/** The Riemannian mean alone (see `riemannianMeanWithLogs`). */
export function riemannianMean(covs: Float64Array[], n: number, maxIterations = 50): Float64Array {
  return riemannianMeanWithLogs(covs, n, maxIterations).mean;
}

/** S·C·S for symmetric S and C, symmetrised: the second product computes the upper triangle only. */
export function congruence(s: Float64Array, c: Float64Array, n: number): Float64Array {
  const sc = matMul(s, c, n, n, n);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = i; j < n; j++) {
      const rj = j * n;
      let sum = 0;
      for (let k = 0; k < n; k++) sum += sc[ri + k] * s[rj + k];
      out[ri + j] = sum;
      out[rj + i] = sum;
    }
  }
  return out;
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
  return fitTangentSpaceWithVectors(covs, nChannels).model;
}

/** Fits the reference point and returns the training trials' tangent vectors computed on the way. */
export function fitTangentSpaceWithVectors(covs: Float64Array[], nChannels: number): { model: TangentSpaceModel; vectors: Matrix } {
  const n = nChannels;
  const { inverseSqrt, logs } = riemannianMeanWithLogs(covs, n);
  const dim = (n * (n + 1)) / 2;
  const vectors = matrix(covs.length, dim);
  logs.forEach((log, r) => vectorise(log, n, vectors.data, r * dim));
  return { model: { nChannels: n, inverseSqrtReference: inverseSqrt }, vectors };
}

/** Writes the upper triangle of a symmetric matrix row by row, off-diagonal terms × √2. */
function vectorise(log: Float64Array, n: number, out: Float64Array, offset: number): void {
  let k = offset;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) out[k++] = i === j ? log[i * n + j] : Math.SQRT2 * log[i * n + j];
  }
}

/** Upper triangle of log(M^-½ C M^-½), off-diagonal terms × √2 so that the Euclidean norm is the Riemannian one. */
export function tangentVectors(model: TangentSpaceModel, covs: Float64Array[]): Matrix {
  const n = model.nChannels;
  const dim = (n * (n + 1)) / 2;
  const out = matrix(covs.length, dim);
  covs.forEach((c, r) => vectorise(logSymmetric(congruence(model.inverseSqrtReference, c, n), n), n, out.data, r * dim));
  return out;
}

export function trialCovariances(epochs: EpochArray): Float64Array[] {
  return epochs.trials.map((t) => trialCovariance(t, epochs.nChannels, epochs.nSamples));
}
