// Runs one compute request (training, comparison, a view) on a worker thread of its own: the thread that answers calls never computes; cancelling stops the thread.
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { CoreError, type CoreErrorCode } from '../../core/errors.ts';
import type { ComputeRequest, ComputeWorkerMessage } from './compute-worker.ts';

/**
 * The worker's file: `compute-worker.ts` next to this module under Node; the Electron bundle's
 * `out/main/compute-worker.js`, which main passes to `useComputeWorkerFile` at start-up.
 */
let workerUrl: URL = new URL('./compute-worker.ts', import.meta.url);

export function useComputeWorkerFile(file: URL | string): void {
  workerUrl = typeof file === 'string' ? pathToFileURL(file) : file;
}

const liveWorkers = new Set<Worker>();

/** Compute worker threads still alive (tests: none once a job has ended or been cancelled). */
export function computeWorkerThreadsAlive(): number {
  return liveWorkers.size;
}

/** The worker's result for the request; the caller knows its type from the request's `type`. */
export function runOnComputeWorker<R>(request: ComputeRequest, options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}): Promise<R> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new CoreError('cancelled', `${request.type} cancelled`));
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
    const onAbort = () => settle(() => reject(new CoreError('cancelled', `${request.type} cancelled`)));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('exit', () => {
      liveWorkers.delete(worker);
      settle(() => reject(new CoreError('failed', `the ${request.type} worker stopped unexpectedly`)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('message', (message: ComputeWorkerMessage) => {
      if (message.type === 'progress') options.onProgress?.(message.done, message.total);
      else if (message.type === 'done') settle(() => resolve(message.result as R));
      else {
        const code: CoreErrorCode = message.code === 'bad-input' ? 'bad-input' : 'failed';
        settle(() => reject(new CoreError(code, message.message)));
      }
    });
    worker.postMessage(request);
  });
}
