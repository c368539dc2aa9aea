// Pure builder of the topographic map: values at electrodes interpolated over a head outline seen from above, nose up.
import { DIVERGING, INK, SEQUENTIAL, colourRange } from './colour-scales.ts';
import type { CellPainter, ChartImage } from './r2-map-option.ts';

/** The part of a 2-D canvas context that painting the surface needs (typed by shape: no DOM library here); S is the scratch canvas. */
export interface SurfacePainter<S> {
  save(): void;
  restore(): void;
  beginPath(): void;
  arc(x: number, y: number, radius: number, startAngle: number, endAngle: number): void;
  clip(): void;
  clearRect(x: number, y: number, width: number, height: number): void;
  drawImage(image: S, dx: number, dy: number, dw: number, dh: number): void;
  imageSmoothingEnabled: boolean;
  imageSmoothingQuality: unknown;
}

/** A small canvas the grid is coloured on before it is scaled. */
export interface ScratchCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): CellPainter | null;
}

/** An electrode on the flat head map: x to the right ear, y to the nose; the head circle has radius 0.5. */
export interface TopoElectrode {
  label: string;
  x: number;
  y: number;
  value: number;
}

export interface TopoGrid {
  /** n x n values, row 0 at the top (nose side), column 0 on the left; NaN outside the disk. */
  values: Float64Array;
  n: number;
  /** Radius of the disk covered, map units (at least the head's 0.5, more when electrodes lie outside it). */
  radius: number;
}

/**
 * Inverse-distance-weighted interpolation (power 2) of the electrode values on an n x n grid over the disk that holds
 * the head and every electrode; cells outside the disk are NaN. A cell centred on an electrode takes its value.
 * Electrodes with non-finite values are left out; with none left every cell is NaN.
 */
export function interpolateGrid(electrodes: TopoElectrode[], n: number): TopoGrid {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`interpolateGrid: n must be an integer >= 2, got ${n}`);
  const usable = electrodes.filter((e) => Number.isFinite(e.value) && Number.isFinite(e.x) && Number.isFinite(e.y));
  const radius = Math.max(0.5, ...usable.map((e) => Math.hypot(e.x, e.y)));
  const step = (2 * radius) / n;
  const values = new Float64Array(n * n).fill(Number.NaN);
  if (usable.length === 0) return { values, n, radius };
  for (let row = 0; row < n; row++) {
    const y = radius - (row + 0.5) * step;
    for (let col = 0; col < n; col++) {
      const x = -radius + (col + 0.5) * step;
      // One cell beyond the disk so that the clipped edge is fully painted.
      if (Math.hypot(x, y) > radius + step) continue;
      let num = 0;
      let den = 0;
      let exact: number | null = null;
      for (const e of usable) {
        const d2 = (x - e.x) ** 2 + (y - e.y) ** 2;
        if (d2 < 1e-12) {
          exact = e.value;
          break;
        }
        num += e.value / d2;
        den += 1 / d2;
      }
      values[row * n + col] = exact ?? num / den;
    }
  }
  return { values, n, radius };
}

/** The head outline in map units: the circle, the nose and the two ears, each a polyline. */
export function headOutline(): [number, number][][] {
  const circle: [number, number][] = [];
  for (let k = 0; k <= 96; k++) circle.push([0.5 * Math.cos((2 * Math.PI * k) / 96), 0.5 * Math.sin((2 * Math.PI * k) / 96)]);
  const nose: [number, number][] = [[-0.08, 0.495], [0, 0.58], [0.08, 0.495]];
  const ear = (side: 1 | -1): [number, number][] => [[side * 0.497, 0.06], [side * 0.53, 0.08], [side * 0.55, 0.04], [side * 0.55, -0.06], [side * 0.53, -0.1], [side * 0.497, -0.08]];
  return [circle, nose, ear(-1), ear(1)];
}

export interface TopoMapInput {
  electrodes: TopoElectrode[];
  signed: boolean;
  /** Size of the chart, px: the head is drawn in the largest square above the colour scale. */
  widthPx: number;
  heightPx: number;
  /** The interpolated surface painted at the size of the head's square (see `paintSurface`), or a data URL of it; null draws no surface. */
  surface: ChartImage | null;
  /** Electrodes whose names are outlined (the chosen channel). */
  highlight?: string[];
  /** The value's name in the hover text ("R² 0.214"); R² when absent. */
  valueName?: string;
}

/** The text read out when the pointer is on an electrode. */
export const electrodeText = (e: TopoElectrode, valueName: string): string => `${e.label} · ${valueName} ${Number.isFinite(e.value) ? e.value.toFixed(3) : '–'}`;

/** Height kept under the head for the colour scale, px. */
export const SCALE_BAND_PX = 56;

/** Insets that make the plotting area the largest centred square above the colour scale (a round head, whatever the box). */
export function squarePlotGrid(widthPx: number, heightPx: number): { left: number; right: number; top: number; bottom: number } {
  const pad = 8;
  const side = Math.max(10, Math.min(widthPx - 2 * pad, heightPx - SCALE_BAND_PX - pad));
  const left = Math.max(pad, (widthPx - side) / 2);
  return { left, right: Math.max(pad, widthPx - left - side), top: pad, bottom: Math.max(SCALE_BAND_PX, heightPx - pad - side) };
}

/** The colour scale of the map: symmetric around zero when signed. */
export function topoRange(electrodes: TopoElectrode[], signed: boolean): { min: number; max: number } {
  let top = 0;
  for (const e of electrodes) if (Number.isFinite(e.value) && Math.abs(e.value) > top) top = Math.abs(e.value);
  return colourRange(top, signed);
}

