// Runs of a session in the database: imported files and the app's own recordings, in one table (migration 3).
import type { DatabaseSync } from 'node:sqlite';
import type { ProtocolRunRecord, Run, RunFileStatus, RunKind, RunQuality } from '../../contract/api.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import { appendAudit, inTransaction, patientOfSession } from './audit.ts';

interface RunRow {
  id: number;
  session_id: number;
  kind: RunKind;
  path: string;
  original_name: string;
  sha256: string | null;
  size_bytes: number | null;
  mtime_ms: number | null;
  format: string;
  duration_sec: number;
  sample_rate_hz: number;
  channels_json: string;
  events_json: string;
  trials_json: string;
  quality_json: string;
  device: string | null;
  settings_json: string | null;
  lost_samples: number;
  interrupted: number;
  created_at: string;
}

/** A run as stored, with what the listing needs to check its file cheaply (size and modification time). */
export interface StoredRun extends Omit<Run, 'fileStatus'> {
  mtimeMs: number | null;
}

/** What registering a run needs; `sha256`/`bytes` are null only while a recording is still being written. */
export interface NewRun {
  sessionId: number;
  kind: RunKind;
  file: string;
  originalName: string;
  sha256: string | null;
  bytes: number | null;
  mtimeMs: number | null;
  format: string;
  durationSec: number;
  sampleRateHz: number;
  channels: string[];
  events: Run['events'];
  trialsPerClass: Record<string, number>;
  quality: RunQuality;
  device?: string | null;
  settings?: unknown;
  lostSamples?: number;
  interrupted?: boolean;
}

/** A protocol run keeps its record under `protocol` in its settings (docs/closed-loop.md). */
const protocolOf = (settings: unknown): ProtocolRunRecord | undefined => {
  const record = (settings as { protocol?: { outcome?: ProtocolRunRecord } } | null)?.protocol?.outcome;
  return record && typeof record === 'object' ? record : undefined;
};

function toRun(row: RunRow): StoredRun {
  const settings: unknown = row.settings_json === null ? null : JSON.parse(row.settings_json);
  const protocol = protocolOf(settings);
  return {
    id: row.id,
    sessionId: row.session_id,
    kind: row.kind,
    file: row.path,
    originalName: row.original_name,
    sha256: row.sha256 ?? '',
    bytes: row.size_bytes ?? 0,
    mtimeMs: row.mtime_ms,
    format: row.format,
    durationSec: row.duration_sec,
    sampleRateHz: row.sample_rate_hz,
    channels: JSON.parse(row.channels_json) as string[],
    events: JSON.parse(row.events_json) as Run['events'],
    trialsPerClass: JSON.parse(row.trials_json) as Record<string, number>,
    quality: JSON.parse(row.quality_json) as RunQuality,
    device: row.device,
    settings,
    lostSamples: row.lost_samples,
    interrupted: row.interrupted === 1,
    createdAt: row.created_at,
    ...(protocol ? { protocol } : {}),
  };
}

