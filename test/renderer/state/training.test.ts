// The Train step's rules: inputs the contract accepts unchanged, features only where the family takes them, problems named, the attempts' order.
import { describe, expect, it } from 'vitest';
import { comparisonInput, featureJobInput, trainingInput, type Attempt, type FeatureJobInput } from '../../../src-main/contract/index.ts';
import {
  choiceSummary,
  comparisonInputFor,
  familyOptions,
  innerCandidates,
  isStandard,
  pValueText,
  defaultAutoConstraints,
  defaultTrainForm,
  nextSort,
  parseChannelList,
  schemeOf,
  sortAttempts,
  stabilityByFeature,
  stabilityKey,
  trainingInputFor,
  type SelectionChoice,
  type TrainingContext,
} from '../../../src-renderer/src/state/training.ts';

const parsedExtraction = (over: Partial<FeatureJobInput> = {}): FeatureJobInput => {
  const parsed = featureJobInput.parse({ sessionId: 3, runIds: [4, 8, 12], classes: ['T1', 'T2'], ...over });
  if (!parsed.ok) throw new Error(parsed.issue.message);
  return parsed.value;
};
const chosen: SelectionChoice = { mode: 'chosen', features: [{ channel: 'C3..', fminHz: 10, fmaxHz: 12 }, { channel: 'C4..', fminHz: 22, fmaxHz: 22 }], constraints: defaultAutoConstraints() };
const ctx = (over: Partial<TrainingContext> = {}): TrainingContext => ({ sessionId: 3, extraction: parsedExtraction(), selection: chosen, ...over });

