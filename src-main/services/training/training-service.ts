// Training as the app, the CLI and the tests run it: epochs from loaded recordings, the honest cross-validation, the encoded model and its check windows.
import { badInput, problem } from '../../core/errors.ts';
import { describeEvents, eventNames, extractEpochs, type EpochDefinition, type Epochs } from '../../core/epochs.ts';
import { rereference } from '../../core/dsp/reference.ts';
import type { ClassifierKind } from '../../core/ml/classifiers.ts';
import type { ConnectivityMetric } from '../../core/features/connectivity.ts';
import { trainPipeline, type ExplicitFeature, type SearchReport, type SelectedFeature, type SelectionSettings, type TrainFamily, type TrainOptions } from '../../core/ml/train.ts';
import { encodePipelineModel } from '../../core/onnx/export.ts';
import type { Recording, RecordingEvent } from '../../core/recording.ts';
import { standardClasses } from '../runs/run-summary.ts';

/** One training run's settings; plain data, so that it can be sent to a worker thread. */
export interface TrainingSpec {
  family: TrainFamily;
  classifier: ClassifierKind;
  /** The two classes (event codes or annotation texts); default: 769,770 or T1,T2, whichever the files hold. */
  classes?: string[];
  window: EpochDefinition;
  reference: 'car' | 'none';
  fminHz: number;
  fmaxHz: number;
  cv: TrainOptions['cv'];
  seed: number;
  features?: ExplicitFeature[];
  selection: SelectionSettings;
  connectivityMetric: ConnectivityMetric;
  psdMethod: 'welch' | 'burg';
  nBootstrap: number;
  search?: { maxSize: number; poolSize: number; timeBudgetMs: number };
}

/** Cross-validation as reported by the CLI, stored with attempts and written into the model's metadata. */
export interface ValidationReport {
  accuracy: number;
  balancedAccuracy: number;
  kappa: number;
  ci95: [number, number];
  /** The accuracy that chance exceeds only 5% of the time at this trial count (binomial, p = 0.05). */
  significanceThreshold: number;
  /** The same value under the name the CLI's JSON has always used. */
  chanceLevel: number;
  nTrials: number;
  confusion: number[][];
  /** Trial numbers as in CLI.md. */
  folds: { train: number[]; test: number[]; accuracy: number }[];
  scheme: string;
}

export interface TrainingOutcome {
  spec: TrainingSpec & { classes: string[] };
  validation: ValidationReport;
  features: SelectedFeature[];
  rejected: { trial: number; onsetSec: number; reason: string; detail: string }[];
  search?: SearchReport;
  /** The encoded model and the windows that check it in onnxruntime; null when not asked for or not exportable. */
  model: { bytes: Uint8Array; checks: ModelCheck[] } | null;
  /** Why there is no model although one was asked for. */
  modelNote?: string;
}

/** A raw window (µV, model channel order) and the probability of class 2 NeuroFeat gives it. */
export interface ModelCheck {
  trial: number;
  window: Float32Array;
  probability: number;
}

export interface TrainingHooks {
  /** Folds done out of total; returning true stops nothing (core ignores it) but keeps the signature. */
  progress?: (done: number, total: number) => void;
  searchProgress?: (done: number, total: number) => void;
}

/** What the model's metadata says about where it came from. */
export interface ModelProvenance {
  /** File names of the recordings (no folders). */
  files: string[];
  softwareVersion: string;
}

/** The classes of a training: given (core's epoch cutting names a class that matches no event), or the standard pair the events hold. */
export function trainingClasses(events: RecordingEvent[], given: string[] | undefined): string[] {
  if (given) return given;
  const pair = standardClasses(events);
  if (!pair) throw badInput(`classes: not given and the recordings hold neither 769/770 nor T1/T2; events present: ${describeEvents(events)}`, {}, problem('no-default-classes', { events: eventNames(events) }));
  return pair;
}


/** Epochs of the two classes, re-referenced, over recordings in the order given (trials numbered in that order). */
export function trainingEpochs(recordings: (Recording & { path: string })[], spec: Pick<TrainingSpec, 'window' | 'reference' | 'cv'>, classes: string[]): Epochs {
  if (spec.cv.kind === 'runs' && recordings.length < 2) throw badInput('cv runs: leave-one-run-out needs at least two recordings (one per run)');
  return rereference(extractEpochs(recordings.map((r) => ({ ...r, name: r.path })), { classes, ...spec.window }), { kind: spec.reference });
}

