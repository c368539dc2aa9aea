// The report's chart of accuracy over the weeks as vector shapes, drawn once and written as SVG (HTML) or PDF paths.
import type { PatientReview } from '../../contract/api.ts';
import { textWidth } from '../../core/formats/pdf/win-ansi.ts';
import type { ReportText } from './report-text.ts';

export type Rgb = readonly [number, number, number];
export type Point = readonly [number, number];

/** Coordinates in points from the drawing's top-left corner, y downwards; text is placed by its baseline, in Helvetica. */
export type Shape =
  | { kind: 'line'; points: readonly Point[]; colour: Rgb; width: number; dash?: readonly number[] }
  | { kind: 'rect'; x: number; y: number; width: number; height: number; fill: Rgb | null; stroke: Rgb | null }
  | { kind: 'circle'; x: number; y: number; r: number; fill: Rgb }
  | { kind: 'polygon'; points: readonly Point[]; fill: Rgb }
  | { kind: 'text'; x: number; y: number; text: string; size: number; bold?: boolean; anchor: 'start' | 'middle' | 'end'; colour: Rgb };

export interface Drawing {
  width: number;
  height: number;
  shapes: Shape[];
}

export const chartColours = {
  online: [31, 78, 154] as Rgb,
  model: [204, 102, 0] as Rgb,
  chance: [110, 110, 110] as Rgb,
  trend: [0, 137, 123] as Rgb,
  grid: [221, 221, 221] as Rgb,
  axis: [68, 68, 68] as Rgb,
};

/** Week ticks: a step of 1, 2, 5, 10... weeks so that there are at most 12. */
function weekStep(span: number): number {
  for (const step of [1, 2, 5, 10, 20, 50, 100]) if (span / step <= 12) return step;
  return Math.ceil(span / 12);
}

/** An interval bar with caps at `x` from `low` to `high` (already in y coordinates). */
function intervalBar(x: number, yLow: number, yHigh: number, colour: Rgb): Shape[] {
  return [
    { kind: 'line', points: [[x, yLow], [x, yHigh]], colour, width: 1 },
    { kind: 'line', points: [[x - 2.5, yLow], [x + 2.5, yLow]], colour, width: 1 },
    { kind: 'line', points: [[x - 2.5, yHigh], [x + 2.5, yHigh]], colour, width: 1 },
  ];
}

const diamond = (x: number, y: number, r: number): Point[] => [[x, y - r], [x + r, y], [x, y + r], [x - r, y]];

/**
 * Online accuracy per session with its 95% interval (circles), the chosen model's CV accuracy with its interval
 * (diamonds), each one's chance level (dashed ticks), and the fitted trend over the online sessions.
 */
