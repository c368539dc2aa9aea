// How a review's trend is told, shared by the progress screen and the report so the two cannot disagree (docs/review.md).
import type { OnlineTrend, SessionReview } from './api.ts';

/** Which way the trend's sentence goes: a clear rise or fall (p < 0.05), no clear change, or why there is no trend. */
export type VerdictKind = 'rose' | 'fell' | 'unclear' | 'no-online-trials' | 'too-few-times' | 'all-right' | 'all-wrong' | 'separated';

/** The verdict of a trend; `one-outcome` is told as every trial right or every trial wrong. */
export function verdictKind(trend: OnlineTrend, sessions: readonly SessionReview[]): VerdictKind {
  if (trend.fitted) return trend.pValue < 0.05 ? (trend.oddsRatioPerWeek > 1 ? 'rose' : 'fell') : 'unclear';
  if (trend.problem !== 'one-outcome') return trend.problem;
  const correct = sessions.reduce((sum, s) => sum + s.onlineTotal.correct, 0);
  return correct === 0 ? 'all-wrong' : 'all-right';
}

/** The weeks from the first to the last session with decided online trials (the span the trend covers). */
export function onlineSpanWeeks(sessions: readonly SessionReview[]): number {
  const weeks = sessions.filter((s) => s.onlineTotal.decided > 0).map((s) => s.week);
  return weeks.length === 0 ? 0 : Math.max(...weeks) - Math.min(...weeks);
}

/**
 * How a p-value is written: `below` 0.001 ("< 0.001"), else `equal` with its decimals: two from 0.1, three below, and
 * as many more as it takes for the rounding not to cross 0.05 (0.0496 is "= 0.0496", not "= 0.050").
 */
export function pValueShape(p: number): { kind: 'below'; bound: 0.001; digits: 3 } | { kind: 'equal'; digits: number } {
  if (p < 0.001) return { kind: 'below', bound: 0.001, digits: 3 };
  let digits = p >= 0.1 ? 2 : 3;
  const rounded = (d: number) => Math.round(p * 10 ** d) / 10 ** d;
  while (digits < 6 && (rounded(digits) < 0.05) !== (p < 0.05)) digits++;
  return { kind: 'equal', digits };
}
