// Covariance estimators: empirical, Ledoit-Wolf and OAS shrinkage (the formulas of scikit-learn 1.2's `ledoit_wolf` and `oas`).

/** A row-major [nRows][nCols] matrix of float64 values: trials x features, or samples x channels. */
export interface Matrix {
  nRows: number;
  nCols: number;
  data: Float64Array;
}

export function matrix(nRows: number, nCols: number, data = new Float64Array(nRows * nCols)): Matrix {
  return { nRows, nCols, data };
}

/** Column means of x. */
export function columnMeans(x: Matrix): Float64Array {
  const mean = new Float64Array(x.nCols);
  for (let i = 0; i < x.nRows; i++) for (let j = 0; j < x.nCols; j++) mean[j] += x.data[i * x.nCols + j];
  for (let j = 0; j < x.nCols; j++) mean[j] /= x.nRows;
  return mean;
}

/** Copy of x with its column means removed. */
export function centered(x: Matrix): Matrix {
  const mean = columnMeans(x);
  const out = Float64Array.from(x.data);
  for (let i = 0; i < x.nRows; i++) for (let j = 0; j < x.nCols; j++) out[i * x.nCols + j] -= mean[j];
  return matrix(x.nRows, x.nCols, out);
}

/** Xᵀ·X / nRows for an already-centred X: the maximum-likelihood (biased) covariance [nCols][nCols]. */
export function scatter(xc: Matrix): Float64Array {
  const p = xc.nCols;
  const cov = new Float64Array(p * p);
  const d = xc.data;
  for (let i = 0; i < xc.nRows; i++) {
    const row = i * p;
    for (let a = 0; a < p; a++) {
      const va = d[row + a];
      if (va === 0) continue;
      const ca = a * p;
      for (let b = a; b < p; b++) cov[ca + b] += va * d[row + b];
    }
  }
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      const value = cov[a * p + b] / xc.nRows;
      cov[a * p + b] = value;
      cov[b * p + a] = value;
    }
  }
  return cov;
}

export function empiricalCovariance(x: Matrix): Float64Array {
  return scatter(centered(x));
}

export interface ShrunkCovariance {
  covariance: Float64Array;
  /** Weight of the scaled identity, in [0, 1]. */
  shrinkage: number;
}

/** (1 - s)·C + s·(trace(C)/p)·I. */
export function shrink(cov: Float64Array, p: number, shrinkage: number): Float64Array {
  let trace = 0;
  for (let i = 0; i < p; i++) trace += cov[i * p + i];
  const mu = trace / p;
  const out = new Float64Array(p * p);
  for (let i = 0; i < p * p; i++) out[i] = (1 - shrinkage) * cov[i];
  for (let i = 0; i < p; i++) out[i * p + i] += shrinkage * mu;
  return out;
}

/**
 * Ledoit-Wolf shrinkage (Ledoit and Wolf 2004, "A well-conditioned estimator for large-dimensional covariance
 * matrices"), data centred by its column means, as scikit-learn's `ledoit_wolf(X)`.
 */
export function ledoitWolf(x: Matrix): ShrunkCovariance {
  const xc = centered(x);
  const n = xc.nRows;
  const p = xc.nCols;
  const cov = scatter(xc);
  if (p === 1) return { covariance: cov, shrinkage: 0 };
  // beta_ = Σ_ab Σ_i x_ia² x_ib² ; delta_ = Σ_ab (Σ_i x_ia x_ib)² / n²
  const squares = new Float64Array(n * p);
  for (let i = 0; i < n * p; i++) squares[i] = xc.data[i] * xc.data[i];
  const sq = scatter(matrix(n, p, squares)); // (X²)ᵀX² / n
  let betaSum = 0;
  let deltaSum = 0;
  let trace = 0;
  for (let i = 0; i < p * p; i++) {
    betaSum += sq[i] * n;
    deltaSum += cov[i] * cov[i];
  }
  for (let i = 0; i < p; i++) trace += cov[i * p + i];
  const mu = trace / p;
  let beta = (betaSum / n - deltaSum) / (p * n);
  let delta = deltaSum - 2 * mu * trace + p * mu * mu;
  delta /= p;
  beta = Math.min(beta, delta);
  const shrinkage = beta === 0 ? 0 : beta / delta;
  return { covariance: shrink(cov, p, shrinkage), shrinkage };
}

/** Oracle approximating shrinkage (Chen, Wiesel, Eldar, Hero 2010) as scikit-learn 1.2's `oas(X)`. */
export function oas(x: Matrix): ShrunkCovariance {
  const n = x.nRows;
  const p = x.nCols;
  const cov = empiricalCovariance(x);
  return oasFromCovariance(cov, p, n);
}

/** OAS applied to an empirical covariance [p][p] estimated from nSamples samples. */
export function oasFromCovariance(cov: Float64Array, p: number, nSamples: number): ShrunkCovariance {
  if (p === 1) return { covariance: Float64Array.from(cov), shrinkage: 0 };
  let trace = 0;
  for (let i = 0; i < p; i++) trace += cov[i * p + i];
  const mu = trace / p;
  let alpha = 0;
  for (let i = 0; i < p * p; i++) alpha += cov[i] * cov[i];
  alpha /= p * p;
  const num = alpha + mu * mu;
  const den = (nSamples + 1) * (alpha - (mu * mu) / p);
  const shrinkage = den === 0 ? 1 : Math.min(num / den, 1);
  return { covariance: shrink(cov, p, shrinkage), shrinkage };
}
