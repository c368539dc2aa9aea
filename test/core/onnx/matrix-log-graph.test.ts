import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { rebuild, symmetricEigen } from '../../../src-main/core/ml/linalg.ts';
import { seededRandom } from '../../../src-main/core/ml/random.ts';
import { matrixLogNodes, planLogOfScalar, planMatrixLogarithm } from '../../../src-main/core/onnx/matrix-log-graph.ts';
import { encodeModel, onnxType, type OnnxNode, type OnnxTensor } from '../../../src-main/core/onnx/model.ts';

/** A random orthogonal n×n basis: eigenvectors of a random symmetric matrix. */
function randomBasis(n: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = random() - 0.5;
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
  return symmetricEigen(a, n).vectors;
}

async function logSession(n: number, maxSpread: number): Promise<ort.InferenceSession> {
  const nodes: OnnxNode[] = [];
  const inits: OnnxTensor[] = [];
  const out = matrixLogNodes(nodes, inits, 'c', n, planMatrixLogarithm(maxSpread));
  nodes.push({ op: 'Identity', inputs: [out], outputs: ['log'] });
  const bytes = encodeModel({
    opset: 17, producerName: 'test', producerVersion: '0', metadata: {},
    graph: { name: 'logm', nodes, initializers: inits, inputs: [{ name: 'c', type: onnxType.double, dims: [n, n] }], outputs: [{ name: 'log', type: onnxType.double, dims: [n, n] }] },
  });
  return ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], intraOpNumThreads: 1 });
}

describe('matrix logarithm by Newton-Schulz square roots and the asinh series (standard ONNX ops)', () => {
  it('the plan is accurate to 1e-10 on every scaled eigenvalue of its design range, and needs about 110 matrix products at spread 1e6', () => {
    for (const spread of [1e2, 1e4, 1e6]) {
      const plan = planMatrixLogarithm(spread);
      expect(plan.maxGridError).toBeLessThan(1e-10);
      // Independent check on other points, including the ends of the range.
      for (const a of [1 / spread, 1.7 / spread, 0.01, 0.3, 0.999, 1]) {
        if (a >= 1 / spread) expect(Math.abs(planLogOfScalar(plan, a) - Math.log(a))).toBeLessThan(1e-10);
      }
    }
    const plan = planMatrixLogarithm(1e6);
    expect(plan.nMatMuls).toBeLessThan(120);
    // The over-relaxed first steps: 12 steps for the widest root where the classic iteration needs 22.
    expect(plan.rootSteps[0].length).toBeLessThan(15);
    // Beyond the design range the smallest eigenvalues are not converged: the error grows instead of hiding.
    expect(Math.abs(planLogOfScalar(plan, 1e-9) - Math.log(1e-9))).toBeGreaterThan(1e-3);
  });

  it('onnxruntime gives log(C) of 64×64 SPD matrices to 1e-9 for spreads ‖C‖_F/λ_min from 1 to 1e6', async () => {
    const n = 64;
    const session = await logSession(n, 1e6);
    const vectors = randomBasis(n, 7);
    const errors: string[] = [];
    for (const [spread, scale] of [[1, 3.2], [60, 0.05], [1e3, 1], [1e5, 250], [4.4e5, 1e-3]]) {
      // Eigenvalues log-spaced over [1/spread, 1]·scale (‖C‖_F/λ_min from 1.7 to 8 times the spread; 7.6e5 for the last).
      const values = Float64Array.from({ length: n }, (_, i) => scale * spread ** (-i / (n - 1)));
      const c = rebuild(values, vectors, n);
      const expected = rebuild(values.map(Math.log), vectors, n);
      const result = await session.run({ c: new ort.Tensor('float64', c, [n, n]) });
      const log = result.log.data as Float64Array;
      let maxError = 0;
      for (let i = 0; i < n * n; i++) maxError = Math.max(maxError, Math.abs(log[i] - expected[i]));
      let frobenius = 0;
      for (const v of values) frobenius += v * v;
      errors.push(`${(Math.sqrt(frobenius) / values[n - 1]).toExponential(1)}: ${maxError.toExponential(1)}`);
      expect(maxError).toBeLessThan(1e-9);
    }
    console.log(`matrix log, max abs error by eigenvalue spread: ${errors.join(', ')}`);
    await session.release();
  }, 60_000);
});
