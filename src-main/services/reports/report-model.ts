// The progress report's content, built once from a patient's review: what both the HTML and the PDF rendering show.
import type { PatientReview, SessionReview } from '../../contract/api.ts';
import { accuracyChart, type Drawing } from './report-chart.ts';
import type { ReportLanguage } from '../../contract/api.ts';
import { reportText, type ReportText, type TrendSentence } from './report-text.ts';
import { onlineSpanWeeks, verdictKind } from '../../contract/review-verdict.ts';

/** Where the report came from, for its last line. */
export interface ReportProvenance {
  version: string;
  dataDir: string;
}

export interface ReportColumn {
  label: string;
  align: 'left' | 'right';
  /** Width in points in the PDF (the HTML table sizes itself). */
  width: number;
}

export interface ReportContent {
  lang: ReportLanguage;
  title: string;
  subtitle: string;
  patient: { heading: string; rows: [label: string, value: string][] };
  verdict: { heading: string; sentence: string; basis: string | null };
  chart: { heading: string; description: string; drawing: Drawing };
  sessions: { heading: string; columns: ReportColumn[]; rows: string[][]; empty: string | null };
  /** One sentence per scale assessed (or why there is none), and the note on scales, MCID and corrections. */
  assessments: { heading: string; sentences: string[]; empty: string | null; note: string };
  sessionNotes: { heading: string; notes: [label: string, text: string][] };
  method: { heading: string; paragraphs: string[] };
  provenance: string;
  /** The page footer ("Page 1 of 3") for the PDF. */
  page: (index: number, count: number) => string;
}

/** The chart's size in points: the width of an A4 page's text block. */
export const chartSize = { width: 495, height: 250 } as const;

/** The trend's sentence: rose, fell or no clear change when fitted; otherwise why there is none (the screen's verdict, `verdictKind`). */
export function verdictSentence(review: PatientReview, text: ReportText): string {
  const trend = review.onlineTrend;
  const kind = verdictKind(trend, review.sessions);
  if (!trend.fitted) return text.trendProblem[kind as TrendSentence](trend.trials);
  const figures = {
    from: trend.fittedFirst, to: trend.fittedLast, weeks: onlineSpanWeeks(review.sessions),
    oddsRatio: trend.oddsRatioPerWeek, ci95: trend.oddsRatioCi95, pValue: trend.pValue,
  };
  return kind === 'rose' ? text.rose(figures) : kind === 'fell' ? text.fell(figures) : text.noClearChange(figures);
}

function sessionRow(session: SessionReview, index: number, text: ReportText): string[] {
  const fmt = text.numbers;
  const { runs, model, onlineTotal: online, impedance } = session;
  const runCell = `${runs.calibration}/${runs.online}` + (runs.interrupted > 0 ? ` (${text.interrupted(runs.interrupted)})` : '');
  const impedanceCell = !impedance ? text.none : impedance.over.length === 0 ? text.impedanceGood(impedance.thresholdKOhm) : text.impedanceOver(impedance.over, impedance.thresholdKOhm);
  const modelCell = model ? `${fmt.percent(model.accuracy)} (${fmt.percentRange(model.ci95)})` : text.none;
  const scored = online.accuracy !== null && online.ci95 !== null && online.significanceThreshold !== null;
  return [
    String(index + 1),
    fmt.date(session.startedAt),
    fmt.weeks(session.week),
    runCell,
    impedanceCell,
    modelCell,
    online.decided > 0 ? `${online.correct}/${online.decided}` : text.none,
    scored ? `${fmt.percent(online.accuracy as number)} (${fmt.percentRange(online.ci95 as [number, number])})` : text.none,
    scored ? fmt.percent(online.significanceThreshold as number) : text.none,
    scored ? (online.significant ? text.yes : text.no) : text.none,
  ];
}

/** The report of `review` in `lang`. */
export function buildReport(review: PatientReview, lang: ReportLanguage, provenance: ReportProvenance): ReportContent {
  const text = reportText(lang);
  const fmt = text.numbers;
  const { patient, sessions } = review;
  const c = text.columns;
  const trend = review.onlineTrend;
  return {
    lang,
    title: text.title(patient.code),
    subtitle: text.subtitle(sessions.length, sessions.length > 0 ? fmt.date(sessions[0].startedAt) : null, sessions.length > 0 ? fmt.date(sessions[sessions.length - 1].startedAt) : null),
    patient: {
      heading: text.patientHeading,
      rows: [
        [text.patientFields.code, patient.code],
        [text.patientFields.birthYear, patient.birthYear === null ? text.notRecorded : String(patient.birthYear)],
        [text.patientFields.lesionSide, text.lesionSide[patient.lesionSide]],
        [text.patientFields.dominantHand, text.dominantHand[patient.dominantHand]],
        ...(patient.notes.trim() === '' ? [] : [[text.patientFields.notes, patient.notes] as [string, string]]),
      ],
    },
    verdict: { heading: text.verdictHeading, sentence: verdictSentence(review, text), basis: trend.trials > 0 ? text.basis(trend.trials, trend.sessions) : null },
    chart: { heading: text.chartHeading, description: text.chart.description, drawing: accuracyChart(review, text, chartSize.width, chartSize.height) },
    sessions: {
      heading: text.sessionsHeading,
      columns: [
        { label: c.session, align: 'right', width: 16 },
        { label: c.date, align: 'left', width: 48 },
        { label: c.week, align: 'right', width: 38 },
        { label: c.runs, align: 'left', width: 56 },
        { label: c.impedance, align: 'left', width: 70 },
        { label: c.model, align: 'right', width: 66 },
        { label: c.trials, align: 'right', width: 44 },
        { label: c.online, align: 'right', width: 66 },
        { label: c.chance, align: 'right', width: 42 },
        { label: c.above, align: 'right', width: 46 },
      ],
      rows: sessions.map((s, i) => sessionRow(s, i, text)),
      empty: sessions.length === 0 ? text.noSessions : null,
    },
    assessments: {
      heading: text.assessmentsHeading,
      sentences: review.assessments.map((a) => text.assessmentSentence(a)),
      empty: review.assessments.length === 0 ? text.noAssessments : null,
      note: text.assessmentsNote,
    },
    sessionNotes: {
      heading: text.sessionNotesHeading,
      notes: sessions.flatMap((s, i) => (s.notes.trim() === '' ? [] : [[text.sessionLabel(i + 1, fmt.date(s.startedAt)), s.notes] as [string, string]])),
    },
    method: { heading: text.methodHeading, paragraphs: text.method },
    provenance: text.provenance(review.generatedAt, provenance.version, provenance.dataDir),
    page: text.page,
  };
}
