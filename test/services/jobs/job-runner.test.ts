import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JobRunner, type JobContext } from '../../../src-main/services/jobs/job-runner.ts';
import { CoreError, problem } from '../../../src-main/core/errors.ts';
import { ApiFailure, detail } from '../../../src-main/contract/errors.ts';
import type { JobProgressEvent } from '../../../src-main/contract/api.ts';
import type { RunnerFinishedEvent } from '../../../src-main/services/jobs/job-runner.ts';

/** Two kinds of job with plain results: the runner is generic over the kinds and their results. */
type TestResults = { features: string; training: number };

/** A job function the test finishes by hand, seeing the context the runner gave it. */
function controllable<R>() {
  let resolve!: (value: R) => void;
  let reject!: (error: unknown) => void;
  const state: { context: JobContext | null; calls: number } = { context: null, calls: 0 };
  const run = (context: JobContext) => {
    state.context = context;
    state.calls++;
    return new Promise<R>((res, rej) => {
      resolve = res;
      reject = rej;
      // Like the feature job: an abort rejects.
      context.signal.addEventListener('abort', () => rej(new CoreError('cancelled', 'cancelled')), { once: true });
    });
  };
  return { run, state, resolve: (v: R) => resolve(v), reject: (e: unknown) => reject(e) };
}

let progress: JobProgressEvent[];
/** Fake-clock time of each progress event. */
let sentAt: number[];
let finished: RunnerFinishedEvent<TestResults>[];
const newRunner = (options: { concurrency?: number; keepFinished?: number; log?: (line: string) => void } = {}) =>
  new JobRunner<TestResults>({ ...options, onProgress: (e) => { progress.push(e); sentAt.push(Date.now()); }, onFinished: (e) => finished.push(e) });
/** Lets the runner's setImmediate dispatch and the jobs' promise chains run (fake clock stays put). */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
  progress = [];
  sentAt = [];
  finished = [];
});
afterEach(() => vi.useRealTimers());

