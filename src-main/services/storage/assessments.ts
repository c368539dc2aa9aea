// Clinical assessments of a session in the database (migration 6): recorded with their audit entry, corrected only by a new row that replaces the old one.
import type { DatabaseSync } from 'node:sqlite';
import type { Assessment, AssessmentInput } from '../../contract/api.ts';
import { ISO_DAY_PATTERN } from '../../contract/api.ts';
import { assessmentScales, isAssessmentScaleId, scoreProblem, type AssessmentScaleId } from '../../contract/assessment-scales.ts';
import { ApiFailure, detail, type ErrorReasons } from '../../contract/errors.ts';
import { appendAudit, inTransaction, patientOfSession } from './audit.ts';

interface AssessmentRow {
  id: number;
  session_id: number;
  scale: AssessmentScaleId;
  score: number;
  assessed_at: string;
  notes: string;
  replaces: number | null;
  replaced_by: number | null;
  created_at: string;
}

const selectAssessments = `
  SELECT a.*, (SELECT c.id FROM assessments c WHERE c.replaces = a.id) AS replaced_by
  FROM assessments a JOIN sessions s ON s.id = a.session_id`;

const toAssessment = (row: AssessmentRow): Assessment => ({
  id: row.id, sessionId: row.session_id, scale: row.scale, score: row.score, assessedAt: row.assessed_at, notes: row.notes,
  replaces: row.replaces, replacedBy: row.replaced_by, createdAt: row.created_at,
});

type Refusal = ErrorReasons['assessment-refused'];

function refuse(message: string, params: Refusal, recovery?: string): never {
  throw new ApiFailure('bad-input', message, recovery, detail('assessment-refused', params));
}

/** Whether `YYYY-MM-DD` names a day of the calendar (2026-02-30 does not). */
function isCalendarDay(day: string): boolean {
  if (!ISO_DAY_PATTERN.test(day)) return false;
  const date = new Date(`${day}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

/**
 * Records an assessment and its audit entry `assessment.recorded`, in one transaction, after checking it: a known
 * scale, whole points within its range, a calendar day, an existing session, and for a correction an assessment of
 * the same session and scale not corrected already (the UNIQUE `replaces` column refuses a second correction too).
 */
export function addAssessment(db: DatabaseSync, input: AssessmentInput, now = new Date()): Assessment {
  const { sessionId, scale: scaleId, score } = input;
  if (!isAssessmentScaleId(scaleId)) {
    refuse(`Unknown assessment scale '${scaleId}'; scales: ${Object.keys(assessmentScales).join(', ')}.`, { why: 'unknown-scale', scale: scaleId, score });
  }
  const scale = assessmentScales[scaleId];
  const problem = scoreProblem(scale, score);
  if (problem === 'score-out-of-range') {
    refuse(`${scale.abbreviation} score ${score} is outside the scale's range, ${scale.min} to ${scale.max}.`, { why: problem, scale: scaleId, score, min: scale.min, max: scale.max });
  }
  if (problem === 'score-not-integer') {
    refuse(`${scale.abbreviation} score ${score} is not a whole number of points.`, { why: problem, scale: scaleId, score, min: scale.min, max: scale.max });
  }
  const assessedAt = input.assessedAt ?? now.toISOString().slice(0, 10);
  if (!isCalendarDay(assessedAt)) refuse(`${assessedAt} is not a day of the calendar.`, { why: 'bad-day', scale: scaleId, score });
  return inTransaction(db, () => {
    const patientId = patientOfSession(db, sessionId);
    if (patientId === null) throw new ApiFailure('not-found', `There is no session with id ${sessionId}.`, undefined, detail('missing', { thing: 'session', id: String(sessionId) }));
    const replaces = input.replaces ?? null;
    if (replaces !== null) {
      const earlier = findAssessment(db, replaces);
      const params: Refusal = { why: 'replaces-missing', scale: scaleId, score, replaces };
      if (!earlier) refuse(`There is no assessment with id ${replaces} to correct.`, params);
      if (earlier.sessionId !== sessionId || earlier.scale !== scaleId) {
        refuse(`Assessment ${replaces} is a ${assessmentScales[earlier.scale].abbreviation} score of session ${earlier.sessionId}: a correction must be of the same session and scale.`, { ...params, why: 'replaces-other' });
      }
      if (earlier.replacedBy !== null) {
        refuse(`Assessment ${replaces} was already corrected by assessment ${earlier.replacedBy}.`, { ...params, why: 'already-replaced' }, `Correct assessment ${earlier.replacedBy} instead.`);
      }
    }
    const result = db.prepare('INSERT INTO assessments (session_id, scale, score, assessed_at, notes, replaces, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(sessionId, scaleId, score, assessedAt, input.notes ?? '', replaces, now.toISOString());
    const id = Number(result.lastInsertRowid);
    appendAudit(db, { action: 'assessment.recorded', subject: `assessment:${id}`, details: { patientId, sessionId, assessmentId: id, scale: scaleId, score, assessedAt, replaces } }, now);
    return findAssessment(db, id) as Assessment;
  });
}

export function findAssessment(db: DatabaseSync, id: number): Assessment | null {
  const row = db.prepare(`${selectAssessments} WHERE a.id = ?`).get(id) as unknown as AssessmentRow | undefined;
  return row ? toAssessment(row) : null;
}

/** Every assessment of the patient's sessions, corrected ones included: sessions oldest first, then by day and id. */
export function listPatientAssessments(db: DatabaseSync, patientId: number): Assessment[] {
  const rows = db.prepare(`${selectAssessments} WHERE s.patient_id = ? ORDER BY s.started_at, s.id, a.assessed_at, a.id`).all(patientId) as unknown as AssessmentRow[];
  return rows.map(toAssessment);
}

/** The session's assessments in force (not corrected): per scale the latest by day (then by id), in the scales' order. */
export function currentSessionAssessments(db: DatabaseSync, sessionId: number): Assessment[] {
  const rows = db.prepare(`${selectAssessments} WHERE a.session_id = ? ORDER BY a.assessed_at DESC, a.id DESC`).all(sessionId) as unknown as AssessmentRow[];
  const inForce = rows.map(toAssessment).filter((a) => a.replacedBy === null);
  return (Object.keys(assessmentScales) as AssessmentScaleId[]).flatMap((scale) => inForce.find((a) => a.scale === scale) ?? []);
}
