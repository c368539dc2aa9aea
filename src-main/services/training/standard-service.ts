// The default procedure and the standard families from loaded recordings, as the CLI and the app's jobs both run them: nested score, choice, AUC, p-value, the model with its check windows.
import type { EpochDefinition } from '../../core/epochs.ts';
import { cleanChannelLabel } from '../../core/montage.ts';
import { defaultChoiceOptions, standardFamilies, type FamilyChoice, type Hyperparameters, type StandardFamily, type TangentSpaceCache } from '../../core/ml/family-choice.ts';
import type { ProcedureInput } from '../../core/ml/procedure-data.ts';
import type { PrefilterDeclaration } from '../../core/ml/standard-preprocessing.ts';
import { defaultStandardTraining, trainStandard } from '../../core/ml/standard-training.ts';
import type { ClassifierKind } from '../../core/ml/classifiers.ts';
import { encodePipelineModel } from '../../core/onnx/export.ts';
import type { Recording } from '../../core/recording.ts';
import { trainingClasses, type ModelCheck, type ModelProvenance } from './training-service.ts';

/** One standard training's settings; plain data, so that it can be sent to a worker thread. */
export interface StandardSpec {
  /** `auto`: the default procedure (a family chosen per patient by nested cross-validation); else one standard family. */
  family: 'auto' | StandardFamily;
  /** The two classes; default 769,770 or T1,T2, whichever the files hold. */
  classes?: string[];
  window: EpochDefinition;
  /** Outer folds: stratified k-fold with a seed (the seed also drives the inner folds and the permutations). */
  cv: { k: number; seed: number };
  /** Label permutations of the nested accuracy (0: none). */
  permutations: number;
}

/** The cross-validation report of a standard training (the CLI's JSON `cv`, the app's attempt validation). */
export interface StandardValidation {
  accuracy: number;
  auc: number;
  balancedAccuracy: number;
  kappa: number;
  ci95: [number, number];
  /** The accuracy that chance exceeds only 5% of the time at this trial count (binomial, p = 0.05). */
  significanceThreshold: number;
  /** The same value under the name the CLI's JSON has always used. */
  chanceLevel: number;
  pValue: number | null;
  permutations: number;
  nTrials: number;
  confusion: number[][];
  /** Trial numbers as in CLI.md; with `auto`, the family each fold's inner cross-validation chose and the inner scores. */
  folds: { train: number[]; test: number[]; accuracy: number; chosen?: StandardFamily; hyperparameters?: Hyperparameters; inner?: FamilyChoice['inner'] }[];
  scheme: string;
}

export interface StandardOutcome {
  spec: StandardSpec & { classes: string[] };
  validation: StandardValidation;
  /** The family of the final model (chosen on all trials with `auto`) and the inner scores of that choice. */
  choice: FamilyChoice;
  /** The 8-32 Hz band-pass of the covariance families, applied to each whole run before the trials were cut. */
  prefilter: PrefilterDeclaration;
  /** What the final model's input needs and its metadata declares: 8-32 Hz, fbcsp's filter bank, or null (psd-slda reads the raw window). */
  modelPrefilter: PrefilterDeclaration | null;
  /** What the model reads: every channel (clean names), band-passed. */
  features: { family: StandardFamily; channels: string[]; bandHz: [number, number] }[];
  rejected: { trial: number; onsetSec: number; reason: string; detail: string }[];
  /** The encoded model and the windows that check it in onnxruntime; null when not asked for or not exportable. */
  model: { bytes: Uint8Array; checks: ModelCheck[] } | null;
  /** Why the final model cannot be exported (set whether or not a model was asked for). */
  modelNote?: string;
}

export interface StandardHooks {
  progress?: (stage: string, done: number, total: number) => void;
}

/** The classifier that ends each standard family: what an attempt records beside the family. */
export function standardClassifier(family: StandardFamily): ClassifierKind | 'mdm' {
  switch (family) {
    case 'ts-lr': return 'logreg';
    case 'ts-svm': return 'svm';
    case 'csp-lda': return 'lda';
    case 'fbcsp':
    case 'psd-slda': return 'slda';
    case 'fgmdm': return 'mdm';
  }
}

