// The Train step's rules: inputs the contract accepts unchanged, features only where the family takes them, problems named, the attempts' order.
import { describe, expect, it } from 'vitest';
import { comparisonInput, featureJobInput, trainingInput, type Attempt, type FeatureJobInput } from '../../../src-main/contract/index.ts';
import {
  comparisonInputFor,
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
  it('reuses the extraction’s runs, classes, window and reference, sends the chosen features, and the contract accepts it unchanged', () => {
    const extraction = parsedExtraction({ window: { offsetSec: 0.5, lengthSec: 2.5 } });
    const result = trainingInputFor(defaultTrainForm(extraction), ctx({ extraction }));
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
    const form = defaultTrainForm(extraction);
    expect(form.family).toBe('fc');
    const result = trainingInputFor(form, ctx({ extraction }));
    expect(result.ok && result.input).toMatchObject({ family: 'fc', metric: 'plv', features: [{ family: 'fc' }, { family: 'fc' }] });
  });

  it('sends neither features nor selection for csp and tangent space (the contract refuses them there)', () => {
    const result = trainingInputFor({ ...defaultTrainForm(null), family: 'csp', classifier: 'lda' }, ctx());
    if (!result.ok) throw new Error('expected an input');
    expect(result.input.features).toBeUndefined();
    expect(result.input.selection).toBeUndefined();
    expect(result.input.classifier).toBe('lda');
  });

  it('builds automatic selection’s constraints from what was typed', () => {
    const selection: SelectionChoice = { mode: 'automatic', features: [], constraints: { nFeatures: ' 4 ', sign: 'desync', channels: 'C3.., C4..;Cz..', excludeChannels: 'C3.. C3..' } };
    const result = trainingInputFor(defaultTrainForm(null), ctx({ selection }));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.input.features).toBeUndefined();
    expect(result.input.selection).toEqual({ nFeatures: 4, sign: 'desync', channels: ['C3..', 'C4..', 'Cz..'], excludeChannels: ['C3..'] });
  });

  it('names every problem before anything is sent', () => {
    const empty: SelectionChoice = { mode: 'chosen', features: [], constraints: defaultAutoConstraints() };
    const result = trainingInputFor({ ...defaultTrainForm(null), folds: '1' }, ctx({ selection: empty, extraction: parsedExtraction({ reference: 'laplacian' }) }));
    if (result.ok) throw new Error('expected problems');
    expect(result.problems.map((p) => `${p.field}:${p.key}`).sort()).toEqual(['features:noFeatures', 'folds:foldsNumber', 'reference:laplacian']);
    const auto = trainingInputFor(defaultTrainForm(null), ctx({ selection: { mode: 'automatic', features: [], constraints: { ...defaultAutoConstraints(), nFeatures: '0' } } }));
    expect(auto.ok ? [] : auto.problems).toEqual([{ field: 'nFeatures', key: 'nFeaturesNumber', params: { value: '0' } }]);
    const oneRun = trainingInputFor({ ...defaultTrainForm(null), validation: 'runs' }, ctx({ extraction: parsedExtraction({ runIds: [4] }) }));
    expect(oneRun.ok ? [] : oneRun.problems).toEqual([{ field: 'validation', key: 'runsNeedTwo' }]);
    const files = trainingInputFor(defaultTrainForm(null), ctx({ extraction: { ...parsedExtraction(), runIds: undefined, sessionId: undefined, files: ['/a.edf'] } }));
    expect(files.ok ? [] : files.problems).toEqual([{ field: 'runs', key: 'noRuns' }]);
  });

  it('compares the families on the same runs and folds; the contract accepts the comparison unchanged', () => {
    const result = comparisonInputFor({ ...defaultTrainForm(null), folds: '5' }, ctx());
    if (!result.ok) throw new Error('expected an input');
    expect(result.input).toMatchObject({ sessionId: 3, runIds: [4, 8, 12], cv: { kind: 'kfold', k: 5, seed: 1 } });
    expect('features' in result.input || 'family' in result.input).toBe(false);
    const again = comparisonInput.parse(result.input);
    expect(again.ok && again.value).toEqual(result.input);
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

describe('validation scheme', () => {
  it('says which validation an attempt used, from its request as run', () => {
    expect(schemeOf({ kind: 'kfold', k: 5, seed: 3 })).toEqual({ key: 'kfold', params: { k: 5, seed: 3 } });
    expect(schemeOf(undefined)).toEqual({ key: 'kfold', params: { k: 10, seed: 1 } });
    expect(schemeOf({ kind: 'runs', k: 10, seed: 1 }).key).toBe('runs');
  });
});
