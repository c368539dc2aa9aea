// A comparison's per-window and standard specs on two compute workers give the outcomes of one worker, in the specs' order, with summed progress and a clean cancel.
import { afterAll, describe, expect, it } from 'vitest';
import { CoreError } from '../../../src-main/core/errors.ts';
import { closeComputeWorkers, computeWorkerCounts, runOnComputeWorker } from '../../../src-main/services/jobs/compute-job.ts';
import { appTrainingSpecOf } from '../../../src-main/services/training/app-training.ts';
import { runTrainingOnWorkers } from '../../../src-main/services/training/split-training.ts';
import type { AppTrainingOutcome, TrainingRequest } from '../../../src-main/services/training/training-request.ts';
import type { TrainingInput } from '../../../src-main/contract/api.ts';
import { physionetRun, sharedDataMissing } from '../../support/shared-data.ts';

const files = [4, 8, 12].map((run) => physionetRun(1, run));
const spec = (family: TrainingInput['family']) => appTrainingSpecOf({ sessionId: 1, runIds: [1, 2, 3], family, cv: { kind: 'kfold', k: 5, seed: 1 }, metric: 'coh', permutations: 0 });
const request = (): TrainingRequest => ({ files, specs: [spec('psd'), spec('csp-lda'), spec('mixed')], provenance: { files: ['S001R04.edf', 'S001R08.edf', 'S001R12.edf'], softwareVersion: 'test' } });
/** What an outcome says, model bytes included (as plain arrays, so that equality is exact). */
const summary = (o: AppTrainingOutcome) => ({ kind: o.kind, validation: o.outcome.validation, model: o.outcome.model ? Array.from(o.outcome.model.bytes) : null });

afterAll(closeComputeWorkers);

describe.skipIf(sharedDataMissing)('runTrainingOnWorkers', () => {
  it('gives one worker\'s outcomes, in the specs\' order, from two workers', async () => {
    const progress: [number, number][] = [];
    const split = await runTrainingOnWorkers(request(), { signal: new AbortController().signal, onProgress: (done, total) => progress.push([done, total]) });
    // Both workers finished cleanly and wait for the next job.
    expect(computeWorkerCounts()).toMatchObject({ busy: 0, idle: 2 });
    const single = await runOnComputeWorker<AppTrainingOutcome[]>({ type: 'training', ...request() });
    expect(split.map((o) => o.kind)).toEqual(['window', 'standard', 'window']);
    expect(split.map(summary)).toEqual(single.map(summary));
    expect(split[1].outcome.validation.accuracy).toBeGreaterThan(0.5);
    // Progress counts both workers' specs against one total and ends complete.
    expect(new Set(progress.map(([, total]) => total))).toEqual(new Set([300]));
    expect(progress.at(-1)).toEqual([300, 300]);
    expect(progress.every(([done], i) => i === 0 || done >= progress[i - 1][0])).toBe(true);
  });

  it('stops both workers when cancelled', async () => {
    const controller = new AbortController();
    const running = runTrainingOnWorkers(request(), { signal: controller.signal });
    setImmediate(() => controller.abort());
    await expect(running).rejects.toBeInstanceOf(CoreError);
    await expect(running).rejects.toMatchObject({ code: 'cancelled' });
    expect(computeWorkerCounts().busy).toBe(0);
  });

  it('reports the first failure (a run missing) and leaves no worker busy', async () => {
    const bad: TrainingRequest = { ...request(), files: [...files.slice(0, 2), `${files[2]}.missing`] };
    await expect(runTrainingOnWorkers(bad, { signal: new AbortController().signal })).rejects.toThrow(/missing/);
    expect(computeWorkerCounts().busy).toBe(0);
  });
});
