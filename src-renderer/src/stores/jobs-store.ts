// Long jobs this window started, kept across page changes: their progress and end from `job.progress` / `job.finished`.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { ApiError, Attempt, ComparisonInput, FamilyComparison, FeatureJobInput, FeatureJobSummary, JobError, JobFinishedEvent, JobProgressEvent, JobState, JobStatus, Result, TrainingInput } from '../../../src-main/contract/index.ts';
import { useClient } from '../api/client-holder.ts';

/** A feature job as the window follows it; replaced (never mutated) on every change so views update. */
export interface TrackedJob {
  jobId: string;
  sessionId: number;
  input: FeatureJobInput;
  state: JobState;
  done: number;
  total: number;
  cancelRequested: boolean;
  error: JobError | null;
  result: FeatureJobSummary | null;
  /** `performance.now()` when the clinician asked for it, and when its end reached this window. */
  requestedAtMs: number;
  finishedAtMs: number | null;
}

/** A training or comparison job as the window follows it: the same progress fields, its own input and result. */
export type TrackedModelJob = Omit<TrackedJob, 'input' | 'result'> &
  ({ kind: 'training'; input: TrainingInput; result: Attempt | null } | { kind: 'comparison'; input: ComparisonInput; result: FamilyComparison | null });

type AnyTrackedJob = TrackedJob | TrackedModelJob;

export const isFinished = (state: JobState): boolean => state === 'done' || state === 'failed' || state === 'cancelled';

/**
 * The feature summary a job status or a job's end carries, or null: results are keyed by the job's `kind`, and only
 * a feature job's result is a `FeatureJobSummary` (a status or an end without `kind` is a feature job's).
 */
export function featureSummaryOf(carrier: { kind?: string; result?: unknown }): FeatureJobSummary | null {
  if (carrier.kind !== undefined && carrier.kind !== 'features') return null;
  return (carrier.result ?? null) as FeatureJobSummary | null;
}

/** The result a status or an end carries for this tracked job: only one of the job's own kind counts. */
function resultFor<J extends AnyTrackedJob>(job: J, carrier: { kind?: string; result?: unknown }): J['result'] {
  if (!('kind' in job)) return featureSummaryOf(carrier) ?? job.result;
  if (carrier.kind !== job.kind) return job.result;
  return (carrier.result as J['result'] | undefined) ?? job.result;
}

/** A tracked job updated from a status reply (`features.start`, `training.start`, `jobs.status`, `jobs.cancel`). */
export function withStatus<J extends AnyTrackedJob>(job: J, status: JobStatus, nowMs: number): J {
  const finished = isFinished(status.state);
  return {
    ...job,
    state: status.state,
    done: status.done,
    total: status.total,
    cancelRequested: status.cancelRequested,
    error: status.error,
    result: resultFor(job, status),
    finishedAtMs: finished ? (job.finishedAtMs ?? nowMs) : null,
  };
}

/** A tracked job updated from a pushed event; progress never goes backwards and never revives a finished job. */
export function withEvent<J extends AnyTrackedJob>(job: J, event: { progress: JobProgressEvent } | { finished: JobFinishedEvent }, nowMs: number): J {
  if ('progress' in event) {
    if (isFinished(job.state)) return job;
    const { done, total } = event.progress;
    if (total === job.total && done < job.done) return job;
    return { ...job, state: 'running', done, total };
  }
  const f = event.finished;
  return {
    ...job,
    state: f.state,
    error: f.error ?? null,
    result: resultFor(job, f),
    done: f.state === 'done' ? Math.max(job.done, job.total) : job.done,
    finishedAtMs: job.finishedAtMs ?? nowMs,
  };
}

