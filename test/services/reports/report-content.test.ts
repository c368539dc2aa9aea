// The report's content: the verdict sentences in EN and FR, the per-session figures from the review, and the self-contained, escaped HTML.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { OnlineTrend, PatientReview } from '../../../src-main/contract/api.ts';
import { openDatabase } from '../../../src-main/services/storage/database.ts';
import { createPatient } from '../../../src-main/services/storage/patients.ts';
import { patientReview } from '../../../src-main/services/review/patient-review.ts';
import { buildReport, verdictSentence } from '../../../src-main/services/reports/report-model.ts';
import { reportHtml } from '../../../src-main/services/reports/report-html.ts';
import { reportFileName, renderReport } from '../../../src-main/services/reports/report-file.ts';
import { reportText } from '../../../src-main/services/reports/report-text.ts';
import { accuracyChart, chartColours, type Shape } from '../../../src-main/services/reports/report-chart.ts';
import { assessedHistory, seedTherapyHistory } from '../../../src-main/cli/bench/therapy-history.ts';

const folders: string[] = [];
function seeded(code = 'REP-001', notes?: string): { review: PatientReview; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'nf-report-'));
  folders.push(dir);
  const db = openDatabase(dir);
  const { patientId } = seedTherapyHistory(db, code);
  if (notes !== undefined) db.prepare('UPDATE patients SET notes = ? WHERE id = ?').run(notes, patientId);
  const review = patientReview(db, patientId, new Date('2026-11-30T12:00:00Z'));
  db.close();
  return { review, dir };
}
afterEach(() => folders.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const provenance = { version: '1.2.3', dataDir: '/srv/neurofeat-data' };
const fitted = (over: Partial<Extract<OnlineTrend, { fitted: true }>>): OnlineTrend => ({
  fitted: true, sessions: 5, trials: 140, oddsRatioPerWeek: 1.25, oddsRatioCi95: [1.08, 1.44], pValue: 0.003, fittedFirst: 0.56, fittedLast: 0.84,
  intercept: 0.24, slope: Math.log(1.25), ...over,
});

describe('report: the verdict sentence', () => {
  it('fitted and p < 0.05: the rise with its odds ratio, interval and p, in EN and FR (decimal comma)', () => {
    const { review } = seeded();
    const withTrend = { ...review, onlineTrend: fitted({}) };
    expect(verdictSentence(withTrend, reportText('en'))).toBe('Online accuracy rose from 56% to 84% over 6 weeks (odds ×1.25 per week, 95% CI 1.08–1.44, p = 0.003).');
    expect(verdictSentence(withTrend, reportText('fr'))).toBe('La précision en ligne est passée de 56\u00a0% à 84\u00a0% en 6 semaines (cote ×1,25 par semaine, IC\u00a095\u00a0% 1,08–1,44, p = 0,003).');
    const falling = { ...review, onlineTrend: fitted({ oddsRatioPerWeek: 0.8, oddsRatioCi95: [0.7, 0.92], pValue: 0.0004, fittedFirst: 0.8, fittedLast: 0.55 }) };
    expect(verdictSentence(falling, reportText('en'))).toBe('Online accuracy fell from 80% to 55% over 6 weeks (odds ×0.80 per week, 95% CI 0.70–0.92, p < 0.001).');
  });

  it('p ≥ 0.05: no clear change, with the same figures', () => {
    const { review } = seeded();
    const flat = { ...review, onlineTrend: fitted({ oddsRatioPerWeek: 1.04, oddsRatioCi95: [0.95, 1.14], pValue: 0.41, fittedFirst: 0.6, fittedLast: 0.63 }) };
    expect(verdictSentence(flat, reportText('en'))).toBe('No clear change in online accuracy over 6 weeks (fitted 60% to 63%, odds ×1.04 per week, 95% CI 0.95–1.14, p = 0.41).');
    expect(verdictSentence(flat, reportText('fr'))).toMatch(/^Pas de changement net de la précision en ligne sur 6 semaines \(ajustée de 60\u00a0% à 63\u00a0%, cote ×1,04 .* p = 0,41\)\.$/);
    // Exactly 0.05 is not significant.
    expect(verdictSentence({ ...review, onlineTrend: fitted({ pValue: 0.05 }) }, reportText('en'))).toMatch(/^No clear change/);
  });

  it('not fitted: one sentence per problem (one outcome told as all right or all wrong), in each language', () => {
    const { review } = seeded();
    const noTrend = (problem: 'no-online-trials' | 'too-few-times' | 'one-outcome' | 'separated', correct?: number) => ({
      ...review,
      sessions: correct === undefined ? review.sessions : review.sessions.map((s) => ({ ...s, onlineTotal: { ...s.onlineTotal, correct: correct === 0 ? 0 : s.onlineTotal.decided } })),
      onlineTrend: { fitted: false as const, sessions: 5, trials: 140, problem },
    });
    const cases = [noTrend('no-online-trials'), noTrend('too-few-times'), noTrend('one-outcome', 1), noTrend('one-outcome', 0), noTrend('separated')];
    for (const lang of ['en', 'fr'] as const) {
      const sentences = cases.map((c) => verdictSentence(c, reportText(lang)));
      expect(new Set(sentences).size).toBe(5);
      for (const s of sentences) expect(s).toMatch(/\.$/);
    }
    const en = cases.map((c) => verdictSentence(c, reportText('en')));
    expect(en[1]).toBe('All online trials (140) come from one session: a trend needs online runs in at least two sessions.');
    expect(en[2]).toBe('Every online trial so far was right (140 of 140): with no wrong trial, no trend can be estimated.');
    expect(en[3]).toBe('Every online trial so far was wrong (0 of 140 right): with no right trial, no trend can be estimated.');
  });

  it('writes p with enough digits that rounding does not cross 0.05', () => {
    const p = reportText('en').numbers.p;
    expect(p(0.0496)).toBe('= 0.0496');
    // 0.050 reads as not below 0.05, as 0.0504 is not.
    expect(p(0.0504)).toBe('= 0.050');
    expect(p(0.003)).toBe('= 0.003');
    expect(p(0.41)).toBe('= 0.41');
    expect(p(0.0004)).toBe('< 0.001');
    expect(reportText('fr').numbers.p(0.0496)).toBe('= 0,0496');
  });

  it('the seeded history (55% to 85% over 6 weeks) reads as a rise, from the review\'s own fit', () => {
    const { review } = seeded();
    const report = buildReport(review, 'en', provenance);
    expect(report.verdict.sentence).toMatch(/^Online accuracy rose from 5\d% to 8\d% over 6 weeks \(odds ×1\.\d\d per week, 95% CI \d\.\d\d–\d\.\d\d, p = 0\.0\d\d\)\.$/);
    expect(report.verdict.basis).toBe('From 140 decided online trials in 5 sessions.');
  });
});

describe('report: clinical assessments', () => {
  function assessed(): PatientReview {
    const dir = mkdtempSync(path.join(tmpdir(), 'nf-report-'));
    folders.push(dir);
    const db = openDatabase(dir);
    const { patientId } = seedTherapyHistory(db, 'REP-010', assessedHistory);
    const review = patientReview(db, patientId, new Date('2026-11-30T12:00:00Z'));
    db.close();
    return review;
  }

  it('one sentence per scale: first and last score, the change, and whether it reaches the MCID, in EN and FR', () => {
    const review = assessed();
    const en = buildReport(review, 'en', provenance).assessments;
    expect(en.heading).toBe('Clinical assessments');
    expect(en.empty).toBeNull();
    expect(en.sentences).toEqual([
      'FMA-UE (0–66): 22 at week 0 (2026-09-07), 31 at week 6 (2026-10-19), 5 sessions assessed: a change of +9 points, which reaches the minimal clinically important difference (4.25–7.25 points).',
      'ARAT (0–57): 10 at week 0 (2026-09-07), 14 at week 6 (2026-10-19), 2 sessions assessed: a change of +4 points, which does not reach the minimal clinically important difference (5.7 points).',
    ]);
    expect(en.note).toMatch(/Page et al\. 2012.*van der Lee et al\. 2001/);
    // The sentences say whether a change reaches the MCID, never that it is significant.
    expect(en.sentences.join(' ')).not.toMatch(/significan/i);
    const fr = buildReport(review, 'fr', provenance).assessments;
    expect(fr.heading).toBe('Évaluations cliniques');
    expect(fr.sentences[0]).toBe('FMA-UE (0–66)\u00a0: 22 en semaine 0 (07/09/2026), 31 en semaine 6 (19/10/2026), 5 séances évaluées\u00a0: un changement de +9 points, qui atteint la différence minimale cliniquement importante (4,25–7,25 points).');
    expect(fr.sentences[1]).toContain('qui n’atteint pas la différence minimale cliniquement importante (5,7 points)');
  });

  it('within the range of estimates, a decline, a single score; none recorded says so', () => {
    const text = reportText('en');
    const point = (week: number, score: number) => ({ sessionId: 1, week, assessedAt: '2026-09-07', score });
    expect(text.assessmentSentence({ scale: 'fma-ue', sessions: 2, first: point(0, 30), last: point(2, 35), change: 5, mcid: 'within-range' }))
      .toContain('a change of +5 points, within the range of estimates of the minimal clinically important difference (4.25–7.25 points): it reaches the lower estimate, not the upper one.');
    expect(text.assessmentSentence({ scale: 'arat', sessions: 2, first: point(0, 30), last: point(2, 24), change: -6, mcid: 'reached' })).toContain('a change of −6 points, which reaches');
    expect(text.assessmentSentence({ scale: 'arat', sessions: 1, first: point(0, 30), last: point(0, 30), change: null, mcid: null })).toBe('ARAT (0–57): 30 on 2026-09-07, week 0; one session assessed, no change yet.');
    const { review } = seeded();
    expect(buildReport(review, 'en', provenance).assessments).toMatchObject({ sentences: [], empty: 'No clinical assessment recorded yet.' });
  });

  it('the HTML shows the section with each sentence, escaped', () => {
    const html = reportHtml(buildReport(assessed(), 'en', provenance));
    expect(html).toContain('<section class="assessments"><h2>Clinical assessments</h2>');
    expect(html).toContain('<p class="assessment">FMA-UE (0–66): 22 at week 0 (2026-09-07), 31 at week 6');
  });
});

describe('report: content', () => {
  it('patient block, one row per session with its figures, provenance', () => {
    const { review } = seeded();
    const report = buildReport(review, 'en', provenance);
    expect(report.title).toBe('Progress report: patient REP-001');
    expect(report.patient.rows).toEqual([
      ['Pseudonymous code', 'REP-001'], ['Year of birth', '1958'], ['Side of the lesion', 'left'], ['Dominant hand', 'right'], ['Notes', 'ischaemic stroke, right hemiparesis'],
    ]);
    expect(report.sessions.rows).toHaveLength(5);
    // Session 2: two online runs of 20 (12 and 13 right), 3 samples lost, model 27/40.
    expect(report.sessions.rows[1]).toEqual(['2', '2026-09-14', '1', '2/2', 'all ≤ 10 kΩ', '68% (51–81%)', '25/40', '63% (46–77%)', '63%', 'no']);
    expect(report.sessions.rows[0][4]).toBe('C4 > 10 kΩ');
    expect(report.sessions.rows[2][3]).toBe('2/1 (1 interrupted)');
    expect(report.sessions.rows[2][4]).toBe('–');
    expect(report.sessions.rows[4]).toEqual(['5', '2026-10-19', '6', '2/1', 'all ≤ 10 kΩ', '83% (67–93%)', '17/20', '85% (62–97%)', '70%', 'yes']);
    expect(report.sessionNotes.notes).toEqual([['Session 1 (2026-09-07)', 'first calibration'], ['Session 5 (2026-10-19)', 'last before discharge']]);
    expect(report.provenance).toBe('Generated 2026-11-30 12:00 UTC by NeuroFeat 1.2.3 from the data folder /srv/neurofeat-data.');
    expect(report.method.paragraphs.join(' ')).toMatch(/not independent/);
  });

  it('in French: dates day first, decimal comma, a no-break space before %', () => {
    const { review } = seeded();
    const report = buildReport(review, 'fr', provenance);
    expect(report.title).toBe('Rapport d’évolution\u00a0: patient REP-001');
    expect(report.patient.rows[2]).toEqual(['Côté de la lésion', 'gauche']);
    expect(report.sessions.rows[1]).toEqual(['2', '14/09/2026', '1', '2/2', 'toutes ≤ 10 kΩ', '68\u00a0% (51–81\u00a0%)', '25/40', '63\u00a0% (46–77\u00a0%)', '63\u00a0%', 'non']);
    expect(report.provenance).toBe('Généré le 30/11/2026 12:00 UTC par NeuroFeat 1.2.3 à partir du dossier de données /srv/neurofeat-data.');
    expect(report.method.paragraphs.join(' ')).toContain('62,5\u00a0%');
  });

  it('a patient without sessions: no rows, no trend, the reason said', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nf-report-'));
    folders.push(dir);
    const db = openDatabase(dir);
    const patient = createPatient(db, { code: 'REP-EMPTY', birthYear: null, lesionSide: 'unknown', dominantHand: 'unknown', notes: '' });
    const report = buildReport(patientReview(db, patient.id), 'en', provenance);
    db.close();
    expect(report.sessions.rows).toEqual([]);
    expect(report.sessions.empty).toBe('No session recorded yet.');
    expect(report.patient.rows[1]).toEqual(['Year of birth', 'not recorded']);
    expect(report.verdict.sentence).toBe('No online trials yet: a trend needs online runs in at least two sessions.');
    expect(report.verdict.basis).toBeNull();
    expect(reportHtml(report)).toContain('No session recorded yet.');
  });

  it('names the file after the code (unsafe characters replaced) and the day', () => {
    expect(reportFileName('REP-001', '2026-11-30T12:00:00.000Z', 'pdf')).toBe('progress-report-REP-001-2026-11-30.pdf');
    expect(reportFileName('../a b/c', '2026-11-30T12:00:00.000Z', 'html')).toBe('progress-report-a_b_c-2026-11-30.html');
  });
});

