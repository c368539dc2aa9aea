// The chart option builders: layout of bands and axes, and the per-frame points in chart units.
import { describe, expect, it } from 'vitest';
import { buildSignalChartOption, channelOffset, createSeriesBuffers, fillChannelPoints, PLOT_INSETS_PX, SERIES_GROUPS } from '../../../src-renderer/src/charts/signal-chart-option.ts';

describe('buildSignalChartOption', () => {
  it('draws the channels with one silent, unanimated, symbol-free line series per colour group, over typed-array data', () => {
    const option = buildSignalChartOption({ nChannels: 16, windowSec: 10 });
    expect(option.animation).toBe(false);
    expect(option.series).toHaveLength(SERIES_GROUPS);
    for (const [k, series] of option.series.entries()) {
      expect(series).toMatchObject({ id: `group${k}`, type: 'line', showSymbol: false, silent: true, animation: false, connectNulls: false, progressive: 0 });
      expect(series.data).toBeInstanceOf(Float64Array);
      expect(series.dimensions).toEqual(['x', 'y']);
    }
    expect(option.series[0].lineStyle.color).not.toBe(option.series[1].lineStyle.color);
    expect(buildSignalChartOption({ nChannels: 1, windowSec: 10 }).series).toHaveLength(1);
  });

  it('spans the window on x (seconds before now) and one unit per channel band on y', () => {
    const option = buildSignalChartOption({ nChannels: 8, windowSec: 20 });
    expect(option.xAxis).toMatchObject({ type: 'value', min: -20, max: 0, interval: 2 });
    expect(option.xAxis.axisLine.onZero).toBe(false);
    expect(option.yAxis).toMatchObject({ min: -0.5, max: 7.5, show: false });
    expect(option.grid).toMatchObject(PLOT_INSETS_PX);
    expect(buildSignalChartOption({ nChannels: 1, windowSec: 5 }).xAxis.interval).toBe(1);
  });

  it('refuses impossible layouts with the parameter named', () => {
    expect(() => buildSignalChartOption({ nChannels: 0, windowSec: 10 })).toThrow(/nChannels/);
    expect(() => buildSignalChartOption({ nChannels: 4, windowSec: 0 })).toThrow(/windowSec/);
  });
});

describe('createSeriesBuffers', () => {
  it('gives each channel its own slice of its group series, each slice followed by a NaN point that breaks the line', () => {
    const nColumns = 3;
    const { series, channels } = createSeriesBuffers(5, nColumns);
    expect(series.map((s) => s.length)).toEqual([3 * 14, 2 * 14]); // channels 0, 2, 4 and 1, 3; 12 values + NaN point each
    expect(channels).toHaveLength(5);
    channels.forEach((view, c) => {
      expect(view.length).toBe(12);
      expect(view.buffer).toBe(series[c % 2].buffer);
      view.fill(c + 1);
    });
    // Series 0 reads channel 0, a break, channel 2, a break, channel 4, a break.
    const values = Array.from(series[0]).map((v) => (Number.isNaN(v) ? 'NaN' : v));
    expect(values).toEqual([...Array(12).fill(1), 'NaN', 'NaN', ...Array(12).fill(3), 'NaN', 'NaN', ...Array(12).fill(5), 'NaN', 'NaN']);
    expect(Array.from(series[1].slice(12, 16)).map(String)).toEqual(['NaN', 'NaN', '4', '4']);
  });
});

describe('fillChannelPoints', () => {
  it('places min then max of each column at the column time, scaled into the channel band', () => {
    const points = createSeriesBuffers(1, 3).channels[0];
    expect(points).toHaveLength(12);
    fillChannelPoints(
      points,
      { min: Float64Array.from([-50, 0, NaN]), max: Float64Array.from([50, 100, NaN]), center: Float64Array.from([750, 875, 1000]), nColumns: 3 },
      { viewEnd: 1000, sampleRateHz: 250, offset: channelOffset(1, 4), bandUv: 100, baselineUv: 25 },
    );
    // Channel 1 of 4 sits at y = 2; x = (centre - viewEnd) / rate.
    expect(Array.from(points.slice(0, 8))).toEqual([-1, 2 - 0.75, -1, 2 + 0.25, -0.5, 2 - 0.25, -0.5, 2 + 0.75]);
    expect(points[8]).toBe(0);
    expect(Number.isNaN(points[9])).toBe(true);
    expect(Number.isNaN(points[11])).toBe(true);
  });

  it('stacks channel 0 at the top', () => {
    expect(channelOffset(0, 16)).toBe(15);
    expect(channelOffset(15, 16)).toBe(0);
  });
});
