// The jobs store over a fake client: a started job follows its events, keeps its result across pages, cancels, recovers after a reconnection.
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { FeatureJobInput, FeatureJobSummary, JobError, JobState } from '../../../src-main/contract/index.ts';
import { setClient } from '../../../src-renderer/src/api/client-holder.ts';
import { featureSummaryOf, useJobsStore, withEvent, type TrackedJob } from '../../../src-renderer/src/stores/jobs-store.ts';
import { createFakeClient, type FakeClient } from './fake-client.ts';

const input: FeatureJobInput = { files: ['/a.edf'], method: 'welch', classes: ['T1', 'T2'], window: { offsetSec: 1, lengthSec: 3 }, band: { fminHz: 1, fmaxHz: 40 }, reference: 'car', log: true, cache: true };
interface StatusFields { state: JobState; done: number; total: number; cancelRequested: boolean; error: JobError | null; result: FeatureJobSummary | null }
/** A feature job's status as the host answers it. */
const status = (jobId: string, over: Partial<StatusFields> = {}) => ({
  jobId, kind: 'features' as const, state: 'queued' as JobState, done: 0, total: 0, cancelRequested: false, createdAt: '2026-01-01T00:00:00Z', startedAt: null, finishedAt: null, error: null, result: null, ...over,
});
/** A feature job's end as the host pushes it. */
const ended = (jobId: string, state: 'done' | 'failed' | 'cancelled', more: { error?: JobError; result?: FeatureJobSummary } = {}) => ({ jobId, kind: 'features' as const, state, ...more });
const result = { method: 'welch', files: ['/a.edf'], channels: ['C3'], freqsHz: [10], log: true, classes: [], r2: [[0.2]], signedR2: [[0.2]], mean: [], sd: [], trials: { kept: 45, rejected: 0, rejectedByReason: {} }, rejected: [], cacheHits: 1, elapsedMs: 12 } as FeatureJobSummary;

let client: FakeClient;
beforeEach(() => {
  client = createFakeClient();
  setClient(client);
  setActivePinia(createPinia());
  let n = 0;
  client.reply('features.start', () => ({ ok: true, value: status(`job-${++n}`) }));
});

