// The default procedure on simulated recordings: it chooses the family that carries the effect, stays at chance on noise, and its permutation p-values are uniform on noise.
import { describe, expect, it } from 'vitest';
import type { SignalSource } from '../../../src-main/core/epochs.ts';
import type { ChannelInfo, RecordingEvent } from '../../../src-main/core/recording.ts';
import { normaliseChannelName } from '../../../src-main/core/recording.ts';
import { candidateGrid, candidateName, chooseFamily, defaultChoiceOptions, familyPipeline, pickCandidate, pickFamily, regularisationGrid, trainDefault, nestedFamilyChoice, TangentSpaceCache } from '../../../src-main/core/ml/family-choice.ts';
import { stratifiedKFold } from '../../../src-main/core/ml/folds.ts';
import { chanceLevel, rocAuc } from '../../../src-main/core/ml/metrics.ts';
import { permutationTest } from '../../../src-main/core/ml/permutation.ts';
import { prepareProcedureData } from '../../../src-main/core/ml/procedure-data.ts';
import { seededRandom } from '../../../src-main/core/ml/random.ts';
import { defaultTrainingWindow } from '../../../src-main/core/ml/standard-preprocessing.ts';
import { trainStandard, defaultStandardTraining } from '../../../src-main/core/ml/standard-training.ts';
import { gaussian } from './reference.ts';

const fs = 160;
const labels = ['FC3', 'C3', 'CP3', 'Cz', 'FC4', 'C4', 'CP4', 'Pz'];

type Effect = 'none' | 'alpha-7hz-on-c3' | 'correlation';

/**
 * A continuous recording of white noise (10 µV SD) with `nPerClass` T1 and T2 cues, 7 s apart, in random order.
 * 'alpha-7hz-on-c3': T2 trials carry a 7 Hz oscillation on C3 for 3 s after the cue (outside MOABB's 8-32 Hz band,
 * inside the PSD family's 7-35 Hz); 'correlation': during T2 trials C4 becomes 0.6·C3 + 0.8·C4 (same power, a
 * spatial correlation that band power on single channels cannot see).
 */
function simulate(seed: number, effect: Effect, nPerClass = 20): SignalSource {
  const random = seededRandom(seed);
  const normal = gaussian(random);
  const nTrials = 2 * nPerClass;
  const n = Math.round((nTrials * 7 + 6) * fs);
  const data = labels.map(() => Float32Array.from({ length: n }, () => 10 * normal()));
  const order = Array.from({ length: nTrials }, (_, i) => i % 2);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const events: RecordingEvent[] = order.map((cls, i) => ({ onsetSec: 3 + 7 * i, durationSec: 4, code: null, label: cls === 0 ? 'T1' : 'T2' }));
  const c3 = labels.indexOf('C3');
  const c4 = labels.indexOf('C4');
  for (const e of events) {
    if (e.label !== 'T2') continue;
    const start = Math.round(e.onsetSec * fs);
    const phase = 2 * Math.PI * random();
    for (let t = 0; t < 3 * fs; t++) {
      if (effect === 'alpha-7hz-on-c3') data[c3][start + t] += 10 * Math.sin((2 * Math.PI * 7 * t) / fs + phase);
      if (effect === 'correlation') data[c4][start + t] = 0.6 * data[c3][start + t] + 0.8 * data[c4][start + t];
    }
  }
  const channels: ChannelInfo[] = labels.map((label) => ({
    label, name: normaliseChannelName(label), unit: 'uV', sampleRateHz: fs, physicalMin: -1000, physicalMax: 1000, digitalMin: -32768, digitalMax: 32767,
  }));
  return { sampleRateHz: fs, nSamples: n, channels, events, data, name: `simulated-${effect}-${seed}` };
}

const epochOptions = { classes: ['T1', 'T2'], ...defaultTrainingWindow };

