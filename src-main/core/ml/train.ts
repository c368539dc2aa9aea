// One training run from prepared epochs: a feature family, a classifier, honest cross-validation, the final model and its exportable pipeline.
import { badInput, problem } from '../errors.ts';
import type { Epochs } from '../epochs.ts';
import { normaliseChannelName } from '../recording.ts';
import { cleanChannelLabel } from '../montage.ts';
import { butterworth, sosFiltFilt, type Sos } from '../dsp/iir.ts';
import { burgFeatures, welchFeatures } from '../features/psd.ts';
import { connectivityFeatures, type ConnectivityMetric } from '../features/connectivity.ts';
import type { ExportedConnectivityMetric, ExportedPipeline } from '../onnx/pipeline-graph.ts';
import type { ClassifierKind, Labels } from './classifiers.ts';
import type { EpochArray } from './csp.ts';
import { leaveOneRunOut, stratifiedKFold, type Fold } from './folds.ts';
import { crossValidate, cspPipeline, featurePipeline, selectionStability, tangentSpacePipeline, type CrossValidation, type Pipeline, type ProgressReport } from './pipeline.ts';
import { buildCandidates, candidateForBand, happyFeatChannels, type Candidate, type CandidateSet, type FeatureFamily, type FeatureTable, type SelectionRule } from './selection.ts';
import { trialCovariances } from './tangent-space.ts';
import { searchFeatureSets } from './search.ts';

export type TrainFamily = 'psd' | 'fc' | 'mixed' | 'csp' | 'ts';
export const trainFamilies: readonly TrainFamily[] = ['psd', 'fc', 'mixed', 'csp', 'ts'];

export interface ExplicitFeature {
  channel: string;
  bandHz: [number, number];
  family?: FeatureFamily;
}

export interface SelectionSettings {
  /** Number of features chosen automatically. */
  nFeatures: number;
  featuresPerChannel: number;
  /** Band widths tried, Hz (1 = single bins at 1 Hz resolution). */
  bandWidthsHz: number[];
  sign: 'any' | 'desync';
  activeClass: 0 | 1;
  /** Channels searched (all when undefined). */
  channels?: string[];
  excludeChannels?: string[];
}

/** HappyFeat's rule: best single bin per channel among its 21 sensorimotor channels, top 3. */
export const happyFeatSelection: SelectionSettings = { nFeatures: 3, featuresPerChannel: 1, bandWidthsHz: [1], sign: 'any', activeClass: 0, channels: happyFeatChannels };

/**
 * NeuroFeat's automatic selection: the sensorimotor channels (all channels when the montage has none of them),
 * contiguous bands 1, 2 or 4 Hz wide, the best band of each of the top 3 channels. Chosen on physiological
 * grounds (mu/beta over the motor strip); the PhysioNet figures of docs/training.md show the variants tried.
 */
export const defaultSelection: SelectionSettings = { nFeatures: 3, featuresPerChannel: 1, bandWidthsHz: [1, 2, 4], sign: 'any', activeClass: 0, channels: happyFeatChannels };

export interface TrainOptions {
  family: TrainFamily;
  classifier: ClassifierKind;
  /** Explicit features (psd/fc/mixed); automatic selection when absent. */
  features?: ExplicitFeature[];
  selection: SelectionSettings;
  /** Frequency range searched (psd/fc/mixed) or band-pass (csp/ts), Hz. */
  fminHz: number;
  fmaxHz: number;
  cv: { kind: 'kfold'; k: number; seed: number } | { kind: 'runs' };
  /** Bootstrap resamples for the stability of automatically selected features. */
  nBootstrap: number;
  seed: number;
  connectivityMetric: ConnectivityMetric;
  /** Welch segment for PSD features, s (default 1: 1 Hz bins). */
  segmentSec?: number;
  /**
   * Feature tables already computed (the app's feature cache), used instead of computing them here. They must
   * have been computed from these epochs with the same band, segment (1 s PSD, 0.5 s connectivity) and metric.
   */
  precomputed?: { psd?: FeatureTable; fc?: FeatureTable };
  /** PSD estimator: Welch (default, exportable) or Burg AR (HappyFeat's OpenViBE path; not exportable). */
  psdMethod?: 'welch' | 'burg';
  nCspFilters?: number;
  progress?: ProgressReport;
  /** Also search all subsets up to `maxSize` of the `poolSize` best candidates (nested), within a time budget. */
  search?: { maxSize: number; poolSize: number; timeBudgetMs: number; now: () => number; progress?: (done: number, total: number) => boolean | void };
}

