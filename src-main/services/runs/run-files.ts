// A run's file in the data folder: where imports go, and whether a stored file is still what was registered.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { Run, RunFileStatus } from '../../contract/api.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import { sha256File } from '../recordings/checksum.ts';
import { requireRuns, updateRunMtime, withFileStatus, type StoredRun } from '../storage/runs.ts';
import { findSession } from '../storage/patients.ts';

/** The folder of a session's recordings, relative to the data folder. */
export const sessionRecordingsFolder = (sessionId: number): string => path.join('recordings', `session-${sessionId}`);

export const absoluteRunPath = (dataDir: string, run: { file: string }): string => path.join(dataDir, run.file);

/**
 * Cheap check for listings: missing, or changed when its size differs, or when its modification time differs
 * and its SHA-256 too (a file only touched is recorded as checked).
 */
export async function runFileStatus(db: DatabaseSync, dataDir: string, run: StoredRun): Promise<RunFileStatus> {
  let stats;
  try {
    stats = statSync(absoluteRunPath(dataDir, run));
  } catch {
    return 'missing';
  }
  if (!stats.isFile()) return 'missing';
  if (stats.size !== run.bytes) return 'changed';
  if (run.mtimeMs === stats.mtimeMs) return 'ok';
  if ((await sha256File(absoluteRunPath(dataDir, run))) !== run.sha256) return 'changed';
  updateRunMtime(db, run.id, stats.mtimeMs);
  return 'ok';
}

export async function runsWithStatus(db: DatabaseSync, dataDir: string, runs: StoredRun[]): Promise<Run[]> {
  return Promise.all(runs.map(async (run) => withFileStatus(run, await runFileStatus(db, dataDir, run))));
}

/** Before a run is used: its file must exist and hash to the registered SHA-256; otherwise a clear refusal. */
export async function verifyRunFile(dataDir: string, run: StoredRun): Promise<string> {
  const file = absoluteRunPath(dataDir, run);
  let sha256: string;
  try {
    sha256 = await sha256File(file);
  } catch {
    throw new ApiFailure('file-changed', `Run ${run.id} (${run.originalName}): its file ${file} is missing.`, 'Import the recording again; the run cannot be used without its file.', detail('file-changed', { thing: 'run', id: run.id, missing: true }));
  }
  if (sha256 !== run.sha256) {
    throw new ApiFailure('file-changed', `Run ${run.id} (${run.originalName}): its file ${file} changed since it was registered (SHA-256 ${sha256.slice(0, 12)}…, registered ${run.sha256.slice(0, 12)}…).`, 'Import the original recording again; a changed file is never used.', detail('file-changed', { thing: 'run', id: run.id, missing: false }));
  }
  return file;
}

/**
 * Refuses the call before any work when the session or a run is unknown, a run's file is missing or changed, or the
 * runs differ in sample rate or channels. Answers the runs' files, verified against their SHA-256.
 */
export async function checkSessionRuns(db: DatabaseSync, dataDir: string, sessionId: number, runIds: number[]): Promise<{ runs: StoredRun[]; files: string[] }> {
  if (!findSession(db, sessionId)) throw new ApiFailure('not-found', `There is no session with id ${sessionId}.`, undefined, detail('missing', { thing: 'session', id: String(sessionId) }));
  const runs = requireRuns(db, sessionId, runIds);
  const first = runs[0];
  for (const run of runs.slice(1)) {
    if (run.sampleRateHz !== first.sampleRateHz) {
      throw new ApiFailure('bad-input', `Runs ${first.id} and ${run.id} have different sample rates (${first.sampleRateHz} and ${run.sampleRateHz} Hz); NeuroFeat does not resample.`, 'Train on runs recorded with the same settings.', detail('runs-differ', { first: first.id, second: run.id, what: 'sample-rate' }));
    }
    const a = first.channels.map((c) => c.trim().replace(/\.+$/, '').toLowerCase());
    const b = run.channels.map((c) => c.trim().replace(/\.+$/, '').toLowerCase());
    if (a.length !== b.length || a.some((c, i) => c !== b[i])) {
      throw new ApiFailure('bad-input', `Runs ${first.id} and ${run.id} have different channel sets (${first.channels.length} and ${run.channels.length} channels).`, 'Train on runs recorded with the same montage.', detail('runs-differ', { first: first.id, second: run.id, what: 'channels' }));
    }
  }
  const files = [];
  for (const run of runs) files.push(await verifyRunFile(dataDir, run));
  return { runs, files };
}