describe('default procedure on simulated recordings', () => {
  it('chooses the PSD family when the effect lies outside the 8-32 Hz band of the covariance families', () => {
    const { labels: y, data } = prepareProcedureData([simulate(11, 'alpha-7hz-on-c3')], epochOptions, { families: defaultChoiceOptions.candidates });
    const cache = new TangentSpaceCache(data.covariances, data.nChannels);
    const nested = nestedFamilyChoice(data, y, stratifiedKFold(y, 5, 1), defaultChoiceOptions, cache);
    expect(nested.folds.filter((f) => f.chosen === 'psd-slda').length).toBeGreaterThanOrEqual(4);
    const all = Array.from(y, (_, i) => i);
    const choice = chooseFamily(data, y, all, defaultChoiceOptions, cache);
    expect(choice.family).toBe('psd-slda');
    expect(choice.inner['psd-slda'].accuracy).toBeGreaterThan(0.8);
    expect(choice.inner['ts-lr'].accuracy).toBeLessThan(choice.inner['psd-slda'].accuracy);
    expect(nested.accuracy).toBeGreaterThan(chanceLevel(y.length, 2));
  });

  it('chooses a covariance family when the effect is a correlation between channels (band power cannot see it)', () => {
    const { labels: y, data } = prepareProcedureData([simulate(12, 'correlation')], epochOptions, { families: defaultChoiceOptions.candidates });
    const cache = new TangentSpaceCache(data.covariances, data.nChannels);
    const nested = nestedFamilyChoice(data, y, stratifiedKFold(y, 5, 1), defaultChoiceOptions, cache);
    expect(nested.folds.every((f) => f.chosen !== 'psd-slda')).toBe(true);
    const choice = chooseFamily(data, y, Array.from(y, (_, i) => i), defaultChoiceOptions, cache);
    expect(['ts-lr', 'ts-svm', 'fgmdm', 'csp-lda', 'fbcsp']).toContain(choice.family);
    expect(choice.inner['psd-slda'].accuracy).toBeLessThan(0.75);
    // Family and C chosen together: every grid point scored, the chosen one among them, each family's best reported with its C.
    expect(choice.grid!.map((g) => candidateName(g.candidate))).toEqual([
      'ts-svm C=1', 'ts-svm C=0.1', 'ts-svm C=10', 'fgmdm', 'ts-lr C=1', 'ts-lr C=0.1', 'ts-lr C=10', 'csp-lda', 'fbcsp', 'psd-slda',
    ]);
    expect(choice.grid!.some((g) => g.candidate.family === choice.family && g.candidate.hyperparameters.c === choice.hyperparameters?.c)).toBe(true);
    expect(regularisationGrid).toContain(choice.inner['ts-lr'].hyperparameters?.c);
    expect(choice.inner['ts-lr'].accuracy).toBe(Math.max(...choice.grid!.filter((g) => g.candidate.family === 'ts-lr').map((g) => g.accuracy)));
    for (const f of nested.folds) expect(f.chosen === 'ts-lr' || f.chosen === 'ts-svm' ? regularisationGrid.includes(f.hyperparameters.c!) : f.hyperparameters.c === undefined).toBe(true);
    // C reaches the classifier: stronger regularisation gives probabilities nearer one half.
    const rows = Array.from(y, (_, i) => i);
    const spread = (c: number) => familyPipeline('ts-lr', data, y, cache, { c }).fit(rows).probability(rows).reduce((m, p) => Math.max(m, Math.abs(p - 0.5)), 0);
    expect(spread(0.1)).toBeLessThan(spread(10));
    expect(nested.accuracy).toBeGreaterThan(0.8);
    expect(nested.auc).toBeGreaterThan(0.85);
    // trainDefault composes the same steps: the nested score, the choice on all trials, the final fit.
    const trained = trainDefault(data, y, stratifiedKFold(y, 5, 1), defaultChoiceOptions, cache);
    expect(trained.nested.accuracy).toBe(nested.accuracy);
    expect(trained.choice).toEqual(choice);
    expect(trained.final.family).toBe(choice.family);
    const finalAccuracy = trained.final.probability(Array.from(y, (_, i) => i)).filter((p, i) => (p > 0.5 ? 1 : 0) === y[i]).length / y.length;
    expect(finalAccuracy).toBeGreaterThan(0.85);
  });

  it('on pure noise the nested accuracy of the whole procedure (choice included) stays at chance', () => {
    const accuracies: number[] = [];
    for (let seed = 100; seed < 116; seed++) {
      const { labels: y, data } = prepareProcedureData([simulate(seed, 'none')], epochOptions, { families: defaultChoiceOptions.candidates });
      accuracies.push(nestedFamilyChoice(data, y, stratifiedKFold(y, 5, seed), defaultChoiceOptions).accuracy);
    }
    const mean = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
    if (process.env.NEUROFEAT_PRINT_FIGURES) console.log(`noise: nested accuracy mean ${(100 * mean).toFixed(1)}%, ${accuracies.filter((a) => a > chanceLevel(40, 2)).length} of 16 above the chance level`);
    // 16 data sets of 40 trials: the mean of chance accuracies has an SD of about 2 points.
    expect(mean).toBeGreaterThan(0.42);
    expect(mean).toBeLessThan(0.58);
    // Above the p = 0.05 chance level (62.5% for 40 trials) in about 5% of data sets; folds are not independent.
    expect(accuracies.filter((a) => a > chanceLevel(40, 2)).length).toBeLessThanOrEqual(3);
  });

  it('on pure noise the permutation p-values of the nested accuracy are uniform-ish', () => {
    const pValues: number[] = [];
    for (let seed = 200; seed < 212; seed++) {
      const { labels: y, data } = prepareProcedureData([simulate(seed, 'none', 12)], epochOptions, { families: ['ts-lr', 'psd-slda'] });
      const options = { ...defaultChoiceOptions, candidates: ['ts-lr', 'psd-slda'] as const, innerFolds: 3 };
      const cache = new TangentSpaceCache(data.covariances, data.nChannels, 64);
      const test = permutationTest((labelsNow) => nestedFamilyChoice(data, labelsNow, stratifiedKFold(labelsNow, 3, 1), options, cache).accuracy, y, 19, seed);
      pValues.push(test.pValue);
      expect(test.null).toHaveLength(19);
    }
    const mean = pValues.reduce((a, b) => a + b, 0) / pValues.length;
    if (process.env.NEUROFEAT_PRINT_FIGURES) console.log(`noise: permutation p-values mean ${mean.toFixed(3)}, ${pValues.filter((p) => p <= 0.05).length} of 12 at most 0.05`);
    expect(mean).toBeGreaterThan(0.3);
    expect(mean).toBeLessThan(0.75);
    expect(pValues.filter((p) => p <= 0.05).length).toBeLessThanOrEqual(2);
  });

  it('trainStandard reports the choice, AUC, the permutation p-value and a model declaring its prefilter', () => {
    const recording = simulate(13, 'correlation');
    const result = trainStandard([recording], epochOptions, { ...defaultStandardTraining, permutations: 9, scoreFamilies: true });
    expect(result.permutation?.pValue).toBeCloseTo(0.1, 10);
    expect(result.nested.auc).toBeCloseTo(rocAuc(result.labels, result.nested.probability), 12);
    expect(Object.keys(result.families).sort()).toEqual(['csp-lda', 'fbcsp', 'fgmdm', 'psd-slda', 'ts-lr', 'ts-svm']);
    expect(result.prefilter).toEqual({ kind: 'butterworth-bandpass', bandHz: [8, 32], order: 5, training: 'zero-phase-continuous', online: 'causal' });
    expect(result.choice.family).not.toBe('psd-slda');
    // Every family exports: the model's check windows carry the final model's probabilities.
    expect(result.exported).not.toBeNull();
    expect(result.modelPrefilter).toEqual(result.choice.family === 'fbcsp' ? expect.objectContaining({ kind: 'butterworth-filter-bank' }) : result.prefilter);
    expect(result.modelChecks).toHaveLength(8);
    expect(result.modelChecks.map((c) => c.trial)).toEqual(result.modelChecks.map((_, i) => result.epochs.trials[Math.floor((i * result.epochs.trials.length) / 8)].index));
    expect(recording.data[0][0]).toBe(simulate(13, 'correlation').data[0][0]);
  });
});

