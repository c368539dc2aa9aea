// The logarithm of an SPD matrix as standard ONNX nodes (MatMul and elementwise only): scaling, coupled Newton-Schulz square roots and an asinh series.
import { onnxType, type OnnxNode, type OnnxTensor } from './model.ts';

/**
 * One step of the coupled Newton-Schulz square root: M = offset·I + slope·Z·Y, Y ← Y·M, Z ← M·Z. Every iterate
 * is a polynomial in A, so Y·Z⁻¹ = A throughout and each eigenvalue's t = z·y evolves alone as
 * t ← t·(offset + slope·t)²; when t reaches 1, Y = A^½ and Z = A^-½. The classic step is (1.5, −0.5).
 */
export interface NewtonSchulzStep {
  offset: number;
  /** Representable in float32 (it is a Gemm attribute). */
  slope: number;
}

/**
 * How the graph computes log(C) for an n×n SPD matrix C, with s = ‖C‖_F and A = C / s (eigenvalues in (0, 1]):
 * k successive square roots B = A^(1/2^k), root j by the steps `rootSteps[j]`, then
 * log A = 2^k · asinh((B − B⁻¹)/2) with B⁻¹ the last root's Z and `seriesTerms` odd terms of the asinh series;
 * log C = log A + log(s)·I.
 */
export interface MatrixLogPlan {
  rootSteps: NewtonSchulzStep[][];
  seriesTerms: number;
  /** Largest ‖C‖_F / λ_min(C) the plan was designed for (the scaled eigenvalues lie in [1/maxSpread, 1]). */
  maxSpread: number;
  /** Largest error of the logarithm of one eigenvalue over a fine grid of [1/maxSpread, 1], exact arithmetic. */
  maxGridError: number;
  /** n×n matrix products in the graph (MatMul and Gemm). */
  nMatMuls: number;
}

/** Coefficients of asinh(w) = Σ_j c_j w^(2j+1): c_j = (−1)^j (2j)! / (4^j (j!)² (2j+1)). */
function asinhCoefficients(nTerms: number): number[] {
  const c: number[] = [];
  let binomial = 1; // (−1)^j (2j)! / (4^j (j!)²)
  for (let j = 0; j < nTerms; j++) {
    c.push(binomial / (2 * j + 1));
    binomial *= -(2 * j + 1) / (2 * j + 2);
  }
  return c;
}

/** The plan's logarithm of one scaled eigenvalue a ∈ (0, 1], computed in the graph's order. */
export function planLogOfScalar(plan: MatrixLogPlan, a: number): number {
  let y = a;
  let z = 1;
  for (const steps of plan.rootSteps) {
    const base = y;
    y = base;
    z = 1;
    for (const step of steps) {
      const m = step.offset + step.slope * z * y;
      y *= m;
      z = m * z;
    }
  }
  const w = (y - z) / 2;
  const c = asinhCoefficients(plan.seriesTerms);
  let sum = 0;
  for (let j = c.length - 1; j >= 0; j--) sum = sum * w * w + c[j];
  return 2 ** plan.rootSteps.length * w * sum;
}

/**
 * The step that best narrows the eigenvalues' t ∈ [lower, upper] towards 1: t·κ²(3 − αt)² with α ∈ [1, 2.95]
 * maximising the ratio of the new lower end to the new upper end, κ normalising the upper end to 1. α = 1 is
 * the classic step (quadratic convergence near 1); far from 1 a larger α multiplies small eigenvalues by up to
 * 9α/4 per step instead of 9/4 (the top of the interval folds back down), which halves the steps for wide spreads.
 */
function newtonSchulzStep(lower: number, upper: number): { step: NewtonSchulzStep; lower: number; upper: number } {
  const image = (offset: number, slope: number) => {
    const g = (t: number) => t * (offset + slope * t) ** 2;
    const values = [g(lower), g(upper)];
    const peak = -offset / (3 * slope); // where t·(offset + slope·t)² is largest
    if (peak > lower && peak < upper) values.push(g(peak));
    return { lower: Math.min(...values), upper: Math.max(...values) };
  };
  let best = { ratio: -1, offset: 1.5, slope: -0.5 };
  const alphaMax = Math.min(2.95, 2.95 / upper);
  for (let i = 0; i <= 400; i++) {
    const alpha = 1 + ((alphaMax - 1) * i) / 400;
    const raw = image(3, -alpha);
    const kappa = 1 / Math.sqrt(raw.upper);
    const slope = Math.fround(-kappa * alpha);
    const offset = 3 * kappa;
    const next = image(offset, slope);
    const ratio = next.lower / next.upper;
    if (ratio > best.ratio) best = { ratio, offset, slope };
  }
  return { step: { offset: best.offset, slope: best.slope }, ...image(best.offset, best.slope) };
}

