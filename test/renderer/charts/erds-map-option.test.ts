// The ERD/ERS view's builder: a heatmap per class on a symmetric diverging scale, the cue, window and baseline marked, hover text.
import { describe, expect, it } from 'vitest';
import { buildErdsMapOption, erdsCellAt, erdsCellText, erdsDataIndex, erdsGridSize, erdsRange, formatSec, nearestTime, formatPercent, strongestDecrease, timeSpan, type ErdsMapInput } from '../../../src-renderer/src/charts/erds-map-option.ts';
import { DIVERGING } from '../../../src-renderer/src/charts/colour-scales.ts';
import { echarts } from '../../../src-renderer/src/composables/echarts-modules.ts';

// Frame centres of 1 s frames every 0.125 s over -2..3 s epochs (as features.view gives), 8-12 Hz.
const timesSec = Array.from({ length: 33 }, (_, i) => -1.5 + i * 0.125);
const freqsHz = [8, 9, 10, 11, 12];
const grid = (f: (t: number, k: number) => number) => timesSec.map((t, i) => freqsHz.map((_, k) => f(i, k)));
const input = (): ErdsMapInput => ({
  timesSec,
  freqsHz,
  classes: [
    { name: 'T1', values: grid((t, k) => (timesSec[t] > 0.5 ? -40 - k : 2)) },
    { name: 'T2', values: grid((t) => (timesSec[t] > 0.5 ? 25 : -3)) },
  ],
  windowSec: [0, 3],
  baselineSec: [-2, -0.5],
  frameSec: 1,
  text: { time: 'Time', frequency: 'Frequency', cue: 'Cue', window: 'Window', baseline: 'Baseline', change: 'Change' },
});

