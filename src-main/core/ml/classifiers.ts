// Two-class linear classifiers: LDA, shrinkage LDA (Ledoit-Wolf), L2 logistic regression and a linear SVM.
import { badInput } from '../errors.ts';
import { ledoitWolf, matrix, scatter, centered, type Matrix } from './covariance.ts';
import { solveSymmetric, cholesky, solveLower, solveUpperFromLower } from './linalg.ts';

export type ClassifierKind = 'lda' | 'slda' | 'logreg' | 'svm';
export const classifierKinds: readonly ClassifierKind[] = ['lda', 'slda', 'logreg', 'svm'];

/**
 * A fitted two-class linear model: decision z = w·x + b, probability of class 1 = sigmoid(z).
 * For LDA and logistic regression this is the model's own posterior (as scikit-learn's `predict_proba`); for
 * the SVM it is a monotone score in [0, 1], not a calibrated probability.
 */
export interface LinearModel {
  kind: ClassifierKind;
  weights: Float64Array;
  bias: number;
}

/** Labels are 0 (first class) and 1 (second class), one per row of x. */
export type Labels = Uint8Array;

export interface ClassifierOptions {
  /** Inverse regularisation strength of logistic regression and SVM (scikit-learn's C); default 1. */
  c?: number;
}

export function fitClassifier(kind: ClassifierKind, x: Matrix, y: Labels, options: ClassifierOptions = {}): LinearModel {
  checkTrainingSet(x, y);
  switch (kind) {
    case 'lda':
      return fitLda(x, y, false);
    case 'slda':
      return fitLda(x, y, true);
    case 'logreg':
      return fitLogisticRegression(x, y, options.c ?? 1);
    case 'svm':
      return fitLinearSvm(x, y, options.c ?? 1);
    default:
      throw badInput(`classifier: unknown '${String(kind)}'; allowed: ${classifierKinds.join(', ')}`);
  }
}

function checkTrainingSet(x: Matrix, y: Labels): void {
  if (x.nRows !== y.length) throw badInput(`classifier: ${x.nRows} feature rows but ${y.length} labels`);
  if (x.nCols === 0) throw badInput('classifier: no features to train on');
  let n1 = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw badInput(`classifier: label ${y[i]} at row ${i}; labels must be 0 or 1`);
    n1 += y[i];
  }
  if (n1 === 0 || n1 === y.length) throw badInput(`classifier: the training set holds only one class (${y.length} trials)`);
  for (let i = 0; i < x.data.length; i++) {
    if (!Number.isFinite(x.data[i])) throw badInput(`classifier: feature value at row ${Math.floor(i / x.nCols)}, column ${i % x.nCols} is not finite`);
  }
}

export function decision(model: LinearModel, x: Matrix, row: number): number {
  let z = model.bias;
  const offset = row * x.nCols;
  for (let j = 0; j < x.nCols; j++) z += model.weights[j] * x.data[offset + j];
  return z;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Probability of class 1 for each row. */
export function predictProbability(model: LinearModel, x: Matrix): Float64Array {
  const p = new Float64Array(x.nRows);
  for (let i = 0; i < x.nRows; i++) p[i] = sigmoid(decision(model, x, i));
  return p;
}

export function predictLabels(model: LinearModel, x: Matrix): Labels {
  const labels = new Uint8Array(x.nRows);
  for (let i = 0; i < x.nRows; i++) labels[i] = decision(model, x, i) > 0 ? 1 : 0;
  return labels;
}

function rowsOfClass(x: Matrix, y: Labels, cls: number): Matrix {
  let n = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === cls) n++;
  const out = matrix(n, x.nCols);
  let r = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== cls) continue;
    out.data.set(x.data.subarray(i * x.nCols, (i + 1) * x.nCols), r * x.nCols);
    r++;
  }
  return out;
}

/**
 * LDA as scikit-learn's `LinearDiscriminantAnalysis(solver='lsqr')`: the within-class covariance is the
 * prior-weighted sum of the class covariances (maximum likelihood); with shrinkage each class covariance is
 * Ledoit-Wolf on standardised features, rescaled (scikit-learn's `shrinkage='auto'`). Priors are the class
 * proportions of the training set.
 */
