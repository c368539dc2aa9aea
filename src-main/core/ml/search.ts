// Feature-set search: every subset (not only prefixes) of the best candidates up to a size, ranked by cross-validated accuracy, with nested evaluation of the search itself.
import { CoreError } from '../errors.ts';
import { predictLabels, type ClassifierKind, type Labels } from './classifiers.ts';
import { stratifiedKFold, type Fold } from './folds.ts';
import { fitScaledClassifier, subMatrix } from './pipeline.ts';
import { overlaps, signedR2, type CandidateSet } from './selection.ts';

export interface SearchOptions {
  /** Candidates kept for the search: the best by R² on the training rows. */
  poolSize: number;
  /** Largest subset size; all sizes 1..maxSize are tried. */
  maxSize: number;
  classifier: ClassifierKind;
  /** Folds of the inner cross-validation that scores each subset. */
  innerFolds: number;
  seed: number;
  /** Milliseconds; the search stops (and says so) when the clock passes it. */
  timeBudgetMs: number;
  /** Clock in ms, injected so that core/ stays free of timers. */
  now: () => number;
  /** Progress (subsets scored, total); returning true cancels. */
  progress?: (done: number, total: number) => boolean | void;
}

export interface RankedSubset {
  /** Candidate indices into the CandidateSet. */
  candidates: number[];
  accuracy: number;
}

export interface SearchResult {
  /** Subsets of the pool chosen on all trials, best first, by cross-validated accuracy on all trials. */
  ranking: RankedSubset[];
  /** Honest accuracy of "search, then keep the best subset", each outer fold searching on its training rows only. */
  nestedAccuracy: number;
  outerFolds: { train: number[]; test: number[]; accuracy: number; best: number[] }[];
  subsetsScored: number;
  /** True when the time budget ended the search early (the ranking covers the subsets scored). */
  truncated: boolean;
}

/** All subsets of {0..n-1} with sizes 1..maxSize, smaller first, each ascending. */
export function subsetsUpTo(n: number, maxSize: number): number[][] {
  const out: number[][] = [];
  const current: number[] = [];
  const recurse = (start: number, size: number) => {
    if (current.length === size) {
      out.push([...current]);
      return;
    }
    for (let i = start; i < n; i++) {
      current.push(i);
      recurse(i + 1, size);
      current.pop();
    }
  };
  for (let size = 1; size <= Math.min(maxSize, n); size++) recurse(0, size);
  return out;
}

/** The best candidates by R² on the rows, skipping bands that overlap a better one on the same channel. */
function pool(set: CandidateSet, labels: Labels, rows: number[], size: number): number[] {
  const scores = signedR2(set.values, labels, rows);
  const order = Array.from(scores, (_, j) => j).sort((a, b) => Math.abs(scores[b]) - Math.abs(scores[a]) || a - b);
  const chosen: number[] = [];
  for (const j of order) {
    if (chosen.length >= size) break;
    const c = set.candidates[j];
    if (c && chosen.some((k) => overlaps(set.candidates[k], c))) continue;
    chosen.push(j);
  }
  return chosen;
}

interface Budget {
  deadline: number;
  done: number;
  total: number;
  truncated: boolean;
}

function rankSubsets(set: CandidateSet, labels: Labels, rows: number[], options: SearchOptions, budget: Budget, subsets: number[][]): RankedSubset[] {
  const candidates = pool(set, labels, rows, options.poolSize);
  const rowLabels = Uint8Array.from(rows, (r) => labels[r]);
  const inner: Fold[] = stratifiedKFold(rowLabels, options.innerFolds, options.seed).map((f) => ({ train: f.train.map((i) => rows[i]), test: f.test.map((i) => rows[i]) }));
  const ranked: RankedSubset[] = [];
  for (const subset of subsets) {
    if (subset.some((i) => i >= candidates.length)) continue;
    if (options.now() > budget.deadline) {
      budget.truncated = true;
      break;
    }
    const columns = subset.map((i) => candidates[i]);
    let correct = 0;
    for (const fold of inner) {
      const model = fitScaledClassifier(options.classifier, subMatrix(set.values, fold.train, columns), Uint8Array.from(fold.train, (r) => labels[r]));
      const predicted = predictLabels(model, subMatrix(set.values, fold.test, columns));
      fold.test.forEach((r, i) => { if (predicted[i] === labels[r]) correct++; });
    }
    ranked.push({ candidates: columns, accuracy: correct / rows.length });
    budget.done++;
    if (options.progress && options.progress(budget.done, budget.total) === true) throw new CoreError('cancelled', `feature-set search cancelled after ${budget.done} subsets`);
  }
  // Ties go to the smaller subset, then to the better-ranked candidates.
  return ranked.sort((a, b) => b.accuracy - a.accuracy || a.candidates.length - b.candidates.length);
}

/**
 * Scores every subset of the `poolSize` best candidates up to `maxSize` features. The outer folds measure the
 * whole procedure honestly: each searches on its own training rows and tests its best subset once.
 */
export function searchFeatureSets(set: CandidateSet, labels: Labels, outer: Fold[], options: SearchOptions): SearchResult {
  const subsets = subsetsUpTo(options.poolSize, options.maxSize);
  const budget: Budget = { deadline: options.now() + options.timeBudgetMs, done: 0, total: subsets.length * (outer.length + 1), truncated: false };
  const outerFolds: SearchResult['outerFolds'] = [];
  let correct = 0;
  let tested = 0;
  for (const fold of outer) {
    const ranking = rankSubsets(set, labels, fold.train, options, budget, subsets);
    if (ranking.length === 0) break;
    const best = ranking[0].candidates;
    const model = fitScaledClassifier(options.classifier, subMatrix(set.values, fold.train, best), Uint8Array.from(fold.train, (r) => labels[r]));
    const predicted = predictLabels(model, subMatrix(set.values, fold.test, best));
    let foldCorrect = 0;
    fold.test.forEach((r, i) => { if (predicted[i] === labels[r]) foldCorrect++; });
    correct += foldCorrect;
    tested += fold.test.length;
    outerFolds.push({ train: fold.train, test: fold.test, accuracy: foldCorrect / fold.test.length, best });
  }
  const all = Array.from(labels, (_, i) => i);
  const ranking = rankSubsets(set, labels, all, options, budget, subsets);
  return { ranking, nestedAccuracy: tested > 0 ? correct / tested : NaN, outerFolds, subsetsScored: budget.done, truncated: budget.truncated };
}