describe('training input', () => {
  it('starts from the default procedure: no reference, no classifier, no features, 5 folds; the contract accepts it unchanged', () => {
    expect(defaultTrainForm()).toEqual({ family: 'auto', classifier: 'default', validation: 'kfold', folds: '5', permutations: '0', drawnOnsets: false });
    const result = trainingInputFor(defaultTrainForm(), ctx());
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.input).toMatchObject({ sessionId: 3, runIds: [4, 8, 12], family: 'auto', classes: ['T1', 'T2'], cv: { kind: 'kfold', k: 5, seed: 1 }, permutations: 0 });
    for (const absent of ['reference', 'classifier', 'features', 'selection', 'band'] as const) expect(result.input[absent]).toBeUndefined();
    const again = trainingInput.parse(result.input);
    expect(again.ok && again.value).toEqual(result.input);
    // A standard family with permutations; an extraction with the surface Laplacian does not matter to it.
    const standard = trainingInputFor({ ...defaultTrainForm(), family: 'ts-lr', permutations: ' 100 ', classifier: 'svm' }, ctx({ extraction: parsedExtraction({ reference: 'laplacian' }) }));
    expect(standard.ok && standard.input).toMatchObject({ family: 'ts-lr', permutations: 100 });
    expect(standard.ok && standard.input.classifier).toBeUndefined();
  });

  it('asks for drawn cue onsets only when the box is checked, for a training and for the comparison', () => {
    const plain = trainingInputFor(defaultTrainForm(), ctx());
    expect(plain.ok && plain.input.drawnOnsets).toBeUndefined();
    const drawn = { ...defaultTrainForm(), drawnOnsets: true };
    const training = trainingInputFor(drawn, ctx());
    expect(training.ok && training.input.drawnOnsets).toBe(true);
    const psd = trainingInputFor({ ...drawn, family: 'psd' }, ctx());
    expect(psd.ok && psd.input.drawnOnsets).toBe(true);
    const comparison = comparisonInputFor(drawn, ctx());
    expect(comparison.ok && comparison.input.drawnOnsets).toBe(true);
  });

  it('refuses permutations out of range and leave-one-run-out with the standard path, naming the field', () => {
    for (const permutations of ['-1', '1001', '2.5', 'ten']) {
      const result = trainingInputFor({ ...defaultTrainForm(), permutations }, ctx());
      expect(result.ok ? [] : result.problems).toEqual([{ field: 'permutations', key: 'permutationsNumber', params: { value: permutations, max: 1000 } }]);
    }
    expect(trainingInputFor({ ...defaultTrainForm(), permutations: '' }, ctx()).ok).toBe(true);
    const runs = trainingInputFor({ ...defaultTrainForm(), family: 'csp-lda', validation: 'runs' }, ctx());
    expect(runs.ok ? [] : runs.problems).toEqual([{ field: 'validation', key: 'runsStandard' }]);
    // Per-window families never send permutations (the host refuses them there).
    const psd = trainingInputFor({ ...defaultTrainForm(), family: 'psd', permutations: '50' }, ctx());
    expect(psd.ok && psd.input.permutations).toBe(0);
  });

  it('reuses the extraction’s runs, classes, window and reference, sends the chosen features, and the contract accepts it unchanged', () => {
    const extraction = parsedExtraction({ window: { offsetSec: 0.5, lengthSec: 2.5 } });
    const result = trainingInputFor({ ...defaultTrainForm(), family: 'psd', folds: '10' }, ctx({ extraction }));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.input).toMatchObject({
      sessionId: 3, runIds: [4, 8, 12], family: 'psd', classes: ['T1', 'T2'], window: { offsetSec: 0.5, lengthSec: 2.5 }, reference: 'car', cv: { kind: 'kfold', k: 10, seed: 1 },
      features: [{ channel: 'C3..', fminHz: 10, fmaxHz: 12, family: 'psd' }, { channel: 'C4..', fminHz: 22, fmaxHz: 22, family: 'psd' }],
    });
    expect(result.input.classifier).toBeUndefined();
    const again = trainingInput.parse(result.input);
    expect(again.ok && again.value).toEqual(result.input);
  });

  it('trains connectivity features as fc with the extraction’s metric', () => {
    const extraction = parsedExtraction({ method: 'plv' });
    const result = trainingInputFor({ ...defaultTrainForm(), family: 'fc' }, ctx({ extraction }));
    expect(result.ok && result.input).toMatchObject({ family: 'fc', metric: 'plv', features: [{ family: 'fc' }, { family: 'fc' }] });
  });

  it('keeps each feature\u2019s own family from an extraction of both (spectra and connectivity), sent as mixed', () => {
    const extraction = parsedExtraction({ method: 'welch', connectivity: 'coh' });
    const selection: SelectionChoice = { mode: 'chosen', features: [{ channel: 'C3..', fminHz: 10, fmaxHz: 12, family: 'psd' }, { channel: 'C4..', fminHz: 10, fmaxHz: 12, family: 'fc' }], constraints: defaultAutoConstraints() };
    const result = trainingInputFor({ ...defaultTrainForm(), family: 'mixed' }, ctx({ extraction, selection }));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.input.features).toEqual([{ channel: 'C3..', fminHz: 10, fmaxHz: 12, family: 'psd' }, { channel: 'C4..', fminHz: 10, fmaxHz: 12, family: 'fc' }]);
  });

  it('sends neither features nor selection for csp and tangent space (the contract refuses them there)', () => {
    const result = trainingInputFor({ ...defaultTrainForm(), family: 'csp', classifier: 'lda' }, ctx());
    if (!result.ok) throw new Error('expected an input');
    expect(result.input.features).toBeUndefined();
    expect(result.input.selection).toBeUndefined();
    expect(result.input.classifier).toBe('lda');
  });

  it('builds automatic selection’s constraints from what was typed', () => {
    const selection: SelectionChoice = { mode: 'automatic', features: [], constraints: { nFeatures: ' 4 ', sign: 'desync', channels: 'C3.., C4..;Cz..', excludeChannels: 'C3.. C3..' } };
    const result = trainingInputFor({ ...defaultTrainForm(), family: 'psd' }, ctx({ selection }));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.input.features).toBeUndefined();
    expect(result.input.selection).toEqual({ nFeatures: 4, sign: 'desync', channels: ['C3..', 'C4..', 'Cz..'], excludeChannels: ['C3..'] });
  });

  it('names every problem before anything is sent', () => {
    const empty: SelectionChoice = { mode: 'chosen', features: [], constraints: defaultAutoConstraints() };
    const result = trainingInputFor({ ...defaultTrainForm(), family: 'psd', folds: '1' }, ctx({ selection: empty, extraction: parsedExtraction({ reference: 'laplacian' }) }));
    if (result.ok) throw new Error('expected problems');
    expect(result.problems.map((p) => `${p.field}:${p.key}`).sort()).toEqual(['features:noFeatures', 'folds:foldsNumber', 'reference:laplacian']);
    const auto = trainingInputFor({ ...defaultTrainForm(), family: 'mixed' }, ctx({ selection: { mode: 'automatic', features: [], constraints: { ...defaultAutoConstraints(), nFeatures: '0' } } }));
    expect(auto.ok ? [] : auto.problems).toEqual([{ field: 'nFeatures', key: 'nFeaturesNumber', params: { value: '0' } }]);
    const oneRun = trainingInputFor({ ...defaultTrainForm(), family: 'psd', validation: 'runs' }, ctx({ extraction: parsedExtraction({ runIds: [4] }) }));
    expect(oneRun.ok ? [] : oneRun.problems).toEqual([{ field: 'validation', key: 'runsNeedTwo' }]);
    const files = trainingInputFor(defaultTrainForm(), ctx({ extraction: { ...parsedExtraction(), runIds: undefined, sessionId: undefined, files: ['/a.edf'] } }));
    expect(files.ok ? [] : files.problems).toEqual([{ field: 'runs', key: 'noRuns' }]);
  });

  it('compares the families on the same runs and folds with the Select step’s features; the contract accepts the comparison unchanged', () => {
    const result = comparisonInputFor(defaultTrainForm(), ctx());
    if (!result.ok) throw new Error('expected an input');
    expect(result.input).toMatchObject({ sessionId: 3, runIds: [4, 8, 12], reference: 'car', cv: { kind: 'kfold', k: 5, seed: 1 }, features: [{ channel: 'C3..', family: 'psd' }, { channel: 'C4..', family: 'psd' }] });
    expect('family' in result.input || 'selection' in result.input).toBe(false);
    const again = comparisonInput.parse(result.input);
    expect(again.ok && again.value).toEqual(result.input);
    // Automatic selection: its constraints; nothing chosen: each per-window row selects its own.
    const automatic = comparisonInputFor(defaultTrainForm(), ctx({ selection: { mode: 'automatic', features: [], constraints: { ...defaultAutoConstraints(), sign: 'desync' } } }));
    expect(automatic.ok && automatic.input.selection).toEqual({ sign: 'desync' });
    const none = comparisonInputFor(defaultTrainForm(), ctx({ selection: { mode: 'chosen', features: [], constraints: defaultAutoConstraints() } }));
    expect(none.ok && [none.input.features, none.input.selection]).toEqual([undefined, undefined]);
    const runs = comparisonInputFor({ ...defaultTrainForm(), family: 'psd', validation: 'runs' }, ctx());
    expect(runs.ok ? [] : runs.problems).toEqual([{ field: 'validation', key: 'runsStandard' }]);
  });

  it('reads channel lists separated by commas, semicolons or spaces', () => {
    expect(parseChannelList(' C3.., C4..;; Cz.. C3..')).toEqual(['C3..', 'C4..', 'Cz..']);
    expect(parseChannelList('  ')).toEqual([]);
  });
});

