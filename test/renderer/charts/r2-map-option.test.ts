// The R² map builder: colours equal ECharts' own scale, cells tile the plot exactly, pointer and cells agree, outlines cover whole cells.
import { describe, expect, it } from 'vitest';
import { lerp } from 'zrender/lib/tool/color.js';
import { DIVERGING, SEQUENTIAL, colourOf, colourRange } from '../../../src-renderer/src/charts/colour-scales.ts';
import {
  R2_MAP_INSETS,
  bandEdges,
  buildR2MapOption,
  cellAtPixel,
  cellColours,
  cellText,
  formatHz,
  paintCells,
  plotArea,
  r2MapHeightPx,
  renderOutline,
} from '../../../src-renderer/src/charts/r2-map-option.ts';

const text = { channel: 'Channel', frequency: 'Frequency', value: 'R²' };
const rows = ['C3', 'Cz', 'C4'];
const freqs = [8, 9, 10, 10.5];
const values = [[0.1, 0.2, 0.3, 0.4], [0, Number.NaN, 0.05, 0.01], [0.2, 0.2, 0.2, 0.2]];
const rgb = (css: string) => css.match(/\d+(\.\d+)?/g)!.slice(0, 3).map(Number);

describe('colour scales', () => {
  it('match ECharts’ continuous visualMap interpolation (zrender lerp) within rounding', () => {
    for (const palette of [SEQUENTIAL, DIVERGING]) {
      for (const t of [0, 0.07, 0.25, 0.5, 0.61, 0.9, 1]) {
        const ours = rgb(colourOf(-1 + 2 * t, { min: -1, max: 1 }, palette)!);
        const theirs = rgb(lerp(t, [...palette]));
        ours.forEach((v, k) => expect(Math.abs(v - theirs[k]), `${t} ${k}`).toBeLessThanOrEqual(1));
      }
    }
  });

  it('clamp outside the range, paint nothing for NaN, and never give an empty range', () => {
    expect(colourOf(5, { min: 0, max: 1 }, SEQUENTIAL)).toBe(colourOf(1, { min: 0, max: 1 }, SEQUENTIAL));
    expect(colourOf(Number.NaN, { min: 0, max: 1 }, SEQUENTIAL)).toBeNull();
    expect(colourRange(0.3, true)).toEqual({ min: -0.3, max: 0.3 });
    expect(colourRange(0.3, false)).toEqual({ min: 0, max: 0.3 });
    expect(colourRange(0, false).max).toBeGreaterThan(0);
  });
});

describe('R² map geometry', () => {
  it('cuts a length into bands whose edges are shared and span it all', () => {
    const edges = bandEdges(40, 555);
    expect(edges[0]).toBe(0);
    expect(edges.at(-1)).toBe(555);
    for (let i = 1; i < edges.length; i++) expect(edges[i] - edges[i - 1]).toBeGreaterThanOrEqual(13);
  });

  it('finds under the pointer the cell painted there, and nothing outside the plot', () => {
    const [w, h] = [700, r2MapHeightPx(64)];
    const area = plotArea(w, h);
    const xs = bandEdges(40, area.width);
    const ys = bandEdges(64, area.height);
    for (const [row, col] of [[0, 0], [63, 39], [17, 22]]) {
      // The middle of the painted rectangle of that cell.
      const x = area.x + (xs[col] + xs[col + 1]) / 2;
      const y = area.y + (ys[row] + ys[row + 1]) / 2;
      expect(cellAtPixel(x, y, w, h, 64, 40)).toEqual({ row, col });
    }
    expect(cellAtPixel(R2_MAP_INSETS.left - 1, 50, w, h, 64, 40)).toBeNull();
    expect(cellAtPixel(w - R2_MAP_INSETS.right, 50, w, h, 64, 40)).toBeNull();
    expect(cellAtPixel(100, h, w, h, 64, 40)).toBeNull();
  });

  it('paints one rectangle per finite cell, tiling the canvas without gaps or overlaps', () => {
    const calls: { fill: string; x: number; y: number; w: number; h: number }[] = [];
    const context = { fillStyle: '', clearRect: () => {}, fillRect(x: number, y: number, w: number, h: number) { calls.push({ fill: String(this.fillStyle), x, y, w, h }); } };
    const colours = cellColours(values, false);
    paintCells(context, colours, 101, 50);
    expect(calls).toHaveLength(11);
    const [xs, ys] = [bandEdges(4, 101), bandEdges(3, 50)];
    // Everything but the NaN cell (row 1, column 1) is covered exactly once.
    expect(calls.reduce((sum, c) => sum + c.w * c.h, 0)).toBe(101 * 50 - (xs[2] - xs[1]) * (ys[2] - ys[1]));
    expect(calls[0]).toMatchObject({ x: 0, y: 0, fill: colours[0][0] });
    expect(colours[1][1]).toBeNull();
    // The largest value takes the top of the scale.
    expect(colours[0][3]).toBe(colourOf(1, { min: 0, max: 1 }, SEQUENTIAL));
  });
});

