// The app's own recordings as runs: registered when acquisition starts, completed when the engine reports the file, repaired after a crash.
import { existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { AcquisitionConfig, AcquisitionOwner, FinishedRecording, LiveSignalQuality, ProtocolRunKind, ProtocolSettings, RecordingTarget } from '../../contract/api.ts';
import { checksumSidecarPath } from '../../core/formats/checksum-sidecar.ts';
import { runOnComputeWorker } from '../jobs/compute-job.ts';
import { sha256File, writeChecksumSidecar } from '../recordings/checksum.ts';
import { openRecording } from '../recordings/load-recording.ts';
import { ensureWritableFolder } from '../storage/database.ts';
import { lastImpedanceBefore } from '../storage/impedance.ts';
import { completeRun, countRuns, deleteUnfinishedRun, findRun, insertRun, setRunProtocolOutcome, unfinishedRuns, updateUnfinishedRunSignal, type StoredRun } from '../storage/runs.ts';
import type { RecordingSummary } from './run-summary.ts';
import { sessionRecordingsFolder } from './run-files.ts';

const emptyQuality = { flatChannels: [], railedChannels: [], noisyChannels: [], medianStd: 0, warnings: [] };

/** `run-3-20261130T060512Z.bdf`: the session's n-th recording and when it started (UTC); protocol runs say their kind (`online-2-...`). */
export function recordingFileName(n: number, start: Date, prefix = 'run'): string {
  return `${prefix}-${n}-${start.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.bdf`;
}

/** A protocol run's registration: its kind and settings (kept under `protocol` in the run's settings). */
export interface ProtocolRegistration {
  kind: ProtocolRunKind;
  settings: ProtocolSettings;
  modelAttemptId: number | null;
}

export interface RecordedRunsOptions {
  db: () => DatabaseSync;
  dataDir: string;
  log?: (line: string) => void;
}

/**
 * One registrar per API service. Completions and repairs run one at a time (a queue), so a finish reported
 * just before the engine died is never repaired twice; `settled()` waits for what is queued.
 */
export class RecordedRuns {
  private queue: Promise<void> = Promise.resolve();
  private readonly options: RecordedRunsOptions;

  constructor(options: RecordedRunsOptions) {
    this.options = options;
  }

  /** Registers the run (no SHA-256 yet: not listed) and says where the engine must write it. */
  begin(owner: AcquisitionOwner, device: string, config: AcquisitionConfig, now = new Date(), protocol?: ProtocolRegistration): RecordingTarget {
    const db = this.options.db();
    const folder = sessionRecordingsFolder(owner.sessionId);
    ensureWritableFolder(path.join(this.options.dataDir, folder));
    const kind = protocol?.kind ?? 'calibration';
    const prefix = protocol ? kind : 'run';
    let n = countRuns(db, owner.sessionId, kind) + 1;
    while (existsSync(path.join(this.options.dataDir, folder, recordingFileName(n, now, prefix)))) n++;
    const name = recordingFileName(n, now, prefix);
    const file = path.join(folder, name);
    const run = insertRun(db, {
      sessionId: owner.sessionId, kind, file, originalName: name, sha256: null, bytes: null, mtimeMs: null,
      format: 'BDF+C', durationSec: 0, sampleRateHz: 0, channels: [], events: [], trialsPerClass: {}, quality: emptyQuality,
      device, settings: protocol ? { ...config, protocol: { kind, settings: protocol.settings, modelAttemptId: protocol.modelAttemptId } } : config, lostSamples: 0, interrupted: false,
    }, now);
    return { path: path.join(this.options.dataDir, file), file, runId: run.id };
  }

  /** The device opened: its channels and rate, for a run repaired after a crash before it finished. */
  started(target: RecordingTarget, channels: string[], sampleRateHz: number): void {
    updateUnfinishedRunSignal(this.options.db(), target.runId, channels, sampleRateHz);
  }

  /** The engine refused or failed to start: nothing was recorded, so the run and any empty file go. */
  abandon(target: RecordingTarget): void {
    deleteUnfinishedRun(this.options.db(), target.runId);
    rmSync(target.path, { force: true });
    rmSync(checksumSidecarPath(target.path), { force: true });
  }

  /** The engine finished a file: completes its run (repairing the file first when it could not be finalised). */
  finished(recording: FinishedRecording): Promise<void> {
    return this.enqueue(async () => {
      const run = findRun(this.options.db(), recording.runId);
      if (!run || run.sha256 !== '') return;
      if (recording.error) this.options.log?.(`recording of run ${run.id} ended early: ${recording.error}`);
      if (recording.protocol) setRunProtocolOutcome(this.options.db(), run.id, recording.protocol);
      await this.complete(run, { sha256: recording.sha256, lostSamples: recording.lostSamples, interrupted: recording.sha256 === null, qualityAtStart: recording.qualityAtStart ?? null });
    });
  }

  /** The engine died (or the app restarts): every unfinished recording is repaired, completed and marked interrupted. */
  recoverUnfinished(): Promise<void> {
    return this.enqueue(async () => {
      for (const run of unfinishedRuns(this.options.db())) await this.complete(run, { sha256: null, lostSamples: null, interrupted: true });
    });
  }

  /** Resolves once every queued completion and repair is done. */
  settled(): Promise<void> {
    return this.queue;
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(task).catch((error: unknown) => {
      this.options.log?.(`registering a recording failed: ${error instanceof Error ? error.message : String(error)}`);
    });
    return this.queue;
  }

  /**
   * Reads the file for its summary. A file the engine could not finalise (crash, full disk) is repaired in place
   * first (its complete one-second records kept); a run whose file was never created is removed.
   */
  private async complete(
    run: StoredRun, known: { sha256: string | null; lostSamples: number | null; interrupted: boolean; qualityAtStart?: LiveSignalQuality | null },
  ): Promise<void> {
    const db = this.options.db();
    const file = path.join(this.options.dataDir, run.file);
    if (!existsSync(file)) {
      this.options.log?.(`run ${run.id}: its recording ${file} was never written; the run is removed`);
      deleteUnfinishedRun(db, run.id);
      return;
    }
    let sha256 = known.sha256;
    if (sha256 === null) {
      const opened = await openRecording(file, { repair: true, verifyChecksum: false });
      opened.close();
      sha256 = opened.repair?.sha256 ?? await sha256File(file);
      if (!opened.repair) writeChecksumSidecar(file, sha256);
    }
    const summary = await runOnComputeWorker<RecordingSummary>({ type: 'summary', file });
    const stats = statSync(file);
    // The electrodes as last measured in the session before this run started (a signal check's impedance).
    const impedance = lastImpedanceBefore(db, run.sessionId, run.createdAt);
    // A repaired file's lost samples are not known to main: its annotations count them in the summary's events.
    completeRun(db, run.id, {
      ...summary, sha256, bytes: stats.size, mtimeMs: stats.mtimeMs,
      // The live go/no-go judged over the recording's first seconds, beside the summary read from the file.
      quality: { ...summary.quality, ...(known.qualityAtStart ? { atStart: known.qualityAtStart } : {}), ...(impedance ? { impedance } : {}) },
      lostSamples: known.lostSamples ?? 0, interrupted: known.interrupted,
    });
  }
}
