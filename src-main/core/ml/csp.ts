// Common spatial patterns: class covariances (Ledoit-Wolf), generalized eigenvectors, log-variance features (as mne.decoding.CSP).
import { badInput } from '../errors.ts';
import type { Labels } from './classifiers.ts';
import { empiricalCovariance, ledoitWolf, matrix, type Matrix } from './covariance.ts';
import { generalizedSymmetricEigen } from './linalg.ts';

/** Trials of equal shape: each `[channel][sample]` channel-major, nChannels x nSamples, µV. */
export interface EpochArray {
  nChannels: number;
  nSamples: number;
  trials: Float64Array[];
}

export interface CspModel {
  nChannels: number;
  /** [nComponents][nChannels] row-major spatial filters, most discriminative first. */
  filters: Float64Array;
  nComponents: number;
  /** Generalized eigenvalues of the kept filters (share of class-0 variance). */
  eigenvalues: Float64Array;
}

/**
 * Fits CSP on the trials listed in `rows` (Ramoser, Müller, Pfurtscheller 2000). Like `mne.decoding.CSP(reg=
 * 'ledoit_wolf', cov_est='concat', component_order='mutual_info')` for two classes: each class covariance is
 * Ledoit-Wolf over its concatenated trials (regularisation 'none': the empirical covariance, MNE's default reg=None), the filters solve C₀·w = λ(C₀ + C₁)·w and are ordered by |λ - ½|.
 */
export function fitCsp(epochs: EpochArray, labels: Labels, rows: number[], nComponents = 6, regularisation: 'ledoit-wolf' | 'none' = 'ledoit-wolf'): CspModel {
  const p = epochs.nChannels;
  if (nComponents < 1 || nComponents > p) throw badInput(`CSP: the number of filters must be between 1 and ${p}, got ${nComponents}`);
  const covs: Float64Array[] = [];
  for (let cls = 0; cls < 2; cls++) {
    const members = rows.filter((r) => labels[r] === cls);
    if (members.length === 0) throw badInput(`CSP: no training trial of class ${cls}`);
    const samples = concatenated(epochs, members);
    covs.push(regularisation === 'none' ? empiricalCovariance(samples) : ledoitWolf(samples).covariance);
  }
  return cspFromClassCovariances(covs[0], covs[1], p, nComponents);
}

/** [sample][channel] matrix of the listed trials placed end to end. */
function concatenated(epochs: EpochArray, rows: number[]): Matrix {
  const p = epochs.nChannels;
  const t = epochs.nSamples;
  const out = matrix(rows.length * t, p);
  rows.forEach((r, k) => {
    const trial = epochs.trials[r];
    for (let c = 0; c < p; c++) for (let s = 0; s < t; s++) out.data[(k * t + s) * p + c] = trial[c * t + s];
  });
  return out;
}

/** Features [trial][component]: natural log of the mean square of each filtered signal. */
export function cspFeatures(model: CspModel, epochs: EpochArray, rows: number[]): Matrix {
  const p = model.nChannels;
  const t = epochs.nSamples;
  const out = matrix(rows.length, model.nComponents);
  const filtered = new Float64Array(t);
  rows.forEach((r, i) => {
    const trial = epochs.trials[r];
    for (let k = 0; k < model.nComponents; k++) {
      filtered.fill(0);
      for (let c = 0; c < p; c++) {
        const w = model.filters[k * p + c];
        const off = c * t;
        for (let s = 0; s < t; s++) filtered[s] += w * trial[off + s];
      }
      let power = 0;
      for (let s = 0; s < t; s++) power += filtered[s] * filtered[s];
      out.data[i * model.nComponents + k] = Math.log(power / t);
    }
  });
  return out;
}

/**
 * CSP from per-trial covariances (pyRiemann's `CSP(nfilter, metric='euclid', log=True)`, the CSP of MOABB's
 * CSP + LDA pipeline after `Covariances('oas')`): class means are arithmetic means of the trials' covariances,
 * the filters solve C₁·w = λ(C₀ + C₁)·w and are ordered by |λ - ½|.
 */
export function fitCspFromCovariances(covariances: Float64Array[], nChannels: number, labels: Labels, rows: number[], nComponents = 6): CspModel {
  const p = nChannels;
  if (nComponents < 1 || nComponents > p) throw badInput(`CSP: the number of filters must be between 1 and ${p}, got ${nComponents}`);
  const means = [new Float64Array(p * p), new Float64Array(p * p)];
  const counts = [0, 0];
  for (const r of rows) counts[labels[r]]++;
  for (let cls = 0; cls < 2; cls++) if (counts[cls] === 0) throw badInput(`CSP: no training trial of class ${cls}`);
  for (const r of rows) {
    const m = means[labels[r]];
    const c = covariances[r];
    const w = 1 / counts[labels[r]];
    for (let i = 0; i < p * p; i++) m[i] += w * c[i];
  }
  return cspFromClassCovariances(means[1], means[0], p, nComponents);
}

/**
 * The CSP filters of two class covariances: A·w = λ(A + B)·w, the `nComponents` eigenvectors whose λ is farthest
 * from ½ (the most discriminative variance ratios), with their eigenvalues.
 */
function cspFromClassCovariances(a: Float64Array, b: Float64Array, p: number, nComponents: number): CspModel {
  const sum = new Float64Array(p * p);
  for (let i = 0; i < p * p; i++) sum[i] = a[i] + b[i];
  const { values, vectors } = generalizedSymmetricEigen(a, sum, p);
  const order = Array.from({ length: p }, (_, i) => i).sort((x, y) => Math.abs(values[y] - 0.5) - Math.abs(values[x] - 0.5));
  const filters = new Float64Array(nComponents * p);
  const eigenvalues = new Float64Array(nComponents);
  for (let k = 0; k < nComponents; k++) {
    const column = order[k];
    eigenvalues[k] = values[column];
    for (let c = 0; c < p; c++) filters[k * p + c] = vectors[c * p + column];
  }
  return { nChannels: p, filters, nComponents, eigenvalues };
}

/** Features [trial][component]: log(wₖᵀ·C·wₖ), the log-variance of each filtered trial from its covariance. */
export function cspCovarianceFeatures(model: CspModel, covariances: Float64Array[], rows: number[]): Matrix {
  const p = model.nChannels;
  const out = matrix(rows.length, model.nComponents);
  rows.forEach((r, i) => {
    const c = covariances[r];
    for (let k = 0; k < model.nComponents; k++) {
      const w = model.filters.subarray(k * p, (k + 1) * p);
      let q = 0;
      for (let a = 0; a < p; a++) {
        let s = 0;
        const off = a * p;
        for (let b = 0; b < p; b++) s += c[off + b] * w[b];
        q += w[a] * s;
      }
      out.data[i * model.nComponents + k] = Math.log(q);
    }
  });
  return out;
}
