// The app's training and comparison jobs: payloads turned into specs, runs checked, models written and checked, attempts stored.
import { createHash, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { Attempt, ComparisonInput, FamilyComparison, TrainingInput } from '../../contract/api.ts';
import { defaultEpochDefinition } from '../../core/epochs.ts';
import { defaultTraining, trainFamilies, type TrainFamily } from '../../core/ml/train.ts';
import type { ClassifierKind } from '../../core/ml/classifiers.ts';
import { ensureWritableFolder } from '../storage/database.ts';
import { insertAttempt, type NewAttempt } from '../storage/attempts.ts';
import type { StoredRun } from '../storage/runs.ts';
import type { JobFunction } from '../jobs/job-runner.ts';
import { runOnComputeWorker } from '../jobs/compute-job.ts';
import type { TrainingOutcome, TrainingSpec } from './training-service.ts';
import { writeCheckedModel } from './model-file.ts';

/** The classifier a family gets when none is asked for: logistic regression for tangent space (MOABB's TS+LR), shrinkage LDA otherwise. */
export const defaultClassifier = (family: TrainFamily): ClassifierKind => (family === 'ts' ? 'logreg' : 'slda');

/** The frequencies a family uses by default: a band-pass for csp and ts, the range searched otherwise. */
const defaultBand = (family: TrainFamily) => (family === 'csp' || family === 'ts' ? { fminHz: 8, fmaxHz: 30 } : { fminHz: defaultTraining.fminHz, fmaxHz: defaultTraining.fmaxHz });

/** The request with every default filled in: what is stored with the attempt. */
export function completeTrainingInput(input: TrainingInput): TrainingInput {
  const family = input.family ?? 'psd';
  const kfold = defaultTraining.cv.kind === 'kfold' ? defaultTraining.cv : { k: 10, seed: 1 };
  return {
    ...input,
    family,
    classifier: input.classifier ?? defaultClassifier(family),
    window: input.window ?? { ...defaultEpochDefinition },
    reference: input.reference ?? 'car',
    band: input.band ?? defaultBand(family),
    cv: input.cv ? { kind: input.cv.kind, k: input.cv.k ?? kfold.k, seed: input.cv.seed ?? kfold.seed } : { kind: 'kfold', k: kfold.k, seed: kfold.seed },
    metric: input.metric ?? 'coh',
  };
}

/** The spec the training service runs for a completed request. */
export function trainingSpecOf(input: TrainingInput): TrainingSpec {
  const full = completeTrainingInput(input);
  const band = full.band!;
  const cv = full.cv!;
  const features = full.features?.map((f) => ({ channel: f.channel, bandHz: [f.fminHz, f.fmaxHz] as [number, number], family: f.family }));
  const base = defaultTraining.selection;
  return {
    family: full.family!,
    classifier: full.classifier!,
    classes: full.classes,
    window: full.window!,
    reference: full.reference!,
    // Explicit features may lie outside the default range: the spectrum is computed over all of them (as the CLI does).
    fminHz: features ? Math.min(band.fminHz, ...features.map((f) => f.bandHz[0])) : band.fminHz,
    fmaxHz: features ? Math.max(band.fmaxHz, ...features.map((f) => f.bandHz[1])) : band.fmaxHz,
    cv: cv.kind === 'runs' ? { kind: 'runs' } : { kind: 'kfold', k: cv.k ?? 10, seed: cv.seed ?? 1 },
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

interface Storage {
  db: () => DatabaseSync;
  dataDir: string;
  version: string;
}

/**
 * Writes and checks each model, then stores every attempt in one transaction. A cancel before the transaction,
 * or any failure, removes the model files written: nothing is stored half-written.
 */
async function storeAttempts(storage: Storage, sessionId: number, runs: StoredRun[], outcomes: TrainingOutcome[], inputs: TrainingInput[], elapsedMs: number, signal: AbortSignal): Promise<Attempt[]> {
  const folder = path.join(storage.dataDir, 'models', `session-${sessionId}`);
  const written: string[] = [];
  try {
    const models: (Attempt['model'])[] = [];
    for (const outcome of outcomes) {
      if (!outcome.model) {
        models.push(null);
        continue;
      }
      ensureWritableFolder(folder);
      const target = path.join(folder, `${new Date().toISOString().replace(/[:.]/g, '-')}-${outcome.spec.family}-${randomUUID().slice(0, 8)}.onnx`);
      await writeCheckedModel(outcome.model.bytes, outcome.model.checks, target);
      written.push(target);
      models.push({ file: path.relative(storage.dataDir, target), sha256: createHash('sha256').update(outcome.model.bytes).digest('hex') });
    }
    signal.throwIfAborted();
    const db = storage.db();
    const attempts: Attempt[] = [];
    db.exec('BEGIN');
    try {
      outcomes.forEach((outcome, i) => {
        const v = outcome.validation;
        const attempt: NewAttempt = {
          sessionId,
          family: outcome.spec.family,
          classifier: outcome.spec.classifier,
          classes: outcome.spec.classes,
          runIds: runs.map((r) => r.id),
          parameters: { ...inputs[i], classes: outcome.spec.classes },
          features: outcome.features.map((f) => ({ family: f.family, channel: f.channel, bandHz: f.bandHz, stability: f.stability })),
          validation: {
            scheme: v.scheme, nTrials: v.nTrials, accuracy: v.accuracy, ci95: v.ci95, significanceThreshold: v.significanceThreshold,
            significant: v.accuracy > v.significanceThreshold, balancedAccuracy: v.balancedAccuracy, kappa: v.kappa, confusion: v.confusion, folds: v.folds,
          },
          rejected: outcome.rejected.map(({ trial, reason, detail }) => ({ trial, reason, detail })),
          model: models[i],
          modelNote: outcome.modelNote ?? null,
          elapsedMs,
        };
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

/** `training.start`: one attempt, trained on a worker thread, stored with its model. */
export function trainingJob(storage: Storage, input: TrainingInput, runs: StoredRun[], files: string[]): JobFunction<Attempt> {
  const full = completeTrainingInput(input);
  const spec = trainingSpecOf(full);
  return async ({ signal, progress }) => {
    const started = performance.now();
    const outcomes = await runOnComputeWorker<TrainingOutcome[]>({ type: 'training', files, specs: [spec], provenance: { files: runs.map((r) => r.originalName), softwareVersion: storage.version } }, { signal, onProgress: progress });
    const [attempt] = await storeAttempts(storage, input.sessionId, runs, outcomes, [full], performance.now() - started, signal);
    return attempt;
  };
}

/** `training.compare`: every family on the same epochs and folds, each stored as an attempt. */
export function comparisonJob(storage: Storage, input: ComparisonInput, runs: StoredRun[], files: string[]): JobFunction<FamilyComparison> {
  const inputs = trainFamilies.map((family) => completeTrainingInput({ ...input, family, band: input.band }));
  // A band given applies to every family; without one each family takes its own default.
  const specs = inputs.map(trainingSpecOf);
  return async ({ signal, progress }) => {
    const started = performance.now();
    const outcomes = await runOnComputeWorker<TrainingOutcome[]>({ type: 'training', files, specs, provenance: { files: runs.map((r) => r.originalName), softwareVersion: storage.version } }, { signal, onProgress: progress });
    const elapsedMs = performance.now() - started;
    const attempts = await storeAttempts(storage, input.sessionId, runs, outcomes, inputs, elapsedMs, signal);
    const first = outcomes[0].validation;
    return {
      sessionId: input.sessionId,
      classes: outcomes[0].spec.classes,
      scheme: first.scheme,
      nTrials: first.nTrials,
      folds: first.folds.map(({ train, test }) => ({ train, test })),
      significanceThreshold: first.significanceThreshold,
      families: attempts.map((a, i) => ({
        family: a.family, classifier: a.classifier, attemptId: a.id, accuracy: a.validation.accuracy, ci95: a.validation.ci95,
        kappa: a.validation.kappa, significant: a.validation.significant, foldAccuracies: outcomes[i].validation.folds.map((f) => f.accuracy),
      })),
      elapsedMs,
    };
  };
}