/** The families whose data `prepareProcedureData` must compute for these specs. */
export function familiesNeeded(specs: Pick<StandardSpec, 'family'>[]): StandardFamily[] {
  const out = new Set<StandardFamily>();
  for (const s of specs) for (const f of s.family === 'auto' ? defaultChoiceOptions.candidates : [s.family]) out.add(f);
  return standardFamilies.filter((f) => out.has(f));
}

/**
 * Trains the default procedure or one standard family on whole recordings (MOABB's preprocessing), scores it on
 * the outer folds and fits the final model; with `provenance`, encodes the model (when the family exports) and
 * picks band-passed training windows to check it with. `prepared`: the procedure data of the same recordings and
 * window, computed once for several specs.
 */
export function trainStandardOnRecordings(recordings: (Recording & { path: string })[], spec: StandardSpec, hooks: StandardHooks = {}, provenance?: ModelProvenance, prepared?: ProcedureInput & { cache?: TangentSpaceCache }): StandardOutcome {
  const classes = trainingClasses(recordings.flatMap((r) => r.events), spec.classes);
  const result = trainStandard(recordings.map((r) => ({ ...r, name: r.path })), { classes, ...spec.window }, {
    ...defaultStandardTraining,
    family: spec.family,
    cv: spec.cv,
    choice: { ...defaultChoiceOptions, seed: spec.cv.seed },
    permutations: spec.permutations,
    // Never returns true: core would take it as "stop the permutations".
    progress: hooks.progress ? (stage, done, total) => { hooks.progress!(stage, done, total); } : undefined,
  }, prepared);
  const { epochs, nested } = result;
  const trialNumber = (row: number) => epochs.trials[row].index;
  const folds = result.folds.map((f, i) => {
    let correct = 0;
    for (const t of f.test) if ((nested.probability[t] > 0.5 ? 1 : 0) === result.labels[t]) correct++;
    const choice = result.foldChoices?.[i];
    return { train: f.train.map(trialNumber), test: f.test.map(trialNumber), accuracy: correct / f.test.length, ...(choice ? { chosen: choice.chosen, hyperparameters: choice.hyperparameters, inner: choice.inner } : {}) };
  });
  const validation: StandardValidation = {
    accuracy: nested.accuracy,
    auc: nested.auc,
    balancedAccuracy: nested.balancedAccuracy,
    kappa: nested.kappa,
    ci95: nested.ci95,
    significanceThreshold: nested.chanceLevel,
    chanceLevel: nested.chanceLevel,
    pValue: result.permutation ? result.permutation.pValue : null,
    permutations: result.permutation ? result.permutation.null.length : 0,
    nTrials: nested.nTrials,
    confusion: nested.confusion,
    folds,
    scheme: `stratified ${spec.cv.k}-fold, seed ${spec.cv.seed}${spec.family === 'auto' ? `, family chosen by an inner ${defaultChoiceOptions.innerFolds}-fold cross-validation in each training set` : ''}`,
  };
  const features = [{ family: result.choice.family, channels: epochs.channels.map(cleanChannelLabel), bandHz: result.prefilter.bandHz }];
  const rejected = epochs.rejected.map((r) => ({ trial: r.index, onsetSec: r.onsetSec, reason: r.reason, detail: r.detail }));
  const outcome: StandardOutcome = { spec: { ...spec, classes }, validation, choice: result.choice, prefilter: result.prefilter, modelPrefilter: result.modelPrefilter, features, rejected, model: null };
  if (!result.exported) return { ...outcome, modelNote: result.exportNote ?? `the ${result.choice.family} family cannot be exported` };
  if (!provenance) return outcome;
  const bytes = encodePipelineModel(result.exported, {
    window: spec.window, classes, family: result.choice.family, classifier: result.choice.family, features, prefilter: result.modelPrefilter ?? undefined,
    report: { cv: validation, choice: result.choice, rejected: rejected.map(({ trial, reason, detail }) => ({ trial, reason, detail })), files: provenance.files },
    softwareVersion: provenance.softwareVersion,
  });
  // Core cuts the check windows as the model's input (band-passed, per band for a filter bank, or raw for psd-slda).
  const checks: ModelCheck[] = result.modelChecks.map(({ trial, window, probability }) => ({ trial, window, probability }));
  return { ...outcome, model: { bytes, checks } };
}
