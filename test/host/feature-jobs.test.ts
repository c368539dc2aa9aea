import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHost, type RunningHost } from '../../src-main/host/host-server.ts';
import { connect, type TestClient } from '../support/host-client.ts';
import { physionetRun, sharedDataMissing } from '../support/shared-data.ts';
import { loadRecording } from '../../src-main/services/recordings/load-recording.ts';
import { defaultFeatureParameters, extractFeatures, nestedByChannel } from '../../src-main/core/features/pipeline.ts';
import { closeFeatureWorkers, featureWorkerCount, featureWorkerThreadsAlive } from '../../src-main/services/jobs/feature-job.ts';
import { openDatabase } from '../../src-main/services/storage/database.ts';
import { FeatureCacheIndex } from '../../src-main/services/storage/feature-cache-index.ts';
import type { FeatureJobSummary, JobFinishedEvent, JobProgressEvent, JobStatus, JobStatusOf } from '../../src-main/contract/api.ts';
import { scratchRenderer } from '../support/scratch-renderer.ts';

let host: RunningHost;
let client: TestClient;
let dir: string;
const files = [4, 8, 12].map((run) => physionetRun(1, run));

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nf-jobs-'));
  const renderer = scratchRenderer(dir);
  host = await startHost({ dataDir: path.join(dir, 'data'), rendererDir: renderer });
  client = await connect(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
});

