// Patients and their sessions in the database: pseudonymous codes only, never names.
import type { DatabaseSync } from 'node:sqlite';
import type { Patient, PatientInput, Session } from '../../contract/api.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import { appendAudit, inTransaction } from './audit.ts';

interface PatientRow {
  id: number;
  code: string;
  birth_year: number | null;
  lesion_side: Patient['lesionSide'];
  dominant_hand: Patient['dominantHand'];
  notes: string;
  created_at: string;
}

interface SessionRow {
  id: number;
  patient_id: number;
  started_at: string;
  notes: string;
}

const toPatient = (row: PatientRow): Patient => ({
  id: row.id,
  code: row.code,
  birthYear: row.birth_year,
  lesionSide: row.lesion_side,
  dominantHand: row.dominant_hand,
  notes: row.notes,
  createdAt: row.created_at,
});

const toSession = (row: SessionRow): Session => ({ id: row.id, patientId: row.patient_id, startedAt: row.started_at, notes: row.notes });

export function listPatients(db: DatabaseSync): Patient[] {
  return (db.prepare('SELECT * FROM patients ORDER BY code COLLATE NOCASE').all() as unknown as PatientRow[]).map(toPatient);
}

export function findPatient(db: DatabaseSync, id: number): Patient | null {
  const row = db.prepare('SELECT * FROM patients WHERE id = ?').get(id) as unknown as PatientRow | undefined;
  return row ? toPatient(row) : null;
}

/** The patient with this pseudonymous code (codes compare without regard to ASCII case, as the table's unique index does). */
export function findPatientByCode(db: DatabaseSync, code: string): Patient | null {
  const row = db.prepare('SELECT * FROM patients WHERE code = ?').get(code) as unknown as PatientRow | undefined;
  return row ? toPatient(row) : null;
}

/** Creates the patient and its audit entry `patient.created`, in one transaction. */
export function createPatient(db: DatabaseSync, input: PatientInput, now = new Date()): Patient {
  return inTransaction(db, () => {
    const existing = db.prepare('SELECT id FROM patients WHERE code = ?').get(input.code);
    if (existing) {
      throw new ApiFailure('conflict', `A patient with code ${input.code} already exists.`, 'Choose another pseudonymous code, or open the existing patient.', detail('already-exists', { thing: 'patient', name: input.code }));
    }
    const result = db
      .prepare('INSERT INTO patients (code, birth_year, lesion_side, dominant_hand, notes, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(input.code, input.birthYear ?? null, input.lesionSide ?? 'unknown', input.dominantHand ?? 'unknown', input.notes ?? '', now.toISOString());
    const patient = findPatient(db, Number(result.lastInsertRowid)) as Patient;
    appendAudit(db, { action: 'patient.created', subject: `patient:${patient.id}`, details: { patientId: patient.id, code: patient.code } }, now);
    return patient;
  });
}

export function listSessions(db: DatabaseSync, patientId: number): Session[] {
  requirePatient(db, patientId);
  return (db.prepare('SELECT * FROM sessions WHERE patient_id = ? ORDER BY started_at DESC, id DESC').all(patientId) as unknown as SessionRow[]).map(toSession);
}

/** Opens a session and writes its audit entry `session.created`, in one transaction. */
export function createSession(db: DatabaseSync, patientId: number, notes: string, now = new Date()): Session {
  return inTransaction(db, () => {
    requirePatient(db, patientId);
    const result = db.prepare('INSERT INTO sessions (patient_id, started_at, notes) VALUES (?, ?, ?)').run(patientId, now.toISOString(), notes);
    const session = findSession(db, Number(result.lastInsertRowid)) as Session;
    appendAudit(db, { action: 'session.created', subject: `session:${session.id}`, details: { patientId, sessionId: session.id } }, now);
    return session;
  });
}

export function findSession(db: DatabaseSync, id: number): Session | null {
  const row = db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as unknown as SessionRow | undefined;
  return row ? toSession(row) : null;
}

/**
 * Removes a session an import has just created, with its runs, when the import fails: nothing half-imported stays.
 * Only a session without attempts, chosen model or impedance measurements is removed (the foreign keys refuse
 * otherwise). The audit log keeps the creation entries and adds `session.discarded` naming the runs removed.
 */
export function discardImportedSession(db: DatabaseSync, sessionId: number, reason: string, now = new Date()): void {
  inTransaction(db, () => {
    const session = db.prepare('SELECT patient_id FROM sessions WHERE id = ?').get(sessionId) as { patient_id: number } | undefined;
    if (!session) return;
    const runIds = (db.prepare('SELECT id FROM runs WHERE session_id = ? ORDER BY id').all(sessionId) as { id: number }[]).map((row) => row.id);
    db.prepare('DELETE FROM runs WHERE session_id = ?').run(sessionId);
    db.prepare('DELETE FROM sessions WHERE id = ?').run(sessionId);
    appendAudit(db, { action: 'session.discarded', subject: `session:${sessionId}`, details: { patientId: session.patient_id, sessionId, runIds, reason } }, now);
  });
}

function requirePatient(db: DatabaseSync, patientId: number): void {
  if (!findPatient(db, patientId)) throw new ApiFailure('not-found', `There is no patient with id ${patientId}.`, undefined, detail('missing', { thing: 'patient', id: String(patientId) }));
}
