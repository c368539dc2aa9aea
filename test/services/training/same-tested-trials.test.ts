// A comparison's two groups, trained on two workers, must have been scored on the same trials: else trials-differ, as one worker says it.
import { describe, expect, it } from 'vitest';
import { checkSameTestedTrials } from '../../../src-main/services/training/split-training.ts';
import type { AppTrainingOutcome } from '../../../src-main/services/training/training-request.ts';

/** An outcome tested on these folds' trials (only what the check reads). */
const outcomeTestedOn = (kind: AppTrainingOutcome['kind'], folds: number[][]): AppTrainingOutcome =>
  ({ kind, outcome: { validation: { folds: folds.map((test) => ({ test })) } } }) as unknown as AppTrainingOutcome;

describe('checkSameTestedTrials', () => {
  it('passes the same trials in other folds, and refuses other trials with trials-differ (comparison, both counts)', () => {
    expect(() => checkSameTestedTrials(outcomeTestedOn('standard', [[0, 2], [1, 3]]), outcomeTestedOn('window', [[3, 0], [2, 1]]))).not.toThrow();
    expect(() => checkSameTestedTrials(outcomeTestedOn('standard', [[0, 2], [1, 3]]), outcomeTestedOn('window', [[0], [1, 3]]))).toThrow(
      expect.objectContaining({ code: 'bad-input', problem: { reason: 'trials-differ', params: { stage: 'comparison', bandHz: null, first: 4, second: 3 } } }),
    );
  });
});