export interface SelectedFeature {
  channel: string;
  bandHz: [number, number];
  family: FeatureFamily | 'csp' | 'ts';
  /** Selection frequency across folds and bootstrap resamples (1 for explicit features). */
  stability: number;
}

export interface TrainResult {
  cv: CrossValidation;
  /** Labels of the kept trials (0/1) in the order of `epochs.trials`. */
  labels: Labels;
  features: SelectedFeature[];
  /** The final pipeline fitted on every trial, ready for ONNX export; null when the family cannot be exported. */
  exported: ExportedPipeline | null;
  exportNote?: string;
  /** Probability of class 1 of the final model for every trial (resubstitution, for checking the exported model). */
  finalProbability: Float64Array;
  /** Feature-set search over the candidates, when asked for (psd/fc/mixed with automatic selection). */
  search?: SearchReport;
}

export interface SearchReport {
  nestedAccuracy: number;
  subsetsScored: number;
  truncated: boolean;
  /** Best subsets on all trials: features and their cross-validated accuracy. */
  ranking: { features: { channel: string; bandHz: [number, number]; family: FeatureFamily }[]; accuracy: number }[];
  outerFolds: { test: number[]; accuracy: number }[];
}

/** Folds over the kept trials: stratified k-fold, or one per recording (run). */
export function makeFolds(epochs: Epochs, labels: Labels, cv: TrainOptions['cv']): Fold[] {
  if (cv.kind === 'runs') return leaveOneRunOut(epochs.trials.map((t) => t.recordingIndex), labels);
  return stratifiedKFold(labels, cv.k, cv.seed, epochs.classes);
}

export function toTable(family: FeatureFamily, f: { channels: string[]; freqsHz: Float64Array; values: Float64Array[] }): FeatureTable {
  return { family, channels: f.channels, freqsHz: f.freqsHz, values: f.values };
}

/** Zero-phase 4th-order Butterworth band-pass of each window, as used by CSP and the tangent space (and their ONNX graph). */
export function windowBandPass(fminHz: number, fmaxHz: number, sampleRateHz: number): Sos {
  return butterworth({ kind: 'bandpass', order: 4, edgesHz: [fminHz, fmaxHz], sampleRateHz });
}

export function filteredEpochArray(epochs: Epochs, sos: Sos | null): EpochArray {
  const nChannels = epochs.channels.length;
  const n = epochs.nSamples;
  return {
    nChannels,
    nSamples: n,
    trials: epochs.trials.map((t) => {
      if (!sos) return t.data;
      const out = new Float64Array(nChannels * n);
      for (let c = 0; c < nChannels; c++) out.set(sosFiltFilt(sos, t.data.subarray(c * n, (c + 1) * n)), c * n);
      return out;
    }),
  };
}

/** The window filter as an [n][n] matrix: column j is the filter's response to a unit impulse at sample j. */
export function filterMatrix(sos: Sos, n: number): Float64Array {
  const m = new Float64Array(n * n);
  const impulse = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    impulse.fill(0);
    impulse[j] = 1;
    const y = sosFiltFilt(sos, impulse);
    for (let i = 0; i < n; i++) m[i * n + j] = y[i];
  }
  return m;
}

/**
 * Trains the chosen family on referenced epochs (all channels, in the order of the model input) and estimates its
 * accuracy honestly: selection, CSP filters, the tangent-space reference and scaling are refitted in each fold.
 */
