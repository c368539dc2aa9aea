// Pure builder of the progress chart: each session's online accuracy and its chosen model's cross-validated accuracy with 95% intervals, the chance levels and the logistic trend, over the weeks of the therapy.
import type { OnlineTrend, SessionReview } from '../../../src-main/contract/index.ts';
import { trendAccuracyAt } from '../state/review.ts';
import { accuracyAxis, intervalRenderer, percent, type RenderApi } from './accuracy-chart.ts';
import { AXIS, CLASS_COLOURS, GRID_LINE, INK } from './colour-scales.ts';

export interface ReviewChartInput {
  sessions: SessionReview[];
  trend: OnlineTrend;
  text: {
    /** The y axis: "Accuracy". */
    accuracy: string;
    /** The x axis: "Weeks since the first session". */
    weeks: string;
    /** A tick of the x axis: "week 3". */
    week: (week: number) => string;
    /** Series names, also the HTML legend's. */
    online: string;
    model: string;
    chance: string;
    trend: string;
    /** What the tooltip of session `index` says (the keyboard readout's words). */
    describe: (index: number) => string;
  };
}

/** Online: blue; the model: orange (the two stay distinct with red-green colour blindness); chance and trend: greys and ink. */
export const ONLINE_COLOUR = CLASS_COLOURS[0];
export const MODEL_COLOUR = CLASS_COLOURS[1];
export const CHANCE_COLOUR = AXIS;
/** Points curve samples between the first and the last online session. */
export const TREND_POINTS = 41;

/** ECharts' empty value: the item keeps its index (the session's), so a session index is a data index in every series. */
const EMPTY = '-';

/** The x range with a margin on each side, and the offset that keeps the model's marker beside the online one. */
export function reviewXRange(sessions: SessionReview[]): { min: number; max: number; offset: number } {
  const last = sessions.reduce((m, s) => Math.max(m, s.week), 0);
  const pad = Math.max(0.5, 0.05 * last);
  const min = -pad;
  const max = last + pad;
  return { min, max, offset: 0.013 * (max - min) };
}

/** The trend curve in percent, sampled evenly from the first to the last session with online trials; empty when there is no fit. */
export function trendCurve(sessions: SessionReview[], trend: OnlineTrend): [number, number][] {
  if (!trend.fitted) return [];
  const weeks = sessions.filter((s) => s.onlineTotal.decided > 0).map((s) => s.week);
  const from = Math.min(...weeks);
  const to = Math.max(...weeks);
  return Array.from({ length: TREND_POINTS }, (_, k) => {
    const week = from + ((to - from) * k) / (TREND_POINTS - 1);
    return [week, percent(trendAccuracyAt(trend, week))];
  });
}

/** A short dashed horizontal mark at `[x, y %]`, `halfWidthPx` either side; nothing for an empty item. */
function renderChanceMark(halfWidthPx: number) {
  return (_params: { coordSys: unknown }, api: RenderApi) => {
    const [x, y] = [api.value(0), api.value(1)];
    if (!Number.isFinite(x) || !Number.isFinite(y)) return null;
    const [cx, cy] = api.coord([x, y]);
    return { type: 'line', shape: { x1: cx - halfWidthPx, y1: cy, x2: cx + halfWidthPx, y2: cy }, style: { stroke: CHANCE_COLOUR, lineWidth: 2, lineDash: [4, 3] } };
  };
}

/** A marker filled when above chance, hollow (white inside) when not: readable without colour. */
const marker = (colour: string, significant: boolean) => ({ color: significant ? colour : '#ffffff', borderColor: colour, borderWidth: 2 });