function fitLda(x: Matrix, y: Labels, shrinkage: boolean): LinearModel {
  const p = x.nCols;
  const n = x.nRows;
  if (shrinkage && p > n) {
    const lowRank = lowRankShrinkageLda(x, y);
    if (lowRank) return lowRank;
  }
  const cov = new Float64Array(p * p);
  const means: Float64Array[] = [];
  const priors: number[] = [];
  for (let cls = 0; cls < 2; cls++) {
    const xc = rowsOfClass(x, y, cls);
    priors.push(xc.nRows / n);
    const mean = new Float64Array(p);
    for (let i = 0; i < xc.nRows; i++) for (let j = 0; j < p; j++) mean[j] += xc.data[i * p + j];
    for (let j = 0; j < p; j++) mean[j] /= xc.nRows;
    means.push(mean);
    const classCov = shrinkage ? standardisedLedoitWolf(xc) : scatter(centered(xc));
    for (let i = 0; i < p * p; i++) cov[i] += priors[cls] * classCov[i];
  }
  const rhs = new Float64Array(p * 2);
  for (let j = 0; j < p; j++) {
    rhs[j * 2] = means[0][j];
    rhs[j * 2 + 1] = means[1][j];
  }
  const coef = solveSymmetric(cov, rhs, p, 2);
  const weights = new Float64Array(p);
  let q0 = 0;
  let q1 = 0;
  for (let j = 0; j < p; j++) {
    weights[j] = coef[j * 2 + 1] - coef[j * 2];
    q0 += means[0][j] * coef[j * 2];
    q1 += means[1][j] * coef[j * 2 + 1];
  }
  const bias = -0.5 * q1 + Math.log(priors[1]) - (-0.5 * q0 + Math.log(priors[0]));
  return { kind: shrinkage ? 'slda' : 'lda', weights, bias };
}

/**
 * Shrinkage LDA with more features than trials, the same model as the dense path without forming p×p matrices.
 * Each class covariance is D·((1-γ)·ZᵀZ/n + γ·μ·I)·D (Z the class's standardised rows, D their SDs, γ and μ
 * Ledoit-Wolf's intensity and target from the n×n Gram matrix ZZᵀ), so the within-class covariance is a diagonal
 * Δ plus U·Uᵀ with U the √(π(1-γ)/n)-scaled centred rows of both classes, and Woodbury's identity solves it in
 * O(p·n²). Returns null when Δ is singular (a constant feature, or no shrinkage): the dense path handles that.
 */
