// A training request as a worker runs it: load the runs, cut the epochs once, train each spec in turn on the same folds.
import { loadRecording, type LoadedRecording } from '../recordings/load-recording.ts';
import { trainingClasses, trainingEpochs, trainOnEpochs, type ModelProvenance, type TrainingOutcome, type TrainingSpec } from './training-service.ts';

export interface TrainingRequest {
  /** Absolute paths; each is checked against its `.sha256` sidecar when loaded. */
  files: string[];
  /** Trained on the same epochs (and so the same folds), in order; they share window, reference, classes and cv. */
  specs: TrainingSpec[];
  provenance: ModelProvenance;
}

export async function runTrainingRequest(request: TrainingRequest, progress: (done: number, total: number) => void): Promise<TrainingOutcome[]> {
  const recordings: LoadedRecording[] = [];
  for (const file of request.files) recordings.push(await loadRecording(file));
  const first = request.specs[0];
  const classes = trainingClasses(recordings.flatMap((r) => r.events), first.classes);
  const epochs = trainingEpochs(recordings, first, classes);
  return request.specs.map((spec, i) => trainOnEpochs(recordings, epochs, { ...spec, classes }, {
    progress: (done, total) => progress(i * total + done, request.specs.length * total),
  }, request.provenance));
}
