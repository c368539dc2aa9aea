// Training pipelines fitted inside each cross-validation fold (selection, CSP, reference point, scaling, classifier) and their honest evaluation.
import { badInput, CoreError } from '../errors.ts';
import { fitClassifier, predictProbability, type ClassifierKind, type Labels, type LinearModel } from './classifiers.ts';
import { matrix, type Matrix } from './covariance.ts';
import { cspFeatures, fitCsp, type CspModel, type EpochArray } from './csp.ts';
import type { Fold } from './folds.ts';
import { computeMetrics, type Metrics } from './metrics.ts';
import { seededRandom } from './random.ts';
import { overlaps, selectFeatures, type CandidateSet, type SelectionRule } from './selection.ts';
import { fitTangentSpaceWithVectors, tangentVectors, type TangentSpaceModel } from './tangent-space.ts';

/** A pipeline fitted on some training rows: probabilities of class 1 for any rows. */
export interface FittedPipeline {
  probability(rows: number[]): Float64Array;
  /** Candidate indices chosen (feature pipelines only). */
  selected?: number[];
  /** The final linear model on the pipeline's raw features (scaling folded in). */
  model: LinearModel;
  csp?: CspModel;
  tangentSpace?: TangentSpaceModel;
}

export interface Pipeline {
  fit(rows: number[]): FittedPipeline;
}

/** Columns of a matrix for some rows. */
export function subMatrix(values: Matrix, rows: number[], columns: number[]): Matrix {
  const out = matrix(rows.length, columns.length);
  rows.forEach((r, i) => {
    const off = r * values.nCols;
    columns.forEach((c, j) => { out.data[i * columns.length + j] = values.data[off + c]; });
  });
  return out;
}


/**
 * Standardises the features with the training rows' mean and standard deviation, fits the classifier, and
 * returns the equivalent model on the unscaled features (w/σ, b - Σ w·μ/σ) so that exported models need no
 * scaling step.
 */
export function fitScaledClassifier(kind: ClassifierKind, x: Matrix, y: Labels): LinearModel {
  const p = x.nCols;
  const mean = new Float64Array(p);
  const sd = new Float64Array(p);
  for (let i = 0; i < x.nRows; i++) for (let j = 0; j < p; j++) mean[j] += x.data[i * p + j] / x.nRows;
  for (let i = 0; i < x.nRows; i++) for (let j = 0; j < p; j++) sd[j] += (x.data[i * p + j] - mean[j]) ** 2 / x.nRows;
  for (let j = 0; j < p; j++) sd[j] = Math.sqrt(sd[j]) || 1;
  const z = matrix(x.nRows, p);
  for (let i = 0; i < x.nRows; i++) for (let j = 0; j < p; j++) z.data[i * p + j] = (x.data[i * p + j] - mean[j]) / sd[j];
  const scaled = fitClassifier(kind, z, y);
  const weights = new Float64Array(p);
  let bias = scaled.bias;
  for (let j = 0; j < p; j++) {
    weights[j] = scaled.weights[j] / sd[j];
    bias -= weights[j] * mean[j];
  }
  return { kind, weights, bias };
}

function labelsOf(labels: Labels, rows: number[]): Labels {
  return Uint8Array.from(rows, (r) => labels[r]);
}

/** Spectral or connectivity features: fixed candidates, or automatic selection redone on each training set. */
export function featurePipeline(set: CandidateSet, labels: Labels, classifier: ClassifierKind, choice: { fixed: number[] } | { rule: SelectionRule }): Pipeline {
  return {
    fit(rows) {
      const selected = 'fixed' in choice ? choice.fixed : selectFeatures(set, labels, rows, choice.rule);
      const model = fitScaledClassifier(classifier, subMatrix(set.values, rows, selected), labelsOf(labels, rows));
      return {
        selected,
        model,
        probability: (testRows) => predictProbability(model, subMatrix(set.values, testRows, selected)),
      };
    },
  };
}

/** CSP (filters fitted on the training trials) + log-variance + classifier. */
export function cspPipeline(epochs: EpochArray, labels: Labels, classifier: ClassifierKind, nFilters = 6): Pipeline {
  return {
    fit(rows) {
      const csp = fitCsp(epochs, labels, rows, nFilters);
      const model = fitScaledClassifier(classifier, cspFeatures(csp, epochs, rows), labelsOf(labels, rows));
      return { csp, model, probability: (testRows) => predictProbability(model, cspFeatures(csp, epochs, testRows)) };
    },
  };
}

