// The progress screen's words: the trend's verdict in every case, in English and French, numbers in each locale's format, from reviews the service computed on seeded histories.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import {
  impedanceText, onlineSpanWeeks, pValueText, sessionPointText, trendAccuracyAt, trialsPerClassLines, verdictKind, verdictText,
} from '../../../src-renderer/src/state/review.ts';
import type { PatientReview } from '../../../src-main/contract/index.ts';
import { openDatabase } from '../../../src-main/services/storage/database.ts';
import { reviewWords } from '../../support/review-words.ts';
import { patientReview } from '../../../src-main/services/review/patient-review.ts';
import { seedTherapyHistory, type HistorySession } from '../../../src-main/cli/bench/therapy-history.ts';

const words = reviewWords;
const EN = words('en');
const FR = words('fr');
/**
 * The no-break space French puts before % as vue-i18n's `n` (Intl) formats it: narrow (U+202F) in Chromium's ICU,
 * U+00A0 in Node 24's; the messages' own "IC 95 %" uses the narrow one.
 */
const nb = new Intl.NumberFormat('fr', { style: 'percent' }).format(0.5).replace(/[\d%]/g, '');
const ci = 'IC 95\u202f%';

const dir = mkdtempSync(path.join(tmpdir(), 'nf-review-words-'));
const db: DatabaseSync = openDatabase(dir);
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});
let patients = 0;
const reviewOf = (history?: HistorySession[]): PatientReview => patientReview(db, seedTherapyHistory(db, `RW-${String(++patients).padStart(3, '0')}`, history).patientId);
const days = (...online: [number, number][][]) => online.map((runs, i) => ({ day: 14 * i, online: runs, cvCorrect: 30 }));

