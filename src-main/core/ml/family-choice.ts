// The default training procedure: per patient, an inner cross-validation chooses among standard pipeline families; the outer folds score the whole procedure.
import { badInput } from '../errors.ts';
import { fitClassifier, predictProbability, type ClassifierKind, type Labels, type LinearModel } from './classifiers.ts';
import { matrix, type Matrix } from './covariance.ts';
import { cspCovarianceFeatures, fitCspFromCovariances, type CspModel } from './csp.ts';
import { stratifiedKFold, type Fold } from './folds.ts';
import { computeMetrics, rocAuc, type Metrics } from './metrics.ts';
import { featurePipeline, fitScaledClassifier, subMatrix, type FittedPipeline } from './pipeline.ts';
import { fgmdmLinearModel, fitFgmdm } from './mdm.ts';
import type { CandidateSet, SelectionRule } from './selection.ts';
import { fitTangentSpaceWithVectors, tangentVectors, type TangentSpaceModel } from './tangent-space.ts';

/**
 * The families the procedure and the benches know, each as its authors define it:
 * - `psd-slda`: NeuroFeat's band power (log Welch PSD, automatic choice of 3 channel-bands over the sensorimotor
 *   channels inside the fold) + shrinkage LDA: Graz-protocol band-power practice (Pfurtscheller et al. 1997).
 * - `csp-lda`: MOABB's CSP + LDA (OAS trial covariances, 6 CSP filters, log-variance, LDA).
 * - `ts-lr`: MOABB's TS + LR (OAS covariances, tangent space at the Riemannian mean, logistic regression C = 1).
 * - `ts-svm`: MOABB's TS + SVM (the same tangent vectors, linear SVM C = 1).
 * - `fbcsp`: filter-bank CSP (Ang et al. 2008; MOABB's bands 8-12 ... 28-32 Hz, 4 filters per band) + shrinkage LDA.
 * - `fgmdm`: pyRiemann's FgMDM (Barachant et al. 2010/2012): geodesic filtering by shrinkage LDA in the tangent
 *   space at the Riemannian mean, then minimum distance to the class means of the filtered matrices.
 * Plain MDM (minimum distance to the Riemannian class means) is not one: on PhysioNet's three runs it is below chance,
 * its distances dominated by which run a trial comes from (docs/training.md, "Why MDM is not offered").
 */
export type StandardFamily = 'psd-slda' | 'csp-lda' | 'ts-lr' | 'ts-svm' | 'fbcsp' | 'fgmdm';
export const standardFamilies: readonly StandardFamily[] = ['psd-slda', 'csp-lda', 'ts-lr', 'ts-svm', 'fbcsp', 'fgmdm'];

/**
 * The candidates the default procedure chooses among, in preference order (the one-SE rule takes the first one
 * close enough to the best): the order of the standard pipelines on the 14 PhysioNet subjects outside the shared
 * folder measured in issue 14 (TS + SVM 66.0%, FgMDM 64.6%, TS + LR 62.2%, CSP + LDA 61.3%), which agrees with
 * MOABB's benchmark (Riemannian pipelines first; Jayaram and Barachant 2018), then the filter bank and band power.
 */
export const defaultCandidates: readonly StandardFamily[] = ['ts-svm', 'fgmdm', 'ts-lr', 'csp-lda', 'fbcsp', 'psd-slda'];

/**
 * The regularisation grid of the choice: C ∈ {0.1, 1, 10} for ts-lr and ts-svm, the decade grid around
 * scikit-learn's and MOABB's default C = 1 (MOABB's grid-searched pipelines, e.g. its TS + SVM `C: [0.1, 1, 10]`;
 * Hsu, Chang and Lin's guide to SVM classification, a coarse logarithmic grid first). The other families keep their
 * published settings: LDA's shrinkage is already chosen analytically (Ledoit-Wolf, `shrinkage='auto'`), CSP's filter
 * counts are MOABB's, and band and window stay MOABB's for this dataset (a grid over them would multiply the
 * band-passed cuts and covariances, the bench's main cost).
 */
