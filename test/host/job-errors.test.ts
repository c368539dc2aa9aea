// Failed jobs over the host carry the reason with parameters a refused call does, for the renderer to word in the user's language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHost, type RunningHost } from '../../src-main/host/host-server.ts';
import { callValue, connect, jobFinished, type TestClient } from '../support/host-client.ts';
import { formatSample, physionetRun, sharedDataMissing } from '../support/shared-data.ts';
import { closeComputeWorkers } from '../../src-main/services/jobs/compute-job.ts';
import { closeFeatureWorkers } from '../../src-main/services/jobs/feature-job.ts';
import { writeCheckedModel } from '../../src-main/services/training/model-file.ts';
import { ApiFailure } from '../../src-main/contract/errors.ts';
import type { Attempt, JobFinishedEvent, JobStatus, Run, Session } from '../../src-main/contract/api.ts';
import { scratchRenderer } from '../support/scratch-renderer.ts';

let host: RunningHost;
let client: TestClient;
let dir: string;
let dataDir: string;
let sessionId: number;
const runs: Run[] = [];
const r04 = physionetRun(1, 4);

beforeAll(async () => {
  if (sharedDataMissing) return;
  dir = mkdtempSync(path.join(tmpdir(), 'nf-job-errors-'));
  dataDir = path.join(dir, 'data');
  host = await startHost({ dataDir, rendererDir: scratchRenderer(dir) });
  client = await connect(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
  const patient = await value<{ id: number }>('patients.create', { code: 'JE-001' });
  sessionId = (await value<Session>('sessions.create', { patientId: patient.id })).id;
  for (const run of [4, 8, 12]) runs.push(await value<Run>('recordings.import', { sessionId, path: physionetRun(1, run) }));
});

afterAll(async () => {
  client?.close();
  await host?.close();
  await closeComputeWorkers();
  await closeFeatureWorkers();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const value = <T>(method: string, params: unknown): Promise<T> => callValue<T>(client, method, params);

const finished = (jobId: string): Promise<JobFinishedEvent> => jobFinished(client, jobId);

/** Starts a job and waits for its end. */
const run = async (method: string, params: Record<string, unknown>) => finished((await value<JobStatus>(method, params)).jobId);

describe.skipIf(sharedDataMissing)('failed jobs carry their reason and parameters', () => {
  it('feature extraction: a class without events (listing those present), a band outside the spectrum or without a bin, recordings at other rates, every trial rejected', async () => {
    const unknown = await run('features.start', { files: [r04], classes: ['T1', 'T9'] });
    expect(unknown).toMatchObject({ state: 'failed', error: { code: 'bad-input', detail: { reason: 'class-not-found', params: { className: 'T9' } } } });
    expect(unknown.error?.detail?.reason === 'class-not-found' && [...unknown.error.detail.params.events].sort()).toEqual(['T0', 'T1', 'T2']);
    expect(unknown.error?.message).toMatch(/^class 'T9' matches no event; events present: /);

    expect(await run('features.start', { files: [r04], classes: ['T1', 'T2'], band: { fminHz: 1, fmaxHz: 100 } })).toMatchObject({
      state: 'failed', error: { code: 'bad-input', detail: { reason: 'band-outside-spectrum', params: { fminHz: 1, fmaxHz: 100, nyquistHz: 80 } } },
    });
    const empty = await run('features.start', { files: [r04], classes: ['T1', 'T2'], band: { fminHz: 10.1, fmaxHz: 10.2 } });
    expect(empty).toMatchObject({ state: 'failed', error: { code: 'bad-input', detail: { reason: 'band-empty', params: { fminHz: 10.1, fmaxHz: 10.2 } } } });
    expect(empty.error?.detail?.reason === 'band-empty' && empty.error.detail.params.resolutionHz).toBeGreaterThan(0.1);

    expect(await run('features.start', { files: [r04, formatSample('test_reduced.edf')], classes: ['T1', 'T2'] })).toMatchObject({
      state: 'failed', error: { code: 'bad-input', detail: { reason: 'recordings-differ', params: { first: 'S001R04.edf', second: 'test_reduced.edf', what: 'sample-rate' } } },
    });

    // A 1 µV peak-to-peak threshold rejects every trial: the first class keeps none.
    expect(await run('features.start', { files: [r04], classes: ['T1', 'T2'], rejectUv: 1 })).toMatchObject({
      state: 'failed', error: { code: 'bad-input', detail: { reason: 'class-too-few-kept', params: { className: 'T1', kept: 0, needed: 2 } } },
    });
    // The session's runs, through the feature cache: the same reason.
    expect(await run('features.start', { sessionId, runIds: [runs[0].id], classes: ['T1', 'T2'], rejectUv: 1, cache: true })).toMatchObject({
      state: 'failed', error: { detail: { reason: 'class-too-few-kept', params: { kept: 0 } } },
    });
  }, 120_000);

  it('training: too few trials for the folds (class counts, no command-line flag in the message), a class without events, a band outside the spectrum; nothing stored', async () => {
    for (const family of ['psd', 'ts-lr']) {
      const few = await run('training.start', { sessionId, runIds: [runs[0].id], family, cv: { kind: 'kfold', k: 10 } });
      expect(few).toMatchObject({ state: 'failed', error: { code: 'bad-input', detail: { reason: 'too-few-trials', params: { folds: 10, classes: ['T1', 'T2'], counts: [8, 7] } } } });
      expect(few.error?.message).toBe("cross-validation: too few trials for 10 folds (8 of 'T1', 7 of 'T2'); use fewer folds");
    }
    const unknown = await run('training.start', { sessionId, runIds: [runs[0].id], classes: ['T1', 'T7'] });
    expect(unknown).toMatchObject({ state: 'failed', error: { code: 'bad-input', detail: { reason: 'class-not-found', params: { className: 'T7' } } } });
    expect(await run('training.start', { sessionId, runIds: [runs[0].id], family: 'psd', band: { fminHz: 8, fmaxHz: 90 }, cv: { kind: 'kfold', k: 5 } })).toMatchObject({
      state: 'failed', error: { code: 'bad-input', detail: { reason: 'band-outside-spectrum', params: { fminHz: 8, fmaxHz: 90, nyquistHz: 80 } } },
    });
    expect(await run('training.compare', { sessionId, runIds: [runs[0].id], classes: ['T1', 'T2'], cv: { kind: 'kfold', k: 10 } })).toMatchObject({
      state: 'failed', error: { detail: { reason: 'too-few-trials', params: { folds: 10 } } },
    });
    expect(await value<Attempt[]>('attempts.list', { sessionId })).toEqual([]);
  }, 300_000);

  it('a run whose file changes or goes missing while its training waits fails as that run\'s file-changed', async () => {
    // A long extraction holds the job queue (one job at a time) while the files change under the waiting trainings.
    const blocker = await value<JobStatus>('features.start', { files: [4, 8, 12].map((r) => physionetRun(1, r)), method: 'mvarabsimcoh', classes: ['T1', 'T2'] });
    const changed = await value<JobStatus>('training.start', { sessionId, runIds: [runs[1].id], family: 'psd', cv: { kind: 'kfold', k: 5 } });
    const missing = await value<JobStatus>('training.start', { sessionId, runIds: [runs[2].id], family: 'psd', cv: { kind: 'kfold', k: 5 } });
    expect(changed.state).toBe('queued');
    const changedFile = path.join(dataDir, runs[1].file);
    const bytes = readFileSync(changedFile);
    bytes[bytes.length - 1] ^= 0x01;
    writeFileSync(changedFile, bytes);
    rmSync(path.join(dataDir, runs[2].file));
    await value<JobStatus>('jobs.cancel', { jobId: blocker.jobId });
    expect(await finished(changed.jobId)).toMatchObject({
      state: 'failed', error: { code: 'failed', detail: { reason: 'file-changed', params: { thing: 'run', id: runs[1].id, missing: false } }, recovery: expect.stringMatching(/original recording/) },
    });
    expect(await finished(missing.jobId)).toMatchObject({
      state: 'failed', error: { code: 'failed', detail: { reason: 'file-changed', params: { thing: 'run', id: runs[2].id, missing: true } } },
    });
    expect(await value<Attempt[]>('attempts.list', { sessionId })).toEqual([]);
  }, 300_000);

  it('a run changed or removed while its extraction waits fails with recording-changed, naming the file', async () => {
    // Two runs of their own: the training test above altered and removed the others.
    const runA = await value<Run>('recordings.import', { sessionId, path: physionetRun(2, 4) });
    const runB = await value<Run>('recordings.import', { sessionId, path: physionetRun(2, 8) });
    const blocker = await value<JobStatus>('features.start', { files: [4, 8, 12].map((r) => physionetRun(1, r)), method: 'mvarabsimcoh', classes: ['T1', 'T2'] });
    const changed = await value<JobStatus>('features.start', { sessionId, runIds: [runA.id], classes: ['T1', 'T2'] });
    const missing = await value<JobStatus>('features.start', { sessionId, runIds: [runB.id], classes: ['T1', 'T2'] });
    const changedFile = path.join(dataDir, runA.file);
    const bytes = readFileSync(changedFile);
    bytes[bytes.length - 1] ^= 0x01;
    writeFileSync(changedFile, bytes);
    rmSync(path.join(dataDir, runB.file));
    await value<JobStatus>('jobs.cancel', { jobId: blocker.jobId });
    expect(await finished(changed.jobId)).toMatchObject({ state: 'failed', error: { code: 'bad-input', detail: { reason: 'recording-changed', params: { file: path.basename(runA.file), missing: false } } } });
    expect(await finished(missing.jobId)).toMatchObject({ state: 'failed', error: { code: 'failed', detail: { reason: 'recording-changed', params: { file: path.basename(runB.file), missing: true } } } });
  }, 300_000);
});

describe('a model that could not be checked', () => {
  it('is refused with model-unchecked and leaves no file behind', async () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'nf-model-check-'));
    try {
      const target = path.join(scratch, 'model.onnx');
      const failure = await writeCheckedModel(new TextEncoder().encode('not an ONNX model'), [], target).then(() => null, (error: unknown) => error);
      expect(failure).toBeInstanceOf(ApiFailure);
      expect((failure as ApiFailure).error).toMatchObject({ code: 'internal', message: expect.stringMatching(/^model check failed: onnxruntime could not load it/), detail: { reason: 'model-unchecked', params: { trial: null } } });
      expect(existsSync(target) || existsSync(`${target}.partial`)).toBe(false);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
