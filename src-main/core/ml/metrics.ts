// Classification metrics: accuracy, balanced accuracy, Cohen's kappa, confusion counts, exact confidence interval and chance level.
import type { Labels } from './classifiers.ts';

export interface Metrics {
  accuracy: number;
  balancedAccuracy: number;
  kappa: number;
  /** confusion[true][predicted] counts. */
  confusion: [[number, number], [number, number]];
  nTrials: number;
  /** Clopper-Pearson exact 95% interval of the accuracy. */
  ci95: [number, number];
  /** Accuracy that chance exceeds with probability 0.05 for this number of trials (Combrisson and Jerbi 2015). */
  chanceLevel: number;
}

export function computeMetrics(truth: Labels, predicted: Labels): Metrics {
  const confusion: [[number, number], [number, number]] = [[0, 0], [0, 0]];
  for (let i = 0; i < truth.length; i++) confusion[truth[i]][predicted[i]]++;
  const n = truth.length;
  const correct = confusion[0][0] + confusion[1][1];
  const accuracy = n === 0 ? NaN : correct / n;
  const recalls = [0, 1]
    .filter((c) => confusion[c][0] + confusion[c][1] > 0)
    .map((c) => confusion[c][c] / (confusion[c][0] + confusion[c][1]));
  const balancedAccuracy = recalls.reduce((a, b) => a + b, 0) / recalls.length;
  const rowSums = [confusion[0][0] + confusion[0][1], confusion[1][0] + confusion[1][1]];
  const colSums = [confusion[0][0] + confusion[1][0], confusion[0][1] + confusion[1][1]];
  const expected = (rowSums[0] * colSums[0] + rowSums[1] * colSums[1]) / (n * n);
  const kappa = expected === 1 ? (accuracy === 1 ? 1 : 0) : (accuracy - expected) / (1 - expected);
  return { accuracy, balancedAccuracy, kappa, confusion, nTrials: n, ci95: clopperPearson(correct, n), chanceLevel: chanceLevel(n, 2) };
}

/** log of the binomial probability mass P(X = k) for X ~ B(n, p). */
function logPmf(k: number, n: number, p: number): number {
  if (p === 0) return k === 0 ? 0 : -Infinity;
  if (p === 1) return k === n ? 0 : -Infinity;
  return logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
}

const logFactorials: number[] = [0];
function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++) logFactorials.push(logFactorials[i - 1] + Math.log(i));
  return logFactorials[n];
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

/** P(X ≤ k) for X ~ B(n, p). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  let s = 0;
  for (let i = 0; i <= k; i++) s += Math.exp(logPmf(i, n, p));
  return Math.min(1, s);
}

/** Smallest k with P(X ≤ k) ≥ q, as `scipy.stats.binom.ppf(q, n, p)`. */
export function binomialQuantile(q: number, n: number, p: number): number {
  let s = 0;
  for (let k = 0; k <= n; k++) {
    s += Math.exp(logPmf(k, n, p));
    // A relative tolerance absorbs the rounding of the running sum, as scipy does.
    if (s >= q * (1 - 1e-12)) return k;
  }
  return n;
}

/** Chance level at p = 0.05: binomial quantile(0.95; n, 1/nClasses) / n. */
export function chanceLevel(nTrials: number, nClasses: number): number {
  if (nTrials === 0) return NaN;
  return binomialQuantile(0.95, nTrials, 1 / nClasses) / nTrials;
}

/** Clopper-Pearson exact interval for k successes in n trials (bisection on the binomial tails). */
export function clopperPearson(k: number, n: number, level = 0.95): [number, number] {
  if (n === 0) return [NaN, NaN];
  const alpha = (1 - level) / 2;
  const lower = k === 0 ? 0 : bisect((p) => 1 - binomialCdf(k - 1, n, p) - alpha);
  const upper = k === n ? 1 : bisect((p) => alpha - binomialCdf(k, n, p));
  return [lower, upper];
}

/** Root in (0, 1) of an increasing function. */
function bisect(f: (p: number) => number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = 0.5 * (lo + hi);
    if (f(mid) < 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * Area under the ROC curve of scores for class 1 (the Mann-Whitney statistic with ties counted ½, as
 * scikit-learn's `roc_auc_score`): the probability that a random class-1 trial scores above a random class-0 one.
 * NaN scores (untested trials) are left out; NaN when a class is absent.
 */
export function rocAuc(truth: Labels, scores: ArrayLike<number>): number {
  const rows: number[] = [];
  for (let i = 0; i < truth.length; i++) if (!Number.isNaN(scores[i])) rows.push(i);
  rows.sort((a, b) => scores[a] - scores[b]);
  let n1 = 0;
  let rankSum1 = 0;
  for (let start = 0; start < rows.length;) {
    let end = start;
    while (end + 1 < rows.length && scores[rows[end + 1]] === scores[rows[start]]) end++;
    const midRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (truth[rows[k]] === 1) {
        n1++;
        rankSum1 += midRank;
      }
    }
    start = end + 1;
  }
  const n0 = rows.length - n1;
  if (n0 === 0 || n1 === 0) return NaN;
  return (rankSum1 - (n1 * (n1 + 1)) / 2) / (n0 * n1);
}
