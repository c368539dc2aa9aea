// Runs one training request's specs on two compute worker threads, the per-window families on one and the standard ones on the other, results in the specs' order.
import { trialsDiffer } from '../../core/ml/standard-preprocessing.ts';
import { runOnComputeWorker } from '../jobs/compute-job.ts';
import type { AppTrainingOutcome, TrainingRequest } from './training-request.ts';

/** The trial numbers an outcome was scored on (every trial is tested once over the folds), ascending. */
const testedTrials = (outcome: AppTrainingOutcome): number[] => outcome.outcome.validation.folds.flatMap((f) => f.test).sort((a, b) => a - b);

/** Throws `trials-differ` when the two groups of a comparison were scored on different trials (as one worker would, `checkSameTrials`). */
export function checkSameTestedTrials(a: AppTrainingOutcome, b: AppTrainingOutcome): void {
  const [first, second] = [a, b].map(testedTrials);
  if (first.join(',') !== second.join(',')) throw trialsDiffer('comparison', [first.length, second.length]);
}

/**
 * The outcomes of `request` as `runTrainingRequest` gives them on one worker, computed on two when the request mixes
 * per-window and standard specs (a comparison): each worker loads the runs and trains its group in order, the same
 * code on the same data, so every outcome is the same; the wall time is that of the longer group. Progress is the sum
 * of both; the first failure stops the other worker. As on one worker, both kinds must keep the same trials.
 */
export async function runTrainingOnWorkers(request: TrainingRequest, options: { signal: AbortSignal; onProgress?: (done: number, total: number) => void }): Promise<AppTrainingOutcome[]> {
  // The standard group first: it takes the worker kept idle last, which may hold a started tangent-space helper.
  const groups = (['standard', 'window'] as const)
    .map((kind) => request.specs.flatMap((spec, i) => (spec.kind === kind ? [i] : [])))
    .filter((g) => g.length > 0);
  if (groups.length < 2) return runOnComputeWorker<AppTrainingOutcome[]>({ type: 'training', ...request }, options);
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal.addEventListener('abort', onAbort, { once: true });
  const done = groups.map(() => 0);
  const total = request.specs.length * 100;
  try {
    const results = await Promise.all(groups.map((group, g) => runOnComputeWorker<AppTrainingOutcome[]>(
      { type: 'training', ...request, specs: group.map((i) => request.specs[i]) },
      {
        signal: stop.signal,
        onProgress: (d) => {
          done[g] = d;
          options.onProgress?.(done[0] + done[1], total);
        },
      },
    ).catch((error: unknown) => {
      stop.abort();
      throw error;
    })));
    const outcomes: AppTrainingOutcome[] = new Array<AppTrainingOutcome>(request.specs.length);
    groups.forEach((group, g) => group.forEach((i, k) => { outcomes[i] = results[g][k]; }));
    checkSameTestedTrials(outcomes[groups[0][0]], outcomes[groups[1][0]]);
    return outcomes;
  } finally {
    options.signal.removeEventListener('abort', onAbort);
  }
}
