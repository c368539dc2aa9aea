import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractEpochs, type Epochs } from '../../../src-main/core/epochs.ts';
import { rereference } from '../../../src-main/core/dsp/reference.ts';
import { filteredEpochArray, trainPipeline, defaultSelection, windowBandPass, type TrainOptions, type TrainResult } from '../../../src-main/core/ml/train.ts';
import { matMul, symmetricEigen } from '../../../src-main/core/ml/linalg.ts';
import { trialCovariances } from '../../../src-main/core/ml/tangent-space.ts';
import { encodePipelineModel } from '../../../src-main/core/onnx/export.ts';
import { encodeModel, onnxType, readModelMetadata } from '../../../src-main/core/onnx/model.ts';
import { buildPipelineModel } from '../../../src-main/core/onnx/pipeline-graph.ts';
import { loadModel, predictWindow } from '../../../src-main/engine/inference/onnx-session.ts';
import { loadRecording } from '../../../src-main/services/recordings/load-recording.ts';
import { physionetRun, sharedDataMissing } from '../../support/shared-data.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'neurofeat-onnx-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let raw: Epochs;
let referenced: Epochs;
beforeAll(async () => {
  const recordings = await Promise.all([4, 8, 12].map((run) => loadRecording(physionetRun(1, run))));
  raw = extractEpochs(recordings, { classes: ['T1', 'T2'], offsetSec: 0.5, lengthSec: 3 });
  referenced = rereference(raw, { kind: 'car' });
});

const base: TrainOptions = {
  family: 'psd', classifier: 'slda', selection: defaultSelection, fminHz: 8, fmaxHz: 30,
  cv: { kind: 'kfold', k: 5, seed: 1 }, nBootstrap: 10, seed: 1, connectivityMetric: 'coh',
};

/** |p_onnx − p_ts| of class 1 on every trial, for the model trained on all trials. */
async function onnxDifferences(options: TrainOptions): Promise<{ diffs: Float64Array; result: TrainResult }> {
  const result = trainPipeline(referenced, 'car', options);
  expect(result.exported).not.toBeNull();
  const bytes = encodePipelineModel(result.exported!, {
    window: { offsetSec: 0.5, lengthSec: 3 }, classes: ['T1', 'T2'], family: options.family, classifier: options.classifier,
    features: result.features, report: { accuracy: result.cv.accuracy }, softwareVersion: '0.1.0',
  });
  const file = path.join(scratch, `${options.family}.onnx`);
  writeFileSync(file, bytes);
  expect(JSON.parse(readModelMetadata(bytes).classes)).toEqual(['T1', 'T2']);
  const model = await loadModel(file, 'cpu');
  expect(model.provider).toBe('cpu');
  const diffs = new Float64Array(raw.trials.length);
  for (let t = 0; t < raw.trials.length; t++) {
    const p = await predictWindow(model, Float32Array.from(raw.trials[t].data));
    expect(p[0] + p[1]).toBeCloseTo(1, 6);
    diffs[t] = Math.abs(p[1] - result.finalProbability[t]);
  }
  await model.session.release();
  return { diffs, result };
}

async function compareWithOnnx(options: TrainOptions): Promise<number> {
  return Math.max(...(await onnxDifferences(options)).diffs);
}