export function trainPipeline(epochs: Epochs, reference: 'car' | 'none', options: TrainOptions): TrainResult {
  const labels = Uint8Array.from(epochs.trials, (t) => t.classIndex);
  if (labels.some((l) => l > 1)) throw badInput('training: exactly two classes are supported');
  const allRows = Array.from(labels, (_, i) => i);
  const fs = epochs.sampleRateHz;
  for (const f of options.features ?? []) {
    if (f.bandHz[0] < 0 || f.bandHz[1] >= fs / 2) {
      throw badInput(`feature ${f.channel}:${f.bandHz[0]}-${f.bandHz[1]}: band outside the spectrum (0-${fs / 2} Hz at ${fs} Hz sampling)`, {}, problem('band-outside-spectrum', { fminHz: f.bandHz[0], fmaxHz: f.bandHz[1], nyquistHz: fs / 2 }));
    }
  }
  if (!(options.fminHz > 0 && options.fmaxHz > options.fminHz && options.fmaxHz < fs / 2)) {
    throw badInput(`frequency range ${options.fminHz}-${options.fmaxHz} Hz: expected 0 < fmin < fmax < ${fs / 2} Hz (Nyquist)`, {}, problem('band-outside-spectrum', { fminHz: options.fminHz, fmaxHz: options.fmaxHz, nyquistHz: fs / 2 }));
  }

  if (options.family === 'csp' || options.family === 'ts') {
    const sos = windowBandPass(options.fminHz, options.fmaxHz, fs);
    const folds = makeFolds(epochs, labels, options.cv);
    const data = filteredEpochArray(epochs, sos);
    let pipeline: Pipeline;
    if (options.family === 'csp') {
      pipeline = cspPipeline(data, labels, options.classifier, options.nCspFilters ?? 6);
    } else {
      pipeline = tangentSpacePipeline(trialCovariances(data), data.nChannels, labels, options.classifier);
    }
    const cv = crossValidate(pipeline, labels, folds, options.progress);
    const final = pipeline.fit(allRows);
    const band: [number, number] = [options.fminHz, options.fmaxHz];
    if (options.family === 'csp' && final.csp) {
      const features = Array.from({ length: final.csp.nComponents }, (_, k) => ({ channel: `CSP${k + 1}`, bandHz: band, family: 'csp' as const, stability: 1 }));
      return {
        cv, labels, features, finalProbability: final.probability(allRows),
        exported: {
          kind: 'csp', channels: [...epochs.channels], sampleRateHz: fs, nSamples: epochs.nSamples, reference, model: final.model,
          filters: final.csp.filters, nFilters: final.csp.nComponents, timeFilter: filterMatrix(sos, epochs.nSamples),
        },
      };
    }
    if (!final.tangentSpace) throw new Error('tangent-space pipeline: the fitted model has no reference point');
    return {
      cv, labels, finalProbability: final.probability(allRows),
      features: [{ channel: 'covariance', bandHz: band, family: 'ts', stability: 1 }],
      exported: {
        kind: 'ts', channels: [...epochs.channels], sampleRateHz: fs, nSamples: epochs.nSamples, reference, model: final.model,
        inverseSqrtReference: final.tangentSpace.inverseSqrtReference, timeFilter: filterMatrix(sos, epochs.nSamples),
      },
    };
  }

  for (const table of Object.values(options.precomputed ?? {})) {
    if (table && table.values.length !== epochs.trials.length) {
      throw badInput(`precomputed ${table.family} features hold ${table.values.length} trials but the epochs hold ${epochs.trials.length}; recompute them`);
    }
  }
  const tables: FeatureTable[] = [];
  const segmentSec = options.segmentSec ?? 1;
  const fcSegmentSec = 0.5;
  if (options.family === 'psd' || options.family === 'mixed') {
    const band = { fminHz: options.fminHz, fmaxHz: options.fmaxHz };
    tables.push(options.precomputed?.psd ?? toTable('psd', options.psdMethod === 'burg' ? burgFeatures(epochs, band) : welchFeatures(epochs, { ...band, segmentSec })));
  }
  if (options.family === 'fc' || options.family === 'mixed') {
    tables.push(options.precomputed?.fc ?? toTable('fc', connectivityFeatures(epochs, { fminHz: options.fminHz, fmaxHz: options.fmaxHz, metric: options.connectivityMetric, segmentSec: fcSegmentSec })));
  }
  let set: CandidateSet;
  let choice: { fixed: number[] } | { rule: SelectionRule };
  let rule: SelectionRule | null = null;
  if (options.features && options.features.length > 0) {
    const defaultFamily: FeatureFamily = options.family === 'fc' ? 'fc' : 'psd';
    const chosen: Candidate[] = options.features.map((f) => candidateForBand(tables, f.family ?? defaultFamily, f.channel, f.bandHz));
    set = buildCandidatesFrom(tables, chosen);
    choice = { fixed: chosen.map((_, j) => j) };
  } else {
    ({ set, rule } = automaticCandidates(epochs, tables, options.selection, options.fminHz, options.fmaxHz));
    choice = { rule };
  }
  // Folds after the features: a wrong feature is reported before a wrong number of folds.
  const folds = makeFolds(epochs, labels, options.cv);
  const pipeline = featurePipeline(set, labels, options.classifier, choice);
  const cv = crossValidate(pipeline, labels, folds, options.progress);
  const final = pipeline.fit(allRows);
  const selected = final.selected!;
  const stability = rule ? selectionStability(set, labels, rule, selected, folds, options.nBootstrap, options.seed) : selected.map(() => 1);
  const features: SelectedFeature[] = selected.map((j, k) => ({
    channel: cleanChannelLabel(set.candidates[j].channel),
    bandHz: set.candidates[j].bandHz,
    family: set.candidates[j].family,
    stability: stability[k],
  }));
  const finalProbability = final.probability(allRows);
  let search: SearchReport | undefined;
  if (options.search && rule) {
    const found = searchFeatureSets(set, labels, folds, {
      poolSize: options.search.poolSize, maxSize: options.search.maxSize, classifier: options.classifier, innerFolds: 5, seed: options.seed,
      timeBudgetMs: options.search.timeBudgetMs, now: options.search.now, progress: options.search.progress,
    });
    search = {
      nestedAccuracy: found.nestedAccuracy, subsetsScored: found.subsetsScored, truncated: found.truncated,
      ranking: found.ranking.slice(0, 20).map((r) => ({ accuracy: r.accuracy, features: r.candidates.map((j) => ({ channel: cleanChannelLabel(set.candidates[j].channel), bandHz: set.candidates[j].bandHz, family: set.candidates[j].family })) })),
      outerFolds: found.outerFolds.map((f) => ({ test: f.test, accuracy: f.accuracy })),
    };
  }
  const metric = options.connectivityMetric;
  if (options.psdMethod === 'burg' && selected.some((j) => set.candidates[j].family === 'psd')) {
    return {
      cv, labels, features, finalProbability, search, exported: null,
      exportNote: 'Burg spectra (a recursion per window) are not expressed as ONNX operators; train with Welch spectra for a model file',
    };
  }
  const usesFc = selected.some((j) => set.candidates[j].family === 'fc');
  if (usesFc && !(metric === 'coh' || metric === 'msc' || metric === 'imcoh' || metric === 'absimcoh')) {
    return {
      cv, labels, features, finalProbability, search, exported: null,
      exportNote: `${metric} node strength needs per-segment normalisation that the exported graph does not express; use coh, msc, imcoh or absimcoh for a model file`,
    };
  }
  const blockOf = (family: FeatureFamily, nPerSeg: number) => {
    const table = tables.find((t) => t.family === family);
    if (!table) return [];
    const toFftBin = (tableBin: number) => Math.round((table.freqsHz[tableBin] * nPerSeg) / fs);
    return selected.flatMap((j, position) => {
      const c = set.candidates[j];
      return c.family === family ? [{ position, channelIndex: c.channelIndex, firstBin: toFftBin(c.firstBin), lastBin: toFftBin(c.lastBin) }] : [];
    });
  };
  const psdPerSeg = Math.round(segmentSec * fs);
  const fcPerSeg = Math.round(fcSegmentSec * fs);
  const psdFeatures = blockOf('psd', psdPerSeg);
  const fcFeatures = blockOf('fc', fcPerSeg);
  return {
    cv, labels, features, finalProbability, search,
    exported: {
      kind: 'spectral', channels: [...epochs.channels], sampleRateHz: fs, nSamples: epochs.nSamples, reference, model: final.model,
      nFeatures: selected.length,
      psd: psdFeatures.length > 0 ? { nPerSeg: psdPerSeg, nOverlap: Math.floor(psdPerSeg * 0.5), features: psdFeatures } : null,
      fc: fcFeatures.length > 0 ? { metric: metric as ExportedConnectivityMetric, nPerSeg: fcPerSeg, nOverlap: Math.floor(fcPerSeg * 0.5), features: fcFeatures } : null,
    },
  };
}

