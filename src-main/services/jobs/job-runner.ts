// One owner of the long jobs (features, training, comparison): ids, a queue, cancellation, and progress throttled for the transports.
import { randomUUID } from 'node:crypto';
import { ApiFailure, detail } from '../../contract/errors.ts';
import type { CoreProblem } from '../../core/errors.ts';
import type { FinishedJobState, JobError, JobProgressEvent, JobResults, JobStatusFields } from '../../contract/api.ts';

/** The status of a job of kind `K` among the kinds of `Rs` (with the contract's `JobResults`: the contract's `JobStatus`). */
export type RunnerStatus<Rs, K extends keyof Rs = keyof Rs> = { [P in K]: JobStatusFields & { kind: P; result: Rs[P] | null } }[K];
/** The end of a job of kind `K` (with `JobResults`: the contract's `JobFinishedEvent`). */
export type RunnerFinishedEvent<Rs, K extends keyof Rs = keyof Rs> = { [P in K]: { jobId: string; kind: P; state: FinishedJobState; error?: JobError; result?: Rs[P] } }[K];

/** What a job function gets: the signal to stop on, and where to report units done out of total. */
export interface JobContext {
  signal: AbortSignal;
  progress(done: number, total: number): void;
}

export type JobFunction<R> = (context: JobContext) => Promise<R>;

export interface JobRunnerOptions<Rs> {
  /** Jobs running at once; the rest wait in order (default 1: the feature worker pool runs one job at a time anyway). */
  concurrency?: number;
  /** Least time between two progress events of one job, ms (default 100, about ten a second). */
  progressIntervalMs?: number;
  /** Finished jobs remembered for `jobs.status` and `jobs.list`, the earliest created forgotten first (default 20). */
  keepFinished?: number;
  /** Jobs waiting at once, all clients together; one more is refused with `conflict` (default 64). The host also limits each connection. */
  maxQueued?: number;
  onProgress?: (event: JobProgressEvent) => void;
  onFinished?: (event: RunnerFinishedEvent<Rs>) => void;
  /** Where unexpected errors (not CoreError / ApiFailure values) are logged with their stack. */
  log?: (line: string) => void;
}

interface Job {
  status: JobStatusFields & { kind: string; result: unknown };
  run: JobFunction<unknown>;
  controller: AbortController;
  /** Progress throttling: time of the last event, the value not sent yet, the timer that will send it. */
  lastSentAt: number;
  pending: JobProgressEvent | null;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * Jobs are started in a later turn of the event loop (`setImmediate`), so the reply to the call that created
 * a job always reaches the client before any event of that job.
 */
export class JobRunner<Rs extends object = JobResults> {
  private readonly jobs = new Map<string, Job>();
  private readonly queue: Job[] = [];
  private running = 0;
  private readonly options: Required<Pick<JobRunnerOptions<Rs>, 'concurrency' | 'progressIntervalMs' | 'keepFinished' | 'maxQueued'>> & JobRunnerOptions<Rs>;

  constructor(options: JobRunnerOptions<Rs> = {}) {
    this.options = {
      ...options,
      concurrency: options.concurrency ?? 1,
      progressIntervalMs: options.progressIntervalMs ?? 100,
      keepFinished: options.keepFinished ?? 20,
      maxQueued: options.maxQueued ?? 64,
    };
  }

  /** Queues a job; returns its status (state 'queued'). */
  start<K extends keyof Rs & string>(kind: K, run: JobFunction<Rs[K]>): RunnerStatus<Rs, K> {
    if (this.queue.length >= this.options.maxQueued) {
      throw new ApiFailure('conflict', `${this.options.maxQueued} jobs are waiting already; this ${kind} job was not queued.`, 'Wait for some to finish, or cancel some (jobs.cancel).');
    }
    const job: Job = {
      status: {
        jobId: randomUUID(), kind, state: 'queued', done: 0, total: 0, cancelRequested: false,
        createdAt: new Date().toISOString(), startedAt: null, finishedAt: null, error: null, result: null,
      },
      run,
      controller: new AbortController(),
      lastSentAt: -Infinity,
      pending: null,
      timer: null,
    };
    this.jobs.set(job.status.jobId, job);
    this.queue.push(job);
    setImmediate(() => this.pump());
    return { ...job.status } as RunnerStatus<Rs, K>;
  }

  /**
   * A job whose result was ready when it was asked for (features read from the cache while answering the call):
   * remembered as done with `done` of `total` units, and its `job.finished` sent after the reply, like any job's.
   */
  completed<K extends keyof Rs & string>(kind: K, result: Rs[K], units: number): RunnerStatus<Rs, K> {
    const now = new Date().toISOString();
    const job: Job = {
      status: { jobId: randomUUID(), kind, state: 'done', done: units, total: units, cancelRequested: false, createdAt: now, startedAt: now, finishedAt: now, error: null, result },
      run: () => Promise.resolve(result),
      controller: new AbortController(),
      lastSentAt: -Infinity,
      pending: null,
      timer: null,
    };
    this.jobs.set(job.status.jobId, job);
    this.forgetOldJobs();
    setImmediate(() => this.options.onFinished?.({ jobId: job.status.jobId, kind, state: 'done', result } as RunnerFinishedEvent<Rs>));
    return { ...job.status } as RunnerStatus<Rs, K>;
  }

