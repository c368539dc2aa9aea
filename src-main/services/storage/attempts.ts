// Training attempts of a session and the session's chosen model, in the database (migration 3).
import type { DatabaseSync } from 'node:sqlite';
import type { Attempt, AttemptValidation, TrainingInput } from '../../contract/api.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import { appendAudit, inTransaction, patientOfSession } from './audit.ts';

interface AttemptRow {
  id: number;
  session_id: number;
  created_at: string;
  family: Attempt['family'];
  classifier: Attempt['classifier'];
  classes_json: string;
  run_ids_json: string;
  parameters_json: string;
  features_json: string;
  validation_json: string;
  rejected_json: string;
  accuracy: number;
  model_path: string | null;
  model_sha256: string | null;
  model_note: string | null;
  elapsed_ms: number;
  chosen: number;
}

export type NewAttempt = Omit<Attempt, 'id' | 'createdAt' | 'chosen'>;

const select = `SELECT a.*, (m.attempt_id IS NOT NULL) AS chosen FROM attempts a LEFT JOIN session_models m ON m.session_id = a.session_id AND m.attempt_id = a.id`;

const toAttempt = (row: AttemptRow): Attempt => ({
  id: row.id,
  sessionId: row.session_id,
  createdAt: row.created_at,
  family: row.family,
  classifier: row.classifier,
  classes: JSON.parse(row.classes_json) as string[],
  runIds: JSON.parse(row.run_ids_json) as number[],
  parameters: JSON.parse(row.parameters_json) as TrainingInput,
  features: JSON.parse(row.features_json) as Attempt['features'],
  validation: JSON.parse(row.validation_json) as AttemptValidation,
  rejected: JSON.parse(row.rejected_json) as Attempt['rejected'],
  model: row.model_path !== null && row.model_sha256 !== null ? { file: row.model_path, sha256: row.model_sha256 } : null,
  modelNote: row.model_note,
  chosen: row.chosen === 1,
  elapsedMs: row.elapsed_ms,
});

/** Stores a training attempt and its audit entry `attempt.stored` (family, accuracy, runs, model digest), in one transaction. */
export function insertAttempt(db: DatabaseSync, attempt: NewAttempt, now = new Date()): Attempt {
  return inTransaction(db, () => {
    const result = db.prepare(`INSERT INTO attempts (session_id, created_at, family, classifier, classes_json, run_ids_json, parameters_json,
      features_json, validation_json, rejected_json, accuracy, model_path, model_sha256, model_note, elapsed_ms)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
    attempt.sessionId, now.toISOString(), attempt.family, attempt.classifier, JSON.stringify(attempt.classes), JSON.stringify(attempt.runIds),
    JSON.stringify(attempt.parameters), JSON.stringify(attempt.features), JSON.stringify(attempt.validation), JSON.stringify(attempt.rejected),
    attempt.validation.accuracy, attempt.model?.file ?? null, attempt.model?.sha256 ?? null, attempt.modelNote, attempt.elapsedMs,
    );
    const stored = findAttempt(db, Number(result.lastInsertRowid)) as Attempt;
    appendAudit(db, {
      action: 'attempt.stored',
      subject: `attempt:${stored.id}`,
      details: {
        patientId: patientOfSession(db, stored.sessionId), sessionId: stored.sessionId, family: stored.family, classifier: stored.classifier,
        runIds: stored.runIds, accuracy: stored.validation.accuracy, model: stored.model,
      },
    }, now);
    return stored;
  });
}

/** The session's attempts, newest first. */
export function listAttempts(db: DatabaseSync, sessionId: number): Attempt[] {
  return (db.prepare(`${select} WHERE a.session_id = ? ORDER BY a.created_at DESC, a.id DESC`).all(sessionId) as unknown as AttemptRow[]).map(toAttempt);
}

export function findAttempt(db: DatabaseSync, id: number): Attempt | null {
  const row = db.prepare(`${select} WHERE a.id = ?`).get(id) as unknown as AttemptRow | undefined;
  return row ? toAttempt(row) : null;
}

export function requireAttempt(db: DatabaseSync, id: number): Attempt {
  const attempt = findAttempt(db, id);
  if (!attempt) throw new ApiFailure('not-found', `There is no training attempt with id ${id}.`, 'List the session\'s attempts (attempts.list).', detail('missing', { thing: 'attempt', id: String(id) }));
  return attempt;
}

/** Makes the attempt the session's model (replacing the previous choice) and writes `model.chosen`, in one transaction. */
export function chooseModel(db: DatabaseSync, sessionId: number, attemptId: number, now = new Date()): void {
  inTransaction(db, () => {
    const previous = db.prepare('SELECT attempt_id FROM session_models WHERE session_id = ?').get(sessionId) as { attempt_id: number } | undefined;
    db.prepare(`INSERT INTO session_models (session_id, attempt_id, chosen_at) VALUES (?, ?, ?)
        ON CONFLICT(session_id) DO UPDATE SET attempt_id = excluded.attempt_id, chosen_at = excluded.chosen_at`).run(sessionId, attemptId, now.toISOString());
    const model = findAttempt(db, attemptId)?.model ?? null;
    appendAudit(db, {
      action: 'model.chosen',
      subject: `session:${sessionId}`,
      details: { patientId: patientOfSession(db, sessionId), sessionId, attemptId, previousAttemptId: previous?.attempt_id ?? null, model },
    }, now);
  });
}