function lowRankShrinkageLda(x: Matrix, y: Labels): LinearModel | null {
  const p = x.nCols;
  const n = x.nRows;
  const delta = new Float64Array(p);
  const means: Float64Array[] = [];
  const priors: number[] = [];
  const columns: { row: Float64Array; weight: number }[] = [];
  for (let cls = 0; cls < 2; cls++) {
    const xc = centered(rowsOfClass(x, y, cls));
    const nc = xc.nRows;
    const mean = new Float64Array(p);
    for (let i = 0; i < n; i++) if (y[i] === cls) for (let j = 0; j < p; j++) mean[j] += x.data[i * p + j] / nc;
    means.push(mean);
    priors.push(nc / n);
    const sd = new Float64Array(p);
    for (let i = 0; i < nc; i++) for (let j = 0; j < p; j++) sd[j] += xc.data[i * p + j] ** 2;
    let traceZ = 0;
    for (let j = 0; j < p; j++) {
      const v = Math.sqrt(sd[j] / nc);
      sd[j] = v === 0 ? 1 : v;
      if (v !== 0) traceZ += 1;
    }
    // Gram matrix of the standardised rows: G = Z·Zᵀ (nc × nc).
    const z = new Float64Array(nc * p);
    for (let i = 0; i < nc; i++) for (let j = 0; j < p; j++) z[i * p + j] = xc.data[i * p + j] / sd[j];
    let deltaSum = 0;
    let betaSum = 0;
    for (let a = 0; a < nc; a++) {
      for (let b = a; b < nc; b++) {
        let g = 0;
        for (let j = 0; j < p; j++) g += z[a * p + j] * z[b * p + j];
        deltaSum += (a === b ? 1 : 2) * g * g;
        if (a === b) betaSum += g * g;
      }
    }
    deltaSum /= nc * nc;
    const mu = traceZ / p; // trace(ZᵀZ/n)/p: each non-constant standardised column has variance 1
    const trace = mu * p;
    let beta = (betaSum / nc - deltaSum) / (p * nc);
    const d = (deltaSum - 2 * mu * trace + p * mu * mu) / p;
    beta = Math.min(beta, d);
    const gamma = beta === 0 ? 0 : beta / d;
    if (!(gamma > 0)) return null;
    for (let j = 0; j < p; j++) delta[j] += priors[cls] * gamma * mu * sd[j] * sd[j];
    const weight = Math.sqrt((priors[cls] * (1 - gamma)) / nc);
    for (let i = 0; i < nc; i++) columns.push({ row: xc.data.subarray(i * p, (i + 1) * p), weight });
  }
  for (let j = 0; j < p; j++) if (!(delta[j] > 0)) return null;
  // Woodbury: Σ⁻¹b = Δ⁻¹b − Δ⁻¹U (I + UᵀΔ⁻¹U)⁻¹ UᵀΔ⁻¹b, U's columns = weight · centred row.
  const m = columns.length;
  const inner = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = a; b < m; b++) {
      let s = 0;
      const ra = columns[a].row;
      const rb = columns[b].row;
      for (let j = 0; j < p; j++) s += (ra[j] * rb[j]) / delta[j];
      s *= columns[a].weight * columns[b].weight;
      inner[a * m + b] = s + (a === b ? 1 : 0);
      inner[b * m + a] = s + (a === b ? 1 : 0);
    }
  }
  const coef = means.map((mean) => {
    const db = Float64Array.from(mean, (v, j) => v / delta[j]);
    const ub = new Float64Array(m);
    columns.forEach((c, a) => {
      let s = 0;
      for (let j = 0; j < p; j++) s += c.row[j] * db[j];
      ub[a] = c.weight * s;
    });
    const t = solveSymmetric(inner, ub, m, 1);
    const out = Float64Array.from(db);
    columns.forEach((c, a) => {
      const f = c.weight * t[a];
      for (let j = 0; j < p; j++) out[j] -= (f * c.row[j]) / delta[j];
    });
    return out;
  });
  const weights = new Float64Array(p);
  let q0 = 0;
  let q1 = 0;
  for (let j = 0; j < p; j++) {
    weights[j] = coef[1][j] - coef[0][j];
    q0 += means[0][j] * coef[0][j];
    q1 += means[1][j] * coef[1][j];
  }
  const bias = -0.5 * q1 + Math.log(priors[1]) - (-0.5 * q0 + Math.log(priors[0]));
  return { kind: 'slda', weights, bias };
}

function standardisedLedoitWolf(x: Matrix): Float64Array {
  const p = x.nCols;
  const xc = centered(x);
  const scale = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < x.nRows; i++) s += xc.data[i * p + j] ** 2;
    const sd = Math.sqrt(s / x.nRows);
    scale[j] = sd === 0 ? 1 : sd;
  }
  const z = matrix(x.nRows, p);
  for (let i = 0; i < x.nRows; i++) for (let j = 0; j < p; j++) z.data[i * p + j] = xc.data[i * p + j] / scale[j];
  const s = ledoitWolf(z).covariance;
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) s[a * p + b] *= scale[a] * scale[b];
  return s;
}

/**
 * L2-penalised logistic regression minimising ½‖w‖² + C·Σ log(1 + exp(-ỹ·(w·x + b))) with the intercept
 * unpenalised (scikit-learn's `LogisticRegression(C)` objective), solved by Newton's method to convergence.
 * When there are more features than trials the weights are kept in the span of the trials (w = Xᵀα, which the
 * optimum satisfies), so each Newton step solves an (n+1)-dimensional system instead of a (p+1)-dimensional one.
 */
function fitLogisticRegression(x: Matrix, y: Labels, c: number): LinearModel {
  if (!(c > 0)) throw badInput(`logistic regression: C must be positive, got ${c}`);
  return x.nCols <= x.nRows ? logisticPrimal(x, y, c) : logisticDual(x, y, c);
}