export const regularisationGrid: readonly number[] = [1, 0.1, 10];

/** One point of the choice: a family with its hyperparameters. */
export interface Candidate {
  family: StandardFamily;
  hyperparameters: Hyperparameters;
}

/**
 * The candidates of the choice for `families` (in preference order): ts-lr and ts-svm once per C of
 * `regularisationGrid`, the published C = 1 first, then the more regularised 0.1, then 10, the other families once.
 * The preference order is the literature's, for hyperparameters as for families: the one-standard-error rule keeps
 * the published pipeline unless another grid point is clearly better in the inner folds. `grid: false` gives each
 * family once with its defaults.
 */
export function candidateGrid(families: readonly StandardFamily[], grid = true): Candidate[] {
  return families.flatMap((family) => (grid && (family === 'ts-lr' || family === 'ts-svm')
    ? regularisationGrid.map((c) => ({ family, hyperparameters: { c } }))
    : [{ family, hyperparameters: {} }]));
}

/** How a candidate is printed: the family, then its hyperparameters (`ts-svm C=0.1`). */
export function candidateName(candidate: Candidate): string {
  return candidate.hyperparameters.c === undefined ? candidate.family : `${candidate.family} C=${candidate.hyperparameters.c}`;
}

/** Label-free data of one patient, computed once: every family and fold reads from it. */
export interface ProcedureData {
  nChannels: number;
  /** OAS covariance of every trial after the continuous 8-32 Hz band-pass (csp-lda, ts-*, mdm). */
  covariances: Float64Array[];
  /** The same per filter-bank band (fbcsp); empty when not computed. */
  bankCovariances: Float64Array[][];
  /** PSD candidates of automatic selection and its rule (psd-slda); null when not computed. */
  psd: { set: CandidateSet; rule: SelectionRule } | null;
}

/** A family ready to be fitted: `referenceRows` (label-free steps, default `rows`) lets inner folds share the outer fold's tangent space. */
export interface FamilyPipeline {
  family: StandardFamily;
  fit(rows: number[], referenceRows?: number[]): FittedFamily;
}

export interface FittedFamily extends FittedPipeline {
  family: StandardFamily;
  csp?: CspModel;
  bank?: CspModel[];
}

/** A tangent space fitted on some training rows: its reference point and the tangent vectors of every trial there. */
export interface TangentSpaceEntry {
  model: TangentSpaceModel;
  /** [trial][n(n+1)/2], every trial of the patient (training rows and the others) at the same reference point. */
  vectors: Matrix;
}

/**
 * Fits the tangent space on `rows` (the Riemannian mean of their covariances) and maps every trial into it: a pure
 * function of its inputs, so a fit computed on another thread is the same to the bit.
 */
export function fitTangentSpaceEntry(covariances: Float64Array[], nChannels: number, rows: number[]): TangentSpaceEntry {
  const fitted = fitTangentSpaceWithVectors(rows.map((r) => covariances[r]), nChannels);
  const inRows = new Uint8Array(covariances.length);
  for (const r of rows) inRows[r] = 1;
  const others = covariances.flatMap((_, i) => (inRows[i] ? [] : [i]));
  const rest = tangentVectors(fitted.model, others.map((i) => covariances[i]));
  const dim = fitted.vectors.nCols;
  const vectors = matrix(covariances.length, dim);
  rows.forEach((r, k) => vectors.data.set(fitted.vectors.data.subarray(k * dim, (k + 1) * dim), r * dim));
  others.forEach((r, k) => vectors.data.set(rest.data.subarray(k * dim, (k + 1) * dim), r * dim));
  return { model: fitted.model, vectors };
}

