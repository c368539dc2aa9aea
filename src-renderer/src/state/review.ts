// The progress screen's words, as pure functions of a patient's review: the trend's verdict, the numbers in the locale's format, each session's summary.
import { onlineSpanWeeks, pValueShape, verdictKind, type OnlineScore, type PatientReview, type SessionReview } from '../../../src-main/contract/index.ts';

export { onlineSpanWeeks, verdictKind };

/** What the words need of vue-i18n: `t` and `n` of the window (or of a test's own instance). */
export interface ReviewWords {
  t: (key: string, params?: Record<string, unknown>, plural?: number) => string;
  n: (value: number, options: Intl.NumberFormatOptions) => string;
}

/** An accuracy (0–1) as a whole percent in the locale's format: "56%", "56 %" (French, narrow no-break space). */
export const wholePercent = (words: ReviewWords, p: number): string => words.n(p, { style: 'percent', maximumFractionDigits: 0 });

/** An accuracy (0–1) with one decimal: "62.5%", "62,5 %". */
export const percentOne = (words: ReviewWords, p: number): string => words.n(p, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** An interval of accuracies: "48.3–79.4%" written as two percents so each carries the locale's sign. */
export const percentInterval = (words: ReviewWords, ci: [number, number]): string => `${percentOne(words, ci[0])}–${percentOne(words, ci[1])}`;

/** Weeks with at most one decimal: "6", "5.9", "5,9". */
export const weeksText = (words: ReviewWords, weeks: number): string => words.n(weeks, { maximumFractionDigits: 1 });

/** An odds ratio with two decimals: "1.25", "1,25". */
export const ratioText = (words: ReviewWords, ratio: number): string => words.n(ratio, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A p-value as "= 0.41", "= 0.003" or "< 0.001" (decimal comma in French), digits by the shared rule (`pValueShape`). */
export function pValueText(words: ReviewWords, p: number): string {
  const shape = pValueShape(p);
  const digits = { minimumFractionDigits: shape.digits, maximumFractionDigits: shape.digits };
  return shape.kind === 'below' ? `< ${words.n(shape.bound, digits)}` : `= ${words.n(p, digits)}`;
}

/** The verdict sentence at the top of the progress screen, in the clinician's words (docs/review.md). */
export function verdictText(review: Pick<PatientReview, 'onlineTrend' | 'sessions'>, words: ReviewWords): string {
  const trend = review.onlineTrend;
  const kind = verdictKind(trend, review.sessions);
  const span = onlineSpanWeeks(review.sessions);
  if (trend.fitted) {
    const params = {
      first: wholePercent(words, trend.fittedFirst),
      last: wholePercent(words, trend.fittedLast),
      weeks: weeksText(words, span),
      ratio: ratioText(words, trend.oddsRatioPerWeek),
      low: ratioText(words, trend.oddsRatioCi95[0]),
      high: ratioText(words, trend.oddsRatioCi95[1]),
      p: pValueText(words, trend.pValue),
    };
    return words.t(`review.verdict.${kind}`, params, span);
  }
  return words.t(`review.verdict.${kind}`, { trials: trend.trials, sessions: trend.sessions }, trend.trials);
}

/** One score as "15 of 20 right (75.0%, 95% CI 50.9–91.3%)", or that there was none. */
export function scoreText(score: OnlineScore, words: ReviewWords): string {
  if (score.accuracy === null || score.ci95 === null) return words.t('review.describe.noOnline');
  return words.t('review.describe.online', { correct: score.correct, decided: score.decided, accuracy: percentOne(words, score.accuracy), interval: percentInterval(words, score.ci95) });
}

/**
 * What the chart's tooltip and its keyboard readout say of one session: date, week, online k of n with accuracy and
 * interval, the chance level at that count, the chosen model's cross-validated accuracy.
 */
export function sessionPointText(session: SessionReview, words: ReviewWords & { date: (iso: string) => string }): string {
  const parts = [
    words.t('review.describe.when', { date: words.date(session.startedAt), week: weeksText(words, session.week) }),
    scoreText(session.onlineTotal, words),
  ];
  if (session.onlineTotal.significanceThreshold !== null) parts.push(words.t('review.describe.chance', { chance: percentOne(words, session.onlineTotal.significanceThreshold) }));
  parts.push(session.model
    ? words.t('review.describe.model', { accuracy: percentOne(words, session.model.accuracy), interval: percentInterval(words, session.model.ci95) })
    : words.t('review.describe.noModel'));
  return parts.join('; ');
}

/** The impedance cell: go, the electrodes over the threshold, or not measured. */
export function impedanceText(impedance: SessionReview['impedance'], words: ReviewWords): string {
  if (!impedance) return words.t('review.impedance.notMeasured');
  const threshold = words.n(impedance.thresholdKOhm, { maximumFractionDigits: 1 });
  if (impedance.go || impedance.over.length === 0) return words.t('review.impedance.go', { threshold });
  return words.t('review.impedance.over', { electrodes: impedance.over.join(', '), threshold }, impedance.over.length);
}

/** Trials per class of the runs a model can be trained on, one "769: 40" per class, in the classes' natural order (T2 before T10). */
export function trialsPerClassLines(trials: Record<string, number>): string[] {
  return Object.entries(trials)
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([name, count]) => `${name}: ${count}`);
}

/** The accuracy of the logistic trend at `week` (0–1): 1 / (1 + e^−(intercept + slope × week)). */
export const trendAccuracyAt = (trend: { intercept: number; slope: number }, week: number): number => 1 / (1 + Math.exp(-(trend.intercept + trend.slope * week)));
