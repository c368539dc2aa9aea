// The progress screen's clinical assessments as pure functions: each scale's rows and change, the summary sentence in English and French from a review the service computed, and the form's check field by field.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  assessmentRows, assessmentSummaryText, checkAssessmentForm, correctionForm, emptyAssessmentForm, signedPoints, type AssessmentForm,
} from '../../../src-renderer/src/state/assessments.ts';
import type { ReviewWords } from '../../../src-renderer/src/state/review.ts';
import { reviewWords } from '../../support/review-words.ts';
import type { AssessmentSummary } from '../../../src-main/contract/index.ts';
import { openDatabase } from '../../../src-main/services/storage/database.ts';
import { patientReview } from '../../../src-main/services/review/patient-review.ts';
import { assessedHistory, seedTherapyHistory } from '../../../src-main/cli/bench/therapy-history.ts';

function words(locale: 'en' | 'fr'): ReviewWords & { date: (iso: string) => string; decimalMark: '.' | ',' } {
  return { ...reviewWords(locale), decimalMark: locale === 'fr' ? ',' : '.' };
}

const dir = mkdtempSync(path.join(tmpdir(), 'nf-assessment-words-'));
const db = openDatabase(dir);
const { patientId } = seedTherapyHistory(db, 'AW-001', assessedHistory);
const review = patientReview(db, patientId);
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('assessment rows', () => {
  it('one row per session with a score in force (the correction, not the mistyped 37), with its change from the first', () => {
    const rows = assessmentRows(review.sessions, 'fma-ue');
    expect(rows.map((r) => [r.week, r.assessment.score, r.change])).toEqual([[0, 22, 0], [1, 25, 3], [2, 27, 5], [4, 30, 8], [6, 31, 9]]);
    expect(rows[2].assessment.replaces).not.toBeNull();
    expect(assessmentRows(review.sessions, 'arat').map((r) => [r.week, r.assessment.score, r.change])).toEqual([[0, 10, 0], [6, 14, 4]]);
    expect([signedPoints(9), signedPoints(-6), signedPoints(0)]).toEqual(['+9', '\u22126', '0']);
  });
});

describe('the summary sentence', () => {
  const [fma, arat] = review.assessments;

  it('in English: reaches, does not reach; never "significant"', () => {
    expect(assessmentSummaryText(fma, words('en'))).toBe('FMA-UE: 22 at week 0, 31 at week 6 (5 sessions assessed): a change of +9 points, which reaches the minimal clinically important difference (4.25–7.25 points).');
    expect(assessmentSummaryText(arat, words('en'))).toBe('ARAT: 10 at week 0, 14 at week 6 (2 sessions assessed): a change of +4 points, which does not reach the minimal clinically important difference (5.7 points).');
    expect(`${assessmentSummaryText(fma, words('en'))} ${assessmentSummaryText(arat, words('en'))}`).not.toMatch(/significan/i);
  });

  it('in French, with the decimal comma', () => {
    expect(assessmentSummaryText(fma, words('fr'))).toBe('FMA-UE : 22 en semaine 0, 31 en semaine 6 (5 séances évaluées) : un changement de +9 points, qui atteint la différence minimale cliniquement importante (4,25–7,25 points).');
    expect(assessmentSummaryText(arat, words('fr'))).toContain('qui n’atteint pas la différence minimale cliniquement importante (5,7 points)');
  });

  it('within the range of estimates, and a single score', () => {
    const within: AssessmentSummary = { ...fma, last: { ...fma.last, score: 27 }, change: 5, mcid: 'within-range' };
    expect(assessmentSummaryText(within, words('en'))).toContain('a change of +5 points, within the range of estimates of the minimal clinically important difference (4.25–7.25 points): it reaches the lower estimate, not the upper one.');
    const single: AssessmentSummary = { ...arat, sessions: 1, first: arat.first, last: arat.first, change: null, mcid: null };
    expect(assessmentSummaryText(single, words('en'))).toBe('ARAT: 10 on 2026-09-07 (week 0); one session assessed, no change yet.');
    expect(assessmentSummaryText(single, words('fr'))).toBe('ARAT : 10 le 2026-09-07 (semaine 0) ; une seule séance évaluée, pas encore de changement.');
  });
});

