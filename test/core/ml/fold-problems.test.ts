// The folds and trial cuts that cannot be made say why as a reason with parameters (too few trials or runs, a fold of one class, trials that differ between cuts).
import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../src-main/core/errors.ts';
import type { Epochs, Trial } from '../../../src-main/core/epochs.ts';
import { leaveOneRunOut, stratifiedKFold } from '../../../src-main/core/ml/folds.ts';
import { checkSameTrials } from '../../../src-main/core/ml/standard-preprocessing.ts';

/** What `fn` threw. */
function thrown(fn: () => unknown): CoreError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
  throw new Error('nothing thrown');
}

const epochsOf = (trials: [index: number, classIndex: number][]): Epochs => ({
  sampleRateHz: 160, channels: ['C3'], channelNames: ['c3'], nSamples: 2, definition: { offsetSec: 0, lengthSec: 2 / 160 }, classes: ['T1', 'T2'], rejected: [],
  trials: trials.map(([index, classIndex]): Trial => ({ index, classIndex, recordingIndex: 0, onsetSec: index, firstSample: index * 160, data: new Float64Array(2) })),
});

describe('fold problems', () => {
  const labels = Uint8Array.from([0, 0, 0, 1, 1, 0]);

  it('stratified k-fold with too few trials of a class: too-few-trials with the class names given, else numbered', () => {
    const named = thrown(() => stratifiedKFold(labels, 3, 1, ['left', 'right']));
    expect(named).toMatchObject({ code: 'bad-input', problem: { reason: 'too-few-trials', params: { folds: 3, classes: ['left', 'right'], counts: [4, 2] } } });
    expect(named.message).toBe("cross-validation: too few trials for 3 folds (4 of 'left', 2 of 'right'); use fewer folds");
    const unnamed = thrown(() => stratifiedKFold(labels, 3, 1));
    expect(unnamed).toMatchObject({ problem: { reason: 'too-few-trials', params: { folds: 3, classes: [], counts: [4, 2] } } });
    expect(unnamed.message).toBe('cross-validation: too few trials for 3 folds (4 of class 1, 2 of class 2); use fewer folds');
    expect(stratifiedKFold(labels, 2, 1)).toHaveLength(2);
  });

  it('leave-one-run-out with one run (too-few-runs), or a run whose absence leaves one class (fold-one-class, the run counted from 1)', () => {
    expect(thrown(() => leaveOneRunOut([0, 0, 0, 0, 0, 0], labels))).toMatchObject({ code: 'bad-input', problem: { reason: 'too-few-runs', params: { runs: 1 } } });
    const oneClass = thrown(() => leaveOneRunOut([0, 0, 0, 1, 1, 0], labels));
    expect(oneClass).toMatchObject({ problem: { reason: 'fold-one-class', params: { run: 1 } } });
    expect(oneClass.message).toBe('cross-validation: without run 1 the training set has only one class');
  });
});

describe('trials-differ', () => {
  it('two cuts keeping other trials: the stage, the band of the filter bank, the trial counts', () => {
    const all = epochsOf([[0, 0], [1, 1], [2, 0], [3, 1]]);
    expect(() => checkSameTrials(all, epochsOf([[0, 0], [1, 1], [2, 0], [3, 1]]), 'psd-features')).not.toThrow();
    const bank = thrown(() => checkSameTrials(all, epochsOf([[0, 0], [1, 1], [3, 1]]), 'filter-bank', [8, 12]));
    expect(bank).toMatchObject({ code: 'bad-input', problem: { reason: 'trials-differ', params: { stage: 'filter-bank', bandHz: [8, 12], first: 4, second: 3 } } });
    expect(bank.message).toMatch(/^filter bank 8-12 Hz: the band-passed recordings keep different trials \(4 and 3\)/);
    // The same count, other trials.
    expect(thrown(() => checkSameTrials(all, epochsOf([[0, 0], [1, 1], [2, 0], [4, 1]]), 'psd-features'))).toMatchObject({
      problem: { reason: 'trials-differ', params: { stage: 'psd-features', bandHz: null, first: 4, second: 4 } },
    });
  });
});