describe('report: chart', () => {
  it('puts each marker at its accuracy and the trend curve through the fitted accuracies at the first and last online sessions', () => {
    const { review } = seeded();
    const drawing = accuracyChart(review, reportText('en'), 495, 250);
    const texts = drawing.shapes.filter((s): s is Extract<Shape, { kind: 'text' }> => s.kind === 'text');
    // The axis labels give the scale: 0% and 100% (labels sit 3 points below their line).
    const y0 = (texts.find((t) => t.text === '0%')?.y ?? NaN) - 3;
    const y100 = (texts.find((t) => t.text === '100%')?.y ?? NaN) - 3;
    const accuracyAt = (y: number) => (y0 - y) / (y0 - y100);
    const circles = drawing.shapes.filter((s): s is Extract<Shape, { kind: 'circle' }> => s.kind === 'circle').slice(1);
    expect(circles.map((c) => accuracyAt(c.y))).toEqual(review.sessions.map((s) => expect.closeTo(s.onlineTotal.accuracy as number, 9)));
    const diamonds = drawing.shapes.filter((s): s is Extract<Shape, { kind: 'polygon' }> => s.kind === 'polygon').slice(1);
    // A diamond's centre is the mean of its top and bottom corners.
    expect(diamonds.map((d) => accuracyAt((d.points[0][1] + d.points[2][1]) / 2))).toEqual(review.sessions.map((s) => expect.closeTo(s.model?.accuracy as number, 9)));
    const trend = review.onlineTrend;
    if (!trend.fitted) throw new Error('not fitted');
    const curve = drawing.shapes.find((s): s is Extract<Shape, { kind: 'line' }> => s.kind === 'line' && s.colour === chartColours.trend && s.points.length > 2);
    expect(curve).toBeDefined();
    expect(accuracyAt(curve!.points[0][1])).toBeCloseTo(trend.fittedFirst, 9);
    expect(accuracyAt(curve!.points[curve!.points.length - 1][1])).toBeCloseTo(trend.fittedLast, 9);
    // Every shape inside the drawing.
    for (const shape of drawing.shapes) {
      const points = shape.kind === 'line' || shape.kind === 'polygon' ? shape.points : [[shape.x, shape.y] as const];
      for (const [x, y] of points) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(495);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThanOrEqual(250);
      }
    }
  });

  it('without a fitted trend: no curve and no trend in the legend', () => {
    const { review } = seeded();
    const drawing = accuracyChart({ ...review, onlineTrend: { fitted: false, sessions: 1, trials: 20, problem: 'too-few-times' } }, reportText('en'), 495, 250);
    expect(drawing.shapes.some((s) => s.kind === 'line' && s.colour === chartColours.trend)).toBe(false);
    expect(drawing.shapes.some((s) => s.kind === 'text' && s.text === 'Fitted trend')).toBe(false);
  });
});