/**
 * Cross-validates and fits one pipeline on epochs already cut (`trainingEpochs`); with `provenance`, encodes the
 * final model and picks windows to check it with.
 */
export function trainOnEpochs(recordings: Recording[], epochs: Epochs, spec: TrainingSpec & { classes: string[] }, hooks: TrainingHooks = {}, provenance?: ModelProvenance): TrainingOutcome {
  const options: TrainOptions = {
    family: spec.family, classifier: spec.classifier, features: spec.features, selection: spec.selection,
    fminHz: spec.fminHz, fmaxHz: spec.fmaxHz, cv: spec.cv, seed: spec.seed, nBootstrap: spec.nBootstrap,
    connectivityMetric: spec.connectivityMetric, psdMethod: spec.psdMethod,
    progress: hooks.progress ? (done, total) => { hooks.progress!(done, total); } : undefined,
    search: spec.search ? { ...spec.search, now: () => performance.now(), progress: hooks.searchProgress ? (done, total) => { hooks.searchProgress!(done, total); } : undefined } : undefined,
  };
  if (options.search && (spec.features || spec.family === 'csp' || spec.family === 'ts')) throw badInput('search works with automatic selection of psd, fc or mixed features');
  const result = trainPipeline(epochs, spec.reference, options);
  const trialNumber = (row: number) => epochs.trials[row].index;
  const validation: ValidationReport = {
    accuracy: result.cv.accuracy,
    balancedAccuracy: result.cv.balancedAccuracy,
    kappa: result.cv.kappa,
    ci95: result.cv.ci95,
    significanceThreshold: result.cv.chanceLevel,
    chanceLevel: result.cv.chanceLevel,
    nTrials: result.cv.nTrials,
    confusion: result.cv.confusion,
    folds: result.cv.folds.map((f) => ({ train: f.train.map(trialNumber), test: f.test.map(trialNumber), accuracy: f.accuracy })),
    scheme: spec.cv.kind === 'runs' ? 'leave-one-run-out' : `stratified ${spec.cv.k}-fold, seed ${spec.cv.seed}`,
  };
  const rejected = epochs.rejected.map((r) => ({ trial: r.index, onsetSec: r.onsetSec, reason: r.reason, detail: r.detail }));
  const outcome: TrainingOutcome = { spec, validation, features: result.features, rejected, search: result.search, model: null };
  if (!provenance) return outcome;
  if (!result.exported) return { ...outcome, modelNote: result.exportNote ?? 'this pipeline cannot be exported' };
  const bytes = encodePipelineModel(result.exported, {
    window: spec.window, classes: spec.classes, family: spec.family, classifier: spec.classifier,
    features: result.features,
    report: { cv: validation, rejected: rejected.map(({ trial, reason, detail }) => ({ trial, reason, detail })), files: provenance.files, reference: spec.reference, fminHz: spec.fminHz, fmaxHz: spec.fmaxHz },
    softwareVersion: provenance.softwareVersion,
  });
  const checks: ModelCheck[] = [];
  for (let t = 0; t < epochs.trials.length; t += Math.max(1, Math.floor(epochs.trials.length / 8))) {
    checks.push({ trial: epochs.trials[t].index, window: rawWindow(recordings, epochs.trials[t], epochs.channelNames, epochs.nSamples), probability: result.finalProbability[t] });
  }
  return { ...outcome, model: { bytes, checks } };
}

/** Loads recordings' epochs and trains one pipeline: what `neurofeat train` does between its flags and its report. */
export function trainOnRecordings(recordings: (Recording & { path: string })[], spec: TrainingSpec, hooks: TrainingHooks = {}, provenance?: ModelProvenance): TrainingOutcome {
  const classes = trainingClasses(recordings.flatMap((r) => r.events), spec.classes);
  const epochs = trainingEpochs(recordings, spec, classes);
  return trainOnEpochs(recordings, epochs, { ...spec, classes }, hooks, provenance);
}

/** The raw (unreferenced) window of a trial in model channel order, float32, as the online runtime would pass it. */
function rawWindow(recordings: Recording[], trial: { recordingIndex: number; firstSample: number }, channelNames: string[], nSamples: number): Float32Array {
  const rec = recordings[trial.recordingIndex];
  const out = new Float32Array(channelNames.length * nSamples);
  channelNames.forEach((name, c) => {
    const row = rec.channels.findIndex((ch) => ch.name === name);
    out.set(rec.data[row].subarray(trial.firstSample, trial.firstSample + nSamples), c * nSamples);
  });
  return out;
}
