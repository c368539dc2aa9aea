import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHost, type RunningHost } from '../../src-main/host/host-server.ts';
import { callValue, connect, jobFinished, type TestClient } from '../support/host-client.ts';
import { formatSample, physionetRun } from '../support/shared-data.ts';
import { loadRecording } from '../../src-main/services/recordings/load-recording.ts';
import { defaultEpochDefinition } from '../../src-main/core/epochs.ts';
import { trainOnRecordings } from '../../src-main/services/training/training-service.ts';
import { trainingSpecOf } from '../../src-main/services/training/app-training.ts';
import { standardClassifier, trainStandardOnRecordings } from '../../src-main/services/training/standard-service.ts';
import { connectivityView, erdsView } from '../../src-main/services/features/feature-views.ts';
import { closeComputeWorkers, computeWorkerCounts } from '../../src-main/services/jobs/compute-job.ts';
import type { Attempt, FamilyComparison, FeatureJobSummary, FeatureView, JobFinishedEvent, JobStatus, Run, Session } from '../../src-main/contract/api.ts';
import { scratchRenderer } from '../support/scratch-renderer.ts';

let host: RunningHost;
let client: TestClient;
let dir: string;
let dataDir: string;
let sessionId: number;
let patientId: number;
const files = [4, 8, 12].map((run) => physionetRun(1, run));
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nf-workspace-'));
  const renderer = scratchRenderer(dir);
  dataDir = path.join(dir, 'data');
  host = await startHost({ dataDir, rendererDir: renderer });
  client = await connect(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
  const patient = await client.call<{ id: number }>('patients.create', { code: 'WS-001' });
  if (!patient.ok) throw new Error(patient.error.message);
  patientId = patient.value.id;
  const session = await client.call<Session>('sessions.create', { patientId });
  if (!session.ok) throw new Error(session.error.message);
  sessionId = session.value.id;
});

afterAll(async () => {
  client?.close();
  await host?.close();
  await closeComputeWorkers();
  rmSync(dir, { recursive: true, force: true });
});

const value = <T>(method: string, params: unknown): Promise<T> => callValue<T>(client, method, params);

const finished = (jobId: string): Promise<JobFinishedEvent> => jobFinished(client, jobId, 300_000);

const runs: Run[] = [];