/** The candidates and rule of automatic selection over feature tables computed from these epochs. */
export function automaticCandidates(epochs: Epochs, tables: FeatureTable[], selection: SelectionSettings, fminHz: number, fmaxHz: number): { set: CandidateSet; rule: SelectionRule } {
  const s = selection;
  const resolution = tables[0].freqsHz.length > 1 ? tables[0].freqsHz[1] - tables[0].freqsHz[0] : 1;
  const widths = s.bandWidthsHz.map((w) => Math.max(1, Math.round(w / resolution)));
  const set = buildCandidates(tables, { fminHz, fmaxHz, bandWidthsBins: [...new Set(widths)], channels: presentChannels(epochs, s.channels), excludeChannels: s.excludeChannels });
  return { set, rule: { nFeatures: s.nFeatures, featuresPerChannel: s.featuresPerChannel, sign: s.sign, activeClass: s.activeClass } };
}

/**
 * The channels automatic selection may use. The default (HappyFeat's sensorimotor list) is cut to the channels the
 * epochs hold, all channels when none is present (another montage); a list the user gave is kept as given, so a
 * channel the recording lacks is refused by name instead of silently dropped.
 */
function presentChannels(epochs: Epochs, wanted: string[] | undefined): string[] | undefined {
  if (!wanted) return undefined;
  const isDefault = wanted.length === happyFeatChannels.length && wanted.every((c, i) => c === happyFeatChannels[i]);
  if (!isDefault) return wanted;
  const present = wanted.filter((c) => epochs.channelNames.includes(normaliseChannelName(c)));
  return present.length > 0 ? present : undefined;
}

/** A candidate set holding exactly the given candidates, in order. */
function buildCandidatesFrom(tables: FeatureTable[], chosen: Candidate[]): CandidateSet {
  const nTrials = tables[0].values.length;
  const values = { nRows: nTrials, nCols: chosen.length, data: new Float64Array(nTrials * chosen.length) };
  for (let t = 0; t < nTrials; t++) {
    chosen.forEach((c, j) => {
      const table = tables[c.table];
      const nFreqs = table.freqsHz.length;
      let s = 0;
      for (let k = c.firstBin; k <= c.lastBin; k++) s += table.values[t][c.channelIndex * nFreqs + k];
      values.data[t * chosen.length + j] = s / (c.lastBin - c.firstBin + 1);
    });
  }
  return { candidates: chosen, values };
}

/** NeuroFeat's default training settings (what `neurofeat train` uses without flags). */
export const defaultTraining: TrainOptions = {
  family: 'psd',
  classifier: 'slda',
  selection: defaultSelection,
  fminHz: 7,
  fmaxHz: 35,
  cv: { kind: 'kfold', k: 10, seed: 1 },
  nBootstrap: 50,
  seed: 1,
  connectivityMetric: 'coh',
};
