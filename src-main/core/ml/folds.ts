// Cross-validation splits: stratified k-fold (shuffled with a seed) and leave-one-run-out.
import { badInput, problem, type CoreError } from '../errors.ts';
import type { Labels } from './classifiers.ts';
import { seededRandom, shuffleInPlace } from './random.ts';

/** One split: trial indices (into the arrays given to the splitter) for training and testing, ascending. */
export interface Fold {
  train: number[];
  test: number[];
}

/**
 * Too few trials of a class for k folds, worded without any flag of the CLI (the app says it too); `classes` the
 * class names where the caller knows them (else the classes are numbered).
 */
export function tooFewTrials(k: number, classes: readonly string[], counts: number[]): CoreError {
  const perClass = counts.map((n, c) => (classes[c] === undefined ? `${n} of class ${c + 1}` : `${n} of '${classes[c]}'`)).join(', ');
  return badInput(`cross-validation: too few trials for ${k} folds (${perClass}); use fewer folds`, { value: k }, problem('too-few-trials', { folds: k, classes: [...classes], counts: [...counts] }));
}

/**
 * Stratified k-fold: each class is shuffled with the seed and dealt round-robin into k folds, so every fold
 * holds ⌊n_c/k⌋ or ⌈n_c/k⌉ trials of class c. Refuses k larger than the smaller class (`too-few-trials`, naming the
 * `classes` given).
 */
export function stratifiedKFold(labels: Labels, k: number, seed: number, classes: readonly string[] = []): Fold[] {
  if (!Number.isInteger(k) || k < 2) throw badInput(`cross-validation: the number of folds must be an integer ≥ 2, got ${k}`);
  const byClass: number[][] = [[], []];
  labels.forEach((label, i) => byClass[label].push(i));
  if (Math.min(byClass[0].length, byClass[1].length) < k) throw tooFewTrials(k, classes, byClass.map((members) => members.length));
  const random = seededRandom(seed);
  const testSets: number[][] = Array.from({ length: k }, () => []);
  let offset = 0;
  for (const members of byClass) {
    const shuffled = shuffleInPlace([...members], random);
    // Continue the round-robin where the previous class stopped, so fold sizes stay balanced overall.
    shuffled.forEach((trial, i) => testSets[(offset + i) % k].push(trial));
    offset = (offset + shuffled.length) % k;
  }
  return testSets.map((test) => splitFrom(test, labels.length));
}

/** One fold per distinct run (`runOfTrial`: each trial's run, the position of its recording): train on the other runs, test on this one. */
export function leaveOneRunOut(runOfTrial: ArrayLike<number>, labels: Labels): Fold[] {
  const runs = [...new Set(Array.from(runOfTrial))].sort((a, b) => a - b);
  if (runs.length < 2) throw badInput(`cross-validation: leave-one-run-out needs at least 2 runs, got ${runs.length}`, { value: runs.length }, problem('too-few-runs', { runs: runs.length }));
  return runs.map((run) => {
    const test: number[] = [];
    for (let i = 0; i < runOfTrial.length; i++) if (runOfTrial[i] === run) test.push(i);
    const fold = splitFrom(test, runOfTrial.length);
    const trainClasses = new Set(fold.train.map((i) => labels[i]));
    if (trainClasses.size < 2) throw badInput(`cross-validation: without run ${run + 1} the training set has only one class`, { value: run }, problem('fold-one-class', { run: run + 1 }));
    return fold;
  });
}

function splitFrom(test: number[], n: number): Fold {
  const inTest = new Uint8Array(n);
  for (const i of test) inTest[i] = 1;
  const train: number[] = [];
  for (let i = 0; i < n; i++) if (!inTest[i]) train.push(i);
  return { train, test: [...test].sort((a, b) => a - b) };
}