/** Whether a family reads the tangent space (and so the cache). */
export const usesTangentSpace = (family: StandardFamily): boolean => family === 'ts-lr' || family === 'ts-svm' || family === 'fgmdm';

/**
 * The training-row sets whose tangent spaces a procedure on `outerFolds` fits: each outer training set (its
 * inner folds share it) and all rows (the final model). Fitting them ahead, in parallel, fills the cache.
 */
export function tangentSpaceRowSets(nTrials: number, outerFolds: Fold[]): number[][] {
  return [...outerFolds.map((f) => f.train), Array.from({ length: nTrials }, (_, i) => i)];
}

/** Tangent spaces already fitted, by training rows: the reference point and the tangent vectors of every trial. */
export class TangentSpaceCache {
  private readonly entries = new Map<string, TangentSpaceEntry>();
  readonly covariances: Float64Array[];
  readonly nChannels: number;
  private readonly capacity: number;
  constructor(covariances: Float64Array[], nChannels: number, capacity = 12) {
    this.covariances = covariances;
    this.nChannels = nChannels;
    this.capacity = capacity;
  }
  get(rows: number[]): TangentSpaceEntry {
    const found = this.entries.get(rows.join(','));
    if (found) return found;
    const entry = fitTangentSpaceEntry(this.covariances, this.nChannels, rows);
    this.put(rows, entry);
    return entry;
  }
  /** Stores a fit computed elsewhere (`fitTangentSpaceEntry` on these rows, e.g. on another thread). */
  put(rows: number[], entry: TangentSpaceEntry): void {
    const key = rows.join(',');
    if (this.entries.has(key)) return;
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, entry);
  }
  /** Whether the fit on these rows is held. */
  has(rows: number[]): boolean {
    return this.entries.has(rows.join(','));
  }
}

function labelsOf(labels: Labels, rows: number[]): Labels {
  return Uint8Array.from(rows, (r) => labels[r]);
}