const attempt = (id: number, over: { createdAt: string; family: Attempt['family']; accuracy: number; kappa: number; nFeatures: number }): Attempt => ({
  id, sessionId: 3, createdAt: over.createdAt, family: over.family, classifier: 'slda', classes: ['T1', 'T2'], runIds: [4], parameters: {} as Attempt['parameters'],
  features: Array.from({ length: over.nFeatures }, (_, i) => ({ family: 'psd', channel: `C${i}`, bandHz: [10, 12] as [number, number], stability: 0.5 + i / 10 })),
  validation: { scheme: 'stratified 10-fold, seed 1', nTrials: 45, accuracy: over.accuracy, ci95: [0, 1], significanceThreshold: 0.64, significant: over.accuracy > 0.64, balancedAccuracy: over.accuracy, kappa: over.kappa, confusion: [[1, 0], [0, 1]], folds: [] },
  rejected: [], model: null, modelNote: null, chosen: false, elapsedMs: 10,
});

describe('attempts table order', () => {
  const list = [
    attempt(1, { createdAt: '2026-01-01T10:00:00Z', family: 'psd', accuracy: 0.7, kappa: 0.4, nFeatures: 2 }),
    attempt(2, { createdAt: '2026-01-01T11:00:00Z', family: 'csp', accuracy: 0.8, kappa: 0.6, nFeatures: 0 }),
    attempt(3, { createdAt: '2026-01-01T12:00:00Z', family: 'fc', accuracy: 0.7, kappa: 0.41, nFeatures: 5 }),
  ];
  const ids = (sorted: Attempt[]) => sorted.map((a) => a.id);

  it('sorts by each column in both directions; ties keep the newest first', () => {
    expect(ids(sortAttempts(list, { key: 'date', descending: true }))).toEqual([3, 2, 1]);
    expect(ids(sortAttempts(list, { key: 'accuracy', descending: true }))).toEqual([2, 3, 1]);
    expect(ids(sortAttempts(list, { key: 'accuracy', descending: false }))).toEqual([3, 1, 2]);
    expect(ids(sortAttempts(list, { key: 'family', descending: false }))).toEqual([2, 3, 1]);
    expect(ids(sortAttempts(list, { key: 'kappa', descending: true }))).toEqual([2, 3, 1]);
    expect(ids(sortAttempts(list, { key: 'features', descending: true }))).toEqual([3, 1, 2]);
    expect(ids(list)).toEqual([1, 2, 3]);
  });

  it('flips the direction on the same column and starts a new one in its useful direction', () => {
    expect(nextSort({ key: 'date', descending: true }, 'date')).toEqual({ key: 'date', descending: false });
    expect(nextSort({ key: 'date', descending: true }, 'accuracy')).toEqual({ key: 'accuracy', descending: true });
    expect(nextSort({ key: 'date', descending: true }, 'family')).toEqual({ key: 'family', descending: false });
  });

  it('keys each feature’s stability by clean channel and band, from the newest automatic selection that kept it', () => {
    const older = { ...list[2], features: list[2].features.map((f) => ({ ...f, channel: `${f.channel}.` })) };
    const newer = { ...list[0], features: [{ ...list[0].features[0], stability: 0.9 }] };
    const explicit = { ...list[0], parameters: { features: [{ channel: 'C0', fminHz: 10, fmaxHz: 12 }] } as Attempt['parameters'], features: [{ ...list[0].features[0], stability: 1 }] };
    const map = stabilityByFeature([explicit, newer, list[1], older]);
    expect(map.get(stabilityKey('C0..', 10, 12))).toBe(0.9);
    expect(map.get(stabilityKey('C1', 10, 12))).toBe(0.6);
    expect(map.get(stabilityKey('C4.', 10, 12))).toBe(0.9);
    expect(map.get(stabilityKey('C4', 10, 13))).toBeUndefined();
    expect(stabilityKey('Fc3.', 8, 12)).toBe(stabilityKey('FC3', 8, 12));
    expect(stabilityByFeature([explicit]).size).toBe(0);
    expect(stabilityByFeature([]).size).toBe(0);
  });
});

