// Pure builder of the ERD/ERS view: one time x frequency heatmap per class, % change from the baseline on a diverging scale, cue and window marked.
import { AXIS, DIVERGING, INK } from './colour-scales.ts';
import { formatHz } from './r2-map-option.ts';

export interface ErdsMapInput {
  /** Frame centres relative to the cue, s. */
  timesSec: number[];
  freqsHz: number[];
  /** Per class `[time][freq]`, % change from the baseline. */
  classes: { name: string; values: number[][] }[];
  /** The extraction's window and the baseline, s relative to the cue. */
  windowSec: [number, number];
  baselineSec: [number, number];
  /** Length of the frames, s (features.view: 1 s): the baseline is the frames lying wholly inside it. */
  frameSec: number;
  /** Words in the window's language. */
  text: { time: string; frequency: string; cue: string; window: string; baseline: string; change: string };
}

/**
 * The colour range, symmetric around 0: the 95th percentile of |value| over both classes, rounded up to 5 %, at least
 * 10 %. A few frames of large synchronisation (+300 %) would otherwise wash out the desynchronisation the view is for;
 * values beyond it take the end colours.
 */
export function erdsRange(classes: { values: number[][] }[]): number {
  const magnitudes: number[] = [];
  for (const c of classes) for (const row of c.values) for (const v of row) if (Number.isFinite(v)) magnitudes.push(Math.abs(v));
  if (magnitudes.length === 0) return 10;
  magnitudes.sort((a, b) => a - b);
  const p95 = magnitudes[Math.min(magnitudes.length - 1, Math.floor(0.95 * (magnitudes.length - 1)))];
  return Math.max(10, Math.ceil(p95 / 5) * 5);
}

/** Time labels: seconds with up to three decimals, signed ("−0.5", "0", "1.25"). */
export const formatSec = (s: number): string => {
  const text = Number(s.toFixed(3)).toString();
  return text.startsWith('-') ? `−${text.slice(1)}` : text;
};

/** Index of the frame centre nearest a time (the category a mark is drawn at). */
export function nearestTime(timesSec: number[], t: number): number {
  let best = 0;
  for (let i = 1; i < timesSec.length; i++) if (Math.abs(timesSec[i] - t) < Math.abs(timesSec[best] - t)) best = i;
  return best;
}

/** First and last frame centre inside [from, to] (inclusive), as category indices; null when none is. */
export function timeSpan(timesSec: number[], from: number, to: number): [number, number] | null {
  const inside = timesSec.map((t, i) => (t >= from - 1e-9 && t <= to + 1e-9 ? i : -1)).filter((i) => i >= 0);
  return inside.length > 0 ? [inside[0], inside[inside.length - 1]] : null;
}

/**
 * The ERD/ERS maps as one grid for the keyboard cursor (state/map-cursor.ts): rows are frequencies from the highest
 * (the top of the maps) down, columns the frames of the first class then of the next (the maps side by side).
 */
export const erdsGridSize = (nClasses: number, nTimes: number, nFreqs: number): { nRows: number; nCols: number } => ({ nRows: nFreqs, nCols: nClasses * nTimes });

/** The class, frame and bin of a cell of `erdsGridSize`'s grid. */
export function erdsCellAt(cell: { row: number; col: number }, nTimes: number, nFreqs: number): { cls: number; time: number; freq: number } {
  return { cls: Math.floor(cell.col / nTimes), time: cell.col % nTimes, freq: nFreqs - 1 - cell.row };
}

/** The index of a frame and bin in its class's heatmap series (the data is frame-major, as the builder lays it). */
export const erdsDataIndex = (time: number, freq: number, nFreqs: number): number => time * nFreqs + freq;

/** The text read out for one cell. */
export function erdsCellText(input: Pick<ErdsMapInput, 'timesSec' | 'freqsHz' | 'classes' | 'text'>, cls: number, time: number, freq: number): string {
  const v = input.classes[cls]?.values[time]?.[freq];
  const value = v === undefined || !Number.isFinite(v) ? '–' : `${formatPercent(v)} %`;
  return `${input.classes[cls].name} · ${input.text.time} ${formatSec(input.timesSec[time])} s · ${input.text.frequency} ${formatHz(input.freqsHz[freq])} Hz · ${input.text.change} ${value}`;
}

/**
 * The strongest desynchronisation of one class inside a time span (frame centres from..to): the most negative value,
 * its frame and bin; null when the span holds no finite value. Said in words under the map, for keyboard and screen
 * reader users who cannot hover.
 */
export function strongestDecrease(values: number[][], timesSec: number[], span: [number, number], bins?: number[]): { time: number; freq: number; value: number } | null {
  let best: { time: number; freq: number; value: number } | null = null;
  const keep = bins ? new Set(bins) : null;
  values.forEach((row, t) => {
    if (timesSec[t] < span[0] - 1e-9 || timesSec[t] > span[1] + 1e-9) return;
    row.forEach((v, f) => {
      if ((keep === null || keep.has(f)) && Number.isFinite(v) && (best === null || v < best.value)) best = { time: t, freq: f, value: v };
    });
  });
  return best;
}