describe('jobs store', () => {
  it('starts a feature job for a session and follows its progress to its result', async () => {
    const jobs = useJobsStore();
    jobs.subscribe();
    const started = await jobs.startFeatures(7, input);
    expect(started.ok && started.value.jobId).toBe('job-1');
    expect(client.calls).toEqual([{ method: 'features.start', params: input }]);
    client.emit('job.progress', { jobId: 'job-1', done: 10, total: 45 });
    expect(jobs.jobs['job-1']).toMatchObject({ state: 'running', done: 10, total: 45, sessionId: 7 });
    expect(jobs.latestResult(7)).toBeNull();
    client.emit('job.finished', ended('job-1', 'done', { result }));
    expect(jobs.jobs['job-1']).toMatchObject({ state: 'done', done: 45, result });
    expect(jobs.latestResult(7)?.jobId).toBe('job-1');
    expect(jobs.jobs['job-1'].finishedAtMs).toBeGreaterThanOrEqual(jobs.jobs['job-1'].requestedAtMs);
    // Another session sees none of it; events of jobs this window did not start are ignored.
    expect(jobs.forSession(8)).toEqual([]);
    client.emit('job.progress', { jobId: 'job-elsewhere', done: 1, total: 2 });
    expect(Object.keys(jobs.jobs)).toEqual(['job-1']);
  });

  it('keeps the newest finished result of a session while a newer job runs', async () => {
    const jobs = useJobsStore();
    jobs.subscribe();
    await jobs.startFeatures(1, input);
    client.emit('job.finished', ended('job-1', 'done', { result }));
    await jobs.startFeatures(1, { ...input, method: 'burg' });
    expect(jobs.forSession(1).map((j) => j.jobId)).toEqual(['job-2', 'job-1']);
    expect(jobs.latestResult(1)?.jobId).toBe('job-1');
    client.emit('job.finished', ended('job-2', 'failed', { error: { code: 'bad-input', message: 'no T1 events; events present: 769, 770' } }));
    expect(jobs.jobs['job-2'].error?.message).toContain('events present');
    expect(jobs.latestResult(1)?.jobId).toBe('job-1');
  });

  it('returns a refused start as the error value and tracks nothing', async () => {
    client.reply('features.start', () => ({ ok: false, error: { code: 'invalid-payload', message: 'features.start: files[0]: missing' } }));
    const jobs = useJobsStore();
    const started = await jobs.startFeatures(1, input);
    expect(started).toEqual({ ok: false, error: { code: 'invalid-payload', message: 'features.start: files[0]: missing' } });
    expect(jobs.jobs).toEqual({});
  });

  it('cancels through jobs.cancel and shows the request until the job ends', async () => {
    client.reply('jobs.cancel', ({ jobId }) => ({ ok: true, value: status(jobId, { state: 'running', cancelRequested: true, done: 3, total: 45 }) }));
    const jobs = useJobsStore();
    jobs.subscribe();
    await jobs.startFeatures(1, input);
    expect(await jobs.cancel('job-1')).toBeNull();
    expect(jobs.jobs['job-1']).toMatchObject({ cancelRequested: true, state: 'running', done: 3 });
    client.emit('job.finished', ended('job-1', 'cancelled'));
    expect(jobs.jobs['job-1'].state).toBe('cancelled');
    client.reply('jobs.cancel', () => ({ ok: false, error: { code: 'not-found', message: 'no job job-9' } }));
    expect(await jobs.cancel('job-9')).toEqual({ code: 'not-found', message: 'no job job-9' });
  });

  it('asks again, after a reconnection, about jobs whose end it may have missed', async () => {
    const jobs = useJobsStore();
    await jobs.startFeatures(1, input);
    await jobs.startFeatures(1, input);
    client.reply('jobs.status', ({ jobId }) => (jobId === 'job-1' ? { ok: true, value: status(jobId, { state: 'done', done: 45, total: 45, result }) } : { ok: false, error: { code: 'not-found', message: `no job ${jobId}` } }));
    await jobs.refresh();
    expect(jobs.jobs['job-1']).toMatchObject({ state: 'done', result });
    expect(jobs.jobs['job-2']).toMatchObject({ state: 'failed', error: { code: 'failed', message: 'no job job-2' } });
    client.calls.length = 0;
    await jobs.refresh();
    expect(client.calls).toEqual([]);
  });
});

describe('withEvent', () => {
  const job: TrackedJob = { jobId: 'j', sessionId: 1, input, state: 'running', done: 20, total: 45, cancelRequested: false, error: null, result: null, requestedAtMs: 0, finishedAtMs: null };

  it('never moves progress backwards nor revives a finished job', () => {
    expect(withEvent(job, { progress: { jobId: 'j', done: 10, total: 45 } }, 5)).toBe(job);
    expect(withEvent(job, { progress: { jobId: 'j', done: 1, total: 3 } }, 5)).toMatchObject({ done: 1, total: 3 });
    const done = withEvent(job, { finished: ended('j', 'cancelled') }, 9);
    expect(done).toMatchObject({ state: 'cancelled', done: 20, finishedAtMs: 9 });
    expect(withEvent(done, { progress: { jobId: 'j', done: 30, total: 45 } }, 10)).toBe(done);
  });
});

describe('featureSummaryOf', () => {
  it('reads the summary of a feature job only', () => {
    expect(featureSummaryOf({ kind: 'features', result })).toBe(result);
    expect(featureSummaryOf({ result })).toBe(result);
    expect(featureSummaryOf({ kind: 'training', result: { id: 3 } })).toBeNull();
    expect(featureSummaryOf({ kind: 'features', result: null })).toBeNull();
    expect(featureSummaryOf({ kind: 'features' })).toBeNull();
  });
});
