// The live trace painter: plot geometry, grid, and envelopes written as pixels, checked pixel by pixel.
import { describe, expect, it } from 'vitest';
import {
  AXIS_COLOR, GRID_COLOR, PLOT_INSETS_PX, bandCentrePx, columnsToPixels, gridSeconds, paintEnvelope, paintGrid, pixelColor, plotArea, type ChannelColumns, type PixelBuffer,
} from '../../../src-renderer/src/charts/signal-trace-canvas.ts';

const bufferOf = (width: number, height: number): PixelBuffer => ({ pixels: new Uint32Array(width * height), width, height });
const columnsOf = (x: number[], yMin: number[], yMax: number[]): ChannelColumns => ({ x: Float64Array.from(x), yMin: Float64Array.from(yMin), yMax: Float64Array.from(yMax), nColumns: x.length });
const painted = (buffer: PixelBuffer, color: number) => {
  const out: [number, number][] = [];
  for (let i = 0; i < buffer.pixels.length; i++) if (buffer.pixels[i] === color) out.push([i % buffer.width, Math.floor(i / buffer.width)]);
  return out;
};

describe('pixel geometry', () => {
  it('lays ImageData bytes out as 0xAABBGGRR and refuses anything but #rrggbb', () => {
    expect(pixelColor('#1d3b53')).toBe(0xff533b1d);
    const bytes = new Uint8Array(new Uint32Array([pixelColor('#102030')]).buffer);
    expect(Array.from(bytes)).toEqual([0x10, 0x20, 0x30, 0xff]);
    expect(() => pixelColor('red')).toThrow(/#rrggbb/);
  });

  it('puts the plot inside the insets in device pixels and splits it into equal channel bands, channel 0 on top', () => {
    const area = plotArea(1000, 500, 2, 4);
    expect(area).toMatchObject({ left: PLOT_INSETS_PX.left * 2, top: PLOT_INSETS_PX.top * 2 });
    expect(area.width).toBe(1000 - 2 * (PLOT_INSETS_PX.left + PLOT_INSETS_PX.right));
    expect(area.height).toBe(500 - 2 * (PLOT_INSETS_PX.top + PLOT_INSETS_PX.bottom));
    expect(area.bandPx * 4).toBeCloseTo(area.height, 9);
    expect(bandCentrePx(area, 0)).toBeLessThan(bandCentrePx(area, 3));
    expect(() => plotArea(100, 100, 1, 0)).toThrow(/nChannels/);
  });

  it('has a grid line every second, every 2 s from 10 s on', () => {
    expect(gridSeconds(5)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(gridSeconds(10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(gridSeconds(20)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    expect(() => gridSeconds(0)).toThrow(/windowSec/);
  });
});

describe('paintGrid', () => {
  it('clears to transparent and draws one vertical line per grid second and the time axis', () => {
    const buffer = bufferOf(120, 60);
    buffer.pixels.fill(123);
    const area = { left: 10, top: 5, width: 100, height: 40, bandPx: 20 };
    paintGrid(buffer, area, 5);
    const gridColumns = new Set(painted(buffer, pixelColor(GRID_COLOR)).map(([x]) => x));
    expect([...gridColumns].sort((a, b) => a - b)).toEqual([10, 30, 50, 70, 90, 109]);
    expect(painted(buffer, pixelColor(AXIS_COLOR)).every(([, y]) => y === 45)).toBe(true);
    expect(buffer.pixels.includes(123)).toBe(false);
  });
});

describe('columnsToPixels', () => {
  it('maps the newest sample to the right edge, one window to the full width, and +bandUv µV one band up', () => {
    const area = { left: 0, top: 0, width: 200, height: 100, bandPx: 50 };
    const out = columnsOf([0, 0], [0, 0], [0, 0]);
    columnsToPixels(area, { min: Float64Array.from([10, 0]), max: Float64Array.from([110, 100]), center: Float64Array.from([1000, 2000]), nColumns: 2 }, {
      viewEnd: 2000, windowSamples: 1000, channel: 1, bandUv: 100, baselineUv: 10,
    }, out);
    expect(Array.from(out.x)).toEqual([0, 200]);
    // Channel 1's band centre is at 75 px; baseline 10 µV sits on it, 100 µV above the baseline is one band (50 px) higher.
    expect(out.yMin[0]).toBe(75);
    expect(out.yMax[0]).toBe(25);
    expect(out.yMin[1]).toBe(80);
  });
});

describe('paintEnvelope', () => {
  const area = { left: 0, top: 0, width: 20, height: 20, bandPx: 20 };
  const color = pixelColor('#1d3b53');

  it('draws each column span and joins columns so that no pixel column between them is empty', () => {
    const buffer = bufferOf(20, 20);
    paintEnvelope(buffer, area, columnsOf([2, 6], [10, 4], [8, 3]), color);
    const xs = new Set(painted(buffer, color).map(([x]) => x));
    expect([...xs].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6]);
    const column2 = painted(buffer, color).filter(([x]) => x === 2).map(([, y]) => y);
    expect(Math.min(...column2)).toBe(7);
    expect(Math.max(...column2)).toBe(10);
  });

  it('leaves a gap where a column is NaN and clips to the plot area', () => {
    const buffer = bufferOf(20, 20);
    paintEnvelope(buffer, area, columnsOf([1, 5, 9, 13], [5, Number.NaN, 5, -40], [5, Number.NaN, 5, 60]), color);
    const xs = new Set(painted(buffer, color).map(([x]) => x));
    expect(xs.has(3)).toBe(false);
    expect(xs.has(1) && xs.has(9) && xs.has(13)).toBe(true);
    const column13 = painted(buffer, color).filter(([x]) => x === 13).map(([, y]) => y);
    expect(Math.min(...column13)).toBe(0);
    expect(Math.max(...column13)).toBe(19);
  });
});