/** A signed whole percentage with a true minus sign ("−42", "+25", "0"). */
export const formatPercent = (v: number): string => {
  const r = Math.round(v);
  return r > 0 ? `+${r}` : r < 0 ? `−${-r}` : '0';
};

export function buildErdsMapOption(input: ErdsMapInput) {
  const { timesSec, freqsHz, classes } = input;
  for (const c of classes) {
    if (c.values.length !== timesSec.length) throw new RangeError(`buildErdsMapOption: class ${c.name} has ${c.values.length} frames for ${timesSec.length} times`);
    for (const row of c.values) if (row.length !== freqsHz.length) throw new RangeError(`buildErdsMapOption: class ${c.name} has a frame of ${row.length} values for ${freqsHz.length} frequencies`);
  }
  const range = erdsRange(classes);
  const n = classes.length;
  const gap = 4;
  const width = (100 - 8 - 12 - gap * (n - 1)) / n;
  const cue = nearestTime(timesSec, 0);
  const window = timeSpan(timesSec, input.windowSec[0], input.windowSec[1]);
  // The frames the reference power R(f) is the mean of: those lying wholly inside the baseline.
  const baseline = timeSpan(timesSec, input.baselineSec[0] + input.frameSec / 2, input.baselineSec[1] - input.frameSec / 2);
  const labelEvery = Math.max(1, Math.round(0.5 / Math.max(1e-9, (timesSec[1] ?? 1) - (timesSec[0] ?? 0))));
  // A span's two edges, one of them labelled: the window at its end (its start is the cue, already labelled), the baseline at its start.
  const edges = (span: [number, number] | null, name: string, type: 'dashed' | 'dotted', labelled: 0 | 1) => (span
    ? span.map((x, i) => ({ xAxis: x, name, lineStyle: { color: INK, width: 1.5, type }, label: { formatter: i === labelled ? name : '' } }))
    : []);
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { color: INK, fontFamily: 'system-ui, sans-serif' },
    title: classes.map((c, k) => ({ text: c.name, left: `${8 + k * (width + gap)}%`, top: 0, textStyle: { fontSize: 14, color: INK } })),
    tooltip: {
      trigger: 'item' as const,
      transitionDuration: 0,
      // Inside the chart: the cells at its edges (the keyboard's first cell among them) keep their tooltip in view.
      confine: true,
      formatter: (p: { seriesIndex?: number; data?: unknown }) => {
        const d = p.data as number[] | undefined;
        return Array.isArray(d) && p.seriesIndex !== undefined ? erdsCellText(input, p.seriesIndex, d[0], d[1]) : '';
      },
    },
    grid: classes.map((_, k) => ({ left: `${8 + k * (width + gap)}%`, width: `${width}%`, top: 44, bottom: 78 })),
    xAxis: classes.map((_, k) => ({
      type: 'category' as const,
      gridIndex: k,
      data: timesSec.map(formatSec),
      name: `${input.text.time} (s)`,
      nameLocation: 'middle' as const,
      nameGap: 26,
      axisLabel: { interval: labelEvery - 1, color: AXIS, fontSize: 11 },
      axisTick: { alignWithLabel: true },
      axisLine: { lineStyle: { color: AXIS } },
    })),
    yAxis: classes.map((_, k) => ({
      type: 'category' as const,
      gridIndex: k,
      data: freqsHz.map(formatHz),
      name: k === 0 ? `${input.text.frequency} (Hz)` : '',
      nameLocation: 'middle' as const,
      nameGap: 30,
      axisLabel: { interval: Math.max(0, Math.ceil(freqsHz.length / 10) - 1), color: AXIS, fontSize: 11, show: true },
      axisTick: { show: false },
      axisLine: { lineStyle: { color: AXIS } },
    })),
    visualMap: {
      type: 'continuous' as const,
      min: -range,
      max: range,
      dimension: 2,
      seriesIndex: classes.map((_, k) => k),
      calculable: false,
      orient: 'horizontal' as const,
      left: 'center' as const,
      bottom: 4,
      itemWidth: 12,
      itemHeight: 220,
      text: [`+${range} % (ERS)`, `−${range} % (ERD)`],
      textGap: 8,
      textStyle: { color: INK, fontSize: 12 },
      inRange: { color: [...DIVERGING] },
    },
    series: classes.map((c, k) => ({
      id: `class${k}`,
      name: c.name,
      type: 'heatmap' as const,
      xAxisIndex: k,
      yAxisIndex: k,
      // Frame-major (`erdsDataIndex`).
      data: c.values.flatMap((row, t) => row.map((v, f) => [t, f, Number.isFinite(v) ? v : '-'])),
      emphasis: { itemStyle: { borderColor: INK, borderWidth: 1 } },
      progressive: 0,
      // Vertical lines drawn over the cells: the cue (solid), the window's edges (dashed), the baseline frames' edges (dotted).
      markLine: {
        silent: true,
        symbol: 'none',
        label: { position: 'end' as const, color: INK, fontSize: 11 },
        data: [
          { xAxis: cue, name: input.text.cue, lineStyle: { color: INK, width: 2, type: 'solid' as const }, label: { formatter: input.text.cue } },
          ...edges(window, input.text.window, 'dashed', 1),
          ...edges(baseline, input.text.baseline, 'dotted', 0),
        ],
      },
    })),
  };
}