afterAll(async () => {
  client?.close();
  await host?.close();
  await closeFeatureWorkers();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts a job and returns its id (the call must succeed). */
async function start(params: Record<string, unknown>): Promise<string> {
  const reply = await client.call<JobStatus>('features.start', params);
  if (!reply.ok) throw new Error(`features.start refused: ${reply.error.message}`);
  expect(reply.value.state).toBe('queued');
  return reply.value.jobId;
}

const progressOf = (jobId: string) => client.events.filter((e) => e.event === 'job.progress' && (e.payload as JobProgressEvent).jobId === jobId).map((e) => e.payload as JobProgressEvent);
const finishedOf = (jobId: string) => client.events.find((e) => e.event === 'job.finished' && (e.payload as JobFinishedEvent).jobId === jobId)?.payload as JobFinishedEvent | undefined;

async function finished(jobId: string): Promise<JobFinishedEvent> {
  await client.waitFor(() => finishedOf(jobId) !== undefined, 60_000);
  return finishedOf(jobId)!;
}

describe.skipIf(sharedDataMissing)('feature jobs over the host', () => {
  it('runs Welch on S001 R04, R08, R12 with progress, and gives the in-process R² map', async () => {
    const jobId = await start({ files, method: 'welch', classes: ['T1', 'T2'] });
    const end = await finished(jobId);
    expect(end.state).toBe('done');
    const result = end.result as FeatureJobSummary;

    const reference = extractFeatures(await Promise.all(files.map((f) => loadRecording(f))), defaultFeatureParameters('welch', ['T1', 'T2']));
    const nChannels = reference.features.channels.length;
    const nFreqs = reference.features.freqsHz.length;
    expect(result.channels).toEqual(reference.features.channels);
    expect(result.freqsHz).toEqual(Array.from(reference.features.freqsHz));
    expect(result.r2).toEqual(nestedByChannel(reference.stats.r2, nChannels, nFreqs));
    expect(result.signedR2).toEqual(nestedByChannel(reference.stats.signedR2, nChannels, nFreqs));
    expect(result.mean[1]).toEqual(nestedByChannel(reference.stats.mean[1], nChannels, nFreqs));
    expect(result.classes).toEqual(reference.stats.classes);
    expect(result.trials).toEqual({ kept: reference.epochs.trials.length, rejected: reference.epochs.rejected.length, rejectedByReason: {} });
    expect(result).toMatchObject({ method: 'welch', files, log: true, cacheHits: 0 });

    // Progress: trials done out of all kept trials, never backwards, ending at the total.
    const progress = progressOf(jobId);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.total === reference.epochs.trials.length && p.done <= p.total)).toBe(true);
    for (let i = 1; i < progress.length; i++) expect(progress[i].done).toBeGreaterThanOrEqual(progress[i - 1].done);
    expect(progress[progress.length - 1].done).toBe(progress[0].total);
    // The progress events come before the end.
    const order = client.events.filter((e) => (e.payload as { jobId?: string }).jobId === jobId).map((e) => e.event);
    expect(order[order.length - 1]).toBe('job.finished');

    const status = await client.call<JobStatusOf<'features'>>('jobs.status', { jobId });
    expect(status).toMatchObject({ ok: true, value: { jobId, kind: 'features', state: 'done', error: null, done: 45, total: 45 } });
    if (status.ok) expect(status.value.result?.r2).toEqual(result.r2);
    const list = await client.call<JobStatus[]>('jobs.list');
    expect(list.ok && list.value.find((j) => j.jobId === jobId)).toMatchObject({ state: 'done', result: null });
  });

  it('cancels a long job (|Im C| MVAR over all 64 channels): state cancelled and its worker threads stopped', async () => {
    const jobId = await start({ files, method: 'mvarabsimcoh', classes: ['T1', 'T2'] });
    // Cancel once the workers are computing.
    await client.waitFor(() => progressOf(jobId).length > 0, 60_000);
    expect(featureWorkerThreadsAlive()).toBeGreaterThan(0);
    const cancelled = await client.call<JobStatus>('jobs.cancel', { jobId });
    expect(cancelled).toMatchObject({ ok: true, value: { jobId, cancelRequested: true } });
    const end = await finished(jobId);
    expect(end).toEqual({ jobId, kind: 'features', state: 'cancelled' });
    expect(featureWorkerCount()).toBe(0);
    await client.waitFor(() => featureWorkerThreadsAlive() === 0);
    expect(await client.call('jobs.status', { jobId })).toMatchObject({ ok: true, value: { state: 'cancelled', result: null } });
    // The pool starts fresh workers for the next job.
    const next = await start({ files, method: 'welch', classes: ['T1', 'T2'], channels: ['C3', 'C4'] });
    expect((await finished(next)).state).toBe('done');
  });

  it('fails a job whose class is not in the files, naming the codes present', async () => {
    const jobId = await start({ files, classes: ['T1', 'T9'] });
    const end = await finished(jobId);
    expect(end.state).toBe('failed');
    expect(end.error?.code).toBe('bad-input');
    expect(end.error?.message).toMatch(/^class 'T9' matches no event; events present: /);
    for (const code of ['T0', 'T1', 'T2']) expect(end.error?.message).toContain(code);
    expect(end.result).toBeUndefined();
  });

  it('fails a job whose band goes above the Nyquist frequency', async () => {
    const end = await finished(await start({ files, classes: ['T1', 'T2'], band: { fminHz: 1, fmaxHz: 100 } }));
    expect(end).toMatchObject({ state: 'failed', error: { code: 'bad-input', message: 'fmax: 100 Hz is above the Nyquist frequency 80 Hz of this 160 Hz recording' } });
  });

  it('refuses payloads that cannot start: missing or relative files, unknown fields, wrong class count or method', async () => {
    const missing = path.join(dir, 'no-such.edf');
    expect(await client.call('features.start', { files: [files[0], missing], classes: ['T1', 'T2'] })).toEqual({
      ok: false, error: {
        code: 'not-found', message: `features.start: files[1]: there is no recording file ${missing}.`, recovery: expect.any(String),
        detail: { reason: 'missing', params: { thing: 'file', id: missing } },
      },
    });
    expect(await client.call('features.start', { files: ['S001R04.edf'], classes: ['T1', 'T2'] })).toMatchObject({
      ok: false, error: { code: 'invalid-payload', message: "features.start: files[0]: expected an absolute path, got 'S001R04.edf'." },
    });
    expect(await client.call('features.start', { files, classes: ['T1', 'T2'], fmax: 30 })).toMatchObject({
      ok: false, error: { code: 'invalid-payload', message: expect.stringMatching(/^features\.start: fmax: unknown field; allowed fields: files, method, classes, window, band/) },
    });
    expect(await client.call('features.start', { files, classes: ['T1'] })).toMatchObject({
      ok: false, error: { message: 'features.start: classes: expected an array of exactly 2 items, got an array of 1 item.' },
    });
    expect(await client.call('features.start', { files, classes: ['T1', 'T2'], method: 'fft' })).toMatchObject({
      ok: false, error: { code: 'invalid-payload', message: expect.stringMatching(/^features\.start: method: expected one of 'welch', 'burg'/) },
    });
    expect(await client.call('features.start', { files, classes: ['T1', 'T2'], window: { offsetSec: 1 } })).toMatchObject({
      ok: false, error: { message: expect.stringMatching(/^features\.start: window\.lengthSec: expected a number/) },
    });
    expect(await client.call('jobs.cancel', { jobId: 'no-such-job' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('with cache: the second run reads every recording from the cache and gives the same maps', async () => {
    const params = { files, classes: ['T1', 'T2'], cache: true };
    const first = (await finished(await start(params))).result as FeatureJobSummary;
    const second = (await finished(await start(params))).result as FeatureJobSummary;
    expect(first.cacheHits).toBe(0);
    expect(second.cacheHits).toBe(3);
    expect(second.r2).toEqual(first.r2);
    expect(second.trials).toEqual(first.trials);
    // The app's entries are indexed in the data folder's database, with the parameters they stand for.
    const db = openDatabase(path.join(dir, 'data'));
    try {
      const index = new FeatureCacheIndex(db);
      const entries = index.list();
      expect(entries).toHaveLength(3);
      expect(entries.reduce((n, e) => n + e.nTrials, 0)).toBe(45);
      expect((index.parameterSet(entries[0].parameterHash)?.parameters as { classes: string[] }).classes).toEqual(['T1', 'T2']);
    } finally {
      db.close();
    }
  });
});

describe.skipIf(sharedDataMissing)('feature jobs with a data folder that cannot be written', () => {
  it('refuses a job that would fill the cache, and runs one without it', async () => {
    const file = path.join(dir, 'plain-file');
    writeFileSync(file, 'not a folder');
    const broken = await startHost({ dataDir: path.join(file, 'data'), rendererDir: path.join(dir, 'renderer') });
    const c = await connect(`ws://127.0.0.1:${broken.port}/api?token=${broken.token}`);
    try {
      expect(await c.call('features.start', { files, classes: ['T1', 'T2'], cache: true })).toMatchObject({ ok: false, error: { code: 'storage-unwritable' } });
      const started = await c.call<JobStatus>('features.start', { files, classes: ['T1', 'T2'], channels: ['C3', 'Cz', 'C4'] });
      if (!started.ok) throw new Error(started.error.message);
      await c.waitFor(() => c.events.some((e) => e.event === 'job.finished'), 60_000);
      expect(c.events.find((e) => e.event === 'job.finished')?.payload).toMatchObject({ jobId: started.value.jobId, state: 'done', result: { channels: ['C3..', 'Cz..', 'C4..'] } });
    } finally {
      c.close();
      await broken.close();
    }
  });
});
