// Fits the tangent spaces a procedure will need ahead of it, shared between this thread and a second compute worker thread, into the procedure's cache.
import { fitTangentSpaceEntry, type TangentSpaceCache, type TangentSpaceEntry } from '../../core/ml/family-choice.ts';
import { runOnComputeWorker } from '../jobs/compute-job.ts';

/** Tangent spaces to fit on a helper thread: the patient's covariances and the training-row sets. */
export interface TangentSpaceRequest {
  covariances: Float64Array[];
  nChannels: number;
  rowSets: number[][];
}

/** The helper thread's side: each row set's fit, in order (plain data: it crosses threads as it is). */
export function fitTangentSpaceSets(request: TangentSpaceRequest): TangentSpaceEntry[] {
  return request.rowSets.map((rows) => fitTangentSpaceEntry(request.covariances, request.nChannels, rows));
}

/**
 * Fits the tangent spaces of `rowSets` not yet in `cache` on two threads: every other set on a compute worker
 * thread (kept between jobs, as the app's), the rest here meanwhile. The fits are the same pure function on the same
 * data, so the cache holds the same values to the bit as if it had fitted them itself; the procedure then finds them
 * there. Each fit is a Riemannian mean of ~36 covariances (0.4-0.5 s for 64 channels), the bulk of a tangent-space
 * training: the outer folds' and the final model's fits are independent.
 */
export async function prefitTangentSpaces(cache: TangentSpaceCache, rowSets: number[][]): Promise<void> {
  const missing = rowSets.filter((rows, i) => !cache.has(rows) && rowSets.findIndex((r) => r.join(',') === rows.join(',')) === i);
  if (missing.length < 2) return;
  const theirs = missing.filter((_, i) => i % 2 === 1);
  const request: TangentSpaceRequest = { covariances: cache.covariances, nChannels: cache.nChannels, rowSets: theirs };
  // A helper still starting is waited for (no slower than starting another); one started is taken from the idle pool.
  await helperStarted;
  // A helper that fails (it could not start, or stopped) only costs the speed: its sets are then fitted on demand here.
  const helper = runOnComputeWorker<TangentSpaceEntry[]>({ type: 'tangent-space', ...request }).catch(() => null);
  for (const rows of missing.filter((_, i) => i % 2 === 0)) cache.put(rows, fitTangentSpaceEntry(cache.covariances, cache.nChannels, rows));
  const entries = await helper;
  theirs.forEach((rows, i) => { if (entries) cache.put(rows, entries[i]); });
}

/**
 * Starts the helper thread now (an empty request), so that loading its modules (0.4-0.8 s) overlaps with loading and
 * band-passing the runs rather than delaying the fits; it then waits idle for `prefitTangentSpaces`.
 */
export function warmTangentSpaceHelper(): void {
  helperStarted = runOnComputeWorker<TangentSpaceEntry[]>({ type: 'tangent-space', covariances: [], nChannels: 0, rowSets: [] }).then(() => {}, () => {});
}

/** Settles when the helper started by `warmTangentSpaceHelper` is idle again. */
let helperStarted: Promise<void> = Promise.resolve();
