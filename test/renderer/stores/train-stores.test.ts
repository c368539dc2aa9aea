// Runs, attempts, selection and training jobs over a fake client: what each store asks the host and keeps.
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { type Attempt, type FamilyComparison, type JobState, type Run, type TrainingInput } from '../../../src-main/contract/index.ts';
import { setClient } from '../../../src-renderer/src/api/client-holder.ts';
import { useAttemptsStore, withChosen } from '../../../src-renderer/src/stores/attempts-store.ts';
import { useJobsStore } from '../../../src-renderer/src/stores/jobs-store.ts';
import { useRunsStore } from '../../../src-renderer/src/stores/runs-store.ts';
import { selectionStorageKey, useSelectionStore } from '../../../src-renderer/src/stores/selection-store.ts';
import { defaultAutoConstraints } from '../../../src-renderer/src/state/training.ts';
import { useTrainFormStore } from '../../../src-renderer/src/stores/train-form-store.ts';
import { createFakeClient, installMemoryStorage, type FakeClient } from './fake-client.ts';

const run = (id: number): Run => ({
  id, sessionId: 3, kind: 'imported', file: `recordings/session-3/r${id}.edf`, originalName: `r${id}.edf`, sha256: '0'.repeat(64), bytes: 1, format: 'EDF+C', durationSec: 120,
  sampleRateHz: 160, channels: ['C3..'], events: [], trialsPerClass: {}, device: null, settings: null, lostSamples: 0, interrupted: false,
  quality: { flatChannels: [], railedChannels: [], noisyChannels: [], medianStd: 1, warnings: [] }, createdAt: '2026-01-01T00:00:00Z', fileStatus: 'ok',
});
const attempt = (id: number, chosen = false): Attempt => ({
  id, sessionId: 3, createdAt: `2026-01-01T00:00:0${id}Z`, family: 'psd', classifier: 'slda', classes: ['T1', 'T2'], runIds: [1], parameters: {} as TrainingInput, features: [],
  validation: { scheme: 'stratified 10-fold, seed 1', nTrials: 45, accuracy: 0.7, ci95: [0.55, 0.82], significanceThreshold: 0.64, significant: true, balancedAccuracy: 0.7, kappa: 0.4, confusion: [[16, 7], [6, 16]], folds: [] },
  rejected: [], model: { file: `models/a${id}.onnx`, sha256: '1'.repeat(64) }, modelNote: null, chosen, elapsedMs: 400,
});
const status = <K extends 'training' | 'comparison'>(kind: K, jobId: string, state: JobState = 'queued') => ({
  jobId, kind, state, done: 0, total: 0, cancelRequested: false, createdAt: '', startedAt: null, finishedAt: null, error: null, result: null,
});

let client: FakeClient;
beforeEach(() => {
  client = createFakeClient();
  setClient(client);
  setActivePinia(createPinia());
});

describe('runs store', () => {
  it('lists a session’s runs, adds an imported one and ticks it', async () => {
    client.reply('recordings.list', () => ({ ok: true, value: [run(1)] }));
    client.reply('recordings.import', ({ path }) => (path === '/x/r2.edf' ? { ok: true, value: run(2) } : { ok: false, error: { code: 'conflict', message: 'already imported as run 1' } }));
    const runs = useRunsStore();
    await runs.load(3);
    expect(runs.runsOf(3).map((r) => r.id)).toEqual([1]);
    expect(runs.chosenOf(3)).toEqual([]);
    const imported = await runs.importFile(3, '/x/r2.edf');
    expect(imported.ok).toBe(true);
    expect(runs.runsOf(3).map((r) => r.id)).toEqual([1, 2]);
    expect(runs.chosenOf(3)).toEqual([2]);
    const refused = await runs.importFile(3, '/x/r1.edf');
    expect(refused).toEqual({ ok: false, error: { code: 'conflict', message: 'already imported as run 1' } });
    expect(runs.runsOf(3)).toHaveLength(2);
    runs.toggle(3, 1);
    runs.toggle(3, 2);
    expect(runs.chosenOf(3)).toEqual([1]);
    expect(client.calls.map((c) => c.method)).toEqual(['recordings.list', 'recordings.import', 'recordings.import']);
  });

  it('keeps the list and reports the error when listing fails', async () => {
    const runs = useRunsStore();
    await runs.load(3);
    expect(runs.loadError?.code).toBe('unknown-method');
    expect(runs.runsOf(3)).toEqual([]);
  });
});

