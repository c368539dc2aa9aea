import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../src-main/services/storage/database.ts';
import { createPatient, createSession } from '../../../src-main/services/storage/patients.ts';
import { patientReview, score } from '../../../src-main/services/review/patient-review.ts';
import { logisticTrend, type LogisticTrend } from '../../../src-main/core/stats/logistic-trend.ts';
import { chanceLevel, clopperPearson } from '../../../src-main/core/ml/metrics.ts';
import { ApiFailure } from '../../../src-main/contract/errors.ts';
import { assessedHistory, risingHistory, seedTherapyHistory } from '../../../src-main/cli/bench/therapy-history.ts';
import { addAssessment } from '../../../src-main/services/storage/assessments.ts';

const folders: string[] = [];
function database() {
  const dir = mkdtempSync(path.join(tmpdir(), 'nf-review-'));
  folders.push(dir);
  return openDatabase(dir);
}
afterEach(() => folders.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('review.patient: each session', () => {
  it('sessions oldest first, weeks from the first, runs counted, the chosen model and the online scores', () => {
    const db = database();
    const { patientId, sessionIds } = seedTherapyHistory(db, 'REV-001');
    const review = patientReview(db, patientId, new Date('2026-11-30T12:00:00Z'));
    expect(review.patient.code).toBe('REV-001');
    expect(review.generatedAt).toBe('2026-11-30T12:00:00.000Z');
    expect(review.sessions.map((s) => s.sessionId)).toEqual(sessionIds);
    expect(review.sessions.map((s) => s.week)).toEqual([0, 1, 2, 4, 6]);
    expect(review.sessions[0].notes).toBe('first calibration');

    const second = review.sessions[1];
    expect(second.runs).toEqual({ calibration: 2, online: 2, imported: 0, interrupted: 0, lostSamples: 3 * 4, durationSec: 4 * 300 });
    expect(second.trialsPerClass).toEqual({ 769: 40, 770: 40 });
    expect(second.attempts).toBe(1);
    expect(second.model).toMatchObject({ family: 'auto', classifier: 'svm', nTrials: 40, accuracy: 27 / 40, significanceThreshold: chanceLevel(40, 2), significant: true });
    expect(second.model?.features).toEqual([{ channel: 'C3', bandHz: [8, 12] }, { channel: 'C4', bandHz: [18, 24] }]);
    expect(second.online.map((r) => [r.score.decided, r.score.correct])).toEqual([[20, 12], [20, 13]]);
    // 25 of 40 is exactly the chance level at 40 trials (62.5%): not above it, so not significant.
    expect(second.onlineTotal).toEqual({ decided: 40, correct: 25, accuracy: 25 / 40, ci95: clopperPearson(25, 40), significanceThreshold: 0.625, significant: false });
    expect(review.sessions[2].runs.interrupted).toBe(1);
  });

  it('the last impedance measurement with the electrodes over its threshold; none when none was measured', () => {
    const db = database();
    const { patientId } = seedTherapyHistory(db, 'REV-002');
    const review = patientReview(db, patientId);
    expect(review.sessions[0].impedance).toMatchObject({ thresholdKOhm: 10, go: false, over: ['C4'] });
    expect(review.sessions[1].impedance).toMatchObject({ go: true, over: [] });
    expect(review.sessions[2].impedance).toBeNull();
  });

  it('a session without a chosen model or online runs: model null, online score empty and not significant', () => {
    const db = database();
    const { patientId } = seedTherapyHistory(db, 'REV-003', [{ day: 0, online: [], cvCorrect: null }]);
    const [session] = patientReview(db, patientId).sessions;
    expect(session.model).toBeNull();
    expect(session.attempts).toBe(0);
    expect(session.onlineTotal).toEqual({ decided: 0, correct: 0, accuracy: null, ci95: null, significanceThreshold: null, significant: false });
  });

  it('10 of 20 right is not significant; 15 of 20 is (chance level 70% at 20 trials)', () => {
    expect(score(20, 10).significant).toBe(false);
    expect(score(20, 14).significant).toBe(false);
    expect(score(20, 15).significant).toBe(true);
    expect(score(20, 15).significanceThreshold).toBeCloseTo(0.7, 12);
  });
});

describe('review.patient: the online trend', () => {
  it('is the logistic regression of every decided trial on its session\'s week, reported as an odds ratio per week', () => {
    const db = database();
    const { patientId } = seedTherapyHistory(db, 'REV-004');
    const trend = patientReview(db, patientId).onlineTrend;
    const weeks: number[] = [];
    const outcomes: number[] = [];
    const sessionWeeks = [0, 1, 2, 4, 6];
    risingHistory.forEach((s, i) => s.online.forEach(([decided, correct]) => {
      for (let t = 0; t < decided; t++) { weeks.push(sessionWeeks[i]); outcomes.push(t < correct ? 1 : 0); }
    }));
    const fit = logisticTrend(weeks, outcomes) as LogisticTrend;
    expect(trend).toMatchObject({ fitted: true, sessions: 5, trials: 140 });
    if (!trend.fitted) throw new Error('not fitted');
    expect(trend.oddsRatioPerWeek).toBeCloseTo(Math.exp(fit.slope), 12);
    expect(trend.oddsRatioCi95[0]).toBeCloseTo(Math.exp(fit.slopeCi95[0]), 12);
    expect(trend.pValue).toBeCloseTo(fit.pValue, 12);
    // The fit itself, so the curve can be drawn: the log-odds at a week, and the fitted accuracies are on it.
    expect(trend.intercept).toBeCloseTo(fit.intercept, 12);
    expect(trend.slope).toBeCloseTo(fit.slope, 12);
    expect(Math.exp(trend.slope)).toBeCloseTo(trend.oddsRatioPerWeek, 12);
    expect(1 / (1 + Math.exp(-trend.intercept))).toBeCloseTo(trend.fittedFirst, 12);
    expect(1 / (1 + Math.exp(-(trend.intercept + 6 * trend.slope)))).toBeCloseTo(trend.fittedLast, 12);
    // Rising from 55% to 85%: the odds grow each week, and the fitted accuracy follows the data's ends.
    expect(trend.oddsRatioPerWeek).toBeGreaterThan(1);
    expect(trend.pValue).toBeLessThan(0.05);
    expect(trend.fittedFirst).toBeGreaterThan(0.5);
    expect(trend.fittedFirst).toBeLessThan(0.62);
    expect(trend.fittedLast).toBeGreaterThan(0.78);
  });

  it('names why there is no trend: no online trials, one session only', () => {
    const db = database();
    const none = seedTherapyHistory(db, 'REV-005', [{ day: 0, online: [], cvCorrect: 30 }, { day: 7, online: [], cvCorrect: 31 }]);
    expect(patientReview(db, none.patientId).onlineTrend).toEqual({ fitted: false, sessions: 0, trials: 0, problem: 'no-online-trials' });
    const one = seedTherapyHistory(db, 'REV-006', [{ day: 0, online: [[20, 12]], cvCorrect: 30 }, { day: 7, online: [], cvCorrect: 31 }]);
    expect(patientReview(db, one.patientId).onlineTrend).toEqual({ fitted: false, sessions: 1, trials: 20, problem: 'too-few-times' });
  });
});

describe('review.patient: clinical assessments', () => {
  it('each session shows its scores in force (a corrected score gives way to its correction), FMA-UE first', () => {
    const db = database();
    const { patientId, sessionIds } = seedTherapyHistory(db, 'REV-010', assessedHistory);
    const review = patientReview(db, patientId);
    expect(review.sessions.map((s) => s.assessments.map((a) => `${a.scale} ${a.score}`))).toEqual([
      ['fma-ue 22', 'arat 10'], ['fma-ue 25'], ['fma-ue 27'], ['fma-ue 30'], ['fma-ue 31', 'arat 14'],
    ]);
    const corrected = review.sessions[2].assessments[0];
    expect(corrected).toMatchObject({ sessionId: sessionIds[2], assessedAt: '2026-09-21', notes: 'typing error corrected', replacedBy: null });
    expect(corrected.replaces).not.toBeNull();
  });

  it('summarises each scale: first and last score, the change, and whether it reaches the MCID', () => {
    const db = database();
    const { patientId, sessionIds } = seedTherapyHistory(db, 'REV-011', assessedHistory);
    expect(patientReview(db, patientId).assessments).toEqual([
      {
        scale: 'fma-ue', sessions: 5, change: 9, mcid: 'reached',
        first: { sessionId: sessionIds[0], week: 0, assessedAt: '2026-09-07', score: 22 }, last: { sessionId: sessionIds[4], week: 6, assessedAt: '2026-10-19', score: 31 },
      },
      {
        scale: 'arat', sessions: 2, change: 4, mcid: 'not-reached',
        first: { sessionId: sessionIds[0], week: 0, assessedAt: '2026-09-07', score: 10 }, last: { sessionId: sessionIds[4], week: 6, assessedAt: '2026-10-19', score: 14 },
      },
    ]);
  });

  it('within the range of estimates, a decline, a single score, none at all', () => {
    const db = database();
    const { patientId, sessionIds } = seedTherapyHistory(db, 'REV-012', [{ day: 0, online: [], cvCorrect: null }, { day: 14, online: [], cvCorrect: null }]);
    expect(patientReview(db, patientId).assessments).toEqual([]);
    addAssessment(db, { sessionId: sessionIds[0], scale: 'fma-ue', score: 40, notes: '' });
    addAssessment(db, { sessionId: sessionIds[0], scale: 'arat', score: 30, notes: '' });
    expect(patientReview(db, patientId).assessments.map((a) => [a.scale, a.sessions, a.change, a.mcid])).toEqual([['fma-ue', 1, null, null], ['arat', 1, null, null]]);
    addAssessment(db, { sessionId: sessionIds[1], scale: 'fma-ue', score: 46, notes: '' });
    addAssessment(db, { sessionId: sessionIds[1], scale: 'arat', score: 24, notes: '' });
    expect(patientReview(db, patientId).assessments.map((a) => [a.scale, a.change, a.mcid])).toEqual([['fma-ue', 6, 'within-range'], ['arat', -6, 'reached']]);
  });

  it('the seeds without assessments give sessions with none and no summary', () => {
    const db = database();
    const { patientId } = seedTherapyHistory(db, 'REV-013');
    const review = patientReview(db, patientId);
    expect(review.assessments).toEqual([]);
    expect(review.sessions.every((s) => s.assessments.length === 0)).toBe(true);
  });
});

describe('review.patient: bad input', () => {
  it('an unknown patient is not-found, naming the id; a patient without sessions has an empty review', () => {
    const db = database();
    expect(() => patientReview(db, 99)).toThrow(ApiFailure);
    expect(() => patientReview(db, 99)).toThrow(/no patient with id 99/);
    const patient = createPatient(db, { code: 'REV-007', birthYear: null, lesionSide: 'unknown', dominantHand: 'unknown', notes: '' });
    expect(patientReview(db, patient.id)).toMatchObject({ sessions: [], onlineTrend: { fitted: false, problem: 'no-online-trials' } });
    createSession(db, patient.id, '');
    expect(patientReview(db, patient.id).sessions[0].week).toBe(0);
  });
});
