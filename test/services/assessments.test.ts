// Clinical assessments in the database: recorded with their audit entry, refused when they do not fit the scale, corrected only by replacement; the migration's checks agree with the contract's scales.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { assessmentScaleIds, assessmentScales, mcidText, mcidVerdict, scoreProblem } from '../../src-main/contract/assessment-scales.ts';
import { ApiFailure, type ApiError } from '../../src-main/contract/errors.ts';
import { addAssessment, currentSessionAssessments, listPatientAssessments } from '../../src-main/services/storage/assessments.ts';
import { listAudit, verifyAuditChain } from '../../src-main/services/storage/audit.ts';
import { openDatabase } from '../../src-main/services/storage/database.ts';
import { createPatient, createSession } from '../../src-main/services/storage/patients.ts';

const folders: string[] = [];
function seeded(): { db: DatabaseSync; patientId: number; sessionId: number; otherSessionId: number } {
  const dir = mkdtempSync(path.join(tmpdir(), 'nf-assess-'));
  folders.push(dir);
  const db = openDatabase(dir);
  const patient = createPatient(db, { code: 'ASS-001', birthYear: null, lesionSide: 'left', dominantHand: 'right', notes: '' });
  const sessionId = createSession(db, patient.id, '', new Date('2026-09-07T09:00:00Z')).id;
  const otherSessionId = createSession(db, patient.id, '', new Date('2026-09-14T09:00:00Z')).id;
  return { db, patientId: patient.id, sessionId, otherSessionId };
}
afterEach(() => folders.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function refusal(work: () => unknown): ApiError {
  try {
    work();
  } catch (error) {
    if (error instanceof ApiFailure) return error.error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the scales', () => {
  it('FMA-UE 0..66 with the MCID range 4.25-7.25, ARAT 0..57 with 5.7', () => {
    expect(assessmentScales['fma-ue']).toMatchObject({ abbreviation: 'FMA-UE', min: 0, max: 66, mcid: { low: 4.25, high: 7.25 } });
    expect(assessmentScales.arat).toMatchObject({ abbreviation: 'ARAT', min: 0, max: 57, mcid: { low: 5.7, high: 5.7 } });
    expect(mcidText(assessmentScales['fma-ue'], ',')).toBe('4,25–7,25');
    expect(mcidText(assessmentScales.arat, '.')).toBe('5.7');
  });

  it('a score is whole points within the range; the MCID verdict works on the size of the change, either way', () => {
    const fma = assessmentScales['fma-ue'];
    expect([0, 66, 33].map((s) => scoreProblem(fma, s))).toEqual([null, null, null]);
    expect([-1, 67, Number.NaN, Number.POSITIVE_INFINITY].map((s) => scoreProblem(fma, s))).toEqual(Array(4).fill('score-out-of-range'));
    expect(scoreProblem(fma, 12.5)).toBe('score-not-integer');
    expect([4, 5, 7, 8, -8, -5, 0].map((c) => mcidVerdict(fma, c))).toEqual(['not-reached', 'within-range', 'within-range', 'reached', 'reached', 'within-range', 'not-reached']);
    expect([5, 6, -6].map((c) => mcidVerdict(assessmentScales.arat, c))).toEqual(['not-reached', 'reached', 'reached']);
  });

  it('migration 6 refuses exactly what the contract refuses: each bound and one past it, a fraction, an unknown scale', () => {
    const { db, sessionId } = seeded();
    const insert = (scale: string, score: number) => () => db.prepare("INSERT INTO assessments (session_id, scale, score, assessed_at, created_at) VALUES (?, ?, ?, '2026-09-07', 'now')").run(sessionId, scale, score);
    for (const id of assessmentScaleIds) {
      const { min, max } = assessmentScales[id];
      expect(insert(id, min)).not.toThrow();
      expect(insert(id, max)).not.toThrow();
      expect(insert(id, min - 1), `${id} ${min - 1}`).toThrow(/CHECK constraint/);
      expect(insert(id, max + 1), `${id} ${max + 1}`).toThrow(/CHECK constraint/);
      expect(insert(id, 10.5), `${id} 10.5`).toThrow(/CHECK constraint/);
    }
    expect(insert('nihss', 3)).toThrow(/CHECK constraint/);
  });
});

describe('addAssessment', () => {
  it('records the score with an audit entry in the same transaction; the day defaults to today (UTC)', () => {
    const { db, patientId, sessionId } = seeded();
    const now = new Date('2026-09-07T23:30:00Z');
    const fma = addAssessment(db, { sessionId, scale: 'fma-ue', score: 24, notes: 'seated, no orthosis' }, now);
    expect(fma).toEqual({ id: fma.id, sessionId, scale: 'fma-ue', score: 24, assessedAt: '2026-09-07', notes: 'seated, no orthosis', replaces: null, replacedBy: null, createdAt: now.toISOString() });
    const [entry] = listAudit(db, { patientId, limit: 1 });
    expect(entry).toMatchObject({ action: 'assessment.recorded', subject: `assessment:${fma.id}`, details: { patientId, sessionId, assessmentId: fma.id, scale: 'fma-ue', score: 24, assessedAt: '2026-09-07', replaces: null } });
    expect(verifyAuditChain(db).intact).toBe(true);
  });

  it('refuses, naming why, and writes nothing: unknown scale, out of range, not whole, not a calendar day, unknown session', () => {
    const { db, sessionId } = seeded();
    const before = listAudit(db, { limit: 1000 }).length;
    expect(refusal(() => addAssessment(db, { sessionId, scale: 'nihss', score: 3, notes: '' }))).toMatchObject({ code: 'bad-input', detail: { reason: 'assessment-refused', params: { why: 'unknown-scale', scale: 'nihss' } } });
    const high = refusal(() => addAssessment(db, { sessionId, scale: 'fma-ue', score: 67, notes: '' }));
    expect(high).toMatchObject({ code: 'bad-input', detail: { params: { why: 'score-out-of-range', scale: 'fma-ue', score: 67, min: 0, max: 66 } } });
    expect(high.message).toBe("FMA-UE score 67 is outside the scale's range, 0 to 66.");
    expect(refusal(() => addAssessment(db, { sessionId, scale: 'arat', score: 58, notes: '' }))).toMatchObject({ detail: { params: { why: 'score-out-of-range', max: 57 } } });
    expect(refusal(() => addAssessment(db, { sessionId, scale: 'arat', score: -1, notes: '' }))).toMatchObject({ detail: { params: { why: 'score-out-of-range', min: 0 } } });
    expect(refusal(() => addAssessment(db, { sessionId, scale: 'arat', score: 20.5, notes: '' }))).toMatchObject({ detail: { params: { why: 'score-not-integer', score: 20.5 } } });
    expect(refusal(() => addAssessment(db, { sessionId, scale: 'arat', score: 20, assessedAt: '2026-02-30', notes: '' }))).toMatchObject({ detail: { params: { why: 'bad-day' } } });
    expect(refusal(() => addAssessment(db, { sessionId: 999, scale: 'arat', score: 20, notes: '' }))).toMatchObject({ code: 'not-found', detail: { reason: 'missing', params: { thing: 'session', id: '999' } } });
    expect(listAudit(db, { limit: 1000 })).toHaveLength(before);
    expect(db.prepare('SELECT count(*) AS n FROM assessments').get()).toEqual({ n: 0 });
  });

  it('a correction replaces the earlier score, which stays recorded; only the latest of the chain is in force', () => {
    const { db, patientId, sessionId } = seeded();
    const wrong = addAssessment(db, { sessionId, scale: 'fma-ue', score: 42, assessedAt: '2026-09-07', notes: '' });
    const arat = addAssessment(db, { sessionId, scale: 'arat', score: 12, assessedAt: '2026-09-07', notes: '' });
    const right = addAssessment(db, { sessionId, scale: 'fma-ue', score: 24, assessedAt: '2026-09-07', notes: 'typing error', replaces: wrong.id });
    expect(right.replaces).toBe(wrong.id);
    expect(listPatientAssessments(db, patientId).map((a) => [a.id, a.score, a.replacedBy])).toEqual([[wrong.id, 42, right.id], [arat.id, 12, null], [right.id, 24, null]]);
    expect(currentSessionAssessments(db, sessionId).map((a) => [a.scale, a.score])).toEqual([['fma-ue', 24], ['arat', 12]]);
    // Corrected twice: the second correction replaces the first one.
    const again = addAssessment(db, { sessionId, scale: 'fma-ue', score: 25, assessedAt: '2026-09-07', notes: '', replaces: right.id });
    expect(currentSessionAssessments(db, sessionId).map((a) => [a.id, a.score])).toEqual([[again.id, 25], [arat.id, 12]]);
    expect(listAudit(db, { patientId, limit: 10 }).filter((e) => e.action === 'assessment.recorded').map((e) => e.details.replaces)).toEqual([right.id, wrong.id, null, null]);
  });

  it('refuses a correction of a missing assessment, of another session or scale, or of one already corrected', () => {
    const { db, sessionId, otherSessionId } = seeded();
    const fma = addAssessment(db, { sessionId, scale: 'fma-ue', score: 30, notes: '' });
    const why = (input: Parameters<typeof addAssessment>[1]) => (refusal(() => addAssessment(db, input)).detail?.params as { why: string }).why;
    expect(why({ sessionId, scale: 'fma-ue', score: 31, notes: '', replaces: 999 })).toBe('replaces-missing');
    expect(why({ sessionId, scale: 'arat', score: 31, notes: '', replaces: fma.id })).toBe('replaces-other');
    expect(why({ sessionId: otherSessionId, scale: 'fma-ue', score: 31, notes: '', replaces: fma.id })).toBe('replaces-other');
    addAssessment(db, { sessionId, scale: 'fma-ue', score: 31, notes: '', replaces: fma.id });
    const twice = refusal(() => addAssessment(db, { sessionId, scale: 'fma-ue', score: 32, notes: '', replaces: fma.id }));
    expect(twice).toMatchObject({ detail: { params: { why: 'already-replaced', replaces: fma.id } } });
    expect(twice.recovery).toMatch(/^Correct assessment \d+ instead\.$/);
  });

  it('the latest assessment of a session by day wins when a scale was assessed twice without correction', () => {
    const { db, sessionId } = seeded();
    addAssessment(db, { sessionId, scale: 'arat', score: 20, assessedAt: '2026-09-09', notes: '' });
    addAssessment(db, { sessionId, scale: 'arat', score: 18, assessedAt: '2026-09-07', notes: '' });
    expect(currentSessionAssessments(db, sessionId).map((a) => a.score)).toEqual([20]);
  });
});
