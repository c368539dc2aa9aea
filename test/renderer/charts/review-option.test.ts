// The progress chart builder: per session the online accuracy and the model's cross-validated accuracy with their intervals (offset apart), the chance marks, and the logistic trend curve.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildReviewOption, MODEL_COLOUR, ONLINE_COLOUR, reviewPointOf, reviewXRange, trendCurve, TREND_POINTS } from '../../../src-renderer/src/charts/review-option.ts';
import type { OnlineTrend, PatientReview } from '../../../src-main/contract/index.ts';
import { openDatabase } from '../../../src-main/services/storage/database.ts';
import { patientReview } from '../../../src-main/services/review/patient-review.ts';
import { seedTherapyHistory } from '../../../src-main/cli/bench/therapy-history.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'nf-review-chart-'));
const db = openDatabase(dir);
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});
/** The seeded six weeks: sessions at weeks 0, 1, 2, 4, 6; online 11/20, 25/40, 14/20, 31/40, 17/20; models 26..33 of 40. */
const rising: PatientReview = patientReview(db, seedTherapyHistory(db, 'RC-001').patientId);
/** Week 0: a model, no online run; week 1: neither. */
const sparse: PatientReview = patientReview(db, seedTherapyHistory(db, 'RC-002', [{ day: 0, online: [], cvCorrect: 30 }, { day: 7, online: [], cvCorrect: null }]).patientId);

const text = {
  accuracy: 'Accuracy', weeks: 'Weeks since the first session', week: (w: number) => `week ${w}`,
  online: 'Online', model: 'Model', chance: 'Chance', trend: 'Trend', describe: (i: number) => `session ${i}`,
};
type Series = { id: string; data: unknown[]; tooltip?: { formatter?: (p: { dataIndex: number }) => string; show?: boolean }; lineStyle?: { type: string }; renderItem?: (p: unknown, api: unknown) => unknown };
const seriesOf = (option: ReturnType<typeof buildReviewOption>, id: string) => option.series.find((s) => s.id === id) as unknown as Series;

