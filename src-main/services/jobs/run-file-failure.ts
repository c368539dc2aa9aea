// A job over a session's runs whose file went missing or changed after the call checked it: failed as that run's `file-changed`.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ApiFailure, detail } from '../../contract/errors.ts';
import type { CoreProblem } from '../../core/errors.ts';
import type { StoredRun } from '../storage/runs.ts';

/**
 * Runs `work` over the runs' files (`files[i]` is `runs[i]`'s). A file found changed against its sidecar
 * (`recording-changed`), or missing once the job has failed, fails the job with the run's `file-changed` reason,
 * the one a call refused before any work gives; any other failure passes through.
 */
export async function failingAsRunFiles<R>(runs: Pick<StoredRun, 'id' | 'originalName'>[], files: string[], work: () => Promise<R>): Promise<R> {
  try {
    return await work();
  } catch (error) {
    throw runFileFailure(error, runs, files) ?? error;
  }
}

function runFileFailure(error: unknown, runs: Pick<StoredRun, 'id' | 'originalName'>[], files: string[]): ApiFailure | null {
  const { problem } = (error ?? {}) as { problem?: CoreProblem };
  const changed = problem?.reason === 'recording-changed' ? files.findIndex((f) => path.basename(f) === problem.params.file) : -1;
  // A file removed while the job ran fails it somewhere in the worker's reading: whatever the error, a file now missing is the cause.
  const missing = changed < 0 ? files.findIndex((f) => !existsSync(f)) : -1;
  const at = changed >= 0 ? changed : missing;
  if (at < 0) return null;
  const run = runs[at];
  const gone = changed < 0;
  return new ApiFailure(
    'file-changed',
    `Run ${run.id} (${run.originalName}): its file ${files[at]} ${gone ? 'went missing' : 'changed'} after the job was started.`,
    gone ? 'Import the recording again; the run cannot be used without its file.' : 'Import the original recording again; a changed file is never used.',
    detail('file-changed', { thing: 'run', id: run.id, missing: gone }),
  );
}