export function buildReviewOption(input: ReviewChartInput) {
  const { sessions, trend, text } = input;
  const x = reviewXRange(sessions);
  const modelX = (s: SessionReview) => s.week - x.offset;
  const tooltip = { formatter: (p: { dataIndex: number }) => text.describe(p.dataIndex) };
  const online = sessions.map((s) => s.onlineTotal);
  const curve = trendCurve(sessions, trend);
  const significantTrend = trend.fitted && trend.pValue < 0.05;
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { color: INK, fontFamily: 'system-ui, sans-serif' },
    // Kept inside the chart (a tooltip past the window's edge would widen the page), wrapped rather than one long line.
    tooltip: { trigger: 'item' as const, transitionDuration: 0, confine: true, extraCssText: 'max-width: 420px; white-space: normal;' },
    grid: { left: 64, right: 24, top: 20, bottom: 56 },
    xAxis: {
      type: 'value' as const,
      min: x.min,
      max: x.max,
      minInterval: 1,
      name: text.weeks,
      nameLocation: 'middle' as const,
      nameGap: 32,
      // Whole weeks only: the margins' ends (−0.5, 6.5) carry no label.
      axisLabel: { color: AXIS, fontSize: 12, formatter: (v: number) => (Math.abs(v - Math.round(v)) < 1e-9 && v > -1e-9 ? text.week(Math.round(v)) : '') },
      splitLine: { lineStyle: { color: GRID_LINE } },
    },
    // At the chart's left edge, not at week 0 (where ECharts puts it by default, through the first session).
    yAxis: { ...accuracyAxis(text.accuracy), axisLine: { onZero: false } },
    series: [
      {
        id: 'chance',
        name: text.chance,
        type: 'custom' as const,
        renderItem: renderChanceMark(18),
        encode: { x: 0, y: 1 },
        data: sessions.map((s, i) => (online[i].significanceThreshold === null ? [s.week, EMPTY] : [s.week, percent(online[i].significanceThreshold)])),
        tooltip,
        z: 1,
      },
      {
        id: 'trend',
        name: text.trend,
        type: 'line' as const,
        data: curve,
        symbol: 'none',
        silent: true,
        lineStyle: { color: INK, width: 2, type: significantTrend ? ('solid' as const) : ('dotted' as const) },
        tooltip: { show: false },
        z: 2,
      },
      {
        id: 'model-interval',
        name: text.model,
        type: 'custom' as const,
        renderItem: intervalRenderer(MODEL_COLOUR, 5),
        encode: { x: 0, y: [1, 2] },
        data: sessions.map((s) => (s.model ? [modelX(s), percent(s.model.ci95[0]), percent(s.model.ci95[1])] : [modelX(s), EMPTY, EMPTY])),
        tooltip,
        z: 3,
      },
      {
        id: 'model',
        name: text.model,
        type: 'scatter' as const,
        symbol: 'diamond',
        symbolSize: 13,
        data: sessions.map((s) => (s.model ? { value: [modelX(s), percent(s.model.accuracy)], itemStyle: marker(MODEL_COLOUR, s.model.significant) } : { value: [modelX(s), EMPTY] })),
        tooltip,
        z: 4,
      },
      {
        id: 'online-interval',
        name: text.online,
        type: 'custom' as const,
        renderItem: intervalRenderer(ONLINE_COLOUR, 7),
        encode: { x: 0, y: [1, 2] },
        data: sessions.map((s, i) => (online[i].ci95 ? [s.week, percent(online[i].ci95![0]), percent(online[i].ci95![1])] : [s.week, EMPTY, EMPTY])),
        tooltip,
        z: 5,
      },
      {
        id: 'online',
        name: text.online,
        type: 'scatter' as const,
        symbol: 'circle',
        symbolSize: 14,
        data: sessions.map((s, i) => (online[i].accuracy === null ? { value: [s.week, EMPTY] } : { value: [s.week, percent(online[i].accuracy!)], itemStyle: marker(ONLINE_COLOUR, online[i].significant) })),
        tooltip,
        z: 6,
      },
    ],
  };
}

/** The series whose point the keyboard cursor shows for session `index`: its online score, else its model, else its chance mark (none: null). */
export function reviewPointOf(sessions: SessionReview[], index: number): { seriesId: 'online' | 'model'; dataIndex: number } | null {
  const s = sessions[index];
  if (!s) return null;
  if (s.onlineTotal.accuracy !== null) return { seriesId: 'online', dataIndex: index };
  if (s.model) return { seriesId: 'model', dataIndex: index };
  return null;
}
