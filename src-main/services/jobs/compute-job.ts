// Runs one compute request (training, comparison, a view, an import's summary) on a worker thread: the thread that answers calls never computes; cancelling stops the thread.
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

/** Starting a worker (loading its modules) costs 0.4-0.8 s here: one finished worker is kept for the next request. */
const KEEP_IDLE = 2;
const idle: Worker[] = [];
const busy = new Set<Worker>();
/** Every thread not yet exited: busy, idle, or being stopped. */
const alive = new Set<Worker>();

function acquire(): Worker {
  const kept = idle.pop();
  if (kept) {
    kept.ref();
    busy.add(kept);
    return kept;
  }
  const worker = new Worker(workerUrl, { workerData: { computeWorkerFile: workerUrl.href } });
  alive.add(worker);
  worker.on('exit', () => {
    alive.delete(worker);
    busy.delete(worker);
    const at = idle.indexOf(worker);
    if (at >= 0) idle.splice(at, 1);
  });
  busy.add(worker);
  return worker;
}

/** A worker that finished cleanly waits for the next request (without keeping the process alive); others stop. */
function release(worker: Worker, reusable: boolean): void {
  busy.delete(worker);
  if (reusable && idle.length < KEEP_IDLE) {
    worker.unref();
    idle.push(worker);
  } else void worker.terminate();
}

/** Compute worker threads: running a request, kept idle, and alive at all (a cancelled one until it has stopped). */
export function computeWorkerCounts(): { busy: number; idle: number; alive: number } {
  return { busy: busy.size, idle: idle.length, alive: alive.size };
}

/** Stops the idle workers (shutdown, tests). */
export async function closeComputeWorkers(): Promise<void> {
  await Promise.all(idle.splice(0).map((w) => w.terminate()));
}

/** The worker's result for the request; the caller knows its type from the request's `type`. */
export function runOnComputeWorker<R>(request: ComputeRequest, options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}): Promise<R> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new CoreError('cancelled', `${request.type} cancelled`));
      return;
    }
    const worker = acquire();
    let settled = false;
    const settle = (reusable: boolean, action: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      release(worker, reusable);
      action();
    };
    const onAbort = () => settle(false, () => reject(new CoreError('cancelled', `${request.type} cancelled`)));
    const onExit = () => settle(false, () => reject(new CoreError('failed', `the ${request.type} worker stopped unexpectedly`)));
    const onError = (error: Error) => settle(false, () => reject(error));
    const onMessage = (message: ComputeWorkerMessage) => {
      if (message.type === 'progress') options.onProgress?.(message.done, message.total);
      else if (message.type === 'done') settle(true, () => resolve(message.result as R));
      else {
        const code: CoreErrorCode = message.code === 'bad-input' ? 'bad-input' : 'failed';
        // The worker answered: it is still usable.
        settle(true, () => reject(new CoreError(code, message.message, {}, message.problem)));
      }
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('exit', onExit);
    worker.on('error', onError);
    worker.on('message', onMessage);
    worker.postMessage(request);
  });
}