describe('the verdict of the online trend', () => {
  it('a clear rise (the seeded six weeks: 55% to 85% online)', () => {
    const review = reviewOf();
    expect(verdictKind(review.onlineTrend, review.sessions)).toBe('rose');
    // The service's fit (checked against statsmodels): odds ratio 1.284 per week (1.052–1.569), p = 0.0142, fitted 56.3% to 85.3%.
    expect(verdictText(review, EN)).toBe('Online accuracy rose from 56% to 85% over 6 weeks (odds ×1.28 per week, 95% CI 1.05–1.57, p = 0.014).');
    expect(verdictText(review, FR)).toBe(`La précision en ligne est passée de 56${nb}% à 85${nb}% en 6 semaines (cote ×1,28 par semaine, ${ci} 1,05–1,57, p = 0,014).`);
  });

  it('a clear fall', () => {
    const review = reviewOf(days([[20, 17]], [[20, 14]], [[20, 9]]));
    expect(verdictKind(review.onlineTrend, review.sessions)).toBe('fell');
    expect(verdictText(review, EN)).toBe('Online accuracy fell from 86% to 46% over 4 weeks (odds ×0.61 per week, 95% CI 0.42–0.89, p = 0.010).');
    expect(verdictText(review, FR)).toBe(`La précision en ligne a baissé de 86${nb}% à 46${nb}% en 4 semaines (cote ×0,61 par semaine, ${ci} 0,42–0,89, p = 0,010).`);
  });

  it('no clear change (p ≥ 0.05), over a span of weeks that is not whole', () => {
    const review = reviewOf([15, 13, 14, 13].map((correct, i) => ({ day: 10 * i, online: [[20, correct]], cvCorrect: 30 })));
    expect(verdictKind(review.onlineTrend, review.sessions)).toBe('unclear');
    expect(onlineSpanWeeks(review.sessions)).toBeCloseTo(30 / 7, 12);
    expect(verdictText(review, EN)).toBe('No clear change in online accuracy over 4.3 weeks (odds ×0.92 per week, 95% CI 0.68–1.24, p = 0.59).');
    expect(verdictText(review, FR)).toBe(`Pas de changement net de la précision en ligne en 4,3 semaines (cote ×0,92 par semaine, ${ci} 0,68–1,24, p = 0,59).`);
  });

  it('one week: the singular', () => {
    const review = reviewOf([{ day: 0, online: [[20, 10]], cvCorrect: 30 }, { day: 7, online: [[20, 12]], cvCorrect: 30 }]);
    expect(verdictText(review, EN)).toMatch(/^No clear change in online accuracy over 1 week \(odds ×1\.50 per week/);
    expect(verdictText(review, FR)).toMatch(/^Pas de changement net de la précision en ligne en 1 semaine \(/);
  });

  it('no online trials yet', () => {
    const review = reviewOf(days([], []));
    expect(verdictKind(review.onlineTrend, review.sessions)).toBe('no-online-trials');
    expect(verdictText(review, EN)).toBe('No online trials yet: a trend needs online runs in at least two sessions.');
    expect(verdictText(review, FR)).toBe('Pas encore d’essais en ligne : une tendance demande des passages en ligne dans au moins deux séances.');
  });

  it('all online trials in one session', () => {
    const review = reviewOf(days([[20, 12], [20, 13]], []));
    expect(verdictKind(review.onlineTrend, review.sessions)).toBe('too-few-times');
    expect(verdictText(review, EN)).toBe('All online trials (40) come from one session: a trend needs online runs in at least two sessions.');
    expect(verdictText(review, FR)).toBe('Tous les essais en ligne (40) viennent d’une seule séance : une tendance demande des passages en ligne dans au moins deux séances.');
  });

  it('every online trial right, or every one wrong', () => {
    const right = reviewOf(days([[20, 20]], [[20, 20]]));
    expect(verdictKind(right.onlineTrend, right.sessions)).toBe('all-right');
    expect(verdictText(right, EN)).toBe('Every online trial so far was right (40 of 40): with no wrong trial, no trend can be estimated.');
    expect(verdictText(right, FR)).toBe('Tous les essais en ligne ont été réussis jusqu’ici (40 sur 40) : sans aucun échec, aucune tendance ne peut être estimée.');
    const wrong = reviewOf(days([[20, 0]], [[20, 0]]));
    expect(verdictKind(wrong.onlineTrend, wrong.sessions)).toBe('all-wrong');
    expect(verdictText(wrong, EN)).toBe('Every online trial so far was wrong (0 of 40 right): with no right trial, no trend can be estimated.');
    expect(verdictText(wrong, FR)).toBe('Tous les essais en ligne ont été manqués jusqu’ici (0 réussi sur 40) : sans aucune réussite, aucune tendance ne peut être estimée.');
  });

  it('the outcome follows time perfectly', () => {
    const review = reviewOf(days([[20, 0]], [[20, 20]]));
    expect(verdictKind(review.onlineTrend, review.sessions)).toBe('separated');
    expect(verdictText(review, EN)).toBe('The online results follow time perfectly (all wrong before a date and all right after it, or the reverse), so no trend can be estimated: read each session’s interval instead.');
    expect(verdictText(review, FR)).toMatch(/^Les résultats en ligne suivent parfaitement le temps .* aucune tendance ne peut être estimée/);
  });
});

describe('the numbers', () => {
  it('French percents carry a no-break space before the sign (the one Intl writes)', () => {
    expect(['\u00a0', '\u202f']).toContain(nb);
  });

  it('p-values: two decimals from 0.1, three below, more where rounding would cross 0.05, and < 0.001', () => {
    expect(pValueText(EN, 0.41)).toBe('= 0.41');
    expect(pValueText(EN, 0.003)).toBe('= 0.003');
    expect(pValueText(EN, 0.0496)).toBe('= 0.0496');
    expect(pValueText(EN, 0.0504)).toBe('= 0.050');
    expect(pValueText(EN, 0.0004)).toBe('< 0.001');
    expect(pValueText(FR, 0.41)).toBe('= 0,41');
    expect(pValueText(FR, 0.0004)).toBe('< 0,001');
  });

  it('the trend curve passes through the fitted accuracies at the first and last online sessions', () => {
    const { onlineTrend: trend } = reviewOf();
    if (!trend.fitted) throw new Error('not fitted');
    expect(trendAccuracyAt(trend, 0)).toBeCloseTo(trend.fittedFirst, 12);
    expect(trendAccuracyAt(trend, 6)).toBeCloseTo(trend.fittedLast, 12);
  });
});

describe('each session in words', () => {
  const review = reviewOf();

  it('the tooltip and keyboard readout: date, week, online k of n with interval, chance level, model', () => {
    // Week 1: 25 of 40 online (62.5%, Clopper-Pearson 45.8–77.3%), chance level 62.5% at 40 trials; model 27 of 40 (67.5%, 50.9–81.4%).
    expect(sessionPointText(review.sessions[1], EN)).toBe('2026-09-14, week 1; online 25 of 40 right (62.5%, 95% CI 45.8%–77.3%); chance level 62.5%; model cross-validated 67.5% (95% CI 50.9%–81.4%)');
    expect(sessionPointText(review.sessions[1], FR)).toBe(`2026-09-14, semaine 1; en ligne 25 réussis sur 40 (62,5${nb}%, ${ci} 45,8${nb}%–77,3${nb}%); niveau du hasard 62,5${nb}%; modèle en validation croisée 67,5${nb}% (${ci} 50,9${nb}%–81,4${nb}%)`);
    const bare = reviewOf([{ day: 0, online: [], cvCorrect: null }]).sessions[0];
    expect(sessionPointText(bare, EN)).toBe('2026-09-07, week 0; no online trials; no model chosen');
  });

  it('impedance: go, the electrodes over the threshold, or not measured', () => {
    expect(impedanceText(review.sessions[0].impedance, EN)).toBe('Above 10 kΩ: C4');
    expect(impedanceText(review.sessions[1].impedance, EN)).toBe('Go: all below 10 kΩ');
    expect(impedanceText(review.sessions[2].impedance, EN)).toBe('Not measured');
    expect(impedanceText(review.sessions[0].impedance, FR)).toBe('Au-dessus de 10 kΩ : C4');
  });

  it('trials per class in the classes\' natural order', () => {
    expect(trialsPerClassLines({ 770: 40, 769: 38 })).toEqual(['769: 38', '770: 40']);
    expect(trialsPerClassLines({ T10: 1, T2: 3 })).toEqual(['T2: 3', 'T10: 1']);
    expect(trialsPerClassLines({})).toEqual([]);
  });
});