/** Half the side of the square the axes show, map units: the head with its nose and ears, and every electrode. */
export const topoExtent = (electrodes: TopoElectrode[]): number => Math.max(0.62, ...electrodes.map((e) => Math.hypot(e.x, e.y) + 0.06));

/**
 * Paints the interpolated surface on a square 2-D context of `sidePx` (the plotting area, which shows
 * [-extent, extent] on both axes): the grid coloured cell by cell on a small canvas, then drawn scaled with smoothing
 * and clipped to the disk it covers, so the edge is a clean circle.
 */
export function paintSurface<S extends ScratchCanvas>(
  context: SurfacePainter<S>,
  scratch: S,
  grid: TopoGrid,
  colour: (value: number) => string | null,
  extent: number,
  sidePx: number,
): void {
  scratch.width = grid.n;
  scratch.height = grid.n;
  const small = scratch.getContext('2d');
  if (!small) return;
  for (let row = 0; row < grid.n; row++) {
    for (let col = 0; col < grid.n; col++) {
      const c = colour(grid.values[row * grid.n + col]);
      if (c === null) continue;
      small.fillStyle = c;
      small.fillRect(col, row, 1, 1);
    }
  }
  const pxPerUnit = sidePx / (2 * extent);
  const centre = sidePx / 2;
  context.clearRect(0, 0, sidePx, sidePx);
  context.save();
  context.beginPath();
  context.arc(centre, centre, grid.radius * pxPerUnit, 0, 2 * Math.PI);
  context.clip();
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  const size = 2 * grid.radius * pxPerUnit;
  context.drawImage(scratch, centre - size / 2, centre - size / 2, size, size);
  context.restore();
}

/** What a head plot's tooltip is given by ECharts for the item under the pointer. */
export interface HeadItem {
  seriesId?: string;
  dataIndex?: number;
}

/**
 * The frame every head plot shares (the topographic map, the connectivity links): a square plot of ±`extent` with
 * hidden axes, an item tooltip worded by `tooltip`, and the colour bar of `range` under the head (`digits` decimals).
 */
export function headPlotFrame(frame: {
  extent: number;
  plot: { left: number; right: number; top: number; bottom: number };
  range: { min: number; max: number };
  signed: boolean;
  widthPx: number;
  digits: number;
  colours: readonly string[];
  tooltip: (item: HeadItem) => string;
}) {
  const { extent, range, signed, digits } = frame;
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { color: INK, fontFamily: 'system-ui, sans-serif' },
    grid: { ...frame.plot },
    tooltip: { trigger: 'item' as const, transitionDuration: 0, formatter: frame.tooltip },
    xAxis: { type: 'value' as const, min: -extent, max: extent, show: false },
    yAxis: { type: 'value' as const, min: -extent, max: extent, show: false },
    visualMap: {
      type: 'continuous' as const,
      min: range.min,
      max: range.max,
      dimension: 2,
      seriesIndex: 0,
      show: true,
      orient: 'horizontal' as const,
      left: 'center' as const,
      bottom: 6,
      itemWidth: 12,
      itemHeight: Math.min(220, Math.max(80, frame.widthPx - 140)),
      calculable: false,
      text: [signed ? `+${range.max.toFixed(digits)}` : range.max.toFixed(digits), range.min.toFixed(digits)],
      textGap: 8,
      textStyle: { color: INK, fontSize: 12 },
      inRange: { color: [...frame.colours] },
    },
  };
}

export function buildTopoMapOption(input: TopoMapInput) {
  const range = topoRange(input.electrodes, input.signed);
  const extent = topoExtent(input.electrodes);
  const plot = squarePlotGrid(input.widthPx, input.heightPx);
  const side = input.widthPx - plot.left - plot.right;
  const highlight = new Set(input.highlight ?? []);
  return {
    ...headPlotFrame({
      extent, plot, range, signed: input.signed, widthPx: input.widthPx, digits: 2,
      colours: input.signed ? DIVERGING : SEQUENTIAL,
      // Hovering an electrode reads its value.
      tooltip: (p) => (p.seriesId === 'electrodes' && p.dataIndex !== undefined ? electrodeText(input.electrodes[p.dataIndex], input.valueName ?? 'R²') : ''),
    }),
    graphic: input.surface
      ? [{ type: 'image' as const, id: 'surface', left: plot.left, top: plot.top, z: 0, silent: true, style: { image: input.surface, width: side, height: side } }]
      : [],
    series: [
      // The colour scale belongs to this empty series; the surface itself is the image below.
      { id: 'scale', type: 'scatter' as const, data: [] as number[][], silent: true },
      ...headOutline().map((line, k) => ({
        id: `outline${k}`,
        type: 'line' as const,
        data: line,
        showSymbol: false,
        symbol: 'none',
        silent: true,
        lineStyle: { color: INK, width: 2 },
        z: 3,
      })),
      {
        id: 'electrodes',
        type: 'scatter' as const,
        data: input.electrodes.map((e) => ({
          value: [e.x, e.y],
          name: e.label,
          symbolSize: highlight.has(e.label) ? 11 : 5,
          itemStyle: highlight.has(e.label) ? { color: '#ffffff', borderColor: INK, borderWidth: 2 } : { color: INK },
        })),
        // Dark text with a white halo stays readable on every colour of the scale.
        label: { show: input.electrodes.length <= 64, formatter: '{b}', position: 'top' as const, distance: 2, fontSize: 10, color: INK, textBorderColor: '#ffffff', textBorderWidth: 2 },
        emphasis: { scale: 1.6 },
        z: 4,
      },
    ],
  };
}