/** Tangent space at the training trials' Riemannian mean + classifier (logistic regression in the MOABB pipeline). */
export function tangentSpacePipeline(covariances: Float64Array[], nChannels: number, labels: Labels, classifier: ClassifierKind): Pipeline {
  return {
    fit(rows) {
      const { model: tangentSpace, vectors: x } = fitTangentSpaceWithVectors(rows.map((r) => covariances[r]), nChannels);
      const model = fitClassifier(classifier, x, labelsOf(labels, rows));
      return {
        tangentSpace,
        model,
        probability: (testRows) => predictProbability(model, tangentVectors(tangentSpace, testRows.map((r) => covariances[r]))),
      };
    },
  };
}

export interface FoldResult extends Fold {
  accuracy: number;
  /** Candidates selected in this fold (feature pipelines). */
  selected?: number[];
}

export interface CrossValidation extends Metrics {
  folds: FoldResult[];
  /** Held-out probability of class 1 for every trial (each trial is tested exactly once). */
  probability: Float64Array;
  predicted: Labels;
}

export interface ProgressReport {
  (done: number, total: number): boolean | void;
}

/** Runs the pipeline on every fold; every data-dependent step is fitted on the fold's training rows only. */
export function crossValidate(pipeline: Pipeline, labels: Labels, folds: Fold[], progress?: ProgressReport): CrossValidation {
  const n = labels.length;
  const probability = new Float64Array(n).fill(NaN);
  const results: FoldResult[] = [];
  folds.forEach((fold, f) => {
    const fitted = pipeline.fit(fold.train);
    const p = fitted.probability(fold.test);
    let correct = 0;
    fold.test.forEach((t, i) => {
      if (!Number.isNaN(probability[t])) throw badInput(`cross-validation: trial ${t} is in the test set of two folds`);
      probability[t] = p[i];
      if ((p[i] > 0.5 ? 1 : 0) === labels[t]) correct++;
    });
    results.push({ train: fold.train, test: fold.test, accuracy: correct / fold.test.length, selected: fitted.selected });
    if (progress && progress(f + 1, folds.length) === true) throw new CoreError('cancelled', `cancelled after ${f + 1} of ${folds.length} folds`);
  });
  const tested: number[] = [];
  for (let i = 0; i < n; i++) if (!Number.isNaN(probability[i])) tested.push(i);
  const truth = Uint8Array.from(tested, (i) => labels[i]);
  const predicted = new Uint8Array(n);
  for (let i = 0; i < n; i++) predicted[i] = probability[i] > 0.5 ? 1 : 0;
  const metrics = computeMetrics(truth, Uint8Array.from(tested, (i) => predicted[i]));
  return { ...metrics, folds: results, probability, predicted };
}

/**
 * How often each feature of `final` is chosen again when the selection is repeated on other training sets:
 * the cross-validation folds' training sets and `nBootstrap` bootstrap resamples of all trials. A resample
 * counts as choosing a feature when it picks the same channel (same table) with an overlapping band.
 */
export function selectionStability(set: CandidateSet, labels: Labels, rule: SelectionRule, final: number[], folds: Fold[], nBootstrap: number, seed: number): number[] {
  const random = seededRandom(seed);
  const resamples: number[][] = folds.map((f) => f.train);
  const n = labels.length;
  for (let b = 0; b < nBootstrap; b++) {
    let rows: number[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      rows = Array.from({ length: n }, () => Math.floor(random() * n));
      const ones = rows.reduce((s, r) => s + labels[r], 0);
      if (ones > 1 && ones < n - 1) break;
    }
    resamples.push(rows);
  }
  const counts = new Array(final.length).fill(0);
  for (const rows of resamples) {
    let chosen: number[];
    try {
      chosen = selectFeatures(set, labels, rows, rule);
    } catch {
      // A resample in which no candidate passes the rule (sign constraint) selects nothing.
      chosen = [];
    }
    final.forEach((j, k) => {
      if (chosen.some((c) => overlaps(set.candidates[c], set.candidates[j]))) counts[k]++;
    });
  }
  return counts.map((c) => c / resamples.length);
}

export type { Metrics };