/** Registers a run and writes `run.registered` (its file, and its SHA-256 when the file is complete), in one transaction. */
export function insertRun(db: DatabaseSync, run: NewRun, now = new Date()): StoredRun {
  return inTransaction(db, () => {
    const result = db.prepare(`INSERT INTO runs (session_id, kind, path, original_name, sha256, size_bytes, mtime_ms, format, duration_sec,
      sample_rate_hz, channels_json, events_json, trials_json, quality_json, device, settings_json, lost_samples, interrupted, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
    run.sessionId, run.kind, run.file, run.originalName, run.sha256, run.bytes, run.mtimeMs, run.format, run.durationSec,
    run.sampleRateHz, JSON.stringify(run.channels), JSON.stringify(run.events), JSON.stringify(run.trialsPerClass),
    JSON.stringify(run.quality), run.device ?? null, run.settings === undefined || run.settings === null ? null : JSON.stringify(run.settings),
    run.lostSamples ?? 0, run.interrupted ? 1 : 0, now.toISOString(),
    );
    const stored = findRun(db, Number(result.lastInsertRowid)) as StoredRun;
    appendAudit(db, {
      action: 'run.registered',
      subject: `run:${stored.id}`,
      details: {
        patientId: patientOfSession(db, run.sessionId), sessionId: run.sessionId, kind: run.kind, file: run.file, originalName: run.originalName,
        sha256: run.sha256, bytes: run.bytes,
      },
    }, now);
    return stored;
  });
}

/** The session's runs whose files are complete (a recording still being written has no SHA-256 yet and is left out). */
export function listRuns(db: DatabaseSync, sessionId: number): StoredRun[] {
  return (db.prepare('SELECT * FROM runs WHERE session_id = ? AND sha256 IS NOT NULL ORDER BY created_at, id').all(sessionId) as unknown as RunRow[]).map(toRun);
}

/** Recordings registered when they started and never completed (being written, or left by a crash). */
export function unfinishedRuns(db: DatabaseSync): StoredRun[] {
  return (db.prepare('SELECT * FROM runs WHERE sha256 IS NULL ORDER BY id').all() as unknown as RunRow[]).map(toRun);
}

/** How many recordings (complete or not) the session has of this kind: numbers the next one's file. */
export function countRuns(db: DatabaseSync, sessionId: number, kind: RunKind): number {
  return (db.prepare('SELECT count(*) AS n FROM runs WHERE session_id = ? AND kind = ?').get(sessionId, kind) as { n: number }).n;
}

/** What a recording's completion records: its file as written (or repaired) and what the file holds. */
export type RunCompletion = Pick<NewRun, 'sha256' | 'bytes' | 'mtimeMs' | 'format' | 'durationSec' | 'sampleRateHz' | 'channels' | 'events' | 'trialsPerClass' | 'quality'> & {
  sha256: string;
  lostSamples: number;
  interrupted: boolean;
};

/**
 * Completes a run registered when its recording started; only a run still without its SHA-256 is changed, and
 * then `run.completed` (digest, size, interrupted, lost samples) is written in the same transaction.
 */
export function completeRun(db: DatabaseSync, id: number, c: RunCompletion, now = new Date()): StoredRun | null {
  return inTransaction(db, () => {
    const changed = db.prepare(`UPDATE runs SET sha256 = ?, size_bytes = ?, mtime_ms = ?, format = ?, duration_sec = ?, sample_rate_hz = ?, channels_json = ?,
      events_json = ?, trials_json = ?, quality_json = ?, lost_samples = ?, interrupted = ? WHERE id = ? AND sha256 IS NULL`).run(
    c.sha256, c.bytes, c.mtimeMs, c.format, c.durationSec, c.sampleRateHz, JSON.stringify(c.channels), JSON.stringify(c.events),
    JSON.stringify(c.trialsPerClass), JSON.stringify(c.quality), c.lostSamples, c.interrupted ? 1 : 0, id,
    ).changes;
    const run = findRun(db, id);
    if (run && Number(changed) > 0) {
      appendAudit(db, {
        action: 'run.completed',
        subject: `run:${id}`,
        details: {
          patientId: patientOfSession(db, run.sessionId), sessionId: run.sessionId, file: run.file, sha256: c.sha256, bytes: c.bytes,
          durationSec: c.durationSec, interrupted: c.interrupted, lostSamples: c.lostSamples,
        },
      }, now);
    }
    return run;
  });
}

/** Records the channels and rate once the device said them (the run was registered before the device opened). */
/** A protocol run's outcome joins its settings (under `protocol.outcome`) when its recording is complete. */
export function setRunProtocolOutcome(db: DatabaseSync, id: number, outcome: ProtocolRunRecord, now = new Date()): void {
  inTransaction(db, () => {
    const row = db.prepare('SELECT session_id, settings_json FROM runs WHERE id = ?').get(id) as { session_id: number; settings_json: string | null } | undefined;
    if (!row) return;
    const settings = (row.settings_json === null ? {} : JSON.parse(row.settings_json)) as Record<string, unknown>;
    const protocol = (settings.protocol ?? {}) as Record<string, unknown>;
    db.prepare('UPDATE runs SET settings_json = ? WHERE id = ?').run(JSON.stringify({ ...settings, protocol: { ...protocol, outcome } }), id);
    appendAudit(db, {
      action: 'run.outcome',
      subject: `run:${id}`,
      details: {
        patientId: patientOfSession(db, row.session_id), sessionId: row.session_id, kind: outcome.kind, aborted: outcome.aborted,
        trialsDone: outcome.trialsDone, trialsPlanned: outcome.trialsPlanned, accuracy: outcome.accuracy, modelAttemptId: outcome.modelAttemptId,
      },
    }, now);
  });
}

export function updateUnfinishedRunSignal(db: DatabaseSync, id: number, channels: string[], sampleRateHz: number): void {
  db.prepare('UPDATE runs SET channels_json = ?, sample_rate_hz = ? WHERE id = ? AND sha256 IS NULL').run(JSON.stringify(channels), sampleRateHz, id);
}

/**
 * Removes a run whose recording never wrote a sample (the device did not start); a complete run is never removed.
 * A removal is recorded as `run.abandoned` in the same transaction.
 */
export function deleteUnfinishedRun(db: DatabaseSync, id: number, now = new Date()): void {
  inTransaction(db, () => {
    const row = db.prepare('SELECT session_id, path FROM runs WHERE id = ? AND sha256 IS NULL').get(id) as { session_id: number; path: string } | undefined;
    if (!row) return;
    db.prepare('DELETE FROM runs WHERE id = ? AND sha256 IS NULL').run(id);
    appendAudit(db, { action: 'run.abandoned', subject: `run:${id}`, details: { patientId: patientOfSession(db, row.session_id), sessionId: row.session_id, file: row.path } }, now);
  });
}

export function findRun(db: DatabaseSync, id: number): StoredRun | null {
  const row = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as unknown as RunRow | undefined;
  return row ? toRun(row) : null;
}

/** The run of this session holding a file with this digest, if there is one. */
export function findRunBySha256(db: DatabaseSync, sessionId: number, sha256: string): StoredRun | null {
  const row = db.prepare('SELECT * FROM runs WHERE session_id = ? AND sha256 = ? ORDER BY id LIMIT 1').get(sessionId, sha256) as unknown as RunRow | undefined;
  return row ? toRun(row) : null;
}

/** Records a new modification time for a file whose content was checked unchanged (a copy tool touched it). */
export function updateRunMtime(db: DatabaseSync, id: number, mtimeMs: number): void {
  db.prepare('UPDATE runs SET mtime_ms = ? WHERE id = ?').run(mtimeMs, id);
}

/** The runs asked for, all of one session, in the order asked; a clear error names a run that is not there. */
export function requireRuns(db: DatabaseSync, sessionId: number, runIds: number[]): StoredRun[] {
  const seen = new Set<number>();
  return runIds.map((id, i) => {
    if (seen.has(id)) throw new ApiFailure('invalid-payload', `runIds[${i}]: run ${id} is listed twice.`, undefined, detail('invalid-field', { method: 'training', field: `runIds[${i}]`, detail: `run ${id} is listed twice` }));
    seen.add(id);
    const run = findRun(db, id);
    if (!run || run.sessionId !== sessionId) {
      throw new ApiFailure('not-found', `runIds[${i}]: session ${sessionId} has no run with id ${id}.`, 'List the session\'s runs (recordings.list) and choose among them.', detail('missing', { thing: 'run', id: String(id) }));
    }
    return run;
  });
}

export const withFileStatus = (run: StoredRun, fileStatus: RunFileStatus): Run => {
  const { mtimeMs: _mtime, ...rest } = run;
  return { ...rest, fileStatus };
};
