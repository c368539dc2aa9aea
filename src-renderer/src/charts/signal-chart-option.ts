// Pure builders of the live signal chart's ECharts option: the static layout once per montage, the per-frame points in place.

/** Channel traces stack top to bottom: channel 0 sits at y = nChannels - 1, each band is one unit high. */
export interface SignalChartLayout {
  nChannels: number;
  windowSec: number;
}

/** Insets of the plotting area, px; the channel label column uses the same so its rows line up with the bands. */
export const PLOT_INSETS_PX = { top: 8, bottom: 30, left: 8, right: 16 } as const;

/** Two calm, high-contrast trace colours, alternated so neighbouring channels stay apart at a glance. */
export const TRACE_COLORS = ['#1d3b53', '#0f6b66'] as const;

/**
 * Channels are drawn by a few line series, not one each: series k holds channels k, k + SERIES_GROUPS, ... one after
 * the other, separated by a NaN point that breaks the line. Neighbouring channels still alternate colours, and
 * ECharts' fixed cost per series is paid twice per frame instead of once per channel.
 */
export const SERIES_GROUPS = TRACE_COLORS.length;

export const seriesCount = (nChannels: number): number => Math.min(SERIES_GROUPS, nChannels);

/** The complete option for a montage and window: axes, grid and the (empty) line series of the channel groups. */
export function buildSignalChartOption(layout: SignalChartLayout) {
  const { nChannels, windowSec } = layout;
  if (!Number.isInteger(nChannels) || nChannels < 1) throw new RangeError(`buildSignalChartOption: nChannels must be a positive integer, got ${nChannels}`);
  if (!(windowSec > 0)) throw new RangeError(`buildSignalChartOption: windowSec must be positive, got ${windowSec}`);
  const series = [];
  for (let k = 0; k < seriesCount(nChannels); k++) {
    series.push({
      id: `group${k}`,
      type: 'line' as const,
      // Flat [x0, y0, x1, y1, ...] typed arrays: ECharts copies them into its storage without parsing each point.
      dimensions: ['x', 'y'],
      encode: { x: 'x', y: 'y' },
      data: new Float64Array(0),
      showSymbol: false,
      symbol: 'none',
      silent: true,
      animation: false,
      connectNulls: false,
      clip: true,
      progressive: 0,
      lineStyle: { width: 1, color: TRACE_COLORS[k] },
      emphasis: { disabled: true },
    });
  }
  return {
    animation: false,
    backgroundColor: 'transparent',
    grid: { ...PLOT_INSETS_PX, containLabel: false },
    tooltip: { show: false },
    xAxis: {
      type: 'value' as const,
      min: -windowSec,
      max: 0,
      interval: windowSec > 10 ? 2 : 1,
      axisLabel: { color: '#3d4f5c', fontSize: 13, formatter: '{value} s' },
      // At the bottom of the plot, not at y = 0 (the middle of the last channel).
      axisLine: { onZero: false, lineStyle: { color: '#8a9aa6' } },
      splitLine: { show: true, lineStyle: { color: '#d9e0e5', width: 1 } },
    },
    yAxis: {
      type: 'value' as const,
      min: -0.5,
      max: nChannels - 0.5,
      show: false,
      splitLine: { show: false },
    },
    series,
  };
}

/** Values per channel in a series buffer: two points (min, max) of two values per column. */
export const channelValues = (nColumns: number): number => 4 * nColumns;

/**
 * Preallocated point buffers: one flat `[x0, y0, x1, y1, ...]` Float64Array per series, and for each channel a view
 * (`subarray`, no copy) of its slice. Each channel's slice is followed by one [NaN, NaN] point that ends its line.
 */
export function createSeriesBuffers(nChannels: number, nColumns: number): { series: Float64Array[]; channels: Float64Array[] } {
  const perChannel = channelValues(nColumns) + 2;
  const series: Float64Array[] = [];
  for (let k = 0; k < seriesCount(nChannels); k++) {
    const nMembers = Math.ceil((nChannels - k) / SERIES_GROUPS);
    series.push(new Float64Array(nMembers * perChannel).fill(Number.NaN));
  }
  const channels: Float64Array[] = [];
  for (let c = 0; c < nChannels; c++) {
    const start = Math.floor(c / SERIES_GROUPS) * perChannel;
    channels.push(series[c % SERIES_GROUPS].subarray(start, start + channelValues(nColumns)));
  }
  return { series, channels };
}

/** Vertical centre of a channel's band in chart units. */
export const channelOffset = (channel: number, nChannels: number): number => nChannels - 1 - channel;

/**
 * Writes one channel's decimated columns into `points` (flat pairs, min then max per column), in place: x in seconds before the view's right edge
 * ((centre - viewEnd) / sampleRateHz, so from -windowSec to 0), y = offset + (value - baselineUv) / bandUv, where
 * bandUv is the µV span of one channel band (global range divided by the channel's gain). NaN columns stay NaN,
 * which ECharts draws as a break in the line.
 */
export function fillChannelPoints(
  points: Float64Array,
  columns: { min: Float64Array; max: Float64Array; center: Float64Array; nColumns: number },
  view: { viewEnd: number; sampleRateHz: number; offset: number; bandUv: number; baselineUv: number },
): void {
  const { min, max, center, nColumns } = columns;
  const { viewEnd, sampleRateHz, offset, bandUv, baselineUv } = view;
  const scale = 1 / bandUv;
  for (let k = 0; k < nColumns; k++) {
    const x = (center[k] - viewEnd) / sampleRateHz;
    const i = 4 * k;
    points[i] = x;
    points[i + 1] = offset + (min[k] - baselineUv) * scale;
    points[i + 2] = x;
    points[i + 3] = offset + (max[k] - baselineUv) * scale;
  }
}
