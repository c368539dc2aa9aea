// The append-only audit log (migration 5): entries appended in the transaction of the row they record, read back, and their hash chain verified.
import { createHash } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { AuditAction, AuditActor, AuditChainCheck, AuditEntry } from '../../contract/api.ts';

/** The `prev_hash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a storage function says about the row it wrote; the log adds the time, the actor and the chain. */
export interface AuditRecord {
  action: AuditAction;
  /** `patient:3`, `session:5`, `run:12`, `attempt:7`, `impedance:2`, `assessment:4`, `database`. */
  subject: string;
  /** Small: ids, file names, digests, figures; never free text beyond what the row holds. */
  details: Record<string, unknown>;
}

interface AuditRow {
  id: number;
  at: string;
  actor: AuditActor;
  action: string;
  subject: string;
  details_json: string;
  prev_hash: string;
  hash: string;
}

const actors = new WeakMap<DatabaseSync, AuditActor>();

/** Who writes through this connection (set where the database is opened); a connection never told is the app's. */
export function setAuditActor(db: DatabaseSync, actor: AuditActor): void {
  actors.set(db, actor);
}

export function auditActorOf(db: DatabaseSync): AuditActor {
  return actors.get(db) ?? 'app';
}

/** JSON with every object's keys in code-point order and no spaces: one text for one value, whatever the key order it was built in. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    // undefined, functions and symbols have no JSON text; NaN and Infinity become null as JSON.stringify writes them.
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((key) => record[key] !== undefined).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}

/**
 * The chain's hash of one entry: SHA-256 (lowercase hex) of the UTF-8 bytes of the JSON array
 * `[prev_hash, at, actor, action, subject, details_json]`, all six strings as stored (`details_json` is the
 * canonical JSON text of the details). The id is not hashed: the order is the chain's, so an entry moved to
 * another id shows as reordered, not as edited.
 */
export function auditEntryHash(e: { prevHash: string; at: string; actor: string; action: string; subject: string; detailsJson: string }): string {
  return createHash('sha256').update(JSON.stringify([e.prevHash, e.at, e.actor, e.action, e.subject, e.detailsJson]), 'utf8').digest('hex');
}

/**
 * Runs `work` in one transaction (`BEGIN IMMEDIATE`: the write lock first, so the last hash read is still the last
 * when the entry is written), or inside the caller's transaction when one is open. All or nothing.
 */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  if (db.isTransaction) return work();
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/** Appends one entry after the last; call it inside the transaction that writes the row it records (`inTransaction`). */
export function appendAudit(db: DatabaseSync, record: AuditRecord, now = new Date()): AuditEntry {
  return inTransaction(db, () => {
    const last = db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined;
    const prevHash = last?.hash ?? GENESIS_HASH;
    const entry = { prevHash, at: now.toISOString(), actor: auditActorOf(db), action: record.action, subject: record.subject, detailsJson: canonicalJson(record.details) };
    const hash = auditEntryHash(entry);
    const result = db.prepare('INSERT INTO audit_log (at, actor, action, subject, details_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(entry.at, entry.actor, entry.action, entry.subject, entry.detailsJson, prevHash, hash);
    return toEntry({ id: Number(result.lastInsertRowid), at: entry.at, actor: entry.actor, action: entry.action, subject: entry.subject, details_json: entry.detailsJson, prev_hash: prevHash, hash });
  });
}

/** The patient a session belongs to (entries about a session's things carry it, so a patient's history is one query). */
export function patientOfSession(db: DatabaseSync, sessionId: number): number | null {
  const row = db.prepare('SELECT patient_id FROM sessions WHERE id = ?').get(sessionId) as { patient_id: number } | undefined;
  return row?.patient_id ?? null;
}

const toEntry = (row: AuditRow): AuditEntry => ({
  id: row.id, at: row.at, actor: row.actor, action: row.action, subject: row.subject,
  details: JSON.parse(row.details_json) as Record<string, unknown>, prevHash: row.prev_hash, hash: row.hash,
});

/** Entries newest first; with a patient, those about the patient and everything of theirs (`details.patientId`). */
export function listAudit(db: DatabaseSync, options: { patientId?: number; limit: number }): AuditEntry[] {
  const rows = options.patientId === undefined
    ? db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?').all(options.limit)
    : db.prepare("SELECT * FROM audit_log WHERE json_extract(details_json, '$.patientId') = ? ORDER BY id DESC LIMIT ?").all(options.patientId, options.limit);
  return (rows as unknown as AuditRow[]).map(toEntry);
}

export function countAudit(db: DatabaseSync): number {
  return (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
}

/**
 * Walks the chain in id order and names the first entry that breaks it: `edited` (its hash is not that of its
 * content), `reordered` (it follows an entry that is elsewhere in the log), `missing` (the entry it followed is
 * gone: a gap in the ids, a `prev_hash` found nowhere, or entries removed from the end, which SQLite's
 * AUTOINCREMENT counter still remembers).
 */
export function verifyAuditChain(db: DatabaseSync): AuditChainCheck {
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY id').all() as unknown as AuditRow[];
  const hashes = new Set(rows.map((row) => row.hash));
  let previous: { id: number; hash: string } = { id: 0, hash: GENESIS_HASH };
  const broken = (id: number, problem: 'edited' | 'missing' | 'reordered'): AuditChainCheck => ({ entries: rows.length, intact: false, firstBroken: { id, problem } });
  for (const row of rows) {
    const recomputed = auditEntryHash({ prevHash: row.prev_hash, at: row.at, actor: row.actor, action: row.action, subject: row.subject, detailsJson: row.details_json });
    if (recomputed !== row.hash) return broken(row.id, 'edited');
    if (row.prev_hash !== previous.hash) return broken(row.id, hashes.has(row.prev_hash) || row.prev_hash === GENESIS_HASH ? 'reordered' : 'missing');
    if (row.id !== previous.id + 1) return broken(row.id, 'missing');
    previous = row;
  }
  const counter = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").get() as { seq: number } | undefined;
  if (counter && counter.seq > previous.id) return broken(previous.id + 1, 'missing');
  return { entries: rows.length, intact: true, firstBroken: null };
}

/** Migration 5 starts the chain with what existed before it, the history the log does not cover. */
export function startAuditLog(db: DatabaseSync, now = new Date()): void {
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  appendAudit(db, {
    action: 'audit.started',
    subject: 'database',
    details: {
      before: { patients: count('patients'), sessions: count('sessions'), runs: count('runs'), attempts: count('attempts'), impedanceMeasurements: count('impedance_measurements') },
    },
  }, now);
}
