// The clinical assessments of the progress screen as pure functions: each scale's rows, its summary sentence, and the form's check before anything is sent.
import {
  assessmentScaleIds, assessmentScales, ISO_DAY_PATTERN, mcidText, scoreProblem,
  type Assessment, type AssessmentInput, type AssessmentScaleId, type AssessmentSummary, type PatientReview, type SessionReview,
} from '../../../src-main/contract/index.ts';
import { weeksText, type ReviewWords } from './review.ts';

/** One row of a scale's table: the session's score in force, and its change from the first session's. */
export interface AssessmentRow {
  assessment: Assessment;
  sessionId: number;
  week: number;
  /** This score minus the first session's (0 on the first row). */
  change: number;
}

/** A scale's rows, sessions oldest first; empty when the scale was never assessed. */
export function assessmentRows(sessions: readonly SessionReview[], scale: AssessmentScaleId): AssessmentRow[] {
  const rows = sessions.flatMap((s) => s.assessments.filter((a) => a.scale === scale).map((assessment) => ({ assessment, sessionId: s.sessionId, week: s.week })));
  const first = rows[0]?.assessment.score ?? 0;
  return rows.map((row) => ({ ...row, change: row.assessment.score - first }));
}

/** A change in points with its sign, as the table and the sentence write it: +9, −6 (a true minus), 0. */
export const signedPoints = (change: number): string => (change > 0 ? `+${change}` : change < 0 ? `\u2212${-change}` : '0');

/** A day `YYYY-MM-DD` in the window's date format (read as local noon, so no time zone moves it to another day). */
export const dayText = (words: { date: (iso: string) => string }, day: string): string => words.date(`${day}T12:00:00`);

/** The local day of a moment, `YYYY-MM-DD`. */
export function localDay(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** A scale's summary sentence: first and last score, the change, whether it reaches the MCID (never "significant"). */
export function assessmentSummaryText(summary: AssessmentSummary, words: ReviewWords & { date: (iso: string) => string; decimalMark: '.' | ',' }): string {
  const scale = assessmentScales[summary.scale];
  const base = { scale: scale.abbreviation, min: scale.min, max: scale.max, sessions: summary.sessions };
  if (summary.change === null || summary.mcid === null) {
    return words.t('review.assessments.summary.single', { ...base, score: summary.last.score, date: dayText(words, summary.last.assessedAt), week: weeksText(words, summary.last.week) });
  }
  return words.t(`review.assessments.summary.${summary.mcid}`, {
    ...base, first: summary.first.score, firstWeek: weeksText(words, summary.first.week), last: summary.last.score, lastWeek: weeksText(words, summary.last.week),
    change: signedPoints(summary.change), mcid: mcidText(scale, words.decimalMark),
  });
}

/** The add / correct form as typed. `replaces` is set by "Correct" on a row (its session and scale are then fixed). */
export interface AssessmentForm {
  sessionId: number | null;
  scale: AssessmentScaleId;
  score: string;
  assessedAt: string;
  notes: string;
  replaces: number | null;
}

export type AssessmentFormField = 'sessionId' | 'score' | 'assessedAt' | 'notes';

/** A field that would be refused, with the message key (`review.assessments.problems.*`) and its parameters. */
export interface AssessmentFieldProblem {
  field: AssessmentFormField;
  key: 'sessionRequired' | 'scoreRequired' | 'scoreNotInteger' | 'scoreOutOfRange' | 'dateRequired' | 'dateInvalid' | 'notesTooLong';
  params: Record<string, string | number>;
}

export const ASSESSMENT_NOTES_MAX = 4000;

/** A new form for the review's latest session (the day defaults to that session's), FMA-UE first. */
export function emptyAssessmentForm(review: Pick<PatientReview, 'sessions'>): AssessmentForm {
  const last = review.sessions[review.sessions.length - 1];
  return { sessionId: last?.sessionId ?? null, scale: assessmentScaleIds[0], score: '', assessedAt: last ? localDay(new Date(last.startedAt)) : '', notes: '', replaces: null };
}

/** The form prefilled to correct `assessment`: same session and scale, its score, day and notes, and `replaces` set. */
export const correctionForm = (assessment: Assessment): AssessmentForm => ({
  sessionId: assessment.sessionId, scale: assessment.scale, score: String(assessment.score), assessedAt: assessment.assessedAt, notes: assessment.notes, replaces: assessment.id,
});

function isCalendarDay(day: string): boolean {
  const at = new Date(`${day}T00:00:00.000Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === day;
}

/**
 * Checks the form as main will (the same scale ranges, from the contract) and gives the `assessments.add` payload,
 * or every field that would be refused, so each message shows under its own field.
 */
export function checkAssessmentForm(form: AssessmentForm): { ok: true; input: AssessmentInput } | { ok: false; problems: AssessmentFieldProblem[] } {
  const problems: AssessmentFieldProblem[] = [];
  const scale = assessmentScales[form.scale];
  if (form.sessionId === null) problems.push({ field: 'sessionId', key: 'sessionRequired', params: {} });
  const scoreText = form.score.trim();
  let score = Number.NaN;
  if (scoreText === '') problems.push({ field: 'score', key: 'scoreRequired', params: {} });
  else {
    score = /^[+-]?\d+([.,]\d+)?$/.test(scoreText) ? Number(scoreText.replace(',', '.')) : Number.NaN;
    const problem = Number.isNaN(score) ? 'score-not-integer' : scoreProblem(scale, score);
    const params = { scale: scale.abbreviation, min: scale.min, max: scale.max };
    if (problem === 'score-not-integer') problems.push({ field: 'score', key: 'scoreNotInteger', params });
    else if (problem === 'score-out-of-range') problems.push({ field: 'score', key: 'scoreOutOfRange', params });
  }
  const day = form.assessedAt.trim();
  if (day === '') problems.push({ field: 'assessedAt', key: 'dateRequired', params: {} });
  else if (!ISO_DAY_PATTERN.test(day) || !isCalendarDay(day)) problems.push({ field: 'assessedAt', key: 'dateInvalid', params: { date: day } });
  if (form.notes.length > ASSESSMENT_NOTES_MAX) problems.push({ field: 'notes', key: 'notesTooLong', params: { max: ASSESSMENT_NOTES_MAX } });
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    input: { sessionId: form.sessionId as number, scale: form.scale, score, assessedAt: day, notes: form.notes, ...(form.replaces === null ? {} : { replaces: form.replaces }) },
  };
}
