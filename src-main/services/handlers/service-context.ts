// What the per-domain handlers share: the options, the database, the job runner, and the engine.
import type { DatabaseSync } from 'node:sqlite';
import type { AppInfo } from '../../contract/api.ts';
import type { ApiError } from '../../contract/errors.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import type { EngineSupervisor } from '../engine-supervisor.ts';
import type { FeatureCacheIndex } from '../storage/feature-cache-index.ts';
import type { RecordedRuns } from '../runs/recorded-runs.ts';

export interface ServiceContext {
  readonly dataDir: string;
  readonly transport: AppInfo['transport'];
  readonly version: string;
  readonly engine: EngineSupervisor;
  readonly jobs: JobRunner;
  /** Why the data folder cannot be used, or null. */
  storageError(): string | null;
  /** The same problem as an error value, with the reason the window words in the user's language. */
  storageFailure(): ApiError | null;
  /** The open database; throws `storage-unwritable` (with the folder and a recovery) when there is none. */
  storage(): DatabaseSync;
  /** The feature cache's index over the open database (built on first use). */
  featureCacheIndex(): FeatureCacheIndex;
  /** The app's own recordings as runs: registered at start, completed at stop, repaired after a crash. */
  readonly recordedRuns: RecordedRuns;
  log(line: string): void;
}
