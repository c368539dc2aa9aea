// Runs a training request on its own worker thread: the thread that answers calls never trains; cancelling stops the thread.
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { CoreError, type CoreErrorCode } from '../../core/errors.ts';
import type { TrainingOutcome } from './training-service.ts';
import type { TrainingWorkerMessage, TrainingWorkerRequest } from './training-worker.ts';

/**
 * The worker's file: `training-worker.ts` next to this module under Node; the Electron bundle's
 * `out/main/training-worker.js`, which main passes to `useTrainingWorkerFile` at start-up.
 */
let workerUrl: URL = new URL('./training-worker.ts', import.meta.url);

export function useTrainingWorkerFile(file: URL | string): void {
  workerUrl = typeof file === 'string' ? pathToFileURL(file) : file;
}

const liveWorkers = new Set<Worker>();

/** Training worker threads still alive (tests: none once a job has ended or been cancelled). */
export function trainingWorkerThreadsAlive(): number {
  return liveWorkers.size;
}

export function runTrainingOnWorker(request: TrainingWorkerRequest, options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}): Promise<TrainingOutcome[]> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new CoreError('cancelled', 'training cancelled'));
      return;
    }
    const worker = new Worker(workerUrl);
    liveWorkers.add(worker);
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      action();
    };
    const onAbort = () => settle(() => reject(new CoreError('cancelled', 'training cancelled')));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('exit', () => {
      liveWorkers.delete(worker);
      settle(() => reject(new CoreError('failed', 'the training worker stopped unexpectedly')));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('message', (message: TrainingWorkerMessage) => {
      if (message.type === 'progress') options.onProgress?.(message.done, message.total);
      else if (message.type === 'done') settle(() => resolve(message.outcomes));
      else {
        const code: CoreErrorCode = message.code === 'bad-input' ? 'bad-input' : 'failed';
        settle(() => reject(new CoreError(code, message.message)));
      }
    });
    worker.postMessage(request);
  });
}
