// Pure builder of the R² map: a channel x frequency map painted as one image under ECharts axes, its colour scale and the outlines of chosen cells.
import type { CellRect } from '../state/feature-selection.ts';
import { AXIS, DIVERGING, INK, SEQUENTIAL, colourOf, colourRange } from './colour-scales.ts';

/**
 * An image ECharts can draw: a canvas (or image element) or a data URL. Typed by shape so that these builders
 * compile without the DOM library, as the unit tests do.
 */
export type ChartImage = { readonly width: number; readonly height: number } | string;

/** The part of a 2-D canvas context that painting cells needs. */
export interface CellPainter {
  fillStyle: unknown;
  fillRect(x: number, y: number, width: number, height: number): void;
  clearRect(x: number, y: number, width: number, height: number): void;
}

export interface R2MapInput {
  /** Row labels, top to bottom (already in display order and clean). */
  rowLabels: string[];
  freqsHz: number[];
  /** `[row][freq]`, rows in the order of `rowLabels`. */
  values: number[][];
  /** Signed R² (diverging scale around 0) or R² (from 0). */
  signed: boolean;
  /** Rectangles outlined on the map: the features chosen and the one being dragged. */
  outlines: CellRect[];
  /** Size of the chart, px. */
  widthPx: number;
  heightPx: number;
  /** The cells painted at the size of the plotting area (see `paintCells`), or a data URL of it; null draws axes only. */
  image: ChartImage | null;
  /** Words of the axis name, in the window's language. */
  text: { channel: string; frequency: string; value: string };
}

/**
 * Insets of the plotting area, px: room for channel names on the left, the colour scale on the right and the
 * frequency axis below. Fixed rather than measured so the image, the axes and the pointer agree exactly.
 */
export const R2_MAP_INSETS = { left: 52, right: 92, top: 10, bottom: 46 } as const;

/** The plotting area of a chart of this size. */
export function plotArea(widthPx: number, heightPx: number): { x: number; y: number; width: number; height: number } {
  return {
    x: R2_MAP_INSETS.left,
    y: R2_MAP_INSETS.top,
    width: Math.max(1, widthPx - R2_MAP_INSETS.left - R2_MAP_INSETS.right),
    height: Math.max(1, heightPx - R2_MAP_INSETS.top - R2_MAP_INSETS.bottom),
  };
}

/** Pixel edges of n equal bands over `lengthPx`, rounded so that neighbouring cells share an edge (n + 1 values). */
export function bandEdges(n: number, lengthPx: number): number[] {
  const edges: number[] = [];
  for (let i = 0; i <= n; i++) edges.push(Math.round((i * lengthPx) / n));
  return edges;
}

/** The cell under a point of the chart, or null outside the plotting area. */
export function cellAtPixel(x: number, y: number, widthPx: number, heightPx: number, nRows: number, nCols: number): { row: number; col: number } | null {
  const area = plotArea(widthPx, heightPx);
  const fx = (x - area.x) / area.width;
  const fy = (y - area.y) / area.height;
  if (!(fx >= 0 && fx < 1 && fy >= 0 && fy < 1) || nRows === 0 || nCols === 0) return null;
  return { row: Math.floor(fy * nRows), col: Math.floor(fx * nCols) };
}

/** The colour scale of the map: symmetric around zero when signed. */
export function mapRange(values: number[][], signed: boolean): { min: number; max: number } {
  let top = 0;
  for (const row of values) for (const v of row) if (Number.isFinite(v) && Math.abs(v) > top) top = Math.abs(v);
  return colourRange(top, signed);
}

export const mapPalette = (signed: boolean): readonly string[] => (signed ? DIVERGING : SEQUENTIAL);

/** Each cell's CSS colour, `[row][freq]`; null where the value is not finite. */
export function cellColours(values: number[][], signed: boolean): (string | null)[][] {
  const range = mapRange(values, signed);
  const palette = mapPalette(signed);
  return values.map((row) => row.map((v) => colourOf(v, range, palette)));
}

/** Paints the cells on a 2-D context of the plotting area's size: one rectangle per cell, edges shared, nothing for NaN. */
export function paintCells(context: CellPainter, colours: (string | null)[][], widthPx: number, heightPx: number): void {
  context.clearRect(0, 0, widthPx, heightPx);
  const nRows = colours.length;
  const nCols = nRows > 0 ? colours[0].length : 0;
  const xs = bandEdges(nCols, widthPx);
  const ys = bandEdges(nRows, heightPx);
  for (let r = 0; r < nRows; r++) {
    for (let c = 0; c < nCols; c++) {
      const colour = colours[r][c];
      if (colour === null) continue;
      context.fillStyle = colour;
      context.fillRect(xs[c], ys[r], xs[c + 1] - xs[c], ys[r + 1] - ys[r]);
    }
  }
}

