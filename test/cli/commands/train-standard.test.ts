// `neurofeat train` with the default procedure and a standard family: choice report, AUC, permutation p-value, a prefiltered model that predict runs.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';
import { physionetRun } from '../../support/shared-data.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'neurofeat-train-standard-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const run = runCli;

const s001 = [4, 8, 12].map((r) => physionetRun(1, r));

describe('neurofeat train (default procedure and standard families)', () => {
  it('--family mdm is refused as withdrawn (exit 2, no model written), an unknown family lists every family', async () => {
    const modelFile = path.join(scratch, 'mdm.onnx');
    const refused = await run(['train', ...s001, '--family', 'mdm', '--out', modelFile]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/--family mdm is no longer offered: it is below chance .* use auto or fgmdm\. Models already trained with it still predict/);
    expect(existsSync(modelFile)).toBe(false);
    const unknown = await run(['train', ...s001, '--family', 'lda-mdm']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/--family: 'lda-mdm' is not known; allowed: auto, psd-slda, csp-lda, ts-lr, ts-svm, fbcsp, fgmdm, psd, fc, mixed, csp, ts/);
  });

  it('without --family: nested accuracy with the choice per fold, AUC, permutation p-value, window 0-3 s', async () => {
    const { code, out } = await run(['train', ...s001, '--cv', '3', '--permutations', '2', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(out) as {
      procedure: string; family: string; window: { startSec: number; endSec: number }; prefilter: { bandHz: number[] };
      cv: { accuracy: number; auc: number; pValue: number; permutations: number; folds: { test: number[]; chosen: string; hyperparameters: { c?: number }; inner: Record<string, { accuracy: number; auc: number }> }[] };
      choice: { family: string; inner: Record<string, { accuracy: number }>; grid: unknown[] };
      features: { channels: string[] }[];
    };
    expect(result.procedure).toBe('auto');
    expect(result.window).toEqual({ startSec: 0, endSec: 3 });
    expect(result.prefilter.bandHz).toEqual([8, 32]);
    expect(result.cv.folds).toHaveLength(3);
    for (const f of result.cv.folds) expect(Object.keys(f.inner).sort()).toEqual(['csp-lda', 'fbcsp', 'fgmdm', 'psd-slda', 'ts-lr', 'ts-svm']);
    // Family and C chosen together: each fold says the C of a ts-lr/ts-svm choice, and the final choice lists the whole grid.
    for (const f of result.cv.folds) expect(f.chosen === 'ts-lr' || f.chosen === 'ts-svm' ? [0.1, 1, 10] : [undefined]).toContain(f.hyperparameters.c);
    expect(result.choice.grid).toHaveLength(10);
    expect(result.cv.folds.flatMap((f) => f.test).sort((a, b) => a - b)).toEqual(Array.from({ length: 45 }, (_, i) => i));
    expect(result.cv.auc).toBeGreaterThan(0);
    expect(result.cv.permutations).toBe(2);
    expect([1 / 3, 2 / 3, 1]).toContain(result.cv.pValue);
    expect(result.family).toBe(result.choice.family);
    expect(result.features[0].channels.slice(0, 3)).toEqual(['FC5', 'FC3', 'FC1']);
  }, 300_000);

  it('--family ts-lr --out writes a model declaring its prefilter; predict applies the declared band-pass (causal by default, zero-phase on request)', async () => {
    const modelFile = path.join(scratch, 'ts-lr.onnx');
    const trained = await run(['train', ...s001, '--family', 'ts-lr', '--cv', '3', '--out', modelFile, '--json']);
    expect(trained.code).toBe(0);
    const predicted = await run(['predict', modelFile, ...s001, '--provider', 'cpu', '--json']);
    expect(predicted.code).toBe(0);
    // Resubstitution on the training trials: near-perfect only when predict applies the declared 8-32 Hz band-pass.
    expect((JSON.parse(predicted.out) as { accuracy: number }).accuracy).toBeGreaterThan(0.95);
    const zeroPhase = await run(['predict', modelFile, ...s001, '--provider', 'cpu', '--prefilter', 'zero-phase', '--json']);
    expect(zeroPhase.code).toBe(0);
    const both = [predicted, zeroPhase].map((r) => JSON.parse(r.out) as { prefilter: { applied: string }; trials: { probabilities: number[] }[] });
    expect(both.map((r) => r.prefilter.applied)).toEqual(['causal', 'zero-phase']);
    expect(both[0].trials[0].probabilities[0]).not.toBeCloseTo(both[1].trials[0].probabilities[0], 6);
    const refused = await run(['train', ...s001, '--family', 'auto', '--fmin', '4']);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/--fmin applies to the families psd, fc, mixed, csp and ts/);
  }, 300_000);

  it('--family fbcsp --out writes a filter-bank model (version 3) that predict feeds with one band-passed copy per band; psd-slda declares no prefilter', async () => {
    const modelFile = path.join(scratch, 'fbcsp.onnx');
    const trained = await run(['train', ...s001, '--family', 'fbcsp', '--cv', '3', '--out', modelFile, '--json']);
    expect(trained.code).toBe(0);
    const predicted = await run(['predict', modelFile, ...s001, '--provider', 'cpu', '--prefilter', 'zero-phase', '--json']);
    expect(predicted.code).toBe(0);
    const out = JSON.parse(predicted.out) as { accuracy: number; prefilter: { kind: string; bankHz: number[][] } };
    expect(out.prefilter.kind).toBe('butterworth-filter-bank');
    expect(out.prefilter.bankHz).toHaveLength(6);
    // Resubstitution with the training filters: well above chance only when every band reaches its block of the input.
    expect(out.accuracy).toBeGreaterThan(0.75);
    const psdFile = path.join(scratch, 'psd.onnx');
    expect((await run(['train', ...s001, '--family', 'psd-slda', '--cv', '3', '--out', psdFile, '--json'])).code).toBe(0);
    const raw = await run(['predict', psdFile, ...s001, '--provider', 'cpu', '--json']);
    expect(raw.code).toBe(0);
    const psd = JSON.parse(raw.out) as { accuracy: number; prefilter: unknown };
    expect(psd.prefilter).toBeNull();
    expect(psd.accuracy).toBeGreaterThan(0.75);
  }, 300_000);
});