  /** One job with its result; `not-found` for an id that is unknown or long forgotten. */
  status(jobId: string): RunnerStatus<Rs> {
    return { ...this.find(jobId).status } as RunnerStatus<Rs>;
  }

  /** Every remembered job, oldest first, without results (ask `status` for one). */
  list(): RunnerStatus<Rs>[] {
    return [...this.jobs.values()].map((j) => ({ ...j.status, result: null }) as RunnerStatus<Rs>);
  }

  /**
   * A queued job ends as 'cancelled' at once; a running one is aborted and ends as 'cancelled' when its work has
   * stopped (even if it finished meanwhile); a finished one is left as it is.
   */
  cancel(jobId: string): RunnerStatus<Rs> {
    const job = this.find(jobId);
    const { state } = job.status;
    if (state === 'queued') {
      this.queue.splice(this.queue.indexOf(job), 1);
      job.status.cancelRequested = true;
      this.finish(job, 'cancelled');
    } else if (state === 'running') {
      job.status.cancelRequested = true;
      job.controller.abort();
    }
    return { ...job.status, result: null } as RunnerStatus<Rs>;
  }

  /** Cancels every queued and running job and waits until the running ones have stopped. */
  async close(): Promise<void> {
    const running = [...this.jobs.values()].filter((j) => j.status.state === 'running');
    for (const job of [...this.queue]) this.cancel(job.status.jobId);
    for (const job of running) this.cancel(job.status.jobId);
    while (this.running > 0) await new Promise((resolve) => setImmediate(resolve));
  }

  private find(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new ApiFailure('not-found', `There is no job with id '${jobId}' (finished jobs are remembered until ${this.options.keepFinished} newer ones have finished).`, undefined, detail('missing', { thing: 'job', id: jobId }));
    return job;
  }

  private pump(): void {
    while (this.running < this.options.concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.running++;
      job.status.state = 'running';
      job.status.startedAt = new Date().toISOString();
      void this.execute(job).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async execute(job: Job): Promise<void> {
    const context: JobContext = { signal: job.controller.signal, progress: (done, total) => this.progress(job, done, total) };
    try {
      const result = await job.run(context);
      if (job.status.cancelRequested) this.finish(job, 'cancelled');
      else this.finish(job, 'done', undefined, result);
    } catch (error) {
      if (job.status.cancelRequested) this.finish(job, 'cancelled');
      else this.finish(job, 'failed', this.describeError(error));
    }
  }

  /** Leading and trailing throttle: the first value goes out at once, then at most one per interval, the latest. */
  private progress(job: Job, done: number, total: number): void {
    if (job.status.state !== 'running') return;
    job.status.done = done;
    job.status.total = total;
    job.pending = { jobId: job.status.jobId, done, total };
    const wait = job.lastSentAt + this.options.progressIntervalMs - Date.now();
    if (wait <= 0) this.sendProgress(job);
    else job.timer ??= setTimeout(() => this.sendProgress(job), wait);
  }

  private sendProgress(job: Job): void {
    if (job.timer) clearTimeout(job.timer);
    job.timer = null;
    if (!job.pending) return;
    const event = job.pending;
    job.pending = null;
    job.lastSentAt = Date.now();
    this.options.onProgress?.(event);
  }

  private finish(job: Job, state: FinishedJobState, error?: JobError, result?: unknown): void {
    // The last progress value reported is sent before the end, so that a progress bar ends where the job did.
    if (state !== 'cancelled') this.sendProgress(job);
    if (job.timer) clearTimeout(job.timer);
    job.timer = null;
    job.pending = null;
    Object.assign(job.status, { state, finishedAt: new Date().toISOString(), error: error ?? null, result: result ?? null });
    this.forgetOldJobs();
    const event = { jobId: job.status.jobId, kind: job.status.kind, state, ...(error ? { error } : {}), ...(result !== undefined ? { result } : {}) };
    this.options.onFinished?.(event as RunnerFinishedEvent<Rs>);
  }

  private forgetOldJobs(): void {
    const finished = [...this.jobs.values()].filter((j) => j.status.finishedAt !== null);
    for (const job of finished.slice(0, Math.max(0, finished.length - this.options.keepFinished))) this.jobs.delete(job.status.jobId);
  }

  /**
   * CoreError (`bad-input`, `failed`) and ApiFailure keep their message, and their problem as the error's `detail`
   * (with an ApiFailure's recovery); anything else is an internal error, logged.
   */
  private describeError(error: unknown): JobError {
    if (error instanceof ApiFailure) {
      const { message, recovery, detail: reason } = error.error;
      if (error.error.code === 'internal') this.options.log?.(`job failed: ${message}`);
      return { code: error.error.code === 'internal' ? 'internal' : 'failed', message, ...(recovery ? { recovery } : {}), ...(reason ? { detail: reason } : {}) };
    }
    const { code, problem } = (error ?? {}) as { code?: unknown; problem?: CoreProblem };
    if (error instanceof Error && (code === 'bad-input' || code === 'failed')) return { code, message: error.message, ...(problem ? { detail: problem } : {}) };
    // A file that went away or could not be read (Node's system errors name the path in their message).
    if (error instanceof Error && 'syscall' in error) return { code: 'failed', message: error.message };
    this.options.log?.(`job failed unexpectedly: ${error instanceof Error ? error.stack : String(error)}`);
    return { code: 'internal', message: `NeuroFeat failed while running the job: ${error instanceof Error ? error.message : String(error)}` };
  }
}
