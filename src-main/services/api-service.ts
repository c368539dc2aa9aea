// The implementation of the contract that both transports (Electron IPC, the WebSocket host) call into.
import type { DatabaseSync } from 'node:sqlite';
import { idleProtocolStatus, validateCall, type AppInfo, type EventName, type Events, type HandlerMap, type MethodName, type PatientDisplayList } from '../contract/api.ts';
import { ApiFailure, detail, err, ok, type ApiError, type Result } from '../contract/errors.ts';
import { openDatabase } from './storage/database.ts';
import type { EngineSupervisor } from './engine-supervisor.ts';
import { JobRunner } from './jobs/job-runner.ts';
import { FeatureCacheIndex } from './storage/feature-cache-index.ts';
import type { ServiceContext } from './handlers/service-context.ts';
import { appHandlers } from './handlers/app-handlers.ts';
import { patientHandlers } from './handlers/patient-handlers.ts';
import { transferHandlers } from './handlers/transfer-handlers.ts';
import { engineHandlers } from './handlers/engine-handlers.ts';
import { montageHandlers } from './handlers/montage-handlers.ts';
import { jobHandlers } from './handlers/job-handlers.ts';
import { recordingHandlers } from './handlers/recording-handlers.ts';
import { trainingHandlers } from './handlers/training-handlers.ts';
import { auditHandlers } from './handlers/audit-handlers.ts';
import { settingsHandlers } from './handlers/settings-handlers.ts';
import { reviewHandlers } from './handlers/review-handlers.ts';
import { assessmentHandlers } from './handlers/assessment-handlers.ts';
import { protocolHandlers, type PatientWindowOpener } from './handlers/protocol-handlers.ts';
import { RecordedRuns } from './runs/recorded-runs.ts';
import { saveImpedanceMeasurement } from './storage/impedance.ts';

export interface ApiServiceOptions {
  dataDir: string;
  transport: AppInfo['transport'];
  version: string;
  engine: EngineSupervisor;
  log?: (line: string) => void;
  /** Jobs running at once (default 1; more queue). */
  jobConcurrency?: number;
  /** Electron: opens the patient's window full screen on a display (`protocol.patientWindow`). */
  openPatientWindow?: PatientWindowOpener;
  /** Electron: this computer's displays (`protocol.displays`); without it the page opens the patient's screen itself. */
  listPatientDisplays?: () => PatientDisplayList;
}

export type EventListener = <E extends EventName>(event: E, payload: Events[E]) => void;

export class ApiService {
  private db: DatabaseSync | null = null;
  private cacheIndex: FeatureCacheIndex | null = null;
  private storageError: string | null = null;
  private storageFailure: ApiError | null = null;
  private readonly listeners = new Set<EventListener>();
  private readonly options: ApiServiceOptions;
  /** Long jobs (features, training, comparison); their progress and end are pushed as `job.progress` and `job.finished`. */
  readonly jobs: JobRunner;
  /** One handler per method of the contract, one file per domain: the type makes a missing one a compile error. */
  private readonly handlers: HandlerMap<MethodName>;
  /** The app's recordings as runs; unfinished ones (a crash) are repaired at start and after each engine death. */
  readonly recordedRuns: RecordedRuns;
  private readonly stopListening: () => void;
  private readonly stopProtocolEvents: () => void;
  private readonly stopImpedanceEvents: () => void;