function allColumns(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Horizontal concatenation of feature blocks with the same rows. */
function joinColumns(blocks: Matrix[]): Matrix {
  const nCols = blocks.reduce((s, b) => s + b.nCols, 0);
  const out = matrix(blocks[0].nRows, nCols);
  for (let i = 0; i < out.nRows; i++) {
    let off = 0;
    for (const b of blocks) {
      out.data.set(b.data.subarray(i * b.nCols, (i + 1) * b.nCols), i * nCols + off);
      off += b.nCols;
    }
  }
  return out;
}

/**
 * Hyperparameters of a candidate; an absent field is the family's published default. `c`: the inverse regularisation
 * of ts-lr's logistic regression and ts-svm's linear SVM (scikit-learn's C, MOABB's default 1).
 */
export interface Hyperparameters {
  c?: number;
}

/** The pipeline of one family on the patient's data and labels. */
export function familyPipeline(family: StandardFamily, data: ProcedureData, labels: Labels, cache: TangentSpaceCache, hyperparameters: Hyperparameters = {}): FamilyPipeline {
  const p = data.nChannels;
  switch (family) {
    case 'psd-slda': {
      if (!data.psd) throw badInput('family psd-slda: the PSD candidates were not computed');
      const inner = featurePipeline(data.psd.set, labels, 'slda', { rule: data.psd.rule });
      return { family, fit: (rows) => ({ ...inner.fit(rows), family }) };
    }
    case 'csp-lda':
      return {
        family,
        fit(rows) {
          const csp = fitCspFromCovariances(data.covariances, p, labels, rows, 6);
          const model = fitScaledClassifier('lda', cspCovarianceFeatures(csp, data.covariances, rows), labelsOf(labels, rows));
          return { family, csp, model, probability: (test) => predictProbability(model, cspCovarianceFeatures(csp, data.covariances, test)) };
        },
      };
    case 'fbcsp': {
      if (data.bankCovariances.length === 0) throw badInput('family fbcsp: the filter-bank covariances were not computed');
      const features = (bank: CspModel[], rows: number[]) => joinColumns(bank.map((csp, b) => cspCovarianceFeatures(csp, data.bankCovariances[b], rows)));
      return {
        family,
        fit(rows) {
          const bank = data.bankCovariances.map((covs) => fitCspFromCovariances(covs, p, labels, rows, 4));
          const model = fitScaledClassifier('slda', features(bank, rows), labelsOf(labels, rows));
          return { family, bank, model, probability: (test) => predictProbability(model, features(bank, test)) };
        },
      };
    }
    case 'ts-lr':
    case 'ts-svm': {
      const kind: ClassifierKind = family === 'ts-lr' ? 'logreg' : 'svm';
      const dim = (p * (p + 1)) / 2;
      const columns = allColumns(dim);
      return {
        family,
        fit(rows, referenceRows = rows) {
          const { model: tangentSpace, vectors } = cache.get(referenceRows);
          const model: LinearModel = fitClassifier(kind, subMatrix(vectors, rows, columns), labelsOf(labels, rows), { c: hyperparameters.c ?? 1 });
          // Trials outside the reference rows get their tangent vectors from the cache's full table (same reference point).
          return { family, tangentSpace, model, probability: (test) => predictProbability(model, subMatrix(vectors, test, columns)) };
        },
      };
    }
    case 'fgmdm': {
      const dim = (p * (p + 1)) / 2;
      const columns = allColumns(dim);
      return {
        family,
        fit(rows, referenceRows = rows) {
          const { model: tangentSpace, vectors } = cache.get(referenceRows);
          const lda = fitClassifier('slda', subMatrix(vectors, rows, columns), labelsOf(labels, rows));
          const model = fgmdmLinearModel(fitFgmdm(lda.weights, vectors, labels, rows));
          return { family, tangentSpace, model, probability: (test) => predictProbability(model, subMatrix(vectors, test, columns)) };
        },
      };
    }
    default:
      throw badInput(`family: unknown '${String(family)}'; allowed: ${standardFamilies.join(', ')}`);
  }
}

export interface HeldOutScore {
  accuracy: number;
  auc: number;
}

/** Held-out probabilities of class 1 over the folds (each trial tested once; NaN for untested ones). */
function heldOut(pipeline: FamilyPipeline, folds: Fold[], n: number, referenceRows?: number[]): Float64Array {
  const probability = new Float64Array(n).fill(NaN);
  for (const fold of folds) {
    const fitted = pipeline.fit(fold.train, referenceRows);
    const p = fitted.probability(fold.test);
    fold.test.forEach((t, i) => { probability[t] = p[i]; });
  }
  return probability;
}

function scoreOf(labels: Labels, probability: Float64Array): HeldOutScore {
  let correct = 0;
  let tested = 0;
  for (let i = 0; i < labels.length; i++) {
    if (Number.isNaN(probability[i])) continue;
    tested++;
    if ((probability[i] > 0.5 ? 1 : 0) === labels[i]) correct++;
  }
  return { accuracy: correct / tested, auc: rocAuc(labels, probability) };
}

/** Stratified folds of a subset of rows, as global row indices. */
function foldsWithin(labels: Labels, rows: number[], k: number, seed: number): Fold[] {
  const sub = stratifiedKFold(labelsOf(labels, rows), k, seed);
  return sub.map((f) => ({ train: f.train.map((i) => rows[i]), test: f.test.map((i) => rows[i]) }));
}

/** The inner score of one candidate. */
export interface CandidateScore extends HeldOutScore {
  candidate: Candidate;
}

export interface FamilyChoice {
  family: StandardFamily;
  /** The chosen family's hyperparameters (empty: its defaults). */
  hyperparameters?: Hyperparameters;
  /**
   * Per candidate family, the inner cross-validated accuracy and AUC on the rows the choice saw: of its best grid
   * point (highest accuracy, then AUC, then grid order), whose hyperparameters are given.
   */
  inner: Record<string, HeldOutScore & { hyperparameters?: Hyperparameters }>;
  /** Every grid point's inner score, in preference order. */
  grid?: CandidateScore[];
}

export interface ChoiceOptions {
  candidates: readonly StandardFamily[];
  /** Inner folds (default 5). */
  innerFolds: number;
  seed: number;
  /**
   * 'one-se' (default): the first candidate, in the order given, whose inner accuracy is within one standard error
   * (√(a(1-a)/n) of the best accuracy a over n inner test trials) of the best: the one-standard-error rule of
   * Breiman et al. 1984 (Hastie, Tibshirani and Friedman, ESL §7.10), which trades a little optimism of the
   * arg-max for less variance with 30-40 training trials. 'best': the arg-max (ties: AUC, then order).
   */
  rule: 'one-se' | 'best';
  /** Whether the choice also searches `regularisationGrid` (family and hyperparameters chosen together); default true. */
  grid?: boolean;
}

export const defaultChoiceOptions: ChoiceOptions = { candidates: defaultCandidates, innerFolds: 5, seed: 1, rule: 'one-se', grid: true };

/** Index of the candidate the rule picks from inner scores listed in preference order. */
export function pickCandidate(scores: readonly HeldOutScore[], rule: ChoiceOptions['rule'], nTested: number): number {
  if (scores.length === 0) throw badInput('family choice: no candidate family given');
  let best = 0;
  for (let i = 1; i < scores.length; i++) {
    const a = scores[i];
    const b = scores[best];
    if (a.accuracy > b.accuracy || (a.accuracy === b.accuracy && a.auc > b.auc)) best = i;
  }
  if (rule === 'best') return best;
  const top = scores[best].accuracy;
  const se = Math.sqrt((top * (1 - top)) / nTested);
  const first = scores.findIndex((s) => s.accuracy >= top - se - 1e-12);
  return first >= 0 ? first : best;
}

/** Picks the family from inner scores by the rule (candidates in preference order). */
export function pickFamily(inner: Record<string, HeldOutScore>, candidates: readonly StandardFamily[], rule: ChoiceOptions['rule'], nTested: number): StandardFamily {
  if (candidates.length === 0) throw badInput('family choice: no candidate family given');
  return candidates[pickCandidate(candidates.map((f) => inner[f]), rule, nTested)];
}

/**
 * Chooses a family and its hyperparameters together from inner cross-validated scores on `rows` (see
 * `ChoiceOptions.rule`; the grid of `candidateGrid`). Tangent-space candidates use the reference point of all `rows`
 * (label-free), fitted once and shared by every C.
 */
export function chooseFamily(data: ProcedureData, labels: Labels, rows: number[], options: ChoiceOptions, cache: TangentSpaceCache): FamilyChoice {
  const k = Math.min(options.innerFolds, ...[0, 1].map((c) => rows.filter((r) => labels[r] === c).length));
  if (k < 2) throw badInput(`family choice: too few training trials of one class for an inner cross-validation (${rows.length} trials)`);
  if (options.candidates.length === 0) throw badInput('family choice: no candidate family given');
  const folds = foldsWithin(labels, rows, k, options.seed);
  const grid: CandidateScore[] = candidateGrid(options.candidates, options.grid ?? true).map((candidate) => {
    const pipeline = familyPipeline(candidate.family, data, labels, cache, candidate.hyperparameters);
    return { candidate, ...scoreOf(labels, heldOut(pipeline, folds, labels.length, rows)) };
  });
  const inner: FamilyChoice['inner'] = {};
  for (const family of options.candidates) {
    const points = grid.filter((g) => g.candidate.family === family);
    const best = points[pickCandidate(points, 'best', rows.length)];
    inner[family] = { accuracy: best.accuracy, auc: best.auc, ...(best.candidate.hyperparameters.c !== undefined ? { hyperparameters: best.candidate.hyperparameters } : {}) };
  }
  const chosen = grid[pickCandidate(grid, options.rule, rows.length)].candidate;
  return { family: chosen.family, hyperparameters: chosen.hyperparameters, inner, grid };
}

export interface NestedResult extends Metrics {
  auc: number;
  /** Held-out probability of class 1 for every trial. */
  probability: Float64Array;
  folds: (Fold & { accuracy: number; chosen: StandardFamily; hyperparameters: Hyperparameters; inner: FamilyChoice['inner'] })[];
}

/** Nested cross-validation of the whole procedure: each outer training set chooses a family, which is scored on its test set. */
export function nestedFamilyChoice(data: ProcedureData, labels: Labels, outerFolds: Fold[], options: ChoiceOptions, cache?: TangentSpaceCache): NestedResult {
  const tangent = cache ?? new TangentSpaceCache(data.covariances, data.nChannels);
  const probability = new Float64Array(labels.length).fill(NaN);
  const folds: NestedResult['folds'] = [];
  for (const fold of outerFolds) {
    const choice = chooseFamily(data, labels, fold.train, options, tangent);
    const fitted = familyPipeline(choice.family, data, labels, tangent, choice.hyperparameters).fit(fold.train);
    const p = fitted.probability(fold.test);
    let correct = 0;
    fold.test.forEach((t, i) => {
      probability[t] = p[i];
      if ((p[i] > 0.5 ? 1 : 0) === labels[t]) correct++;
    });
    folds.push({ ...fold, accuracy: correct / fold.test.length, chosen: choice.family, hyperparameters: choice.hyperparameters ?? {}, inner: choice.inner });
  }
  return { ...heldOutMetrics(labels, probability), probability, folds };
}

/** Metrics and AUC of held-out probabilities (untested trials left out). */
export function heldOutMetrics(labels: Labels, probability: Float64Array): Metrics & { auc: number } {
  const tested: number[] = [];
  for (let i = 0; i < labels.length; i++) if (!Number.isNaN(probability[i])) tested.push(i);
  const truth = Uint8Array.from(tested, (i) => labels[i]);
  const predicted = Uint8Array.from(tested, (i) => (probability[i] > 0.5 ? 1 : 0));
  return { ...computeMetrics(truth, predicted), auc: rocAuc(labels, probability) };
}

/** Cross-validation of one family on the outer folds (the baseline rows of a comparison). */
export function crossValidateFamily(family: StandardFamily, data: ProcedureData, labels: Labels, folds: Fold[], cache?: TangentSpaceCache): Metrics & { auc: number; probability: Float64Array } {
  const pipeline = familyPipeline(family, data, labels, cache ?? new TangentSpaceCache(data.covariances, data.nChannels));
  const probability = heldOut(pipeline, folds, labels.length);
  return { ...heldOutMetrics(labels, probability), probability };
}

export interface DefaultTraining {
  /** The whole procedure (choice included) scored by the outer folds. */
  nested: NestedResult;
  /** The choice made on all trials: the family of the final model, with its inner scores. */
  choice: FamilyChoice;
  /** The chosen family fitted on all trials. */
  final: FittedFamily;
}

/** The default training: nested score of the procedure, then the choice and the fit on every trial. */
export function trainDefault(data: ProcedureData, labels: Labels, outerFolds: Fold[], options: ChoiceOptions = defaultChoiceOptions, cache?: TangentSpaceCache): DefaultTraining {
  const tangent = cache ?? new TangentSpaceCache(data.covariances, data.nChannels);
  const nested = nestedFamilyChoice(data, labels, outerFolds, options, tangent);
  const all = Array.from(labels, (_, i) => i);
  const choice = chooseFamily(data, labels, all, options, tangent);
  const final = familyPipeline(choice.family, data, labels, tangent, choice.hyperparameters).fit(all);
  return { nested, choice, final };
}