describe('job runner queue', () => {
  it('runs one job at a time by default, in the order started, and reports each end', async () => {
    // Options given as undefined (as ApiService passes its own) take the defaults.
    const runner = newRunner({ concurrency: undefined, keepFinished: undefined });
    const jobs = [controllable<string>(), controllable<string>(), controllable<string>()];
    const ids = jobs.map((j) => runner.start('features', j.run).jobId);
    expect(new Set(ids).size).toBe(3);
    // Started in a later turn: the reply carrying the id goes out before any event of the job.
    expect(runner.list().map((s) => s.state)).toEqual(['queued', 'queued', 'queued']);
    await settle();
    expect(runner.list().map((s) => s.state)).toEqual(['running', 'queued', 'queued']);
    expect(jobs.map((j) => j.state.calls)).toEqual([1, 0, 0]);
    jobs[0].resolve('first');
    await settle();
    expect(runner.list().map((s) => s.state)).toEqual(['done', 'running', 'queued']);
    expect(finished).toEqual([{ jobId: ids[0], kind: 'features', state: 'done', result: 'first' }]);
    expect(runner.status(ids[0])).toMatchObject({ state: 'done', result: 'first', error: null });
    expect(runner.list()[0].result).toBeNull();
    jobs[1].resolve('second');
    await settle();
    jobs[2].resolve('third');
    await settle();
    expect(finished.map((e) => e.result)).toEqual(['first', 'second', 'third']);
    expect(runner.list().every((s) => s.state === 'done' && s.startedAt !== null && s.finishedAt !== null)).toBe(true);
  });

  it('keeps each job kind with its status and its end, so a client can narrow the result on it', async () => {
    const runner = newRunner();
    const features = controllable<string>();
    const training = controllable<number>();
    const a = runner.start('features', features.run);
    const b = runner.start('training', training.run);
    expect([a.kind, b.kind]).toEqual(['features', 'training']);
    await settle();
    features.resolve('map');
    await settle();
    training.resolve(0.8);
    await settle();
    expect(finished).toEqual([
      { jobId: a.jobId, kind: 'features', state: 'done', result: 'map' },
      { jobId: b.jobId, kind: 'training', state: 'done', result: 0.8 },
    ]);
    const status = runner.status(b.jobId);
    expect(status.kind === 'training' ? status.result : null).toBe(0.8);
    expect(runner.list().map((s) => s.kind)).toEqual(['features', 'training']);
  });

  it('remembers a job whose result was ready at once as done, sends its end after the reply, and does not hold the queue', async () => {
    const runner = newRunner();
    const waiting = controllable<string>();
    const queued = runner.start('features', waiting.run);
    const ready = runner.completed('features', 'from cache', 3);
    expect(ready).toMatchObject({ kind: 'features', state: 'done', done: 3, total: 3, result: 'from cache', error: null, cancelRequested: false });
    expect(ready.startedAt).not.toBeNull();
    expect(ready.finishedAt).not.toBeNull();
    // The end goes out in a later turn, so the reply carrying the id reaches the client first.
    expect(finished).toEqual([]);
    await settle();
    expect(finished).toEqual([{ jobId: ready.jobId, kind: 'features', state: 'done', result: 'from cache' }]);
    expect(runner.status(ready.jobId)).toMatchObject({ state: 'done', result: 'from cache' });
    expect(runner.cancel(ready.jobId).state).toBe('done');
    // The queued job runs as usual.
    expect(runner.status(queued.jobId).state).toBe('running');
    waiting.resolve('computed');
    await settle();
    expect(finished.map((e) => e.result)).toEqual(['from cache', 'computed']);
  });

  it('runs two at once with concurrency 2; the third waits for a free slot', async () => {
    const runner = newRunner({ concurrency: 2 });
    const jobs = [controllable<string>(), controllable<string>(), controllable<string>()];
    const ids = jobs.map((j) => runner.start('features', j.run).jobId);
    await settle();
    expect(runner.list().map((s) => s.state)).toEqual(['running', 'running', 'queued']);
    jobs[1].resolve('b');
    await settle();
    expect(runner.status(ids[2]).state).toBe('running');
    expect(runner.status(ids[0]).state).toBe('running');
  });

  it('cancels a queued job at once (it never runs) and a running one through its signal', async () => {
    const runner = newRunner();
    const first = controllable<string>();
    const second = controllable<string>();
    const a = runner.start('features', first.run).jobId;
    const b = runner.start('features', second.run).jobId;
    await settle();
    expect(runner.cancel(b)).toMatchObject({ state: 'cancelled', cancelRequested: true });
    expect(finished).toEqual([{ jobId: b, kind: 'features', state: 'cancelled' }]);
    expect(runner.cancel(a)).toMatchObject({ state: 'running', cancelRequested: true });
    expect(first.state.context?.signal.aborted).toBe(true);
    await settle();
    expect(finished[1]).toEqual({ jobId: a, kind: 'features', state: 'cancelled' });
    expect(second.state.calls).toBe(0);
    // A finished job is left as it is.
    expect(runner.cancel(a).state).toBe('cancelled');
    expect(finished).toHaveLength(2);
  });

  it('reports a job that resolves after a cancel as cancelled, without its result', async () => {
    const runner = newRunner();
    let release!: () => void;
    const id = runner.start('features', () => new Promise<string>((resolve) => { release = () => resolve('late'); })).jobId;
    await settle();
    runner.cancel(id);
    release();
    await settle();
    expect(finished).toEqual([{ jobId: id, kind: 'features', state: 'cancelled' }]);
    expect(runner.status(id).result).toBeNull();
  });

  it('fails a job with the message of a CoreError or ApiFailure; anything else is internal and logged', async () => {
    const lines: string[] = [];
    const runner = newRunner({ concurrency: 3, log: (line) => lines.push(line) });
    const ids = [
      runner.start('features', async () => { throw new CoreError('bad-input', "class 'T9' matches no event; events present: T0, T2, T1"); }).jobId,
      runner.start('features', async () => { throw new ApiFailure('storage-unwritable', 'The folder /x cannot be written.'); }).jobId,
      runner.start('features', async () => { throw new TypeError('x is undefined'); }).jobId,
    ];
    await settle();
    expect(finished.map((e) => e.state)).toEqual(['failed', 'failed', 'failed']);
    expect(runner.status(ids[0]).error).toEqual({ code: 'bad-input', message: "class 'T9' matches no event; events present: T0, T2, T1" });
    expect(runner.status(ids[1]).error).toEqual({ code: 'failed', message: 'The folder /x cannot be written.' });
    expect(runner.status(ids[2]).error).toEqual({ code: 'internal', message: 'NeuroFeat failed while running the job: x is undefined' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/TypeError: x is undefined/);
    expect(finished[0].error).toEqual(runner.status(ids[0]).error);
  });

  it('keeps a CoreError\'s problem and an ApiFailure\'s reason and recovery as the job error\'s detail and recovery', async () => {
    const lines: string[] = [];
    const runner = newRunner({ concurrency: 3, log: (line) => lines.push(line) });
    const tooFew = problem('too-few-trials', { folds: 10, classes: ['T1', 'T2'], counts: [8, 7] });
    const ids = [
      runner.start('training', async () => { throw new CoreError('bad-input', 'cross-validation: too few trials for 10 folds', {}, tooFew); }).jobId,
      runner.start('training', async () => { throw new ApiFailure('file-changed', 'Run 2 changed.', 'Import it again.', detail('file-changed', { thing: 'run', id: 2, missing: false })); }).jobId,
      runner.start('training', async () => { throw new ApiFailure('internal', 'model check failed: trial 3', 'Train again.', detail('model-unchecked', { trial: 3 })); }).jobId,
    ];
    await settle();
    expect(runner.status(ids[0]).error).toEqual({ code: 'bad-input', message: 'cross-validation: too few trials for 10 folds', detail: tooFew });
    expect(runner.status(ids[1]).error).toEqual({ code: 'failed', message: 'Run 2 changed.', recovery: 'Import it again.', detail: { reason: 'file-changed', params: { thing: 'run', id: 2, missing: false } } });
    expect(runner.status(ids[2]).error).toEqual({ code: 'internal', message: 'model check failed: trial 3', recovery: 'Train again.', detail: { reason: 'model-unchecked', params: { trial: 3 } } });
    // An unexpected failure is logged for whoever looks into it.
    expect(lines).toEqual(['job failed: model check failed: trial 3']);
    expect(finished.map((e) => e.error)).toEqual(ids.map((id) => runner.status(id).error));
  });

  it('answers not-found for an unknown id, and forgets the earliest finished jobs beyond keepFinished', async () => {
    const runner = newRunner({ keepFinished: 2 });
    expect(() => runner.status('nope')).toThrow(ApiFailure);
    expect(() => runner.cancel('nope')).toThrow(/There is no job with id 'nope'/);
    const ids = [1, 2, 3].map((n) => runner.start('features', async () => `r${n}`).jobId);
    await settle();
    expect(runner.list().map((s) => s.jobId)).toEqual(ids.slice(1));
    expect(() => runner.status(ids[0])).toThrow(/There is no job/);
  });

  it('close cancels queued and running jobs and waits for the running ones to stop', async () => {
    const runner = newRunner();
    const first = controllable<string>();
    const second = controllable<string>();
    runner.start('features', first.run);
    runner.start('features', second.run);
    await settle();
    const closed = runner.close();
    await settle();
    await closed;
    expect(finished.map((e) => e.state)).toEqual(['cancelled', 'cancelled']);
    expect(runner.list().map((s) => s.state)).toEqual(['cancelled', 'cancelled']);
    expect(second.state.calls).toBe(0);
  });
});

describe('job runner progress', () => {
  it('sends the first value at once, then at most one per 100 ms (the latest), and the last one before the end', async () => {
    const runner = newRunner();
    const job = controllable<string>();
    const id = runner.start('features', job.run).jobId;
    await settle();
    const report = job.state.context!.progress;
    report(1, 1000);
    expect(progress).toEqual([{ jobId: id, done: 1, total: 1000 }]);
    for (let done = 2; done <= 500; done++) report(done, 1000);
    expect(progress).toHaveLength(1);
    expect(runner.status(id)).toMatchObject({ done: 500, total: 1000 });
    await vi.advanceTimersByTimeAsync(99);
    expect(progress).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(progress).toEqual([{ jobId: id, done: 1, total: 1000 }, { jobId: id, done: 500, total: 1000 }]);
    // Over one simulated second of reports every millisecond: about ten events, never more than one per interval.
    for (let done = 501; done <= 1000; done++) {
      report(done, 1000);
      if (done % 2 === 0) await vi.advanceTimersByTimeAsync(2);
    }
    const sent = progress.length;
    expect(sent).toBeGreaterThanOrEqual(6);
    expect(sent).toBeLessThanOrEqual(8);
    for (let i = 1; i < sentAt.length; i++) expect(sentAt[i] - sentAt[i - 1]).toBeGreaterThanOrEqual(100);
    job.resolve('ok');
    await settle();
    expect(progress[progress.length - 1]).toEqual({ jobId: id, done: 1000, total: 1000 });
    expect(finished).toEqual([{ jobId: id, kind: 'features', state: 'done', result: 'ok' }]);
    // Reports after the end are ignored.
    report(5, 1000);
    await vi.advanceTimersByTimeAsync(500);
    expect(progress[progress.length - 1].done).toBe(1000);
  });

  it('flushes a value held back by the throttle before the end event, not after a cancel', async () => {
    const runner = newRunner({ concurrency: 2 });
    const done = controllable<string>();
    const cancelled = controllable<string>();
    const a = runner.start('features', done.run).jobId;
    const b = runner.start('features', cancelled.run).jobId;
    await settle();
    done.state.context!.progress(1, 10);
    done.state.context!.progress(7, 10);
    cancelled.state.context!.progress(1, 10);
    cancelled.state.context!.progress(3, 10);
    done.resolve('ok');
    runner.cancel(b);
    await settle();
    expect(progress.filter((e) => e.jobId === a).map((e) => e.done)).toEqual([1, 7]);
    expect(sentAt[1]).toBe(sentAt[0]);
    expect(progress.filter((e) => e.jobId === b).map((e) => e.done)).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(progress).toHaveLength(3);
  });

  it('keeps the throttle per job', async () => {
    const runner = newRunner({ concurrency: 2 });
    const a = controllable<string>();
    const b = controllable<string>();
    runner.start('features', a.run);
    runner.start('features', b.run);
    await settle();
    a.state.context!.progress(1, 10);
    b.state.context!.progress(1, 10);
    expect(progress.map((e) => e.done)).toEqual([1, 1]);
    expect(new Set(progress.map((e) => e.jobId)).size).toBe(2);
  });
});