/**
 * The cheapest plan (fewest matrix products) whose logarithm is within `tolerance` for every eigenvalue of
 * A = C/‖C‖_F in [1/maxSpread, 1]: per root, steps until every eigenvalue's t is within tolerance / 2^(k+1) of 1
 * (root j's residual enters log A multiplied by 2^(j−1)); then enough series terms for the remaining spread
 * (alternating series: the first omitted term bounds the error, ×2^k).
 */
export function planMatrixLogarithm(maxSpread = 1e6, tolerance = 1e-10): MatrixLogPlan {
  let best: MatrixLogPlan | null = null;
  for (let k = 1; k <= 10; k++) {
    const rootSteps: NewtonSchulzStep[][] = [];
    let lowest = 1 / maxSpread;
    for (let j = 0; j < k; j++) {
      const steps: NewtonSchulzStep[] = [];
      let lower = lowest;
      let upper = 1;
      while (Math.max(1 - lower, upper - 1) > tolerance / 2 ** (k + 1) && steps.length < 100) {
        const next = newtonSchulzStep(lower, upper);
        steps.push(next.step);
        lower = next.lower;
        upper = next.upper;
      }
      if (steps.length === 0) steps.push({ offset: 1.5, slope: -0.5 });
      rootSteps.push(steps);
      lowest = Math.sqrt(lowest);
    }
    const w = Math.sinh(Math.log(maxSpread) / 2 ** k);
    if (w >= 1) continue;
    let seriesTerms = 2;
    const c = asinhCoefficients(60);
    while (seriesTerms < 60 && 2 ** k * Math.abs(c[seriesTerms]) * w ** (2 * seriesTerms + 1) > tolerance / 2) seriesTerms++;
    // Per root: A·M on the first step (Z₀ = I), then three products per step, the last root's Z skipped except on the
    // last root (its Z is B⁻¹). The series: W², one product per further term, W·p(W²).
    const nMatMuls = rootSteps.reduce((sum, steps, j) => sum + 1 + 3 * (steps.length - 1) - (j < k - 1 && steps.length > 1 ? 1 : 0), 0) + seriesTerms;
    if (!best || nMatMuls < best.nMatMuls) best = { rootSteps, seriesTerms, maxSpread, maxGridError: 0, nMatMuls };
  }
  if (!best) throw new Error(`matrix logarithm plan: no plan for a spread of ${maxSpread}`);
  let maxError = 0;
  const nGrid = 2000;
  for (let i = 0; i <= nGrid; i++) {
    const a = maxSpread ** (-i / nGrid);
    maxError = Math.max(maxError, Math.abs(planLogOfScalar(best, a) - Math.log(a)));
  }
  best.maxGridError = maxError;
  return best;
}

/**
 * Appends the nodes computing log(C) + logOffset·I of the [n][n] float64 tensor `input` (SPD, symmetric) and
 * returns the name of the [n][n] result. Tensor and node names start with `prefix`. Constant multiples of I are
 * written as scalar × I nodes on initializers, which onnxruntime folds when it loads the model (the file stays
 * small). A scalar Mul next to a MatMul is fused by onnxruntime into FusedMatMul, whose alpha is float32: such
 * scalars here are powers of two or float32 values, or are given as [1][n] rows.
 */
