// Worker-thread side of a feature job: computes the per-trial features of the chunk of epochs it is sent.
import { parentPort } from 'node:worker_threads';
import { computeTrialFeatures, type FeatureParameters } from '../../core/features/pipeline.ts';
import type { Epochs } from '../../core/epochs.ts';
import type { CoreProblem } from '../../core/errors.ts';

export interface FeatureWorkerRequest {
  epochs: Epochs;
  parameters: FeatureParameters;
}

export type FeatureWorkerMessage =
  | { type: 'progress'; done: number }
  | { type: 'done'; values: Float64Array[]; freqsHz: Float64Array; log: boolean }
  | { type: 'error'; code: string; message: string; details: Record<string, unknown>; problem?: CoreProblem };

parentPort?.on('message', (request: FeatureWorkerRequest) => {
  try {
    const features = computeTrialFeatures(request.epochs, request.parameters, (done) => {
      parentPort!.postMessage({ type: 'progress', done } satisfies FeatureWorkerMessage);
    });
    const message: FeatureWorkerMessage = { type: 'done', values: features.values, freqsHz: features.freqsHz, log: features.log };
    parentPort!.postMessage(message, features.values.map((v) => v.buffer as ArrayBuffer));
  } catch (error) {
    const e = error as { code?: string; message?: string; details?: Record<string, unknown>; problem?: CoreProblem };
    parentPort!.postMessage({ type: 'error', code: e.code ?? 'failed', message: e.message ?? String(error), details: e.details ?? {}, ...(e.problem ? { problem: e.problem } : {}) } satisfies FeatureWorkerMessage);
  }
});