describe('the choice rule', () => {
  const inner = { 'ts-svm': { accuracy: 0.7, auc: 0.75 }, 'ts-lr': { accuracy: 0.72, auc: 0.8 }, 'psd-slda': { accuracy: 0.8, auc: 0.85 } };
  it('one-standard-error: the first candidate within one SE of the best (SE = √(a(1-a)/n))', () => {
    // best 0.8 over 40 trials: SE = 0.063, so 0.72 is out and 0.7 is out: psd-slda.
    expect(pickFamily(inner, ['ts-svm', 'ts-lr', 'psd-slda'], 'one-se', 40)).toBe('psd-slda');
    // over 10 trials SE = 0.126: ts-svm (0.7) is within it and comes first.
    expect(pickFamily(inner, ['ts-svm', 'ts-lr', 'psd-slda'], 'one-se', 10)).toBe('ts-svm');
    expect(pickFamily(inner, ['ts-svm', 'ts-lr', 'psd-slda'], 'best', 10)).toBe('psd-slda');
  });
  it('the grid: ts-lr and ts-svm once per C (most regularised first), the others once; the rule runs over all points', () => {
    expect(candidateGrid(['ts-svm', 'psd-slda']).map(candidateName)).toEqual(['ts-svm C=1', 'ts-svm C=0.1', 'ts-svm C=10', 'psd-slda']);
    expect(candidateGrid(['ts-svm', 'psd-slda'], false).map(candidateName)).toEqual(['ts-svm', 'psd-slda']);
    const scores = [{ accuracy: 0.6, auc: 0.6 }, { accuracy: 0.75, auc: 0.7 }, { accuracy: 0.8, auc: 0.8 }, { accuracy: 0.8, auc: 0.9 }];
    // best 0.8 (AUC 0.9 breaks the tie) over 40 trials: SE 0.063, so the first within it is index 1 (0.75).
    expect(pickCandidate(scores, 'best', 40)).toBe(3);
    expect(pickCandidate(scores, 'one-se', 40)).toBe(1);
    expect(() => pickCandidate([], 'one-se', 40)).toThrow(/no candidate family given/);
  });
  it('ties of accuracy go to the higher AUC under the arg-max rule', () => {
    expect(pickFamily({ 'ts-svm': { accuracy: 0.7, auc: 0.7 }, 'ts-lr': { accuracy: 0.7, auc: 0.8 } }, ['ts-svm', 'ts-lr'], 'best', 40)).toBe('ts-lr');
  });
});

describe('ROC AUC', () => {
  it('equals the Mann-Whitney statistic with ties counted one half (as roc_auc_score)', () => {
    const y = Uint8Array.from([0, 0, 1, 1, 0, 1]);
    // class 1 {0.35, 0.8, 0.4} against class 0 {0.1, 0.4, 0.4}: 0.35 wins 1 pair, 0.8 wins 3, 0.4 wins 1 and ties 2.
    expect(rocAuc(y, [0.1, 0.4, 0.35, 0.8, 0.4, 0.4])).toBeCloseTo(6 / 9, 12);
    expect(rocAuc(y, [0, 0, 1, 1, 0, 1])).toBe(1);
    expect(rocAuc(Uint8Array.from([1, 1]), [0.2, 0.3])).toBeNaN();
  });
});
