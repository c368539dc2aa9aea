// The app's training and comparison jobs: payloads turned into specs (the default procedure, the standard and the per-window families), runs checked, models written and checked, attempts stored.
import { createHash, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { standardFamilyNames, type AppFamily, type Attempt, type AttemptValidation, type ComparisonInput, type FamilyComparison, type StandardFamilyName, type TrainingInput } from '../../contract/api.ts';
import { defaultEpochDefinition } from '../../core/epochs.ts';
import { cueShiftsOf, type CueShift } from '../../core/protocol/drawn-onsets.ts';
import { defaultTraining, type TrainFamily } from '../../core/ml/train.ts';
import { defaultChoiceOptions, type FamilyChoice } from '../../core/ml/family-choice.ts';
import { defaultStandardTraining } from '../../core/ml/standard-training.ts';
import type { ClassifierKind } from '../../core/ml/classifiers.ts';
import { ensureWritableFolder } from '../storage/database.ts';
import { insertAttempt, type NewAttempt } from '../storage/attempts.ts';
import type { StoredRun } from '../storage/runs.ts';
import type { JobFunction } from '../jobs/job-runner.ts';
import { runOnComputeWorker } from '../jobs/compute-job.ts';
import { failingAsRunFiles } from '../jobs/run-file-failure.ts';
import type { TrainingSpec } from './training-service.ts';
import type { AppTrainingOutcome, AppTrainingSpec } from './training-request.ts';
import { standardClassifier } from './standard-service.ts';
import { writeCheckedModel } from './model-file.ts';
import { runTrainingOnWorkers } from './split-training.ts';

/** Whether a family runs the standard path (MOABB's preprocessing): the default procedure and the standard families. */
export const isStandardFamily = (family: AppFamily): family is 'auto' | StandardFamilyName => family === 'auto' || (standardFamilyNames as readonly string[]).includes(family);

/** The classifier a per-window family gets when none is asked for: logistic regression for tangent space (MOABB's TS+LR), shrinkage LDA otherwise. */
export const defaultClassifier = (family: TrainFamily): ClassifierKind => (family === 'ts' ? 'logreg' : 'slda');

/** The frequencies a per-window family uses by default: a band-pass for csp and ts, the range searched otherwise. */
const defaultBand = (family: TrainFamily) => (family === 'csp' || family === 'ts' ? { fminHz: 8, fmaxHz: 30 } : { fminHz: defaultTraining.fminHz, fmaxHz: defaultTraining.fmaxHz });

/** The app's folds when none are asked for: the default procedure's (stratified 5-fold, seed 1), for every family, so attempts compare. */
const defaultCv = { kind: 'kfold' as const, ...defaultStandardTraining.cv };

/** The request with every default filled in: what is stored with the attempt. */
export function completeTrainingInput(input: TrainingInput): TrainingInput {
  const family = input.family ?? 'auto';
  const cv = input.cv ? { kind: input.cv.kind, k: input.cv.k ?? defaultCv.k, seed: input.cv.seed ?? defaultCv.seed } : { ...defaultCv };
  const window = input.window ?? { ...defaultEpochDefinition };
  if (isStandardFamily(family)) {
    // Standard settings: no re-reference, 8-32 Hz on the continuous runs (the attempt's validation.prefilter says so).
    const { classifier: _c, band: _b, features: _f, selection: _s, ...rest } = input;
    return { ...rest, family, window, reference: 'none', cv, permutations: input.permutations ?? 0 };
  }
  return {
    ...input,
    family,
    classifier: input.classifier ?? defaultClassifier(family),
    window,
    reference: input.reference ?? 'car',
    band: input.band ?? defaultBand(family),
    cv,
    metric: input.metric ?? 'coh',
    permutations: 0,
  };
}

/** The per-window spec the training service runs for a completed request of a per-window family. */
export function trainingSpecOf(input: TrainingInput): TrainingSpec {
  const full = completeTrainingInput(input);
  if (isStandardFamily(full.family)) throw new Error(`trainingSpecOf: ${full.family} is not a per-window family`);
  const band = full.band!;
  const cv = full.cv!;
  const features = full.features?.map((f) => ({ channel: f.channel, bandHz: [f.fminHz, f.fmaxHz] as [number, number], family: f.family }));
  const base = defaultTraining.selection;
  return {
    family: full.family,
    classifier: full.classifier!,
    classes: full.classes,
    window: full.window!,
    reference: full.reference!,
    // Explicit features may lie outside the default range: the spectrum is computed over all of them (as the CLI does).
    fminHz: features ? Math.min(band.fminHz, ...features.map((f) => f.bandHz[0])) : band.fminHz,
    fmaxHz: features ? Math.max(band.fmaxHz, ...features.map((f) => f.bandHz[1])) : band.fmaxHz,
    cv: cv.kind === 'runs' ? { kind: 'runs' } : { kind: 'kfold', k: cv.k ?? defaultCv.k, seed: cv.seed ?? defaultCv.seed },
    seed: cv.seed ?? defaultTraining.seed,
    features,
    selection: {
      ...base,
      nFeatures: full.selection?.nFeatures ?? base.nFeatures,
      bandWidthsHz: full.selection?.bandWidthsHz ?? base.bandWidthsHz,
      sign: full.selection?.sign ?? base.sign,
      channels: full.selection?.channels ?? base.channels,
      excludeChannels: full.selection?.excludeChannels ?? base.excludeChannels,
      activeClass: 1,
    },
    connectivityMetric: full.metric!,
    psdMethod: 'welch',
    nBootstrap: defaultTraining.nBootstrap,
  };
}

/** The worker's spec for a request: the standard path for `auto` and the standard families, the per-window one otherwise. */
export function appTrainingSpecOf(input: TrainingInput): AppTrainingSpec {
  const full = completeTrainingInput(input);
  if (!isStandardFamily(full.family)) return { kind: 'window', ...trainingSpecOf(full) };
  const cv = full.cv!;
  return { kind: 'standard', family: full.family, classes: full.classes, window: full.window!, cv: { k: cv.k ?? defaultCv.k, seed: cv.seed ?? defaultCv.seed }, permutations: full.permutations ?? 0 };
}

interface Storage {
  db: () => DatabaseSync;
  dataDir: string;
  version: string;
}

/** What an outcome stores besides its ids, model file and time: the attempt's family, classifier, features, validation. */
export function attemptDraftOf(result: AppTrainingOutcome, input: TrainingInput): Pick<NewAttempt, 'family' | 'classifier' | 'classes' | 'parameters' | 'features' | 'validation' | 'rejected' | 'modelNote'> {
  if (result.kind === 'window') {
    const outcome = result.outcome;
    const v = outcome.validation;
    return {
      family: outcome.spec.family,
      classifier: outcome.spec.classifier,
      classes: outcome.spec.classes,
      parameters: { ...input, classes: outcome.spec.classes },
      features: outcome.features.map((f) => ({ family: f.family, channel: f.channel, bandHz: f.bandHz, stability: f.stability })),
      validation: {
        scheme: v.scheme, nTrials: v.nTrials, accuracy: v.accuracy, ci95: v.ci95, significanceThreshold: v.significanceThreshold,
        significant: v.accuracy > v.significanceThreshold, balancedAccuracy: v.balancedAccuracy, kappa: v.kappa, confusion: v.confusion, folds: v.folds,
      },
      rejected: outcome.rejected.map(({ trial, reason, detail }) => ({ trial, reason, detail })),
      modelNote: outcome.modelNote ?? null,
    };
  }
  const outcome = result.outcome;
  const v = outcome.validation;
  const validation: AttemptValidation = {
    scheme: v.scheme, nTrials: v.nTrials, accuracy: v.accuracy, ci95: v.ci95, significanceThreshold: v.significanceThreshold,
    significant: v.accuracy > v.significanceThreshold, balancedAccuracy: v.balancedAccuracy, kappa: v.kappa, confusion: v.confusion, folds: v.folds,
    auc: v.auc,
    permutation: v.pValue !== null ? { pValue: v.pValue, count: v.permutations } : null,
    prefilter: outcome.modelPrefilter,
    ...(outcome.spec.family === 'auto' ? { choice: choiceOf(outcome.choice) } : {}),
  };
  return {
    family: outcome.spec.family,
    classifier: standardClassifier(outcome.choice.family),
    classes: outcome.spec.classes,
    parameters: { ...input, classes: outcome.spec.classes },
    // The model reads every channel, band-passed (validation.prefilter): no channel/band features to list.
    features: [],
    validation,
    rejected: outcome.rejected.map(({ trial, reason, detail }) => ({ trial, reason, detail })),
    modelNote: outcome.modelNote ?? null,
  };
}

/** The choice on all trials as an attempt keeps it: the family, its hyperparameters, every candidate's best inner score (the whole grid left out). */
function choiceOf(choice: FamilyChoice): NonNullable<AttemptValidation['choice']> {
  return { family: choice.family, ...(choice.hyperparameters ? { hyperparameters: choice.hyperparameters } : {}), inner: choice.inner, innerFolds: defaultChoiceOptions.innerFolds };
}

/** The family an outcome's model file is named after. */
const modelFamily = (result: AppTrainingOutcome): string => (result.kind === 'window' ? result.outcome.spec.family : result.outcome.choice.family);

/**
 * Writes and checks each model, then stores every attempt in one transaction. A cancel before the transaction,
 * or any failure, removes the model files written: nothing is stored half-written.
 */
async function storeAttempts(storage: Storage, sessionId: number, runs: StoredRun[], outcomes: AppTrainingOutcome[], inputs: TrainingInput[], elapsedMs: number, signal: AbortSignal): Promise<Attempt[]> {
  const folder = path.join(storage.dataDir, 'models', `session-${sessionId}`);
  const written: string[] = [];
  try {
    const models: (Attempt['model'])[] = [];
    for (const result of outcomes) {
      const model = result.outcome.model;
      if (!model) {
        models.push(null);
        continue;
      }
      ensureWritableFolder(folder);
      const target = path.join(folder, `${new Date().toISOString().replace(/[:.]/g, '-')}-${modelFamily(result)}-${randomUUID().slice(0, 8)}.onnx`);
      await writeCheckedModel(model.bytes, model.checks, target);
      written.push(target);
      models.push({ file: path.relative(storage.dataDir, target), sha256: createHash('sha256').update(model.bytes).digest('hex') });
    }
    signal.throwIfAborted();
    const db = storage.db();
    const attempts: Attempt[] = [];
    // IMMEDIATE: the write lock first, so each attempt's audit entry follows the log's last entry as it is then.
    db.exec('BEGIN IMMEDIATE');
    try {
      outcomes.forEach((result, i) => {
        const attempt: NewAttempt = { sessionId, runIds: runs.map((r) => r.id), ...attemptDraftOf(result, inputs[i]), model: models[i], elapsedMs };
        attempts.push(insertAttempt(db, attempt));
      });
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    return attempts;
  } catch (error) {
    for (const file of written) rmSync(file, { force: true });
    throw error;
  }
}

const provenanceOf = (storage: Storage, runs: StoredRun[]) => ({ files: runs.map((r) => r.originalName), softwareVersion: storage.version });

/**
 * With `drawnOnsets`, each run's cue moves from its protocol record (its cues' measured display latencies at the run's
 * rate); null for a run with none (a free recording, an import, a run no screen reported). Without it: none at all.
 */
export function cueShiftsOfRuns(input: Pick<TrainingInput, 'drawnOnsets'>, runs: StoredRun[]): { cueShifts?: (CueShift[] | null)[] } {
  if (!input.drawnOnsets) return {};
  return { cueShifts: runs.map((run) => (run.protocol && run.protocol.cues.length > 0 ? cueShiftsOf(run.protocol.cues, run.sampleRateHz) : null)) };
}

/** `training.start`: one attempt, trained on a worker thread, stored with its model. */
export function trainingJob(storage: Storage, input: TrainingInput, runs: StoredRun[], files: string[]): JobFunction<Attempt> {
  const full = completeTrainingInput(input);
  const spec = appTrainingSpecOf(full);
  return async ({ signal, progress }) => {
    const started = performance.now();
    const outcomes = await failingAsRunFiles(runs, files, () => runOnComputeWorker<AppTrainingOutcome[]>({ type: 'training', files, specs: [spec], provenance: provenanceOf(storage, runs), ...cueShiftsOfRuns(input, runs) }, { signal, onProgress: progress }));
    const [attempt] = await storeAttempts(storage, input.sessionId, runs, outcomes, [full], performance.now() - started, signal);
    return attempt;
  };
}

/** The families of `training.compare`, in the chart's order: the per-window ones on the Select step's features, two standard baselines, the default procedure. */
export const comparedFamilies = ['psd', 'fc', 'mixed', 'csp-lda', 'ts-lr', 'auto'] as const satisfies readonly AppFamily[];

/** The `training.start` inputs a comparison runs: psd, fc and mixed take the features of their kind (automatic selection when none). */
export function comparisonInputs(input: ComparisonInput): TrainingInput[] {
  const { features, selection, ...shared } = input;
  const cv = input.cv ?? { ...defaultCv };
  const ofKind = (kind: 'psd' | 'fc') => features?.filter((f) => (f.family ?? 'psd') === kind);
  const chosen = (list: ComparisonInput['features']) => (list && list.length > 0 ? { features: list } : selection ? { selection } : {});
  return comparedFamilies.map((family) => {
    if (isStandardFamily(family)) return completeTrainingInput({ ...shared, family, cv, permutations: 0, reference: undefined, band: undefined });
    const own = family === 'mixed' ? features : ofKind(family);
    return completeTrainingInput({ ...shared, family, cv, permutations: 0, ...chosen(own) });
  });
}

/** `training.compare`: the compared families on the same trials and folds (two workers: the per-window families and the standard ones), each stored as an attempt. */
export function comparisonJob(storage: Storage, input: ComparisonInput, runs: StoredRun[], files: string[]): JobFunction<FamilyComparison> {
  const inputs = comparisonInputs(input);
  const specs = inputs.map(appTrainingSpecOf);
  return async ({ signal, progress }) => {
    const started = performance.now();
    const outcomes = await failingAsRunFiles(runs, files, () => runTrainingOnWorkers({ files, specs, provenance: provenanceOf(storage, runs), ...cueShiftsOfRuns(input, runs) }, { signal, onProgress: progress }));
    const elapsedMs = performance.now() - started;
    const attempts = await storeAttempts(storage, input.sessionId, runs, outcomes, inputs, elapsedMs, signal);
    const first = attempts[0].validation;
    return {
      sessionId: input.sessionId,
      classes: attempts[0].classes,
      scheme: first.scheme,
      nTrials: first.nTrials,
      folds: first.folds.map(({ train, test }) => ({ train, test })),
      significanceThreshold: first.significanceThreshold,
      families: attempts.map((a, i) => ({
        family: inputs[i].family, classifier: a.classifier, attemptId: a.id, accuracy: a.validation.accuracy, ci95: a.validation.ci95,
        kappa: a.validation.kappa, significant: a.validation.significant, foldAccuracies: a.validation.folds.map((f) => f.accuracy),
        auc: a.validation.auc ?? null, chosen: a.validation.choice?.family ?? null,
      })),
      elapsedMs,
    };
  };
}