describe('buildReviewOption', () => {
  const option = buildReviewOption({ sessions: rising.sessions, trend: rising.onlineTrend, text });
  const x = reviewXRange(rising.sessions);

  it('x: weeks since the first session with a margin, whole weeks labelled "week n"; y: accuracy 0–100 %', () => {
    expect(x).toEqual({ min: -0.5, max: 6.5, offset: 0.013 * 7 });
    expect(option.xAxis).toMatchObject({ type: 'value', min: -0.5, max: 6.5, name: 'Weeks since the first session' });
    const label = option.xAxis.axisLabel.formatter;
    expect([-0.5, 0, 1, 2.5, 6, 6.5].map(label)).toEqual(['', 'week 0', 'week 1', '', 'week 6', '']);
    expect(option.yAxis).toMatchObject({ min: 0, max: 100, name: 'Accuracy (%)', axisLine: { onZero: false } });
    // The tooltip stays inside the chart: past the window's edge it would widen the page.
    expect(option.tooltip).toMatchObject({ trigger: 'item', confine: true });
  });

  it('each session\'s online accuracy (all its online runs together) at its week, with its exact interval; filled above chance, hollow not', () => {
    expect(seriesOf(option, 'online').data.map((d) => (d as { value: number[] }).value)).toEqual([[0, 55], [1, 62.5], [2, 70], [4, 77.5], [6, 85]]);
    // 25 of 40 at week 1 is exactly the chance level (62.5%): not above it, so hollow; 31 of 40 at week 4 is above (chance 62.5%).
    expect(seriesOf(option, 'online').data.map((d) => (d as { itemStyle: { color: string } }).itemStyle.color)).toEqual(['#ffffff', '#ffffff', '#ffffff', ONLINE_COLOUR, ONLINE_COLOUR]);
    const intervals = seriesOf(option, 'online-interval').data as number[][];
    expect(intervals[1]).toEqual([1, 45.8, 77.3]);
    expect(intervals.map((d) => d[0])).toEqual([0, 1, 2, 4, 6]);
  });

  it('the model\'s cross-validated accuracy and interval just left of the online marker, so the bars do not overlap', () => {
    const model = seriesOf(option, 'model').data as { value: number[]; itemStyle: { borderColor: string } }[];
    expect(model.map((d) => d.value[1])).toEqual([65, 67.5, 72.5, 77.5, 82.5]);
    expect(model.map((d) => d.value[0])).toEqual([0, 1, 2, 4, 6].map((w) => w - x.offset));
    expect(model[0].itemStyle.borderColor).toBe(MODEL_COLOUR);
    expect((seriesOf(option, 'model-interval').data as number[][])[1]).toEqual([1 - x.offset, 50.9, 81.4]);
  });

  it('a dashed chance mark at each session\'s online count: 70% at 20 trials, 62.5% at 40', () => {
    expect(seriesOf(option, 'chance').data).toEqual([[0, 70], [1, 62.5], [2, 70], [4, 62.5], [6, 70]]);
    const drawn = seriesOf(option, 'chance').renderItem!({ coordSys: {} }, { value: (i: number) => [2, 70][i], coord: ([a, b]: number[]) => [100 * a, 400 - b], style: () => ({}) });
    expect(drawn).toMatchObject({ type: 'line', shape: { x1: 182, y1: 330, x2: 218, y2: 330 }, style: { lineDash: [4, 3] } });
  });

  it('the logistic trend from the first to the last online session, solid when p < 0.05, without a tooltip', () => {
    const curve = seriesOf(option, 'trend');
    const points = curve.data as number[][];
    expect(points).toHaveLength(TREND_POINTS);
    const trend = rising.onlineTrend as Extract<OnlineTrend, { fitted: true }>;
    expect(points[0]).toEqual([0, Math.round(1000 * trend.fittedFirst) / 10]);
    expect(points[TREND_POINTS - 1]).toEqual([6, Math.round(1000 * trend.fittedLast) / 10]);
    expect(points[20][0]).toBeCloseTo(3, 12);
    expect(curve.lineStyle!.type).toBe('solid');
    expect(curve.tooltip).toEqual({ show: false });
  });

  it('a trend that is not significant is dotted; no fit, no curve', () => {
    const flat = { ...rising.onlineTrend, pValue: 0.4 } as OnlineTrend;
    expect(seriesOf(buildReviewOption({ sessions: rising.sessions, trend: flat, text }), 'trend').lineStyle!.type).toBe('dotted');
    expect(trendCurve(sparse.sessions, sparse.onlineTrend)).toEqual([]);
  });

  it('every series\' tooltip reads the session whose index it is given', () => {
    for (const id of ['online', 'online-interval', 'model', 'model-interval', 'chance']) expect(seriesOf(option, id).tooltip!.formatter!({ dataIndex: 3 })).toBe('session 3');
  });

  it('a session without online trials or model keeps its index, with empty values that draw nothing', () => {
    const o = buildReviewOption({ sessions: sparse.sessions, trend: sparse.onlineTrend, text });
    expect(seriesOf(o, 'online').data).toEqual([{ value: [0, '-'] }, { value: [1, '-'] }]);
    expect((seriesOf(o, 'model').data as { value: unknown[] }[]).map((d) => d.value[1])).toEqual([75, '-']);
    expect(seriesOf(o, 'chance').data).toEqual([[0, '-'], [1, '-']]);
    const empty = seriesOf(o, 'online-interval').renderItem!({ coordSys: {} }, { value: () => Number.NaN, coord: () => [0, 0], style: () => ({}) });
    expect(empty).toBeNull();
  });
});

describe('reviewPointOf: where the keyboard cursor shows a session', () => {
  it('its online marker, else its model, else nothing', () => {
    expect(reviewPointOf(rising.sessions, 2)).toEqual({ seriesId: 'online', dataIndex: 2 });
    expect(reviewPointOf(sparse.sessions, 0)).toEqual({ seriesId: 'model', dataIndex: 0 });
    expect(reviewPointOf(sparse.sessions, 1)).toBeNull();
    expect(reviewPointOf(sparse.sessions, 5)).toBeNull();
  });
});
