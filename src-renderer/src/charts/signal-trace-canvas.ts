// Paints the live signal as pixels (grid, then each channel's min/max envelope) into a buffer the view puts on its canvas in one call.
//
// Measured in headless Chromium (software canvas, 64 channels x 312 columns on 1300 x 900 px, load 12): stroking the
// same envelope as a path cost 7 to 12 ms per frame once rasterised (most of it hidden in the page's paint, after the
// script), writing the pixels ourselves and `putImageData` 1.2 ms. The trace is not anti-aliased.

/** Insets of the plotting area, CSS px; the channel label column uses the same so its rows line up with the bands. */
export const PLOT_INSETS_PX = { top: 8, bottom: 30, left: 8, right: 16 } as const;

/** Two calm, high-contrast trace colours, alternated so neighbouring channels stay apart at a glance. */
export const TRACE_COLORS = ['#1d3b53', '#0f6b66'] as const;
export const GRID_COLOR = '#d9e0e5';
export const AXIS_COLOR = '#8a9aa6';

/** An RGBA pixel buffer (one u32 per pixel, as `ImageData` lays it out on little-endian machines: 0xAABBGGRR). */
export interface PixelBuffer {
  pixels: Uint32Array;
  width: number;
  height: number;
}

/** `#rrggbb` as an opaque pixel. */
export function pixelColor(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new RangeError(`pixelColor: '${hex}' is not #rrggbb`);
  const [r, g, b] = [match[1], match[2], match[3]].map((h) => parseInt(h, 16));
  return ((0xff << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

/** The plotting area in device pixels, and one channel band's height. */
export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
  bandPx: number;
}

/** The plot inside a `widthPx` x `heightPx` device-pixel canvas at `pixelRatio` device pixels per CSS pixel. */
export function plotArea(widthPx: number, heightPx: number, pixelRatio: number, nChannels: number): PlotArea {
  if (!Number.isInteger(nChannels) || nChannels < 1) throw new RangeError(`plotArea: nChannels must be a positive integer, got ${nChannels}`);
  const left = Math.round(PLOT_INSETS_PX.left * pixelRatio);
  const top = Math.round(PLOT_INSETS_PX.top * pixelRatio);
  const width = Math.max(1, widthPx - left - Math.round(PLOT_INSETS_PX.right * pixelRatio));
  const height = Math.max(1, heightPx - top - Math.round(PLOT_INSETS_PX.bottom * pixelRatio));
  return { left, top, width, height, bandPx: height / nChannels };
}

/** Seconds before now of each vertical grid line, 0 first: every second, every 2 s from a 10 s window on (labels never touch). */
export function gridSeconds(windowSec: number): number[] {
  if (!(windowSec > 0)) throw new RangeError(`gridSeconds: windowSec must be positive, got ${windowSec}`);
  const step = windowSec >= 10 ? 2 : 1;
  const out: number[] = [];
  for (let s = 0; s <= windowSec + 1e-9; s += step) out.push(s);
  return out;
}

/** Vertical centre of channel `c`'s band, device px from the top: channel 0 at the top. */
export const bandCentrePx = (area: PlotArea, channel: number): number => area.top + (channel + 0.5) * area.bandPx;

/** Clears the buffer (transparent: the page's band stripes show through) and draws the grid lines and the time axis. */
export function paintGrid(buffer: PixelBuffer, area: PlotArea, windowSec: number): void {
  const { pixels, width } = buffer;
  pixels.fill(0);
  const grid = pixelColor(GRID_COLOR);
  const bottom = Math.min(buffer.height - 1, area.top + area.height);
  for (const s of gridSeconds(windowSec)) {
    const x = Math.min(area.left + area.width - 1, Math.round(area.left + area.width * (1 - s / windowSec)));
    for (let y = area.top; y < bottom; y++) pixels[y * width + x] = grid;
  }
  const axis = pixelColor(AXIS_COLOR);
  for (let x = area.left; x < area.left + area.width; x++) pixels[bottom * width + x] = axis;
}

/** One channel's decimated columns in device px: x of each column, and the y of its min and of its max. */
export interface ChannelColumns {
  x: Float64Array;
  yMin: Float64Array;
  yMax: Float64Array;
  nColumns: number;
}

/**
 * Draws a channel's envelope like a 1-px polyline through each column's min then max: a vertical span per column,
 * joined to the next column's min by a line rasterised as vertical spans (so no pixel column is left empty). NaN
 * columns (gaps) break the line. Everything is clipped to the plot area.
 */
export function paintEnvelope(buffer: PixelBuffer, area: PlotArea, columns: ChannelColumns, color: number): void {
  const { pixels, width } = buffer;
  const { x, yMin, yMax, nColumns } = columns;
  const left = area.left;
  const right = area.left + area.width - 1;
  const top = area.top;
  const bottom = area.top + area.height - 1;
  const span = (px: number, ya: number, yb: number) => {
    if (px < left || px > right) return;
    let y0 = Math.round(ya < yb ? ya : yb);
    let y1 = Math.round(ya < yb ? yb : ya);
    if (y1 < top || y0 > bottom) return;
    if (y0 < top) y0 = top;
    if (y1 > bottom) y1 = bottom;
    for (let y = y0, i = y0 * width + px; y <= y1; y++, i += width) pixels[i] = color;
  };
  for (let k = 0; k < nColumns; k++) {
    const lo = yMin[k];
    if (lo !== lo) continue;
    const xk = Math.round(x[k]);
    span(xk, lo, yMax[k]);
    if (k + 1 >= nColumns) break;
    const next = yMin[k + 1];
    if (next !== next) continue;
    const xn = Math.round(x[k + 1]);
    const dx = xn - xk;
    if (dx <= 0) {
      span(xk, yMax[k], next);
      continue;
    }
    // From this column's max to the next one's min, one pixel column at a time.
    const from = yMax[k];
    const slope = (next - from) / dx;
    for (let px = xk; px < xn; px++) span(px, from + slope * (px - xk), from + slope * (px + 1 - xk));
  }
}

/**
 * Converts decimated columns (µV, absolute sample index of each column centre) to device px for `channel`, in place
 * into `out`: x = right edge minus the time before the view's end, y = band centre minus (value − baseline) / bandUv
 * band heights (larger values higher). NaN columns stay NaN.
 */
export function columnsToPixels(
  area: PlotArea,
  columns: { min: Float64Array; max: Float64Array; center: Float64Array; nColumns: number },
  view: { viewEnd: number; windowSamples: number; channel: number; bandUv: number; baselineUv: number },
  out: ChannelColumns,
): ChannelColumns {
  const { min, max, center, nColumns } = columns;
  const { viewEnd, windowSamples, channel, bandUv, baselineUv } = view;
  const pxPerSample = area.width / windowSamples;
  const right = area.left + area.width;
  const mid = bandCentrePx(area, channel);
  const pxPerUv = area.bandPx / bandUv;
  for (let k = 0; k < nColumns; k++) {
    out.x[k] = right + (center[k] - viewEnd) * pxPerSample;
    out.yMin[k] = mid - (min[k] - baselineUv) * pxPerUv;
    out.yMax[k] = mid - (max[k] - baselineUv) * pxPerUv;
  }
  out.nColumns = nColumns;
  return out;
}