describe('buildR2MapOption', () => {
  const option = buildR2MapOption({ rowLabels: rows, freqsHz: freqs, values, signed: true, outlines: [{ row0: 0, row1: 1, col0: 1, col1: 2 }], widthPx: 600, heightPx: 300, image: 'data:image/png;base64,AAAA', text });

  it('has category axes of frequencies and channels (first at the top) and a symmetric scale when signed', () => {
    expect(option.animation).toBe(false);
    expect(option.xAxis.data).toEqual(['8', '9', '10', '10.5']);
    expect(option.yAxis).toMatchObject({ data: rows, inverse: true });
    expect([option.visualMap.min, option.visualMap.max]).toEqual([-0.4, 0.4]);
    expect(option.visualMap.inRange.color).toEqual([...DIVERGING]);
  });

  it('lays the painted cells exactly over the plotting area', () => {
    const area = plotArea(600, 300);
    expect(option.grid).toEqual({ ...R2_MAP_INSETS });
    expect(option.graphic[0]).toMatchObject({ type: 'image', left: area.x, top: area.y, style: { width: area.width, height: area.height, image: 'data:image/png;base64,AAAA' } });
    expect(buildR2MapOption({ rowLabels: rows, freqsHz: freqs, values, signed: false, outlines: [], widthPx: 600, heightPx: 300, image: null, text }).graphic).toEqual([]);
  });

  it('outlines whole cells from the first to the last of a rectangle', () => {
    expect(option.series[1].data).toEqual([[1, 0, 2, 1]]);
    // Cells 20 x 10 px, centres at (col * 20 + 10, row * 10 + 5).
    const api = { value: (d: number) => option.series[1].data[0][d], coord: ([c, r]: number[]) => [c * 20 + 10, r * 10 + 5], size: () => [20, 10] };
    expect(renderOutline(null, api).shape).toEqual({ x: 20, y: 0, width: 40, height: 20 });
  });

  it('refuses values that do not match the labels or the frequencies', () => {
    expect(() => buildR2MapOption({ rowLabels: ['C3'], freqsHz: freqs, values, signed: false, outlines: [], widthPx: 1, heightPx: 1, image: null, text })).toThrow(/3 rows of values for 1 labels/);
    expect(() => buildR2MapOption({ rowLabels: rows, freqsHz: [8], values, signed: false, outlines: [], widthPx: 1, heightPx: 1, image: null, text })).toThrow(/4 values for 1 frequencies/);
  });

  it('reads a cell out with its channel, frequency and value', () => {
    expect(cellText({ rowLabels: rows, freqsHz: freqs, values, text }, 0, 3)).toBe('Channel C3 · Frequency 10.5 Hz · R² 0.400');
    expect(cellText({ rowLabels: rows, freqsHz: freqs, values, text }, 1, 1)).toBe('Channel Cz · Frequency 9 Hz · R² –');
    expect(formatHz(12.25)).toBe('12.3');
    expect(r2MapHeightPx(64)).toBe(64 * 12 + 56);
    expect(r2MapHeightPx(2)).toBe(320);
  });
});
