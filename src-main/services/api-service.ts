// The implementation of the contract that both transports (Electron IPC, the WebSocket host) call into.
import type { DatabaseSync } from 'node:sqlite';
import { validateCall, type AppInfo, type EventName, type Events, type FeatureJobInput, type FeatureJobSummary, type MethodName, type PatientInput } from '../contract/api.ts';
import { ApiFailure, err, ok, type Result } from '../contract/errors.ts';
import { openDatabase } from './storage/database.ts';
import { createPatient, createSession, findSession, listPatients, listSessions } from './storage/patients.ts';
import type { EngineSupervisor } from './engine-supervisor.ts';
import { JobRunner } from './jobs/job-runner.ts';
import { appFeatureJob, checkFeatureFiles } from './jobs/app-feature-job.ts';
import { FeatureCacheIndex } from './storage/feature-cache-index.ts';
import { channelPositions } from '../core/montage.ts';

/** Contract methods the engine process answers. */
const engineMethods = new Set<MethodName>(['devices.list', 'acquisition.start', 'acquisition.stop', 'acquisition.status', 'acquisition.cue']);

export interface ApiServiceOptions {
  dataDir: string;
  transport: AppInfo['transport'];
  version: string;
  engine: EngineSupervisor;
  log?: (line: string) => void;
  /** Jobs running at once (default 1; more queue). */
  jobConcurrency?: number;
}

export type EventListener = <E extends EventName>(event: E, payload: Events[E]) => void;

export class ApiService {
  private db: DatabaseSync | null = null;
  private cacheIndex: FeatureCacheIndex | null = null;
  private storageError: string | null = null;
  private readonly listeners = new Set<EventListener>();
  private readonly options: ApiServiceOptions;
  /** Long jobs (feature extraction); their progress and end are pushed as `job.progress` and `job.finished`. */
  readonly jobs: JobRunner<FeatureJobSummary>;

  constructor(options: ApiServiceOptions) {
    this.options = options;
    this.jobs = new JobRunner<FeatureJobSummary>({
      concurrency: options.jobConcurrency,
      onProgress: (event) => this.emit('job.progress', event),
      onFinished: (event) => this.emit('job.finished', event),
      log: options.log,
    });
    try {
      this.db = openDatabase(options.dataDir);
    } catch (error) {
      this.storageError = error instanceof ApiFailure ? error.error.message : `The database in ${options.dataDir} could not be opened: ${String(error)}`;
      options.log?.(this.storageError);
    }
  }

  /** Whether the data folder works; the host refuses to start without it, the app shows a banner. */
  get storageProblem(): string | null {
    return this.storageError;
  }

  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const listener of this.listeners) listener(event, payload);
  }

  /** Validates and runs one call; never throws: every failure is an error value. */
  async call(method: unknown, params: unknown): Promise<Result<unknown>> {
    const checked = validateCall(method, params);
    if (!checked.ok) return err(checked.code, checked.message);
    try {
      if (engineMethods.has(checked.method)) return await this.callEngine(checked.method, checked.params as Record<string, unknown>);
      return ok(this.callLocal(checked.method, checked.params as Record<string, unknown>));
    } catch (error) {
      if (error instanceof ApiFailure) return { ok: false, error: error.error };
      const message = error instanceof Error ? error.message : String(error);
      this.options.log?.(`internal error in ${String(method)}: ${error instanceof Error ? error.stack : message}`);
      return err('internal', `NeuroFeat failed while running ${String(method)}: ${message}`);
    }
  }

  /** Cancels the jobs (their workers stop) and closes the database. */
  close(): void {
    void this.jobs.close();
    this.db?.close();
    this.db = null;
    this.cacheIndex = null;
  }

  /** The feature cache's index over the open database (one per service, built on first use). */
  private featureCacheIndex(): FeatureCacheIndex {
    this.cacheIndex ??= new FeatureCacheIndex(this.storage());
    return this.cacheIndex;
  }

  private storage(): DatabaseSync {
    if (!this.db) {
      throw new ApiFailure('storage-unwritable', this.storageError ?? 'The database is closed.', 'Choose a writable data folder (--data-dir or NEUROFEAT_DATA_DIR) and restart NeuroFeat.');
    }
    return this.db;
  }

  private callLocal(method: MethodName, params: Record<string, unknown>): unknown {
    switch (method) {
      case 'app.info':
        return { version: this.options.version, transport: this.options.transport, dataDir: this.options.dataDir, storageError: this.storageError } satisfies AppInfo;
      case 'engine.status':
        return this.options.engine.status();
      case 'patients.list':
        return listPatients(this.storage());
      case 'patients.create':
        return createPatient(this.storage(), params as unknown as PatientInput);
      case 'sessions.list':
        return listSessions(this.storage(), params.patientId as number);
      case 'sessions.create':
        return createSession(this.storage(), params.patientId as number, params.notes as string);
      case 'montage.positions':
        return channelPositions(params.channels as string[]);
      case 'features.start': {
        const input = params as unknown as FeatureJobInput;
        checkFeatureFiles(input.files);
        // The cache lives in the data folder: refused like every call that stores when the folder is unusable.
        const cacheIndex = input.cache ? this.featureCacheIndex() : null;
        return this.jobs.start('features', appFeatureJob(input, this.options.dataDir, cacheIndex));
      }
      case 'jobs.list':
        return this.jobs.list();
      case 'jobs.status':
        return this.jobs.status(params.jobId as string);
      case 'jobs.cancel':
        return this.jobs.cancel(params.jobId as string);
      default:
        throw new ApiFailure('unknown-method', `No handler for ${method}.`);
    }
  }

  private async callEngine(method: MethodName, params: Record<string, unknown>): Promise<Result<unknown>> {
    if (method === 'acquisition.start' && params.sessionId !== undefined && !findSession(this.storage(), params.sessionId as number)) {
      return err('not-found', `There is no session with id ${params.sessionId}.`, 'Open a session for the patient first.');
    }
    return this.options.engine.call(method, params);
  }
}