describe('ERD/ERS map option', () => {
  it('draws one heatmap per class with every frame x bin cell, on a scale symmetric around 0 (blue ERD, red ERS)', () => {
    const option = buildErdsMapOption(input());
    expect(option.series.map((s) => s.type)).toEqual(['heatmap', 'heatmap']);
    expect(option.grid).toHaveLength(2);
    expect(option.series[0].data).toHaveLength(33 * 5);
    // [time, freq, value]: the cell at 1.0 s, 10 Hz of class T1.
    const t = timesSec.indexOf(1);
    expect(option.series[0].data).toContainEqual([t, 2, -42]);
    expect(option.series.map((s) => [s.xAxisIndex, s.yAxisIndex])).toEqual([[0, 0], [1, 1]]);
    expect(option.visualMap.min).toBe(-option.visualMap.max);
    expect(option.visualMap.inRange.color).toEqual([...DIVERGING]);
    expect(option.visualMap.seriesIndex).toEqual([0, 1]);
    expect(option.xAxis[0].data[t]).toBe('1');
    expect(option.xAxis[0].data[0]).toBe('−1.5');
  });

  it('marks the cue at 0 s, the extraction window and the baseline, on every class', () => {
    const option = buildErdsMapOption(input());
    for (const s of option.series) {
      const lines = s.markLine.data;
      expect(lines[0]).toMatchObject({ xAxis: timesSec.indexOf(0), name: 'Cue', lineStyle: { type: 'solid' } });
      // Frame centres inside 0..3 s: 0 to 2.5 s (the last 1 s frame ends at 3 s), dashed.
      expect(lines.filter((l) => l.name === 'Window').map((l) => [l.xAxis, l.lineStyle.type])).toEqual([[timesSec.indexOf(0), 'dashed'], [timesSec.length - 1, 'dashed']]);
      // The frames R(f) comes from: 1 s frames wholly inside -2..-0.5 s, centred -1.5 to -1 s, dotted.
      expect(lines.filter((l) => l.name === 'Baseline').map((l) => [l.xAxis, l.lineStyle.type])).toEqual([[timesSec.indexOf(-1.5), 'dotted'], [timesSec.indexOf(-1), 'dotted']]);
      // The window is labelled at its end: its start is the cue, labelled already.
      expect(lines.map((l) => l.label.formatter)).toEqual(['Cue', '', 'Window', 'Baseline', '']);
    }
  });

  it('takes the colour range from the 95th percentile of |value|, rounded up to 5 %, at least 10 %', () => {
    const values = [Array.from({ length: 100 }, (_, i) => i)];
    expect(erdsRange([{ values }])).toBe(95);
    expect(erdsRange([{ values: [[1, -2, 3]] }])).toBe(10);
    expect(erdsRange([{ values: [[Number.NaN]] }])).toBe(10);
    // One outlier of +400 % among -40 % cells does not set the scale.
    expect(erdsRange([{ values: [[...new Array<number>(99).fill(-40), 400]] }])).toBe(40);
  });

  it('reads a cell out with its class, time, frequency and signed % change', () => {
    expect(erdsCellText(input(), 0, timesSec.indexOf(1), 2)).toBe('T1 · Time 1 s · Frequency 10 Hz · Change −42 %');
    expect(erdsCellText(input(), 1, timesSec.indexOf(1), 0)).toBe('T2 · Time 1 s · Frequency 8 Hz · Change +25 %');
    const option = buildErdsMapOption(input());
    expect(option.tooltip.formatter({ seriesIndex: 1, data: [0, 0, -3] })).toBe('T2 · Time −1.5 s · Frequency 8 Hz · Change −3 %');
  });

  it('finds the strongest decrease of a class inside the window, for the sentence under the map', () => {
    const [t1, t2] = input().classes;
    // T1 falls by 40 + bin % after 0.5 s: the deepest is the last bin (12 Hz), first frame after 0.5 s.
    expect(strongestDecrease(t1.values, timesSec, [0, 2.5])).toEqual({ time: timesSec.indexOf(0.625), freq: 4, value: -44 });
    expect(strongestDecrease(t2.values, timesSec, [0, 0.5])).toEqual({ time: timesSec.indexOf(0), freq: 0, value: -3 });
    expect(strongestDecrease(t1.values, timesSec, [5, 6])).toBeNull();
    // Restricted to some bins (the mu and beta rhythms): the deepest among them.
    expect(strongestDecrease(t1.values, timesSec, [0, 2.5], [0, 1])).toEqual({ time: timesSec.indexOf(0.625), freq: 1, value: -41 });
    expect([formatPercent(-41.6), formatPercent(24.5), formatPercent(0.2)]).toEqual(['−42', '+25', '0']);
  });

  it('finds marks by frame centre and refuses values that do not match the axes', () => {
    expect(nearestTime([-1, -0.5, 0.1, 0.6], 0)).toBe(2);
    expect(timeSpan([-1, 0, 1, 2], 0.5, 5)).toEqual([2, 3]);
    expect(timeSpan([-1, 0], 4, 5)).toBeNull();
    expect(formatSec(-0.125)).toBe('−0.125');
    const bad = input();
    bad.classes[1].values = bad.classes[1].values.slice(1);
    expect(() => buildErdsMapOption(bad)).toThrow(/class T2 has 32 frames for 33 times/);
  });

  it('renders with ECharts (server-side SVG, as the export does) with both titles and the marks', () => {
    const chart = echarts.init(null, undefined, { renderer: 'svg', ssr: true, width: 900, height: 380 });
    chart.setOption(buildErdsMapOption(input()));
    const svg = chart.renderToSVGString();
    chart.dispose();
    expect(svg).toContain('T1');
    expect(svg).toContain('T2');
    expect(svg).toContain('Cue');
    expect(svg).toContain('Baseline');
    expect((svg.match(/<path/g) ?? []).length).toBeGreaterThan(2 * 33 * 5);
  });

  it('lays both maps out as one keyboard grid: rows from the highest frequency down, the columns of the first class then the next, each cell found in its series', () => {
    const option = buildErdsMapOption(input());
    expect(erdsGridSize(2, 33, 5)).toEqual({ nRows: 5, nCols: 66 });
    expect(erdsCellAt({ row: 0, col: 0 }, 33, 5)).toEqual({ cls: 0, time: 0, freq: 4 });
    expect(erdsCellAt({ row: 4, col: 32 }, 33, 5)).toEqual({ cls: 0, time: 32, freq: 0 });
    expect(erdsCellAt({ row: 2, col: 33 }, 33, 5)).toEqual({ cls: 1, time: 0, freq: 2 });
    // Every cell of the grid is the series point of its class, frame and bin, and reads its value.
    for (const cell of [{ row: 0, col: 0 }, { row: 3, col: 20 }, { row: 1, col: 40 }, { row: 4, col: 65 }]) {
      const { cls, time, freq } = erdsCellAt(cell, 33, 5);
      const point = (option.series[cls].data as unknown[][])[erdsDataIndex(time, freq, 5)];
      expect(point).toEqual([time, freq, input().classes[cls].values[time][freq]]);
    }
    const { cls, time, freq } = erdsCellAt({ row: 2, col: 33 + 24 }, 33, 5);
    expect(erdsCellText(input(), cls, time, freq)).toBe('T2 · Time 1.5 s · Frequency 10 Hz · Change +25 %');
  });
});