describe('recordings.import and recordings.list', () => {
  it('copies S001 R04, R08, R12 into the data folder with their SHA-256, and lists them as runs with a summary', async () => {
    for (const file of files) runs.push(await value<Run>('recordings.import', { sessionId, path: file }));
    runs.forEach((run, i) => {
      expect(run).toMatchObject({ sessionId, kind: 'imported', originalName: path.basename(files[i]), sha256: sha256(files[i]), format: 'EDF+C', sampleRateHz: 160, fileStatus: 'ok', device: null, lostSamples: 0, interrupted: false });
      expect(run.channels).toHaveLength(64);
      expect(run.channels).toContain('C3..');
      expect(run.durationSec).toBeCloseTo(125, 0);
      const stored = path.join(dataDir, run.file);
      expect(sha256(stored)).toBe(run.sha256);
      expect(readFileSync(`${stored}.sha256`, 'utf8')).toContain(run.sha256);
      expect(run.quality.flatChannels).toEqual([]);
      expect(run.quality.medianStd).toBeGreaterThan(1);
    });
    // Each run holds 15 trials: T1 and T2 counted, and the rest periods (T0) listed among the events.
    expect(runs[0].trialsPerClass).toEqual({ T1: 8, T2: 7 });
    expect(runs[0].events.map((e) => e.event).sort()).toEqual(['T0', 'T1', 'T2']);
    expect(runs[0].events.find((e) => e.event === 'T0')!.count).toBe(15);
    const listed = await value<Run[]>('recordings.list', { sessionId });
    expect(listed).toEqual(runs);
  });

  it('refuses bad imports with clear messages and leaves nothing behind', async () => {
    const folder = path.join(dataDir, path.dirname(runs[0].file));
    const before = readdirSync(folder).sort();
    const again = await client.call('recordings.import', { sessionId, path: files[0] });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (!again.ok) expect(again.error.message).toContain(`already run ${runs[0].id}`);
    // The reason and its parameters travel with the English sentence, for the renderer to word in French.
    if (!again.ok) expect(again.error.detail).toEqual({ reason: 'already-exists', params: { thing: 'run', name: 'S001R04.edf', existingId: runs[0].id } });
    expect(await client.call('recordings.import', { sessionId, path: 'S001R04.edf' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-payload', detail: { reason: 'invalid-field', params: { method: 'recordings.import', field: 'path', detail: 'expected an absolute path' } } },
    });
    expect(await client.call('recordings.import', { sessionId, path: path.join(dir, 'none.edf') })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await client.call('recordings.import', { sessionId: 999, path: files[0] })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const text = path.join(dir, 'notes.edf');
    writeFileSync(text, 'this is not a recording\n'.repeat(40));
    const garbage = await client.call('recordings.import', { sessionId, path: text });
    expect(garbage).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    if (!garbage.ok) expect(garbage.error.message).toMatch(/^recordings\.import: notes\.edf: /);
    expect(readdirSync(folder).sort()).toEqual(before);
    expect(await value<Run[]>('recordings.list', { sessionId })).toHaveLength(3);
  });

  it('flags a changed or missing file in the listing, and refuses to train on it', async () => {
    // A second session whose copy of R04 is then damaged, and another whose copy is deleted.
    const other = await value<Session>('sessions.create', { patientId });
    const run = await value<Run>('recordings.import', { sessionId: other.id, path: files[0] });
    const stored = path.join(dataDir, run.file);
    appendFileSync(stored, Buffer.alloc(16));
    expect((await value<Run[]>('recordings.list', { sessionId: other.id }))[0].fileStatus).toBe('changed');
    const refused = await client.call('training.start', { sessionId: other.id, runIds: [run.id] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'file-changed', detail: { reason: 'file-changed', params: { thing: 'run', id: run.id, missing: false } } } });
    rmSync(stored);
    expect((await value<Run[]>('recordings.list', { sessionId: other.id }))[0].fileStatus).toBe('missing');
    expect(await client.call('training.start', { sessionId: other.id, runIds: [run.id] })).toMatchObject({ ok: false, error: { code: 'file-changed' } });
    // A run of another session is not this session's.
    expect(await client.call('training.start', { sessionId, runIds: [run.id] })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});

describe('other formats, and features of a session\'s runs', () => {
  it('imports GDF and BDF+ files as runs with their own format and rate', async () => {
    const other = await value<Session>('sessions.create', { patientId });
    const gdf = await value<Run>('recordings.import', { sessionId: other.id, path: formatSample('test_1ch.gdf') });
    expect(gdf.format).toMatch(/^GDF /);
    expect(gdf.channels).toHaveLength(1);
    const bdf = await value<Run>('recordings.import', { sessionId: other.id, path: formatSample('multiple_annotation_chans.bdf') });
    expect(bdf.format).toMatch(/^BDF/);
    expect((await value<Run[]>('recordings.list', { sessionId: other.id })).map((r) => r.id)).toEqual([gdf.id, bdf.id]);
  });

  it('extracts features from runs named by id, reading the stored copies', async () => {
    const job = await value<JobStatus>('features.start', { sessionId, runIds: runs.map((r) => r.id), classes: ['T1', 'T2'] });
    const end = await finished(job.jobId);
    expect(end).toMatchObject({ kind: 'features', state: 'done' });
    const summary = end.result as FeatureJobSummary;
    expect(summary.files).toEqual(runs.map((r) => path.join(dataDir, r.file)));
    expect(summary.classes).toEqual([{ name: 'T1', nTrials: 23 }, { name: 'T2', nTrials: 22 }]);
    expect(await client.call('features.start', { files, sessionId, runIds: [runs[0].id], classes: ['T1', 'T2'] })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await client.call('features.start', { classes: ['T1', 'T2'] })).toMatchObject({ ok: false, error: { code: 'invalid-payload', message: 'features.start: give either files, or sessionId and runIds.' } });
    expect(await client.call('features.start', { sessionId, runIds: [9999], classes: ['T1', 'T2'] })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  }, 120_000);
});

describe('features.view', () => {
  it('computes ERD/ERS maps and connectivity matrices of runs on a worker, equal to the service in this thread', async () => {
    const recordings = await Promise.all(files.map((f) => loadRecording(f)));
    const base = { classes: ['T1', 'T2'], window: { ...defaultEpochDefinition }, reference: { kind: 'car' as const }, band: { fminHz: 1, fmaxHz: 40 }, channels: ['C3', 'C4'] };

    const erdsJob = await value<JobStatus>('features.view', { sessionId, runIds: runs.map((r) => r.id), view: 'erds', classes: ['T1', 'T2'], channels: ['C3', 'C4'] });
    expect(erdsJob.kind).toBe('view');
    const erdsEnd = await finished(erdsJob.jobId);
    expect(erdsEnd).toMatchObject({ kind: 'view', state: 'done' });
    const erds = erdsEnd.result as FeatureView;
    expect(erds).toEqual({ kind: 'erds', ...erdsView(recordings, { ...base, method: 'welch' }, [-2, -0.5]) });
    // Labels as the recording writes them; montage.positions cleans them for display.
    if (erds.kind === 'erds') expect(erds.channels).toEqual(['C3..', 'C4..']);

    const fcJob = await value<JobStatus>('features.view', { files, view: 'connectivity', classes: ['T1', 'T2'], channels: ['C3', 'Cz', 'C4'], metric: 'imcoh' });
    const fc = (await finished(fcJob.jobId)).result as FeatureView;
    expect(fc).toEqual({ kind: 'connectivity', ...connectivityView(recordings, { ...base, channels: ['C3', 'Cz', 'C4'], method: 'imcoh' }) });
    if (fc.kind === 'connectivity') expect(fc.matrix[0][1][1][5]).toBe(0);

    expect(await client.call('features.view', { files, view: 'erds', classes: ['T1', 'T2'], baseline: { startSec: -0.5, endSec: -2 } })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await client.call('features.view', { files: ['x.edf'], view: 'erds', classes: ['T1', 'T2'] })).toMatchObject({ ok: false, error: { code: 'invalid-payload', message: expect.stringMatching(/^features\.view: files\[0\]/) } });
  }, 120_000);
});

let attempt: Attempt;

describe('training.start, attempts and models.choose', () => {

  it('trains the default procedure (auto) on a worker thread: the chosen family, inner scores per fold, AUC and prefilter stored with the checked model, equal to the CLI\'s service on the same files', async () => {
    const input = { sessionId, runIds: runs.map((r) => r.id) } as const;
    const started = await value<JobStatus>('training.start', input);
    expect(started).toMatchObject({ kind: 'training', state: 'queued' });
    const end = await finished(started.jobId);
    expect(end.error ?? null).toBeNull();
    expect(end).toMatchObject({ kind: 'training', state: 'done' });
    attempt = end.result as Attempt;
    // The worker is kept for the next request, idle.
    expect(computeWorkerCounts()).toMatchObject({ busy: 0, idle: 1 });
    expect(attempt).toMatchObject({ sessionId, family: 'auto', classes: ['T1', 'T2'], runIds: runs.map((r) => r.id), chosen: false, modelNote: null, features: [] });
    expect(attempt.parameters).toMatchObject({ family: 'auto', reference: 'none', permutations: 0, cv: { kind: 'kfold', k: 5, seed: 1 }, window: { offsetSec: 0, lengthSec: 3 } });
    const v = attempt.validation;
    expect(v.nTrials).toBe(45);
    expect(v.significanceThreshold).toBeCloseTo(28 / 45, 10);
    expect(v.significant).toBe(v.accuracy > 28 / 45);
    expect(v.scheme).toMatch(/^stratified 5-fold, seed 1, family chosen by an inner 5-fold cross-validation/);
    expect(v.prefilter).toEqual({ kind: 'butterworth-bandpass', bandHz: [8, 32], order: 5, training: 'zero-phase-continuous', online: 'causal' });
    expect(v.permutation).toBeNull();
    expect(v.folds).toHaveLength(5);
    for (const fold of v.folds) {
      expect(Object.keys(fold.inner!).sort()).toEqual(['csp-lda', 'fbcsp', 'fgmdm', 'psd-slda', 'ts-lr', 'ts-svm']);
      expect(Object.keys(fold.inner!)).toContain(fold.chosen);
    }
    expect(attempt.classifier).toBe(standardClassifier(v.choice!.family));
    expect(sha256(path.join(dataDir, attempt.model!.file))).toBe(attempt.model!.sha256);

    // The same service the CLI's train-standard command calls, in this thread, on the same files: the same figures.
    const recordings = await Promise.all(files.map((f) => loadRecording(f)));
    const reference = trainStandardOnRecordings(recordings, { family: 'auto', window: defaultEpochDefinition, cv: { k: 5, seed: 1 }, permutations: 0 });
    expect(v.accuracy).toBe(reference.validation.accuracy);
    expect(v.auc).toBe(reference.validation.auc);
    expect(v.folds).toEqual(reference.validation.folds);
    const { family, hyperparameters, inner } = reference.choice;
    expect(v.choice).toEqual({ family, ...(hyperparameters ? { hyperparameters } : {}), inner, innerFolds: 5 });

    expect(await value<Attempt>('attempts.get', { attemptId: attempt.id })).toEqual(attempt);
    expect(await value<Attempt[]>('attempts.list', { sessionId })).toEqual([attempt]);
  }, 300_000);

  it('trains a per-window family (psd, automatic selection) equal to the CLI\'s training of the same files', async () => {
    const input = { sessionId, runIds: runs.map((r) => r.id), family: 'psd', cv: { kind: 'kfold', k: 5, seed: 3 } } as const;
    const end = await finished((await value<JobStatus>('training.start', input)).jobId);
    expect(end.error ?? null).toBeNull();
    const psd = end.result as Attempt;
    expect(psd).toMatchObject({ family: 'psd', classifier: 'slda', modelNote: null });
    expect(psd.validation.auc).toBeUndefined();
    expect(psd.features).toHaveLength(3);
    const recordings = await Promise.all(files.map((f) => loadRecording(f)));
    const reference = trainOnRecordings(recordings, trainingSpecOf({ ...input, runIds: [...input.runIds], reference: 'car', metric: 'coh', permutations: 0 }));
    expect(psd.validation.accuracy).toBe(reference.validation.accuracy);
    expect(psd.validation.folds).toEqual(reference.validation.folds);
    expect(psd.features).toEqual(reference.features);
    expect(sha256(path.join(dataDir, psd.model!.file))).toBe(psd.model!.sha256);
  }, 300_000);

  it('gives a standard family\'s permutation p-value with its checked model, and says why a pipeline without an ONNX form has no model', async () => {
    const all = runs.map((r) => r.id);
    const csp = (await finished((await value<JobStatus>('training.start', { sessionId, runIds: all, family: 'csp-lda', permutations: 5 })).jobId)).result as Attempt;
    expect(csp).toMatchObject({ family: 'csp-lda', classifier: 'lda' });
    expect(csp.validation.permutation!.count).toBe(5);
    // p = (1 + #{permuted ≥ observed}) / 6.
    expect([1, 2, 3, 4, 5, 6].map((k) => k / 6)).toContainEqual(csp.validation.permutation!.pValue);
    expect(csp.validation.choice).toBeUndefined();
    // Every standard family exports: csp-lda's model (OAS-covariance CSP on the 8-32 Hz window) written and checked.
    expect(csp.validation.prefilter).toMatchObject({ kind: 'butterworth-bandpass', bandHz: [8, 32] });
    expect(sha256(path.join(dataDir, csp.model!.file))).toBe(csp.model!.sha256);
    // Phase locking (PLV) has no ONNX form: the attempt is stored without a model and says why.
    const plv = (await finished((await value<JobStatus>('training.start', { sessionId, runIds: [runs[0].id], family: 'fc', metric: 'plv', cv: { kind: 'kfold', k: 3 } })).jobId)).result as Attempt;
    expect(plv).toMatchObject({ family: 'fc', model: null });
    expect(plv.modelNote).toMatch(/plv/i);
    const refused = await client.call('models.choose', { sessionId, attemptId: plv.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad-input', detail: { reason: 'no-model' } } });
  }, 300_000);

  it('fails a training with too few trials for the folds or an unknown class with the core\'s message, storing nothing', async () => {
    const few = await value<JobStatus>('training.start', { sessionId, runIds: [runs[0].id], cv: { kind: 'kfold', k: 10 } });
    expect(await finished(few.jobId)).toMatchObject({ state: 'failed', error: { code: 'bad-input', message: expect.stringMatching(/too few trials for 10 folds/) } });
    const unknown = await value<JobStatus>('training.start', { sessionId, runIds: [runs[0].id], classes: ['T1', 'T7'] });
    expect(await finished(unknown.jobId)).toMatchObject({ state: 'failed', error: { code: 'bad-input', message: expect.stringMatching(/'T7' matches no event; events present: T0, T2, T1/) } });
    const band = await value<JobStatus>('training.start', { sessionId, runIds: [runs[0].id, runs[1].id], family: 'psd', band: { fminHz: 8, fmaxHz: 90 }, cv: { kind: 'kfold', k: 5 } });
    expect(await finished(band.jobId)).toMatchObject({ state: 'failed', error: { code: 'bad-input', message: expect.stringMatching(/8-90 Hz: expected 0 < fmin < fmax < 80 Hz/) } });
    // Refused before any work: what the schema alone cannot say.
    const all = runs.map((r) => r.id);
    expect(await client.call('training.start', { sessionId, runIds: all, family: 'csp', features: [{ channel: 'C3', fminHz: 8, fmaxHz: 12 }] })).toMatchObject({ ok: false, error: { code: 'invalid-payload', message: 'training.start: features: the csp family has no channel/band features.' } });
    expect(await client.call('training.compare', { sessionId, runIds: [all[0]], cv: { kind: 'runs' } })).toMatchObject({ ok: false, error: { code: 'invalid-payload', message: 'training.compare: cv: leave-one-run-out needs at least two runs.' } });
    expect(await client.call('training.compare', { sessionId, runIds: all, cv: { kind: 'runs' } })).toMatchObject({ ok: false, error: { code: 'invalid-payload', message: expect.stringMatching(/^training\.compare: cv: the comparison includes the default procedure/) } });
    expect(await client.call('training.start', { sessionId, runIds: all, family: 'psd', band: { fminHz: 30, fmaxHz: 8 } })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await client.call('training.start', { sessionId, runIds: [all[0], all[0]] })).toMatchObject({ ok: false, error: { code: 'invalid-payload', message: expect.stringMatching(/listed twice/) } });
    // The families, permutations, and what the standard settings exclude.
    expect(await client.call('training.start', { sessionId, runIds: all, family: 'lda-mdm' })).toMatchObject({ ok: false, error: { code: 'invalid-payload', detail: { reason: 'invalid-field', params: { field: 'family' } } } });
    for (const permutations of [-1, 1001, 2.5, '10']) {
      expect(await client.call('training.start', { sessionId, runIds: all, permutations })).toMatchObject({ ok: false, error: { code: 'invalid-payload', detail: { reason: 'invalid-field', params: { field: 'permutations' } } } });
    }
    expect(await client.call('training.start', { sessionId, runIds: all, family: 'psd', permutations: 10 })).toMatchObject({ ok: false, error: { code: 'invalid-payload', message: 'training.start: permutations: the per-window psd family has no permutation test; use the default procedure (auto) or a standard family.' } });
    for (const extra of [{ classifier: 'svm' }, { band: { fminHz: 8, fmaxHz: 30 } }, { reference: 'car' }, { features: [{ channel: 'C3', fminHz: 8, fmaxHz: 12 }] }, { selection: { nFeatures: 3 } }, { cv: { kind: 'runs' } }]) {
      const field = Object.keys(extra)[0];
      expect(await client.call('training.start', { sessionId, runIds: all, ...extra })).toMatchObject({ ok: false, error: { code: 'invalid-payload', message: expect.stringMatching(new RegExp(`^training\\.start: ${field}: the default procedure`)) } });
    }
    expect(await client.call('training.start', { sessionId, runIds: all, family: 'ts-lr', reference: 'car' })).toMatchObject({ ok: false, error: { code: 'invalid-payload', message: expect.stringMatching(/^training\.start: reference: the ts-lr family uses the standard settings/) } });
    const fewStandard = await value<JobStatus>('training.start', { sessionId, runIds: [runs[0].id], family: 'ts-lr', cv: { kind: 'kfold', k: 8 } });
    expect(await finished(fewStandard.jobId)).toMatchObject({ state: 'failed', error: { code: 'bad-input', message: expect.stringMatching(/too few trials for 8 folds \(8 of 'T1', 7 of 'T2'\)/) } });
    expect(await value<Attempt[]>('attempts.list', { sessionId })).toHaveLength(4);
  }, 120_000);

  it('cancels a training halfway: no attempt, no model file, no worker left', async () => {
    const modelsBefore = existsSync(path.join(dataDir, 'models')) ? readdirSync(path.join(dataDir, 'models'), { recursive: true }).length : 0;
    const job = await value<JobStatus>('training.start', { sessionId, runIds: runs.map((r) => r.id), family: 'fc', cv: { kind: 'kfold', k: 10 } });
    await client.waitFor(() => client.events.some((e) => e.event === 'job.progress' && (e.payload as { jobId: string }).jobId === job.jobId), 60_000);
    await value<JobStatus>('jobs.cancel', { jobId: job.jobId });
    expect(await finished(job.jobId)).toMatchObject({ kind: 'training', state: 'cancelled' });
    // The cancelled job's thread is stopped, not returned to the pool.
    await client.waitFor(() => computeWorkerCounts().busy === 0 && computeWorkerCounts().alive === computeWorkerCounts().idle);
    expect(await value<Attempt[]>('attempts.list', { sessionId })).toHaveLength(4);
    expect(readdirSync(path.join(dataDir, 'models'), { recursive: true }).length).toBe(modelsBefore);
  }, 120_000);

  it('marks an attempt as the session\'s model, and refuses a model file altered on disk', async () => {
    expect(await value<Attempt>('models.choose', { sessionId, attemptId: attempt.id })).toMatchObject({ id: attempt.id, chosen: true });
    expect((await value<Attempt[]>('attempts.list', { sessionId })).find((a) => a.id === attempt.id)!.chosen).toBe(true);
    expect(await client.call('models.choose', { sessionId: sessionId + 1, attemptId: attempt.id })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await client.call('models.choose', { sessionId, attemptId: 9999 })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await client.call('attempts.get', { attemptId: 9999 })).toMatchObject({ ok: false, error: { code: 'not-found', detail: { reason: 'missing', params: { thing: 'attempt', id: '9999' } } } });
    expect(await client.call('attempts.list', { sessionId: 9999 })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await client.call('recordings.list', { sessionId: 9999 })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await client.call('attempts.get', { attemptId: 'one' })).toMatchObject({ ok: false, error: { code: 'invalid-payload', detail: { reason: 'invalid-field', params: { method: 'attempts.get', field: 'attemptId' } } } });
    const file = path.join(dataDir, attempt.model!.file);
    const original = path.join(dir, 'model-backup.onnx');
    copyFileSync(file, original);
    appendFileSync(file, Buffer.from([0]));
    const altered = await client.call('models.choose', { sessionId, attemptId: attempt.id });
    expect(altered).toMatchObject({ ok: false, error: { code: 'file-changed' } });
    if (!altered.ok) expect(altered.error.message).toMatch(/was altered since it was trained/);
    copyFileSync(original, file);
  });
});

describe('training.compare', () => {
  it('scores psd (the chosen features), fc, mixed, csp-lda, ts-lr and the default procedure on the same folds, each stored as an attempt', async () => {
    const before = (await value<Attempt[]>('attempts.list', { sessionId })).length;
    const features = [{ channel: 'C3..', fminHz: 10, fmaxHz: 12 }, { channel: 'C4..', fminHz: 10, fmaxHz: 12 }];
    const job = await value<JobStatus>('training.compare', { sessionId, runIds: runs.map((r) => r.id), features });
    expect(job.kind).toBe('comparison');
    const end = await finished(job.jobId);
    expect(end.error ?? null).toBeNull();
    expect(end).toMatchObject({ kind: 'comparison', state: 'done' });
    const comparison = end.result as FamilyComparison;
    console.log(`training.compare on S001 runs 4/8/12: ${(comparison.elapsedMs / 1000).toFixed(1)} s in the job (worker, load, six families, models checked)`);
    expect(comparison.families.map((f) => f.family)).toEqual(['psd', 'fc', 'mixed', 'csp-lda', 'ts-lr', 'auto']);
    expect(comparison.nTrials).toBe(45);
    expect(comparison.folds).toHaveLength(5);
    const attempts = await value<Attempt[]>('attempts.list', { sessionId });
    expect(attempts).toHaveLength(before + 6);
    for (const family of comparison.families) {
      const stored = attempts.find((a) => a.id === family.attemptId)!;
      expect(stored.family).toBe(family.family);
      expect(stored.validation.accuracy).toBe(family.accuracy);
      // The same trials and folds for every family.
      expect(stored.validation.folds.map(({ train, test }) => ({ train, test }))).toEqual(comparison.folds);
      expect(family.foldAccuracies).toHaveLength(5);
      expect(family.auc === null).toBe(['psd', 'fc', 'mixed'].includes(family.family));
      expect(family.chosen).toBe(family.family === 'auto' ? stored.validation.choice!.family : null);
    }
    // psd trained on the features given; fc had none of its kind, so it selected its own.
    const psd = attempts.find((a) => a.id === comparison.families[0].attemptId)!;
    expect(psd.parameters.features).toEqual(features);
    expect(psd.features.map((f) => f.bandHz)).toEqual([[10, 12], [10, 12]]);
    const fc = attempts.find((a) => a.id === comparison.families[1].attemptId)!;
    expect(fc.parameters.features).toBeUndefined();
    expect(fc.features.length).toBeGreaterThan(0);
    // The default procedure of the comparison is the one training.start ran (same folds, same seed).
    const auto = attempts.find((a) => a.id === comparison.families[5].attemptId)!;
    expect(auto.validation.accuracy).toBe(attempt.validation.accuracy);
  }, 600_000);
});