export const useJobsStore = defineStore('jobs', () => {
  const client = useClient();
  const jobs = shallowRef<Record<string, TrackedJob>>({});
  /** Training and comparison jobs, apart so that feature views never meet a job without a feature summary. */
  const modelJobs = shallowRef<Record<string, TrackedModelJob>>({});
  let subscribed = false;

  const put = (job: TrackedJob) => {
    jobs.value = { ...jobs.value, [job.jobId]: job };
  };
  const putModel = (job: TrackedModelJob) => {
    modelJobs.value = { ...modelJobs.value, [job.jobId]: job };
  };

  /** Listens once to the job events; events of jobs other windows started are ignored. */
  function subscribe(): void {
    if (subscribed) return;
    subscribed = true;
    client.on('job.progress', (progress) => {
      const job = jobs.value[progress.jobId];
      if (job) put(withEvent(job, { progress }, performance.now()));
      const model = modelJobs.value[progress.jobId];
      if (model) putModel(withEvent(model, { progress }, performance.now()));
    });
    client.on('job.finished', (finished) => {
      const job = jobs.value[finished.jobId];
      if (job) put(withEvent(job, { finished }, performance.now()));
      const model = modelJobs.value[finished.jobId];
      if (model) putModel(withEvent(model, { finished }, performance.now()));
    });
  }

  async function startFeatures(sessionId: number, input: FeatureJobInput): Promise<Result<TrackedJob>> {
    subscribe();
    const requestedAtMs = performance.now();
    const result = await client.call('features.start', input);
    if (!result.ok) return result;
    const job = withStatus(
      { jobId: result.value.jobId, sessionId, input, state: 'queued', done: 0, total: 0, cancelRequested: false, error: null, result: null, requestedAtMs, finishedAtMs: null },
      result.value,
      performance.now(),
    );
    // An event may have been handled before this reply only if the host broke its order; keep whichever is further on.
    const seen = jobs.value[job.jobId];
    put(seen && isFinished(seen.state) ? seen : job);
    return { ok: true, value: jobs.value[job.jobId] };
  }

  /** Starts training (one attempt) or the comparison of the five families for a session. */
  async function startModelJob(sessionId: number, request: { kind: 'training'; input: TrainingInput } | { kind: 'comparison'; input: ComparisonInput }): Promise<Result<TrackedModelJob>> {
    subscribe();
    const requestedAtMs = performance.now();
    const result = request.kind === 'training' ? await client.call('training.start', request.input) : await client.call('training.compare', request.input);
    if (!result.ok) return result;
    const fresh = { jobId: result.value.jobId, sessionId, state: 'queued', done: 0, total: 0, cancelRequested: false, error: null, result: null, requestedAtMs, finishedAtMs: null } as const;
    const job = withStatus<TrackedModelJob>({ ...fresh, ...request } as TrackedModelJob, result.value, performance.now());
    const seen = modelJobs.value[job.jobId];
    putModel(seen && isFinished(seen.state) ? seen : job);
    return { ok: true, value: modelJobs.value[job.jobId] };
  }

  async function cancel(jobId: string): Promise<ApiError | null> {
    const result = await client.call('jobs.cancel', { jobId });
    if (!result.ok) return result.error;
    const job = jobs.value[jobId];
    if (job) put(withStatus(job, result.value, performance.now()));
    const model = modelJobs.value[jobId];
    if (model) putModel(withStatus(model, result.value, performance.now()));
    return null;
  }

  /** After a reconnection: events sent while the window was cut off are lost, so unfinished jobs are asked again. */
  async function refresh(): Promise<void> {
    const open = [...Object.values(jobs.value), ...Object.values(modelJobs.value)].filter((j) => !isFinished(j.state));
    await Promise.all(open.map(async ({ jobId }) => {
      const result = await client.call('jobs.status', { jobId });
      const lost = <J extends AnyTrackedJob>(j: J, message: string): J => ({ ...j, state: 'failed', error: { code: 'failed', message }, finishedAtMs: performance.now() });
      const current = jobs.value[jobId];
      const model = modelJobs.value[jobId];
      if (result.ok) {
        if (current) put(withStatus(current, result.value, performance.now()));
        if (model) putModel(withStatus(model, result.value, performance.now()));
      } else if (result.error.code === 'not-found') {
        if (current) put(lost(current, result.error.message));
        if (model) putModel(lost(model, result.error.message));
      }
    }));
  }

  /** This session's jobs, newest first. */
  const forSession = (sessionId: number): TrackedJob[] => Object.values(jobs.value).filter((j) => j.sessionId === sessionId).sort((a, b) => b.requestedAtMs - a.requestedAtMs);
  /** The newest job of the session that finished with a summary. */
  const latestResult = (sessionId: number): TrackedJob | null => forSession(sessionId).find((j) => j.state === 'done' && j.result !== null) ?? null;

  /** This session's training and comparison jobs, newest first. */
  const modelJobsForSession = (sessionId: number): TrackedModelJob[] => Object.values(modelJobs.value).filter((j) => j.sessionId === sessionId).sort((a, b) => b.requestedAtMs - a.requestedAtMs);

  return { jobs, modelJobs, subscribe, startFeatures, startModelJob, cancel, refresh, forSession, latestResult, modelJobsForSession };
});