describe('attempts store', () => {
  it('lists, reads one in full and marks one model per session', async () => {
    client.reply('attempts.list', () => ({ ok: true, value: [attempt(2), attempt(1, true)] }));
    client.reply('attempts.get', ({ attemptId }) => ({ ok: true, value: { ...attempt(attemptId), modelNote: 'read again' } }));
    client.reply('models.choose', ({ attemptId }) => ({ ok: true, value: attempt(attemptId, true) }));
    const store = useAttemptsStore();
    await store.load(3);
    expect(store.chosenOf(3)?.id).toBe(1);
    const got = await store.get(2);
    expect(got.ok && got.value.modelNote).toBe('read again');
    expect(store.attemptsOf(3)[0].modelNote).toBe('read again');
    await store.choose(3, 2);
    expect(store.attemptsOf(3).map((a) => [a.id, a.chosen])).toEqual([[2, true], [1, false]]);
    expect(client.calls.at(-1)).toEqual({ method: 'models.choose', params: { sessionId: 3, attemptId: 2 } });
  });

  it('leaves the marks alone when the host refuses the choice', async () => {
    client.reply('attempts.list', () => ({ ok: true, value: [attempt(2), attempt(1, true)] }));
    client.reply('models.choose', () => ({ ok: false, error: { code: 'file-changed', message: 'model file altered' } }));
    const store = useAttemptsStore();
    await store.load(3);
    const result = await store.choose(3, 2);
    expect(result.ok).toBe(false);
    expect(store.chosenOf(3)?.id).toBe(1);
    expect(withChosen([attempt(1, true), attempt(2)], attempt(2, true)).map((a) => a.chosen)).toEqual([false, true]);
  });
});

describe('training jobs in the jobs store', () => {
  const input = { sessionId: 3, runIds: [1], family: 'psd', reference: 'car', metric: 'coh' } as TrainingInput;

  it('starts training, follows its progress and keeps the stored attempt; a comparison keeps its own result', async () => {
    client.reply('training.start', () => ({ ok: true, value: status('training', 't-1') }));
    client.reply('training.compare', () => ({ ok: true, value: status('comparison', 'c-1') }));
    const jobs = useJobsStore();
    const started = await jobs.startModelJob(3, { kind: 'training', input });
    expect(started.ok && started.value).toMatchObject({ jobId: 't-1', kind: 'training', state: 'queued', sessionId: 3 });
    client.emit('job.progress', { jobId: 't-1', done: 4, total: 10 });
    expect(jobs.modelJobs['t-1']).toMatchObject({ state: 'running', done: 4, total: 10 });
    // The attempt is kept on the training job; feature jobs (and so the views) never see it.
    client.emit('job.finished', { jobId: 't-1', kind: 'training', state: 'done', result: attempt(5) });
    expect(jobs.modelJobs['t-1'].result).toMatchObject({ id: 5 });
    expect(jobs.jobs['t-1']).toBeUndefined();
    await jobs.startModelJob(3, { kind: 'comparison', input: { sessionId: 3, runIds: [1], reference: 'car', metric: 'coh' } });
    const result = { sessionId: 3, families: [] } as unknown as FamilyComparison;
    client.emit('job.finished', { jobId: 'c-1', kind: 'comparison', state: 'done', result });
    expect(jobs.modelJobsForSession(3).map((j) => [j.jobId, j.kind, j.state])).toEqual([['c-1', 'comparison', 'done'], ['t-1', 'training', 'done']]);
    expect(jobs.modelJobs['c-1'].result).toBe(result);
    expect(jobs.latestResult(3)).toBeNull();
  });

  it('cancels a training job and records the host’s refusal to start one', async () => {
    client.reply('training.start', () => ({ ok: true, value: status('training', 't-2', 'running') }));
    client.reply('jobs.cancel', () => ({ ok: true, value: { ...status('training', 't-2', 'running'), cancelRequested: true } }));
    const jobs = useJobsStore();
    await jobs.startModelJob(3, { kind: 'training', input });
    expect(await jobs.cancel('t-2')).toBeNull();
    expect(jobs.modelJobs['t-2'].cancelRequested).toBe(true);
    client.emit('job.finished', { jobId: 't-2', kind: 'training', state: 'cancelled' });
    expect(jobs.modelJobs['t-2']).toMatchObject({ state: 'cancelled', result: null });
    client.reply('training.start', () => ({ ok: false, error: { code: 'file-changed', message: 'run 1 changed' } }));
    const refused = await jobs.startModelJob(3, { kind: 'training', input });
    expect(refused.ok).toBe(false);
    expect(jobs.modelJobsForSession(3)).toHaveLength(1);
  });
});

