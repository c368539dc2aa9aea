// Worker-thread side of a training job: loads the runs, cuts the epochs once, trains each spec in turn, encodes the models.
import { parentPort } from 'node:worker_threads';
import { loadRecording, type LoadedRecording } from '../recordings/load-recording.ts';
import { trainingClasses, trainingEpochs, trainOnEpochs, type ModelProvenance, type TrainingOutcome, type TrainingSpec } from './training-service.ts';

export interface TrainingWorkerRequest {
  /** Absolute paths; each is checked against its `.sha256` sidecar when loaded. */
  files: string[];
  /** Trained on the same epochs (and so the same folds), in order; they share window, reference, classes and cv. */
  specs: TrainingSpec[];
  provenance: ModelProvenance;
}

export type TrainingWorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; outcomes: TrainingOutcome[] }
  | { type: 'error'; code: string; message: string };

export async function runTrainingRequest(request: TrainingWorkerRequest, progress: (done: number, total: number) => void): Promise<TrainingOutcome[]> {
  const recordings: LoadedRecording[] = [];
  for (const file of request.files) recordings.push(await loadRecording(file));
  const first = request.specs[0];
  const classes = trainingClasses(recordings.flatMap((r) => r.events), first.classes);
  const epochs = trainingEpochs(recordings, first, classes);
  const outcomes: TrainingOutcome[] = [];
  request.specs.forEach((spec, i) => {
    outcomes.push(trainOnEpochs(recordings, epochs, { ...spec, classes }, {
      progress: (done, total) => progress(i * total + done, request.specs.length * total),
    }, request.provenance));
  });
  return outcomes;
}

parentPort?.on('message', (request: TrainingWorkerRequest) => {
  runTrainingRequest(request, (done, total) => parentPort!.postMessage({ type: 'progress', done, total } satisfies TrainingWorkerMessage)).then(
    (outcomes) => parentPort!.postMessage({ type: 'done', outcomes } satisfies TrainingWorkerMessage),
    (error: unknown) => {
      const e = error as { code?: string; message?: string };
      parentPort!.postMessage({ type: 'error', code: e.code ?? 'failed', message: e.message ?? String(error) } satisfies TrainingWorkerMessage);
    },
  );
});