  constructor(options: ApiServiceOptions) {
    this.options = options;
    this.jobs = new JobRunner({
      concurrency: options.jobConcurrency,
      onProgress: (event) => this.emit('job.progress', event),
      onFinished: (event) => this.emit('job.finished', event),
      log: options.log,
    });
    try {
      // Audit entries written through the service (Electron or `neurofeat serve`) name the app as their actor.
      this.db = openDatabase(options.dataDir, 'app');
    } catch (error) {
      this.storageFailure = error instanceof ApiFailure
        ? error.error
        : { code: 'storage-unwritable', message: `The database in ${options.dataDir} could not be opened: ${String(error)}`, detail: detail('storage-unwritable', { folder: options.dataDir }) };
      this.storageError = this.storageFailure.message;
      options.log?.(this.storageError);
    }
    this.recordedRuns = new RecordedRuns({ db: () => this.storage(), dataDir: options.dataDir, log: options.log });
    if (this.db) void this.recordedRuns.recoverUnfinished();
    this.stopListening = options.engine.onRecording({
      finished: (recording) => void this.recordedRuns.finished(recording),
      engineDied: () => {
        void this.recordedRuns.recoverUnfinished();
        // A run in progress died with the engine: its file is repaired and listed as interrupted.
        this.emit('protocol.status', idleProtocolStatus('The acquisition engine stopped; the run so far is kept and listed as interrupted.'));
      },
    });
    this.stopProtocolEvents = options.engine.onProtocolStatus((status) => {
      // A run's end is pushed once its file is registered (the engine reported it first): the window lists it when told.
      if (status.ended !== null && status.state === 'idle') void this.recordedRuns.settled().then(() => this.emit('protocol.status', status));
      else this.emit('protocol.status', status);
    });
    this.stopImpedanceEvents = options.engine.onImpedance((measurement) => {
      // Saved with the session that owned the acquisition; a signal check outside a session has nowhere to keep it.
      const sessionId = measurement.sessionId;
      if (sessionId === null) return;
      try {
        saveImpedanceMeasurement(this.storage(), { ...measurement, sessionId });
      } catch (error) {
        options.log?.(`the impedance measurement of session ${sessionId} was not saved: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    const context: ServiceContext = {
      dataDir: options.dataDir,
      transport: options.transport,
      version: options.version,
      engine: options.engine,
      jobs: this.jobs,
      storageError: () => this.storageError,
      storageFailure: () => this.storageFailure,
      storage: () => this.storage(),
      featureCacheIndex: () => this.featureCacheIndex(),
      recordedRuns: this.recordedRuns,
      log: (line) => options.log?.(line),
    };
    this.handlers = {
      ...appHandlers(context),
      ...patientHandlers(context),
      ...transferHandlers(context),
      ...engineHandlers(context),
      ...settingsHandlers(context),
      ...montageHandlers(),
      ...jobHandlers(context),
      ...recordingHandlers(context),
      ...trainingHandlers(context),
      ...protocolHandlers(context, options.openPatientWindow, options.listPatientDisplays),
      ...auditHandlers(context),
      ...reviewHandlers(context),
      ...assessmentHandlers(context),
    };
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
    if (!checked.ok) return { ok: false, error: { code: checked.code, message: checked.message, ...(checked.detail ? { detail: checked.detail } : {}) } };
    try {
      // The payload was parsed by the method's own schema: it has the handler's parameter type.
      const handler = this.handlers[checked.method] as (params: unknown) => unknown;
      return ok(await handler(checked.params));
    } catch (error) {
      if (error instanceof ApiFailure) return { ok: false, error: error.error };
      const message = error instanceof Error ? error.message : String(error);
      this.options.log?.(`internal error in ${String(method)}: ${error instanceof Error ? error.stack : message}`);
      return err('internal', `NeuroFeat failed while running ${String(method)}: ${message}`);
    }
  }

  /** Cancels the jobs (their workers stop) and closes the database. */
  close(): void {
    this.stopListening();
    this.stopProtocolEvents();
    this.stopImpedanceEvents();
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
      throw new ApiFailure('storage-unwritable', this.storageError ?? 'The database is closed.', 'Choose a writable data folder (--data-dir or NEUROFEAT_DATA_DIR) and restart NeuroFeat.', this.storageFailure?.detail ?? detail('storage-unwritable', { folder: this.options.dataDir }));
    }
    return this.db;
  }
}
