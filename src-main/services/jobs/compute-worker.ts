// Worker-thread side of the training, comparison and view jobs and of a recording's import summary: one request in, progress and one result out.
import { parentPort, workerData } from 'node:worker_threads';
import type { CoreProblem } from '../../core/errors.ts';
import { useComputeWorkerFile } from './compute-job.ts';
import { runTrainingRequest, type TrainingRequest } from '../training/training-request.ts';
import { fitTangentSpaceSets, type TangentSpaceRequest } from '../training/tangent-space-threads.ts';
import { runViewRequest, type ViewRequest } from '../features/view-request.ts';
import { summariseRecordingFile } from '../runs/run-summary.ts';

export type ComputeRequest = ({ type: 'training' } & TrainingRequest) | ({ type: 'tangent-space' } & TangentSpaceRequest) | ({ type: 'view' } & ViewRequest) | { type: 'summary'; file: string };

export type ComputeWorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; result: unknown }
  | { type: 'error'; code: string; message: string; problem?: CoreProblem };

async function run(request: ComputeRequest, progress: (done: number, total: number) => void): Promise<unknown> {
  if (request.type === 'training') return runTrainingRequest(request, progress);
  if (request.type === 'tangent-space') return fitTangentSpaceSets(request);
  if (request.type === 'summary') return summariseRecordingFile(request.file);
  return runViewRequest(request);
}

// A training worker hands independent fits to a helper thread started from this same file (the bundle's, in Electron).
const ownFile = (workerData as { computeWorkerFile?: string } | null)?.computeWorkerFile;
if (ownFile) useComputeWorkerFile(new URL(ownFile));

parentPort?.on('message', (request: ComputeRequest) => {
  run(request, (done, total) => parentPort!.postMessage({ type: 'progress', done, total } satisfies ComputeWorkerMessage)).then(
    (result) => parentPort!.postMessage({ type: 'done', result } satisfies ComputeWorkerMessage),
    (error: unknown) => {
      const e = error as { code?: string; message?: string; problem?: CoreProblem };
      parentPort!.postMessage({ type: 'error', code: e.code ?? 'failed', message: e.message ?? String(error), ...(e.problem ? { problem: e.problem } : {}) } satisfies ComputeWorkerMessage);
    },
  );
});