describe('selection store', () => {
  it('edits a feature’s band in place and keeps the selection mode and constraints per session', () => {
    installMemoryStorage();
    const store = useSelectionStore();
    store.add(3, [{ channel: 'C3..', fminHz: 10, fmaxHz: 10 }, { channel: 'C4..', fminHz: 12, fmaxHz: 14 }]);
    store.editBand(3, { channel: 'C3..', fminHz: 10, fmaxHz: 10 }, 8, 12);
    expect(store.featuresOf(3)).toEqual([{ channel: 'C3..', fminHz: 8, fmaxHz: 12 }, { channel: 'C4..', fminHz: 12, fmaxHz: 14 }]);
    expect(() => store.editBand(3, { channel: 'C4..', fminHz: 12, fmaxHz: 14 }, 14, 12)).toThrow(RangeError);
    expect(store.modeOf(3)).toBe('chosen');
    store.setMode(3, 'automatic');
    store.setConstraints(3, { nFeatures: '3', sign: 'desync', channels: '', excludeChannels: 'C3..' });
    expect(store.choiceOf(3)).toMatchObject({ mode: 'automatic', constraints: { nFeatures: '3', sign: 'desync' } });
    expect(store.modeOf(4)).toBe('chosen');
  });

  it('survives a page reload: each session’s features, mode and constraints come back from localStorage', () => {
    const saved = installMemoryStorage();
    const before = useSelectionStore();
    before.add(3, [{ channel: 'C3..', fminHz: 10, fmaxHz: 12 }]);
    before.setMode(3, 'automatic');
    before.setConstraints(3, { nFeatures: '2', sign: 'desync', channels: 'C3..', excludeChannels: '' });
    before.add(5, [{ channel: 'Cz..', fminHz: 20, fmaxHz: 24 }]);
    expect([...saved.keys()].sort()).toEqual([selectionStorageKey(3), selectionStorageKey(5)]);
    // A new page: a fresh store reading the same storage.
    setActivePinia(createPinia());
    const after = useSelectionStore();
    expect(after.choiceOf(3)).toEqual({ mode: 'automatic', features: [{ channel: 'C3..', fminHz: 10, fmaxHz: 12 }], constraints: { nFeatures: '2', sign: 'desync', channels: 'C3..', excludeChannels: '' } });
    expect(after.featuresOf(5)).toEqual([{ channel: 'Cz..', fminHz: 20, fmaxHz: 24 }]);
    expect(after.featuresOf(6)).toEqual([]);
  });

  it('restores what it can of a damaged entry and never throws on it', () => {
    const saved = installMemoryStorage();
    saved.set(selectionStorageKey(3), '{not json');
    saved.set(selectionStorageKey(4), JSON.stringify({ mode: 'sideways', features: [{ channel: 'C3..', fminHz: 12, fmaxHz: 8 }, { channel: '', fminHz: 1, fmaxHz: 2 }, { channel: 'C4..', fminHz: 8, fmaxHz: 12 }, 'x'], constraints: { nFeatures: 3, sign: 'up' } }));
    const store = useSelectionStore();
    expect(store.choiceOf(3)).toEqual({ mode: 'chosen', features: [], constraints: defaultAutoConstraints() });
    expect(store.choiceOf(4)).toEqual({ mode: 'chosen', features: [{ channel: 'C4..', fminHz: 8, fmaxHz: 12 }], constraints: { nFeatures: '', sign: 'any', channels: '', excludeChannels: '' } });
  });
});

describe('train form store', () => {
  it('starts from the default procedure and keeps each session’s form across pages', () => {
    const store = useTrainFormStore();
    expect(store.formOf(3)).toEqual({ family: 'auto', classifier: 'default', validation: 'kfold', folds: '5', permutations: '0', drawnOnsets: false });
    store.setForm(3, { family: 'csp-lda', classifier: 'default', validation: 'kfold', folds: '5', permutations: '100', drawnOnsets: true });
    expect(store.formOf(3)).toMatchObject({ family: 'csp-lda', permutations: '100', drawnOnsets: true });
    expect(store.formOf(4).family).toBe('auto');
  });
});