function logisticPrimal(x: Matrix, y: Labels, c: number): LinearModel {
  const n = x.nRows;
  const p = x.nCols;
  const d = p + 1; // last coordinate: intercept
  const theta = new Float64Array(d);
  const grad = new Float64Array(d);
  const hess = new Float64Array(d * d);
  const row = new Float64Array(d);
  row[p] = 1;
  let previous = Infinity;
  for (let iter = 0; iter < 100; iter++) {
    grad.fill(0);
    hess.fill(0);
    let loss = 0;
    for (let j = 0; j < p; j++) {
      grad[j] = theta[j];
      hess[j * d + j] = 1;
      loss += 0.5 * theta[j] * theta[j];
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) row[j] = x.data[i * p + j];
      let z = 0;
      for (let j = 0; j < d; j++) z += theta[j] * row[j];
      const prob = sigmoid(z);
      loss += c * softplusSigned(z, y[i]);
      const r = c * (prob - y[i]);
      const w = c * prob * (1 - prob);
      for (let a = 0; a < d; a++) {
        grad[a] += r * row[a];
        const wa = w * row[a];
        if (wa === 0) continue;
        for (let b = a; b < d; b++) hess[a * d + b] += wa * row[b];
      }
    }
    for (let a = 0; a < d; a++) for (let b = a + 1; b < d; b++) hess[b * d + a] = hess[a * d + b];
    // A tiny ridge on the intercept keeps the system solvable when the data are separable in one direction.
    hess[d * d - 1] += 1e-12;
    const step = solveSymmetric(hess, grad, d, 1);
    let gnorm = 0;
    for (let a = 0; a < d; a++) gnorm = Math.max(gnorm, Math.abs(grad[a]));
    for (let a = 0; a < d; a++) theta[a] -= step[a];
    if (gnorm < 1e-10 || Math.abs(previous - loss) < 1e-13 * Math.max(1, Math.abs(loss))) break;
    previous = loss;
  }
  return { kind: 'logreg', weights: theta.slice(0, p), bias: theta[p] };
}

/** log(1 + exp(-s·z)) with s = ±1 from the label, computed without overflow. */
function softplusSigned(z: number, label: number): number {
  const m = label === 1 ? -z : z;
  return m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
}

function logisticDual(x: Matrix, y: Labels, c: number): LinearModel {
  const n = x.nRows;
  const p = x.nCols;
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let f = 0; f < p; f++) s += x.data[i * p + f] * x.data[j * p + f];
      k[i * n + j] = s;
      k[j * n + i] = s;
    }
  }
  // Parameters (α, b): z = K·α + b, penalty ½ αᵀKα. Newton in these coordinates, with K's null space
  // removed by a tiny ridge (it does not change w = Xᵀα).
  const d = n + 1;
  const theta = new Float64Array(d);
  const z = new Float64Array(n);
  const grad = new Float64Array(d);
  const hess = new Float64Array(d * d);
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, k[i * n + i]);
  const ridge = 1e-10 * Math.max(maxDiag, 1e-300);
  let previous = Infinity;
  for (let iter = 0; iter < 100; iter++) {
    for (let i = 0; i < n; i++) {
      let s = theta[n];
      for (let j = 0; j < n; j++) s += k[i * n + j] * theta[j];
      z[i] = s;
    }
    let loss = 0;
    const r = new Float64Array(n);
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const prob = sigmoid(z[i]);
      r[i] = c * (prob - y[i]);
      w[i] = c * prob * (1 - prob);
      loss += c * softplusSigned(z[i], y[i]);
    }
    // Gradient: K(α + r) for α, Σr for b. Gauss-Newton-exact Hessian: K + K W K for αα; K W 1 for αb; Σw for bb.
    // Dividing the α rows by K (valid on K's range) gives the equivalent system (I + W K) Δα + W 1 Δb = α + r.
    for (let i = 0; i < n; i++) {
      let ka = 0;
      for (let j = 0; j < n; j++) ka += k[i * n + j] * theta[j];
      loss += 0.5 * theta[i] * ka;
    }
    hess.fill(0);
    let gmax = 0;
    let sumR = 0;
    let sumW = 0;
    for (let i = 0; i < n; i++) {
      grad[i] = theta[i] + r[i];
      gmax = Math.max(gmax, Math.abs(grad[i]) * Math.sqrt(k[i * n + i]));
      for (let j = 0; j < n; j++) hess[i * d + j] = w[i] * k[i * n + j] + (i === j ? 1 + ridge : 0);
      hess[i * d + n] = w[i];
      sumR += r[i];
      sumW += w[i];
    }
    grad[n] = sumR;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += w[i] * k[i * n + j];
      hess[n * d + j] = s;
    }
    hess[n * d + n] = sumW + 1e-12;
    gmax = Math.max(gmax, Math.abs(sumR));
    const step = solveNonSymmetric(hess, grad, d);
    for (let a = 0; a < d; a++) theta[a] -= step[a];
    if (gmax < 1e-10 || Math.abs(previous - loss) < 1e-13 * Math.max(1, Math.abs(loss))) break;
    previous = loss;
  }
  const weights = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const a = theta[i];
    for (let f = 0; f < p; f++) weights[f] += a * x.data[i * p + f];
  }
  return { kind: 'logreg', weights, bias: theta[n] };
}