describe.skipIf(sharedDataMissing)('the ONNX model equals the TypeScript pipeline on every trial (onnxruntime-node, CPU)', () => {
  it('PSD family with automatic band selection + shrinkage LDA, S001', async () => {
    const maxDiff = await compareWithOnnx(base);
    console.log(`psd: max |p_onnx - p_ts| = ${maxDiff.toExponential(2)}`);
    expect(maxDiff).toBeLessThan(1e-4);
  }, 60_000);

  it('CSP family (per-window zero-phase 8-30 Hz band-pass) + LDA, S001', async () => {
    const maxDiff = await compareWithOnnx({ ...base, family: 'csp', classifier: 'lda' });
    console.log(`csp: max |p_onnx - p_ts| = ${maxDiff.toExponential(2)}`);
    expect(maxDiff).toBeLessThan(1e-4);
  }, 60_000);

  it('tangent-space family (OAS, matrix logarithm by Newton-Schulz roots) + logistic regression, S001, worst-conditioned trials included', async () => {
    const { diffs, result } = await onnxDifferences({ ...base, family: 'ts', classifier: 'logreg' });
    const exported = result.exported!;
    expect(exported.kind).toBe('ts');
    if (exported.kind !== 'ts') return;
    // Spread ‖C_w‖_F / λ_min of each trial's whitened covariance, the quantity the graph's logarithm is designed for (≤ 1e6).
    const n = referenced.channels.length;
    const covs = trialCovariances(filteredEpochArray(referenced, windowBandPass(8, 30, referenced.sampleRateHz)));
    const spreads = covs.map((c) => {
      const w = matMul(matMul(exported.inverseSqrtReference, c, n, n, n), exported.inverseSqrtReference, n, n, n);
      let frobenius = 0;
      for (const v of w) frobenius += v * v;
      return Math.sqrt(frobenius) / Math.min(...symmetricEigen(w, n).values);
    });
    const worst = spreads.map((s, t) => t).sort((a, b) => spreads[b] - spreads[a]).slice(0, 3);
    console.log(`ts: max |p_onnx - p_ts| = ${Math.max(...diffs).toExponential(2)}; worst-conditioned trials ${worst.map((t) => `#${t} spread ${spreads[t].toFixed(0)} diff ${diffs[t].toExponential(1)}`).join(', ')}`);
    for (const t of worst) expect(diffs[t]).toBeLessThan(1e-4);
    expect(Math.max(...diffs)).toBeLessThan(1e-4);
    // Inside the graph everything is float64: before the float32 output the probabilities agree far more closely
    // (this catches precision lost to onnxruntime's fusions, e.g. a float32 FusedMatMul alpha, which float32 output hides).
    const graph = buildPipelineModel(exported, { producerVersion: 'test', metadata: {} });
    graph.graph.outputs.push({ name: 'probabilities_f64', type: onnxType.double, dims: [1, 2] });
    const session = await ort.InferenceSession.create(encodeModel(graph), { executionProviders: ['cpu'], graphOptimizationLevel: 'all', intraOpNumThreads: 1 });
    let maxDiff64 = 0;
    for (let t = 0; t < raw.trials.length; t++) {
      const out = await session.run({ window: new ort.Tensor('float32', Float32Array.from(raw.trials[t].data), [n, raw.nSamples]) });
      maxDiff64 = Math.max(maxDiff64, Math.abs((out.probabilities_f64.data as Float64Array)[1] - result.finalProbability[t]));
    }
    await session.release();
    console.log(`ts: float64 probabilities inside the graph, max |p_onnx - p_ts| = ${maxDiff64.toExponential(2)}`);
    expect(maxDiff64).toBeLessThan(1e-10);
    // Not a degenerate model: the probabilities vary across trials.
    expect(Math.max(...result.finalProbability) - Math.min(...result.finalProbability)).toBeGreaterThan(0.5);
  }, 120_000);

  it('connectivity family (coherence node strength) + shrinkage LDA, S001', async () => {
    const maxDiff = await compareWithOnnx({ ...base, family: 'fc', connectivityMetric: 'coh' });
    console.log(`fc: max |p_onnx - p_ts| = ${maxDiff.toExponential(2)}`);
    expect(maxDiff).toBeLessThan(1e-4);
  }, 60_000);

  it('mixed family with explicit PSD and imaginary-coherence features + SVM, S001', async () => {
    const maxDiff = await compareWithOnnx({
      ...base, family: 'mixed', classifier: 'svm', connectivityMetric: 'imcoh',
      features: [{ channel: 'C3', bandHz: [10, 13] }, { channel: 'C4', bandHz: [8, 12], family: 'fc' }, { channel: 'Cz', bandHz: [20, 24], family: 'fc' }, { channel: 'C4', bandHz: [22, 22] }],
    });
    console.log(`mixed: max |p_onnx - p_ts| = ${maxDiff.toExponential(2)}`);
    expect(maxDiff).toBeLessThan(1e-4);
  }, 60_000);

  it('an explicit-feature logistic regression model, and a window of the wrong size is refused', async () => {
    const maxDiff = await compareWithOnnx({ ...base, classifier: 'logreg', features: [{ channel: 'C3', bandHz: [8, 12] }, { channel: 'C4', bandHz: [10, 10] }, { channel: 'Cz', bandHz: [18, 26] }] });
    expect(maxDiff).toBeLessThan(1e-4);
    const model = await loadModel(path.join(scratch, 'psd.onnx'), 'cpu');
    await expect(predictWindow(model, new Float32Array(10))).rejects.toThrow(/expected 64 channels x 480 samples/);
  }, 60_000);

  it('provider choice: auto falls back to the CPU and says so; cuda without its provider is a clear error', async () => {
    const file = path.join(scratch, 'psd.onnx');
    const auto = await loadModel(file, 'auto');
    if (auto.provider === 'cpu') expect(auto.note).toMatch(/CUDA/);
    if (auto.provider === 'cpu') await expect(loadModel(file, 'cuda')).rejects.toThrow(/CUDA provider of onnxruntime-node is not installed/);
  }, 60_000);

  it('CUDA gives the CPU\'s probabilities within 1e-4 on every trial (where onnxruntime\'s CUDA provider and a GPU exist)', async (context) => {
    // The tangent-space model of the test above: the heaviest graph (matrix logarithm) and the default family's features.
    const file = path.join(scratch, 'ts.onnx');
    const cuda = await loadModel(file, 'cuda').catch((error: Error) => {
      console.log(`CUDA check skipped: ${error.message}`);
      return context.skip(`CUDA check skipped: ${error.message}`);
    });
    const cpu = await loadModel(file, 'cpu');
    expect(cuda.provider).toBe('cuda');
    let maxDiff = 0;
    for (const trial of raw.trials) {
      const window = Float32Array.from(trial.data);
      const [onCpu, onCuda] = [await predictWindow(cpu, window), await predictWindow(cuda, window)];
      maxDiff = Math.max(maxDiff, Math.abs(onCpu[1] - onCuda[1]));
    }
    await Promise.all([cpu.session.release(), cuda.session.release()]);
    console.log(`ts: max |p_cuda - p_cpu| = ${maxDiff.toExponential(2)} over ${raw.trials.length} trials`);
    expect(maxDiff).toBeLessThan(1e-4);
  }, 120_000);

  it('refuses a model file altered after it was written (its own checksum no longer matches)', async () => {
    const bytes = readFileSync(path.join(scratch, 'psd.onnx'));
    const altered = path.join(scratch, 'altered.onnx');
    // One weight byte near the end of the graph changed.
    bytes[Math.floor(bytes.length / 2)] ^= 1;
    writeFileSync(altered, bytes);
    await expect(loadModel(altered, 'cpu')).rejects.toThrow(/altered\.onnx: the model was altered after it was written/);
  }, 60_000);
});