describe('the form', () => {
  const form = (over: Partial<AssessmentForm>): AssessmentForm => ({ ...emptyAssessmentForm(review), ...over });

  it('starts on the latest session, its day, FMA-UE; a correction is prefilled with replaces', () => {
    const empty = emptyAssessmentForm(review);
    expect(empty).toEqual({ sessionId: review.sessions[4].sessionId, scale: 'fma-ue', score: '', assessedAt: '2026-10-19', notes: '', replaces: null });
    const corrected = review.sessions[2].assessments[0];
    expect(correctionForm(corrected)).toEqual({ sessionId: corrected.sessionId, scale: 'fma-ue', score: '27', assessedAt: '2026-09-21', notes: 'typing error corrected', replaces: corrected.id });
    expect(emptyAssessmentForm({ sessions: [] }).sessionId).toBeNull();
  });

  it('gives the payload for a valid score, replaces only for a correction', () => {
    expect(checkAssessmentForm(form({ score: ' 34 ' }))).toEqual({ ok: true, input: { sessionId: review.sessions[4].sessionId, scale: 'fma-ue', score: 34, assessedAt: '2026-10-19', notes: '' } });
    expect(checkAssessmentForm(form({ score: '57', scale: 'arat', replaces: 12 }))).toMatchObject({ ok: true, input: { scale: 'arat', score: 57, replaces: 12 } });
    expect(checkAssessmentForm(form({ score: '0' }))).toMatchObject({ ok: true, input: { score: 0 } });
  });

  it('names each field that would be refused, with the scale\'s own range', () => {
    const problems = (over: Partial<AssessmentForm>) => {
      const checked = checkAssessmentForm(form(over));
      return checked.ok ? [] : checked.problems.map((p) => [p.field, p.key, p.params]);
    };
    expect(problems({ score: '' })).toEqual([['score', 'scoreRequired', {}]]);
    expect(problems({ score: '67' })).toEqual([['score', 'scoreOutOfRange', { scale: 'FMA-UE', min: 0, max: 66 }]]);
    expect(problems({ score: '58', scale: 'arat' })).toEqual([['score', 'scoreOutOfRange', { scale: 'ARAT', min: 0, max: 57 }]]);
    expect(problems({ score: '-1' })).toEqual([['score', 'scoreOutOfRange', { scale: 'FMA-UE', min: 0, max: 66 }]]);
    expect(problems({ score: '12,5' })).toEqual([['score', 'scoreNotInteger', { scale: 'FMA-UE', min: 0, max: 66 }]]);
    expect(problems({ score: 'twelve' })).toEqual([['score', 'scoreNotInteger', { scale: 'FMA-UE', min: 0, max: 66 }]]);
    expect(problems({ score: '30', assessedAt: '2026-02-30' })).toEqual([['assessedAt', 'dateInvalid', { date: '2026-02-30' }]]);
    expect(problems({ score: '30', assessedAt: '' })).toEqual([['assessedAt', 'dateRequired', {}]]);
    expect(problems({ score: '30', notes: 'x'.repeat(4001) })).toEqual([['notes', 'notesTooLong', { max: 4000 }]]);
    // Every field at once, each with its own message.
    expect(problems({ sessionId: null, score: '', assessedAt: '' }).map(([field]) => field)).toEqual(['sessionId', 'score', 'assessedAt']);
  });

  it('every problem is worded in both languages', () => {
    for (const locale of ['en', 'fr'] as const) {
      for (const key of ['sessionRequired', 'scoreRequired', 'scoreNotInteger', 'scoreOutOfRange', 'dateRequired', 'dateInvalid', 'notesTooLong']) {
        const text = words(locale).t(`review.assessments.problems.${key}`, { scale: 'ARAT', min: 0, max: 57, date: '2026-02-30' });
        expect(text, `${locale} ${key}`).not.toMatch(/[{}]|^review\./);
      }
    }
  });
});
