import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';
import { checkAgainstModel } from '../../../src-main/cli/commands/predict.ts';
import { physionetRun, formatSample, sharedDataMissing } from '../../support/shared-data.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'neurofeat-train-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const run = runCli;

const s001 = [4, 8, 12].map((r) => physionetRun(1, r));

interface TrainJson {
  cv: { accuracy: number; balancedAccuracy: number; kappa: number; ci95: [number, number]; chanceLevel: number; confusion: number[][]; folds: { train: number[]; test: number[]; accuracy: number }[] };
  features: { channel: string; bandHz: [number, number]; family: string; stability: number }[];
  model: { path: string; provider: string };
  elapsedMs: number;
}

describe.skipIf(sharedDataMissing)('neurofeat train and predict', () => {
  it('train --json prints the CLI.md fields, folds that partition the trials, and writes a model predict can run', async () => {
    const modelFile = path.join(scratch, 's001.onnx');
    const { code, out } = await run(['train', ...s001, '--auto', '3', '--cv', '5', '--seed', '3', '--out', modelFile, '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(out) as TrainJson;
    expect(result.cv.chanceLevel).toBeCloseTo(28 / 45, 10);
    expect(result.cv.ci95[0]).toBeLessThan(result.cv.accuracy);
    expect(result.cv.confusion.flat().reduce((a, b) => a + b, 0)).toBe(45);
    const tested = result.cv.folds.flatMap((f) => f.test).sort((a, b) => a - b);
    expect(tested).toEqual(Array.from({ length: 45 }, (_, i) => i));
    for (const f of result.cv.folds) expect(f.train.length + f.test.length).toBe(45);
    const weighted = result.cv.folds.reduce((s, f) => s + f.accuracy * f.test.length, 0) / 45;
    expect(weighted).toBeCloseTo(result.cv.accuracy, 10);
    expect(result.features).toHaveLength(3);
    for (const f of result.features) {
      expect(f.family).toBe('psd');
      expect(f.stability).toBeGreaterThan(0);
      expect(f.stability).toBeLessThanOrEqual(1);
    }
    expect(result.model.path).toBe(modelFile);
    expect(result.model.provider).toBe('cpu');

    const predicted = await run(['predict', modelFile, ...s001, '--provider', 'cpu', '--json']);
    expect(predicted.code).toBe(0);
    const p = JSON.parse(predicted.out) as { provider: string; trials: { onsetSec: number; label: string; probabilities: number[]; predicted: string }[]; accuracy: number };
    expect(p.provider).toBe('cpu');
    expect(p.trials).toHaveLength(45);
    for (const t of p.trials) expect(t.probabilities[0] + t.probabilities[1]).toBeCloseTo(1, 5);
    // On its own training trials the final model does at least as well as chance.
    expect(p.accuracy).toBeGreaterThan(0.6);
  }, 120_000);

  it('--search ranks every subset of the pool and reports the nested accuracy of the search', async () => {
    const { code, out } = await run(['train', ...s001, '--search', '2', '--pool', '6', '--cv', '5', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(out) as { search: { nestedAccuracy: number; subsetsScored: number; truncated: boolean; ranking: { accuracy: number; features: unknown[] }[] } };
    // 6 + 15 subsets, scored in each of the 5 outer folds and once on all trials.
    expect(result.search.subsetsScored).toBe(21 * 6);
    expect(result.search.truncated).toBe(false);
    const accuracies = result.search.ranking.map((r) => r.accuracy);
    expect([...accuracies].sort((a, b) => b - a)).toEqual(accuracies);
    expect(result.search.nestedAccuracy).toBeGreaterThanOrEqual(0);
    expect(result.search.nestedAccuracy).toBeLessThanOrEqual(1);
  }, 120_000);

  it('leave-one-run-out gives one fold per file, and csp/lda exports a model', async () => {
    const { code, out } = await run(['train', ...s001, '--family', 'csp', '--classifier', 'lda', '--cv', 'runs', '--window', '0.5:4', '--out', path.join(scratch, 'csp.onnx'), '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(out) as TrainJson;
    expect(result.cv.folds).toHaveLength(3);
    expect(result.cv.folds[0].test).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(existsSync(path.join(scratch, 'csp.onnx'))).toBe(true);
  }, 120_000);

  it('the tangent space exports a model (checked against onnxruntime by train) that predict runs', async () => {
    const modelFile = path.join(scratch, 'ts.onnx');
    const trained = await run(['train', ...s001, '--family', 'ts', '--cv', '3', '--out', modelFile, '--json']);
    expect(trained.code).toBe(0);
    const result = JSON.parse(trained.out) as TrainJson;
    expect(result.model.path).toBe(modelFile);
    expect(existsSync(`${modelFile}.partial`)).toBe(false);
    const predicted = await run(['predict', modelFile, ...s001, '--provider', 'cpu', '--json']);
    expect(predicted.code).toBe(0);
    const prediction = JSON.parse(predicted.out) as { trials: { probabilities: number[] }[]; accuracy: number };
    expect(prediction.trials).toHaveLength(45);
    // Its own training trials: 2080 tangent-space features and logistic regression (C = 1) separate them.
    expect(prediction.accuracy).toBeGreaterThan(0.9);
  }, 120_000);

  it('bad input: unknown channel, band outside the spectrum, too few trials, other rate, missing channels; no model written', async () => {
    const target = path.join(scratch, 'never.onnx');
    const unknown = await run(['train', ...s001, '--features', 'C3:8-12,Xyz:10', '--out', target]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown channel 'Xyz'/);
    const outside = await run(['train', ...s001, '--features', 'C3:85-90', '--out', target]);
    expect(outside.code).toBe(2);
    expect(outside.err).toMatch(/C3:85-90: band outside the spectrum \(0-80 Hz/);
    const few = await run(['train', physionetRun(1, 4), '--cv', '10', '--out', target]);
    expect(few.code).toBe(2);
    expect(few.err).toMatch(/too few trials for 10 folds \(8 of 'T1', 7 of 'T2'\)/);
    expect(existsSync(target)).toBe(false);
    expect(existsSync(`${target}.partial`)).toBe(false);

    const model = path.join(scratch, 's001.onnx');
    const rate = await run(['predict', model, formatSample('test_reduced.edf'), '--provider', 'cpu']);
    expect(rate.code).toBe(2);
    expect(rate.err).toMatch(/512 Hz but the model expects 160 Hz; NeuroFeat does not resample/);
    const channels = await run(['predict', model, formatSample('chtypes_edf.edf'), '--provider', 'cpu']);
    expect(channels.code).toBe(2);
    expect(channels.err).toMatch(/200 Hz but the model expects 160 Hz|lacks \d+ channel\(s\) of the model/);
    const withoutC3 = { sampleRateHz: 160, channels: [{ name: 'c4' }, { name: 'cz' }] } as unknown as Parameters<typeof checkAgainstModel>[0];
    expect(() => checkAgainstModel(withoutC3, ['C3..', 'C4..', 'Cz..', 'Fc5.'], 160, 'x.edf')).toThrow(/x.edf: lacks 2 channel\(s\) of the model: C3.., Fc5./);
    const cuda = await run(['predict', model, ...s001, '--provider', 'cuda']);
    if (cuda.code !== 0) expect(cuda.err).toMatch(/CUDA/);
  }, 120_000);
});