/** Frequencies as axis labels: whole numbers plainly, others with one decimal. */
export const formatHz = (hz: number): string => (Number.isInteger(hz) ? String(hz) : hz.toFixed(1));

/** Plot height for a number of rows: 12 px a row (labels stay legible), within 320..900 px. */
export const r2MapHeightPx = (nRows: number): number => Math.min(900, Math.max(320, nRows * 12 + R2_MAP_INSETS.top + R2_MAP_INSETS.bottom));

/** The text read out for one cell. */
export function cellText(input: Pick<R2MapInput, 'rowLabels' | 'freqsHz' | 'values' | 'text'>, row: number, col: number): string {
  const v = input.values[row]?.[col];
  const value = v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(3);
  return `${input.text.channel} ${input.rowLabels[row]} · ${input.text.frequency} ${formatHz(input.freqsHz[col])} Hz · ${input.text.value} ${value}`;
}

interface CustomApi {
  value(dim: number): number;
  coord(point: number[]): number[];
  size(point: number[]): number[];
}

/** Draws one outline `[col0, row0, col1, row1]` around whole cells (exported for its test). */
export function renderOutline(_params: unknown, api: CustomApi) {
  const a = api.coord([api.value(0), api.value(1)]);
  const b = api.coord([api.value(2), api.value(3)]);
  const [w, h] = api.size([1, 1]);
  const x = Math.min(a[0], b[0]) - w / 2;
  const y = Math.min(a[1], b[1]) - h / 2;
  return {
    type: 'rect',
    shape: { x, y, width: Math.abs(b[0] - a[0]) + w, height: Math.abs(b[1] - a[1]) + h },
    style: { fill: 'transparent', stroke: '#111111', lineWidth: 2 },
    silent: true,
  };
}

/** Data of the outline series. */
export const outlineData = (rects: CellRect[]): number[][] => rects.map((r) => [r.col0, r.row0, r.col1, r.row1]);

/**
 * The option: category axes (frequencies across, channels down, first channel at the top), the painted cells as one
 * image filling the plotting area (a heatmap of 2560 cells costs ECharts hundreds of ms; one image costs nothing),
 * the colour scale of an empty heatmap series, and the outlines as a custom series.
 */
export function buildR2MapOption(input: R2MapInput) {
  const { rowLabels, freqsHz, values, signed } = input;
  if (values.length !== rowLabels.length) throw new RangeError(`buildR2MapOption: ${values.length} rows of values for ${rowLabels.length} labels`);
  for (const row of values) if (row.length !== freqsHz.length) throw new RangeError(`buildR2MapOption: a row has ${row.length} values for ${freqsHz.length} frequencies`);
  const range = mapRange(values, signed);
  const area = plotArea(input.widthPx, input.heightPx);
  const labelEvery = Math.max(1, Math.ceil(freqsHz.length / 20));
  const rowPx = area.height / Math.max(1, rowLabels.length);
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { color: INK, fontFamily: 'system-ui, sans-serif' },
    grid: { ...R2_MAP_INSETS },
    tooltip: { show: false },
    xAxis: {
      type: 'category' as const,
      data: freqsHz.map(formatHz),
      name: `${input.text.frequency} (Hz)`,
      nameLocation: 'middle' as const,
      nameGap: 28,
      axisLabel: { interval: labelEvery - 1, color: AXIS, fontSize: 12 },
      axisTick: { alignWithLabel: true },
      axisLine: { lineStyle: { color: AXIS } },
    },
    yAxis: {
      type: 'category' as const,
      data: rowLabels,
      inverse: true,
      // Every name while rows are at least 9 px high; ECharts thins them out below that.
      axisLabel: { interval: rowPx >= 9 ? 0 : ('auto' as const), color: INK, fontSize: rowPx >= 12 ? 11 : 10, fontFamily: 'ui-monospace, monospace' },
      axisTick: { show: false },
      axisLine: { lineStyle: { color: AXIS } },
    },
    visualMap: {
      type: 'continuous' as const,
      min: range.min,
      max: range.max,
      dimension: 2,
      seriesIndex: 0,
      calculable: false,
      orient: 'vertical' as const,
      right: 8,
      top: 'middle' as const,
      itemHeight: Math.min(240, Math.max(80, area.height - 60)),
      text: [signed ? `+${range.max.toFixed(2)}` : range.max.toFixed(2), signed ? range.min.toFixed(2) : '0'],
      textStyle: { color: INK, fontSize: 12 },
      inRange: { color: [...mapPalette(signed)] },
    },
    graphic: input.image
      ? [{ type: 'image' as const, id: 'cells', left: area.x, top: area.y, z: 0, silent: true, style: { image: input.image, width: area.width, height: area.height } }]
      : [],
    series: [
      { id: 'scale', type: 'heatmap' as const, data: [] as number[][], silent: true },
      { id: 'outlines', type: 'custom' as const, renderItem: renderOutline, data: outlineData(input.outlines), silent: true, z: 10 },
    ],
  };
}
