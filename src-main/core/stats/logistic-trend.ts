// The trend of a success rate over time: logistic regression of per-trial success on one predictor (weeks), by IRLS.

/**
 * A fitted trend: log-odds of success = intercept + slope x. The slope's Wald test and 95% interval are those of
 * a binomial GLM with the logit link (statsmodels' `GLM(y, [1, x], family=Binomial())`), so the p-value answers
 * "is the change over time more than chance would give with this many trials".
 */
export interface LogisticTrend {
  intercept: number;
  slope: number;
  /** Standard error of the slope (from the inverse Fisher information at the fit). */
  slopeSe: number;
  slopeCi95: [number, number];
  /** Two-sided Wald p-value of slope = 0. */
  pValue: number;
  iterations: number;
}

/** Why no trend can be estimated: too few distinct times, one outcome only, or outcomes separated perfectly by time. */
export type TrendProblem = 'too-few-times' | 'one-outcome' | 'separated';

const z975 = 1.959963984540054;

/** Fits the logistic trend of successes `y` (0/1) against `x`; a problem when the model has no finite fit. */
export function logisticTrend(x: ArrayLike<number>, y: ArrayLike<number>, maxIterations = 100): LogisticTrend | TrendProblem {
  const n = x.length;
  if (y.length !== n) throw new Error(`logisticTrend: ${n} times but ${y.length} outcomes.`);
  if (new Set(Array.from(x)).size < 2) return 'too-few-times';
  let successes = 0;
  for (let i = 0; i < n; i++) successes += y[i];
  if (successes === 0 || successes === n) return 'one-outcome';
  let b0 = Math.log(successes / (n - successes));
  let b1 = 0;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    // Newton step on the log-likelihood (IRLS): (XᵀWX) Δ = Xᵀ(y − μ).
    let s00 = 0, s01 = 0, s11 = 0, g0 = 0, g1 = 0;
    for (let i = 0; i < n; i++) {
      const mu = 1 / (1 + Math.exp(-(b0 + b1 * x[i])));
      const w = mu * (1 - mu);
      s00 += w; s01 += w * x[i]; s11 += w * x[i] * x[i];
      g0 += y[i] - mu; g1 += (y[i] - mu) * x[i];
    }
    const det = s00 * s11 - s01 * s01;
    if (!(det > 0) || !Number.isFinite(det)) return 'separated';
    const d0 = (s11 * g0 - s01 * g1) / det;
    const d1 = (s00 * g1 - s01 * g0) / det;
    b0 += d0;
    b1 += d1;
    if (Math.abs(b1) > 50 || Math.abs(b0) > 1e3) return 'separated';
    if (Math.abs(d0) < 1e-12 * (1 + Math.abs(b0)) && Math.abs(d1) < 1e-12 * (1 + Math.abs(b1))) {
      const se = Math.sqrt(fisherInverse11(x, b0, b1));
      const zStat = b1 / se;
      return { intercept: b0, slope: b1, slopeSe: se, slopeCi95: [b1 - z975 * se, b1 + z975 * se], pValue: 2 * normalUpperTail(Math.abs(zStat)), iterations: iteration };
    }
  }
  return 'separated';
}

/** The slope's variance: element (1, 1) of (XᵀWX)⁻¹ at the fit. */
function fisherInverse11(x: ArrayLike<number>, b0: number, b1: number): number {
  let s00 = 0, s01 = 0, s11 = 0;
  for (let i = 0; i < x.length; i++) {
    const mu = 1 / (1 + Math.exp(-(b0 + b1 * x[i])));
    const w = mu * (1 - mu);
    s00 += w; s01 += w * x[i]; s11 += w * x[i] * x[i];
  }
  return s00 / (s00 * s11 - s01 * s01);
}

/** P(Z > z) for a standard normal Z. */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** The complementary error function: erf's Maclaurin series below 2, the continued fraction (modified Lentz) above. */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) {
    // erf by its Maclaurin series: converges fast for |x| < 2 (terms fall below 1e-17 within 40).
    let term = x;
    let sum = x;
    for (let k = 1; k < 80; k++) {
      term *= (-x * x) / k;
      const add = term / (2 * k + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // Continued fraction (Lentz): erfc(x) = exp(-x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))).
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 300; k++) {
    const a = k / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}
