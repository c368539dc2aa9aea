// A training request as a worker runs it: load the runs once, cut (and band-pass) the trials once per kind, train each spec in turn on the same folds.
import { defaultChoiceOptions, tangentSpaceRowSets, TangentSpaceCache, usesTangentSpace } from '../../core/ml/family-choice.ts';
import { stratifiedKFold } from '../../core/ml/folds.ts';
import { prepareProcedureData, type ProcedureInput } from '../../core/ml/procedure-data.ts';
import { checkSameTrials } from '../../core/ml/standard-preprocessing.ts';
import { eventsAtDrawnOnsets, type CueShift } from '../../core/protocol/drawn-onsets.ts';
import { loadRecording, type LoadedRecording } from '../recordings/load-recording.ts';
import { prefitTangentSpaces, warmTangentSpaceHelper } from './tangent-space-threads.ts';
import { familiesNeeded, trainStandardOnRecordings, type StandardOutcome, type StandardSpec } from './standard-service.ts';
import { trainingClasses, trainingEpochs, trainOnEpochs, type ModelProvenance, type TrainingOutcome, type TrainingSpec } from './training-service.ts';

/** A per-window family (features from the Select step) or a standard one (MOABB's preprocessing, `auto` included). */
export type AppTrainingSpec = ({ kind: 'window' } & TrainingSpec) | ({ kind: 'standard' } & StandardSpec);
export type AppTrainingOutcome = { kind: 'window'; outcome: TrainingOutcome } | { kind: 'standard'; outcome: StandardOutcome };

export interface TrainingRequest {
  /** Absolute paths; each is checked against its `.sha256` sidecar when loaded. */
  files: string[];
  /** Trained on the same trials (and so the same folds), in order; they share window, classes and cv (and the per-window ones the reference). */
  specs: AppTrainingSpec[];
  provenance: ModelProvenance;
  /**
   * Per file (in `files`' order), its cue markers' moves to their drawn onsets (`drawnOnsets`), or null to cut at the
   * markers as recorded; absent: every file as recorded.
   */
  cueShifts?: (CueShift[] | null)[];
}

/** Whether a standard spec fits tangent spaces: a tangent-space family, or the default procedure (they are among its candidates). */
const readsTangentSpace = (spec: Pick<StandardSpec, 'family'>): boolean => (spec.family === 'auto' ? defaultChoiceOptions.candidates : [spec.family]).some(usesTangentSpace);

/**
 * The training-row sets whose tangent spaces the standard specs will fit (their outer folds' training sets and all
 * trials), the same folds `trainStandard` draws; none when no spec reads the tangent space or the folds cannot be
 * drawn (training then says why).
 */
function tangentSpaceRowsOf(specs: StandardSpec[], labels: Uint8Array): number[][] {
  const minClass = Math.min(...[0, 1].map((c) => labels.filter((l) => l === c).length));
  return specs.flatMap((spec) => {
    if (!readsTangentSpace(spec) || minClass < spec.cv.k) return [];
    return tangentSpaceRowSets(labels.length, stratifiedKFold(labels, spec.cv.k, spec.cv.seed));
  });
}

/** Progress in hundredths of a spec: spec i of n at `fraction` done. */
const STEPS = 100;

/** The request's files, each checked against its checksum, with its cue markers at their drawn onsets when the request moves them. */
export async function loadRequestRecordings(request: Pick<TrainingRequest, 'files' | 'cueShifts'>): Promise<LoadedRecording[]> {
  const recordings: LoadedRecording[] = [];
  for (const [i, file] of request.files.entries()) {
    const recording = await loadRecording(file);
    const shifts = request.cueShifts?.[i];
    recordings.push(shifts ? { ...recording, events: eventsAtDrawnOnsets(recording.events, shifts, recording.sampleRateHz) } : recording);
  }
  return recordings;
}

export async function runTrainingRequest(request: TrainingRequest, progress: (done: number, total: number) => void): Promise<AppTrainingOutcome[]> {
  const standardSpecs = request.specs.filter((s) => s.kind === 'standard');
  if (standardSpecs.some(readsTangentSpace)) warmTangentSpaceHelper();
  const recordings = await loadRequestRecordings(request);
  const first = request.specs[0];
  const classes = trainingClasses(recordings.flatMap((r) => r.events), first.classes);
  const total = request.specs.length * STEPS;
  const windowSpecs = request.specs.filter((s) => s.kind === 'window');
  const epochs = windowSpecs.length > 0 ? trainingEpochs(recordings, windowSpecs[0], classes) : null;
  let prepared: (ProcedureInput & { cache: TangentSpaceCache }) | undefined;
  if (standardSpecs.length > 0) {
    const input = prepareProcedureData(recordings.map((r) => ({ ...r, name: r.path })), { classes, ...standardSpecs[0].window }, { families: familiesNeeded(standardSpecs) });
    // One tangent-space cache: ts-lr's outer folds and the default procedure's fit the same training sets once.
    prepared = { ...input, cache: new TangentSpaceCache(input.data.covariances, input.data.nChannels) };
    // Same trials, same labels, same k and seed: the per-window and the standard families share their folds.
    if (epochs) checkSameTrials(epochs, prepared.epochs, 'comparison');
    await prefitTangentSpaces(prepared.cache, tangentSpaceRowsOf(standardSpecs, prepared.labels));
  }
  return request.specs.map((spec, i): AppTrainingOutcome => {
    const report = (fraction: number) => progress(i * STEPS + Math.min(STEPS, Math.round(fraction * STEPS)), total);
    if (spec.kind === 'window') {
      const { kind: _kind, ...windowSpec } = spec;
      return { kind: 'window', outcome: trainOnEpochs(recordings, epochs!, { ...windowSpec, classes }, { progress: (done, n) => report(done / n) }, request.provenance) };
    }
    const { kind: _kind, ...standardSpec } = spec;
    const outcome = trainStandardOnRecordings(recordings, { ...standardSpec, classes }, {
      progress: (stage, done, n) => report(stage === 'permutations' ? 0.5 + (0.5 * done) / n : 0.5),
    }, request.provenance, prepared);
    report(1);
    return { kind: 'standard', outcome };
  });
}