export function accuracyChart(review: PatientReview, text: ReportText, width: number, height: number): Drawing {
  const shapes: Shape[] = [];
  const fmt = text.numbers;
  let legendY = 10;
  const plot = { left: 40, right: width - 12, top: 52, bottom: height - 34 };
  const weeks = review.sessions.map((s) => s.week);
  const lastWeek = Math.max(0, ...weeks);
  const domain = [-0.5, Math.max(lastWeek, 1) + 0.5];
  const x = (week: number) => plot.left + ((week - domain[0]) / (domain[1] - domain[0])) * (plot.right - plot.left);
  const y = (accuracy: number) => plot.bottom - accuracy * (plot.bottom - plot.top);

  // Legend: marker and label, in a second row where the first is full.
  let lx = plot.left;
  const legendItem = (label: string, markerOf: (lx: number, ly: number) => Shape[]) => {
    if (lx > plot.left && lx + 14 + textWidth(label, 'Helvetica', 8) > plot.right) {
      lx = plot.left;
      legendY += 14;
    }
    shapes.push(...markerOf(lx, legendY), { kind: 'text', x: lx + 14, y: legendY + 3, text: label, size: 8, anchor: 'start', colour: chartColours.axis });
    lx += 14 + textWidth(label, 'Helvetica', 8) + 14;
  };
  legendItem(text.chart.online, (mx, my) => [{ kind: 'circle', x: mx + 5, y: my, r: 3, fill: chartColours.online }]);
  legendItem(text.chart.model, (mx, my) => [{ kind: 'polygon', points: diamond(mx + 5, my, 3.5), fill: chartColours.model }]);
  legendItem(text.chart.chance, (mx, my) => [{ kind: 'line', points: [[mx, my], [mx + 10, my]], colour: chartColours.chance, width: 1.2, dash: [2, 1.5] }]);
  if (review.onlineTrend.fitted) legendItem(text.chart.trend, (mx, my) => [{ kind: 'line', points: [[mx, my], [mx + 10, my]], colour: chartColours.trend, width: 1.5 }]);

  // Axes and grid: accuracy from 0 to 100% every 20%, weeks below.
  shapes.push({ kind: 'text', x: plot.left - 6, y: plot.top - 8, text: text.chart.accuracy, size: 8, bold: true, anchor: 'start', colour: chartColours.axis });
  for (let tick = 0; tick <= 100; tick += 20) {
    const ty = y(tick / 100);
    if (tick > 0) shapes.push({ kind: 'line', points: [[plot.left, ty], [plot.right, ty]], colour: chartColours.grid, width: 0.5 });
    shapes.push({ kind: 'text', x: plot.left - 4, y: ty + 3, text: fmt.percent(tick / 100), size: 7.5, anchor: 'end', colour: chartColours.axis });
  }
  shapes.push({ kind: 'line', points: [[plot.left, plot.top], [plot.left, plot.bottom], [plot.right, plot.bottom]], colour: chartColours.axis, width: 0.8 });
  const step = weekStep(domain[1] - domain[0]);
  for (let week = 0; week <= domain[1]; week += step) {
    shapes.push({ kind: 'line', points: [[x(week), plot.bottom], [x(week), plot.bottom + 3]], colour: chartColours.axis, width: 0.8 });
    shapes.push({ kind: 'text', x: x(week), y: plot.bottom + 12, text: String(week), size: 7.5, anchor: 'middle', colour: chartColours.axis });
  }
  shapes.push({ kind: 'text', x: (plot.left + plot.right) / 2, y: plot.bottom + 26, text: text.chart.weeks, size: 8, anchor: 'middle', colour: chartColours.axis });

  // The fitted trend under the markers, over the online sessions' weeks.
  const trend = review.onlineTrend;
  if (trend.fitted) {
    const online = review.sessions.filter((s) => s.onlineTotal.decided > 0).map((s) => s.week);
    const from = Math.min(...online);
    const to = Math.max(...online);
    const points: Point[] = [];
    for (let i = 0; i <= 48; i++) {
      const week = from + ((to - from) * i) / 48;
      points.push([x(week), y(1 / (1 + Math.exp(-(trend.intercept + trend.slope * week))))]);
    }
    shapes.push({ kind: 'line', points, colour: chartColours.trend, width: 1.5 });
  }

  // Each session: the model's estimate just left of its week, the online score just right.
  const offset = Math.min(4, ((plot.right - plot.left) / Math.max(1, domain[1] - domain[0])) / 4);
  for (const session of review.sessions) {
    const model = session.model;
    if (model) {
      const mx = x(session.week) - offset;
      shapes.push({ kind: 'line', points: [[mx - 4, y(model.significanceThreshold)], [mx + 4, y(model.significanceThreshold)]], colour: chartColours.chance, width: 1.2, dash: [2, 1.5] });
      shapes.push(...intervalBar(mx, y(model.ci95[0]), y(model.ci95[1]), chartColours.model));
      shapes.push({ kind: 'polygon', points: diamond(mx, y(model.accuracy), 3.5), fill: chartColours.model });
    }
    const score = session.onlineTotal;
    if (score.accuracy !== null && score.ci95 && score.significanceThreshold !== null) {
      const ox = x(session.week) + offset;
      shapes.push({ kind: 'line', points: [[ox - 4, y(score.significanceThreshold)], [ox + 4, y(score.significanceThreshold)]], colour: chartColours.chance, width: 1.2, dash: [2, 1.5] });
      shapes.push(...intervalBar(ox, y(score.ci95[0]), y(score.ci95[1]), chartColours.online));
      shapes.push({ kind: 'circle', x: ox, y: y(score.accuracy), r: 3, fill: chartColours.online });
    }
  }
  return { width, height, shapes };
}