describe('report: HTML', () => {
  it('is one self-contained file: inline CSS and SVG, no script, nothing loaded from elsewhere, A4 print, lang set', () => {
    const { review } = seeded();
    for (const lang of ['en', 'fr'] as const) {
      const file = renderReport(review, 'html', lang, provenance);
      expect(file.mimeType).toBe('text/html; charset=utf-8');
      const html = new TextDecoder().decode(file.bytes);
      expect(html).toMatch(new RegExp(`^<!DOCTYPE html>\\n<html lang="${lang}">`));
      expect(html).not.toMatch(/<script|\ssrc=|\shref=|url\(|@import|<link|<img|<iframe|javascript:/i);
      expect(html).toContain('@page { size: A4;');
      expect(html).toContain("default-src 'none'");
      const svg = /<svg [^>]*>([\s\S]*?)<\/svg>/.exec(html)?.[1] ?? '';
      // Five online sessions (circles, plus the legend's), five models (diamonds, plus the legend's), the trend curve.
      expect(svg.match(/<circle /g)).toHaveLength(6);
      expect(svg.match(/<polygon /g)).toHaveLength(6);
      expect(svg).toContain('stroke="rgb(0,137,123)"');
      expect(html.match(/<tr>/g)).toHaveLength(6);
    }
  });

  it('escapes every text: a note with <script> is shown as text', () => {
    const { review } = seeded('REP-<b>&', 'note <script>alert("x")</script> & \'quoted\'');
    const html = reportHtml(buildReport({ ...review, sessions: review.sessions.map((s, i) => (i === 0 ? { ...s, notes: '<img src=x onerror=alert(1)>' } : s)) }, 'en', provenance));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('note &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('<title>Progress report: patient REP-&lt;b&gt;&amp;</title>');
  });
});