export function matrixLogNodes(nodes: OnnxNode[], inits: OnnxTensor[], input: string, n: number, plan: MatrixLogPlan, prefix = 'logm', logOffset = 0): string {
  const d = onnxType.double;
  const name = (s: string) => `${prefix}_${s}`;
  const eye = new Float64Array(n * n);
  for (let i = 0; i < n; i++) eye[i * n + i] = 1;
  inits.push({ name: name('eye'), type: d, dims: [n, n], values: eye });
  const scalar = (s: string, value: number) => {
    inits.push({ name: name(s), type: d, dims: [], values: [value] });
    return name(s);
  };
  const scaledEye = (s: string, value: number) => {
    nodes.push({ op: 'Mul', inputs: [name('eye'), scalar(`${s}_value`, value)], outputs: [name(s)] });
    return name(s);
  };
  // s = ‖C‖_F bounds the largest eigenvalue: A = C/s has its spectrum in (0, 1], where Newton-Schulz converges.
  nodes.push({ op: 'ReduceSumSquare', inputs: [input], outputs: [name('frobenius2')], attributes: { keepdims: 0 } });
  nodes.push({ op: 'Sqrt', inputs: [name('frobenius2')], outputs: [name('scale')] });
  nodes.push({ op: 'Div', inputs: [input, name('scale')], outputs: [name('a0')] });
  let y = name('a0');
  let z = '';
  const k = plan.rootSteps.length;
  plan.rootSteps.forEach((steps, r) => {
    const at = (s: string, i: number) => name(`r${r}_${s}${i}`);
    const base = y;
    steps.forEach((step, i) => {
      const offsetEye = scaledEye(at('offset_eye', i), step.offset);
      if (i === 0) {
        // Z₀ = I: M = offset·I + slope·A, Y₁ = A·M, Z₁ = M.
        nodes.push({ op: 'Mul', inputs: [base, scalar(at('slope', i), step.slope)], outputs: [at('slope_a', i)] });
        nodes.push({ op: 'Add', inputs: [at('slope_a', i), offsetEye], outputs: [at('m', i)] });
        nodes.push({ op: 'MatMul', inputs: [base, at('m', i)], outputs: [at('y', i + 1)] });
        z = at('m', i);
      } else {
        nodes.push({ op: 'Gemm', inputs: [z, y, offsetEye], outputs: [at('m', i)], attributes: { alpha: { float: step.slope }, beta: { float: 1 } } });
        nodes.push({ op: 'MatMul', inputs: [y, at('m', i)], outputs: [at('y', i + 1)] });
        // Only the last root's Z (= B⁻¹) is used after its loop.
        if (r === k - 1 || i < steps.length - 1) nodes.push({ op: 'MatMul', inputs: [at('m', i), z], outputs: [at('z', i + 1)] });
        z = at('z', i + 1);
      }
      y = at('y', i + 1);
    });
  });
  // log A = 2^k asinh(W), W = (B − B⁻¹)/2 = sinh(log B): odd series W·p(W²), Horner on W², 2^k folded in.
  const c = asinhCoefficients(plan.seriesTerms).map((v) => v * 2 ** k);
  nodes.push({ op: 'Sub', inputs: [y, z], outputs: [name('b_minus_inverse')] });
  nodes.push({ op: 'Mul', inputs: [name('b_minus_inverse'), scalar('half', 0.5)], outputs: [name('w')] });
  nodes.push({ op: 'MatMul', inputs: [name('w'), name('w')], outputs: [name('w2')] });
  const last = c.length - 1;
  // A [1][n] row rather than a scalar: onnxruntime would fuse a scalar Mul into the MatMul above with a float32 alpha.
  inits.push({ name: name(`c${last}_row`), type: d, dims: [1, n], values: new Float64Array(n).fill(c[last]) });
  nodes.push({ op: 'Mul', inputs: [name('w2'), name(`c${last}_row`)], outputs: [name(`p${last}_scaled`)] });
  nodes.push({ op: 'Add', inputs: [name(`p${last}_scaled`), scaledEye(`c${last - 1}_eye`, c[last - 1])], outputs: [name(`p${last - 1}`)] });
  let poly = name(`p${last - 1}`);
  for (let j = last - 2; j >= 0; j--) {
    nodes.push({ op: 'Gemm', inputs: [poly, name('w2'), scaledEye(`c${j}_eye`, c[j])], outputs: [name(`p${j}`)] });
    poly = name(`p${j}`);
  }
  nodes.push({ op: 'MatMul', inputs: [name('w'), poly], outputs: [name('log_a')] });
  // log C = log A + log(s)·I.
  nodes.push({ op: 'Log', inputs: [name('scale')], outputs: [name('log_scale_raw')] });
  nodes.push({ op: 'Add', inputs: [name('log_scale_raw'), scalar('log_offset', logOffset)], outputs: [name('log_scale')] });
  nodes.push({ op: 'Mul', inputs: [name('eye'), name('log_scale')], outputs: [name('log_scale_eye')] });
  nodes.push({ op: 'Add', inputs: [name('log_a'), name('log_scale_eye')], outputs: [name('log')] });
  return name('log');
}
