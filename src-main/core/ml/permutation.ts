// Label-permutation test of a cross-validated score: the p-value of the observed score under shuffled labels.
import { badInput } from '../errors.ts';
import type { Labels } from './classifiers.ts';
import { seededRandom, shuffleInPlace } from './random.ts';

export interface PermutationTest {
  observed: number;
  /** Scores with permuted labels, in the order drawn. */
  null: number[];
  /** (1 + #{null ≥ observed}) / (N + 1) (Phipson and Smyth 2010; scikit-learn's `permutation_test_score`). */
  pValue: number;
}

/**
 * Reruns `score` (the whole procedure, folds included) on `nPermutations` shuffles of the labels. `progress`
 * returning true cancels (the p-value then counts the permutations done).
 */
export function permutationTest(score: (labels: Labels) => number, labels: Labels, nPermutations: number, seed: number, progress?: (done: number, total: number) => boolean | void): PermutationTest {
  if (!Number.isInteger(nPermutations) || nPermutations < 1) throw badInput(`permutations: expected a positive integer, got ${nPermutations}`);
  const observed = score(labels);
  const random = seededRandom(seed);
  const nullScores: number[] = [];
  for (let i = 0; i < nPermutations; i++) {
    const permuted = Uint8Array.from(shuffleInPlace(Array.from(labels), random));
    nullScores.push(score(permuted));
    if (progress && progress(i + 1, nPermutations) === true) break;
  }
  const atLeast = nullScores.filter((s) => s >= observed).length;
  return { observed, null: nullScores, pValue: (1 + atLeast) / (nullScores.length + 1) };
}