describe('the default procedure and the standard families in the table and the detail', () => {
  const inner = (best: string) => Object.fromEntries(['ts-svm', 'fgmdm', 'ts-lr', 'csp-lda', 'fbcsp', 'psd-slda'].map((f) => [f, { accuracy: f === best ? 0.8 : 0.6, auc: 0.7 }]));
  const folds = ['ts-svm', 'fgmdm', 'ts-svm', 'ts-svm', 'csp-lda'].map((chosen) => ({ train: [1], test: [2], accuracy: 0.7, chosen: chosen as 'ts-svm', inner: inner(chosen) }));
  const auto: Attempt = {
    ...attempt(7, { createdAt: '2026-01-01T13:00:00Z', family: 'auto', accuracy: 0.78, kappa: 0.55, nFeatures: 0 }),
    validation: { ...attempt(7, { createdAt: '', family: 'auto', accuracy: 0.78, kappa: 0.55, nFeatures: 0 }).validation, folds, auc: 0.87, permutation: { pValue: 0.0099, count: 100 }, choice: { family: 'ts-svm', inner: inner('ts-svm'), innerFolds: 5 } },
  };
  const lr: Attempt = { ...attempt(8, { createdAt: '2026-01-01T14:00:00Z', family: 'ts-lr', accuracy: 0.7, kappa: 0.4, nFeatures: 0 }) };
  lr.validation = { ...lr.validation, auc: 0.9, permutation: null };
  const psd = attempt(9, { createdAt: '2026-01-01T15:00:00Z', family: 'psd', accuracy: 0.6, kappa: 0.2, nFeatures: 3 });

  it('puts the default procedure first, then the standard pipelines, then the per-window families', () => {
    expect(familyOptions).toEqual(['auto', 'ts-svm', 'fgmdm', 'ts-lr', 'csp-lda', 'fbcsp', 'psd-slda', 'psd', 'fc', 'mixed', 'csp', 'ts']);
    expect(familyOptions.filter(isStandard)).toHaveLength(7);
  });

  it('counts the families the outer folds chose, most first, and names the final model’s', () => {
    expect(choiceSummary(auto)).toEqual({ perFamily: [{ family: 'ts-svm', folds: 3 }, { family: 'fgmdm', folds: 1 }, { family: 'csp-lda', folds: 1 }], nFolds: 5, final: 'ts-svm' });
    expect(choiceSummary(lr)).toBeNull();
    expect(innerCandidates(auto)).toEqual(['ts-svm', 'fgmdm', 'ts-lr', 'csp-lda', 'fbcsp', 'psd-slda']);
    expect(innerCandidates(psd)).toEqual([]);
  });

  it('sorts by AUC and p-value with attempts that have none last in either direction', () => {
    const ids = (sorted: Attempt[]) => sorted.map((a) => a.id);
    expect(ids(sortAttempts([psd, auto, lr], { key: 'auc', descending: true }))).toEqual([8, 7, 9]);
    expect(ids(sortAttempts([psd, auto, lr], { key: 'auc', descending: false }))).toEqual([7, 8, 9]);
    expect(ids(sortAttempts([psd, auto, lr], { key: 'pValue', descending: false }))).toEqual([7, 9, 8]);
    expect(nextSort({ key: 'date', descending: true }, 'pValue')).toEqual({ key: 'pValue', descending: false });
    expect(nextSort({ key: 'date', descending: true }, 'auc')).toEqual({ key: 'auc', descending: true });
  });

  it('writes p-values with three decimals, and the smallest as a bound', () => {
    expect(pValueText(0.0099)).toBe('0.010');
    expect(pValueText(0.0004)).toBe('< 0.001');
    expect(pValueText(1)).toBe('1.000');
  });
});

describe('validation scheme', () => {
  it('says which validation an attempt used, from its request as run', () => {
    expect(schemeOf({ kind: 'kfold', k: 5, seed: 3 })).toEqual({ key: 'kfold', params: { k: 5, seed: 3 } });
    expect(schemeOf(undefined)).toEqual({ key: 'kfold', params: { k: 10, seed: 1 } });
    expect(schemeOf({ kind: 'runs', k: 10, seed: 1 }).key).toBe('runs');
  });
});