function solveNonSymmetric(a: Float64Array, b: Float64Array, n: number): Float64Array {
  // Normal equations would square the condition number; the system is small, so use LU through the symmetric
  // solver's fallback-free path: Gaussian elimination with partial pivoting.
  const lu = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let i = col + 1; i < n; i++) if (Math.abs(lu[i * n + col]) > Math.abs(lu[pivot * n + col])) pivot = i;
    if (pivot !== col) {
      for (let j = 0; j < n; j++) {
        const t = lu[col * n + j];
        lu[col * n + j] = lu[pivot * n + j];
        lu[pivot * n + j] = t;
      }
      const t = x[col];
      x[col] = x[pivot];
      x[pivot] = t;
    }
    const diag = lu[col * n + col] || 1e-300;
    for (let i = col + 1; i < n; i++) {
      const f = lu[i * n + col] / diag;
      if (f === 0) continue;
      for (let j = col; j < n; j++) lu[i * n + j] -= f * lu[col * n + j];
      x[i] -= f * x[col];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let j = i + 1; j < n; j++) s -= lu[i * n + j] * x[j];
    x[i] = s / (lu[i * n + i] || 1e-300);
  }
  return x;
}

/**
 * Linear SVM with the hinge loss, ½‖w‖² + C·Σ max(0, 1 - ỹ(w·x + b)), solved by dual coordinate descent
 * (Hsieh et al. 2008, the liblinear method); the intercept is an extra constant feature of value 1, so it is
 * lightly penalised as in liblinear. Rows are visited in a fixed order, so the result is deterministic.
 */
function fitLinearSvm(x: Matrix, y: Labels, c: number): LinearModel {
  if (!(c > 0)) throw badInput(`SVM: C must be positive, got ${c}`);
  const n = x.nRows;
  const p = x.nCols;
  const d = p + 1;
  const w = new Float64Array(d);
  const alpha = new Float64Array(n);
  const qii = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 1;
    for (let j = 0; j < p; j++) s += x.data[i * p + j] ** 2;
    qii[i] = s;
  }
  for (let epoch = 0; epoch < 2000; epoch++) {
    let maxViolation = 0;
    for (let i = 0; i < n; i++) {
      const yi = y[i] === 1 ? 1 : -1;
      let z = w[p];
      for (let j = 0; j < p; j++) z += w[j] * x.data[i * p + j];
      const g = yi * z - 1;
      let pg = g;
      if (alpha[i] === 0) pg = Math.min(g, 0);
      else if (alpha[i] === c) pg = Math.max(g, 0);
      maxViolation = Math.max(maxViolation, Math.abs(pg));
      if (pg === 0) continue;
      const old = alpha[i];
      alpha[i] = Math.min(Math.max(old - g / qii[i], 0), c);
      const delta = (alpha[i] - old) * yi;
      if (delta === 0) continue;
      for (let j = 0; j < p; j++) w[j] += delta * x.data[i * p + j];
      w[p] += delta;
    }
    if (maxViolation < 1e-6) break;
  }
  return { kind: 'svm', weights: w.slice(0, p), bias: w[p] };
}

/** Exposed for the tangent space: solves a symmetric positive-definite system by Cholesky. */
export function solvePositiveDefinite(a: Float64Array, b: Float64Array, n: number, m: number): Float64Array {
  const l = cholesky(a, n);
  return solveUpperFromLower(l, solveLower(l, b, n, m), n, m);
}
