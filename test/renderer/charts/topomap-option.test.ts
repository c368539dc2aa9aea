// The topographic map builder: interpolation exact at electrodes and bounded by them, a round head whatever the box.
import { describe, expect, it } from 'vitest';
import { buildTopoMapOption, electrodeText, headOutline, interpolateGrid, paintSurface, squarePlotGrid, topoExtent, topoRange, type ScratchCanvas, type SurfacePainter, type TopoElectrode } from '../../../src-renderer/src/charts/topomap-option.ts';
import { SEQUENTIAL } from '../../../src-renderer/src/charts/colour-scales.ts';

const electrodes: TopoElectrode[] = [
  { label: 'C3', x: -0.2, y: 0, value: 0.3 },
  { label: 'Cz', x: 0, y: 0, value: 0.1 },
  { label: 'C4', x: 0.2, y: 0, value: -0.2 },
  { label: 'Fz', x: 0, y: 0.2, value: 0 },
  { label: 'Bad', x: 0, y: -0.2, value: Number.NaN },
];

describe('interpolateGrid', () => {
  it('takes an electrode’s value at its cell and stays between the smallest and largest value', () => {
    // n = 5 over radius 0.5: the centre cell is centred on Cz.
    const grid = interpolateGrid(electrodes, 5);
    expect(grid.radius).toBe(0.5);
    expect(grid.values[2 * 5 + 2]).toBe(0.1);
    const finite = Array.from(grid.values).filter(Number.isFinite);
    expect(Math.min(...finite)).toBeGreaterThanOrEqual(-0.2);
    expect(Math.max(...finite)).toBeLessThanOrEqual(0.3);
    // Corners lie outside the disk (and its one-cell margin): not painted.
    const fine = interpolateGrid(electrodes, 20);
    expect(fine.values[0]).toBeNaN();
    expect(fine.values[10 * 20 + 10]).not.toBeNaN();
  });

  it('is nearer an electrode’s value the nearer the electrode, and puts row 0 on the nose side', () => {
    const grid = interpolateGrid(electrodes, 41);
    const at = (x: number, y: number) => grid.values[Math.floor((0.5 - y) / (1 / 41)) * 41 + Math.floor((x + 0.5) / (1 / 41))];
    expect(Math.abs(at(-0.19, 0) - 0.3)).toBeLessThan(Math.abs(at(-0.1, 0) - 0.3));
    expect(Math.abs(at(0, 0.19) - 0)).toBeLessThan(0.05);
  });

  it('grows the disk for electrodes outside the head and is empty without usable values', () => {
    expect(interpolateGrid([{ label: 'X', x: 0.6, y: 0, value: 1 }], 4).radius).toBeCloseTo(0.6, 12);
    expect(Array.from(interpolateGrid([{ label: 'X', x: 0, y: 0, value: Number.NaN }], 4).values).every(Number.isNaN)).toBe(true);
    expect(() => interpolateGrid(electrodes, 1)).toThrow(/n must be an integer >= 2/);
  });
});

describe('buildTopoMapOption', () => {
  it('keeps the head in a square above the colour scale, whatever the box', () => {
    for (const [w, h] of [[400, 448], [300, 600], [700, 400]]) {
      const g = squarePlotGrid(w, h);
      expect(w - g.left - g.right).toBeCloseTo(h - g.top - g.bottom, 9);
      expect(g.bottom).toBeGreaterThanOrEqual(56);
      expect(g.left).toBeCloseTo(g.right, 9);
    }
  });

  it('draws the outline, the electrodes with their labels and the highlighted one larger, on a symmetric signed scale', () => {
    const option = buildTopoMapOption({ electrodes, signed: true, widthPx: 400, heightPx: 448, surface: 'data:image/png;base64,AA', highlight: ['C3'] });
    expect([option.xAxis.min, option.xAxis.max, option.yAxis.min, option.yAxis.max]).toEqual([-0.62, 0.62, -0.62, 0.62]);
    expect([option.visualMap.min, option.visualMap.max]).toEqual([-0.3, 0.3]);
    const lines = option.series.filter((s) => s.type === 'line');
    expect(lines).toHaveLength(headOutline().length);
    const points = option.series.find((s) => s.id === 'electrodes')!;
    const data = points.data as { name: string; value: number[]; symbolSize: number }[];
    expect(data.map((d) => d.name)).toEqual(['C3', 'Cz', 'C4', 'Fz', 'Bad']);
    expect(data[0].symbolSize).toBeGreaterThan(data[1].symbolSize);
    const g = squarePlotGrid(400, 448);
    expect(option.graphic[0]).toMatchObject({ left: g.left, top: g.top, style: { width: 400 - g.left - g.right, height: 400 - g.left - g.right } });
    expect(topoRange(electrodes, false)).toEqual({ min: 0, max: 0.3 });
    expect(topoExtent([{ label: 'X', x: 0.7, y: 0, value: 1 }])).toBeCloseTo(0.76, 12);
  });

  it('paints the surface clipped to the disk and scaled to it', () => {
    const ops: string[] = [];
    const small = { fillStyle: '' as unknown, fillRect: () => void ops.push('cell'), clearRect: () => {} };
    const scratch: ScratchCanvas = { width: 0, height: 0, getContext: () => small };
    const context: SurfacePainter<ScratchCanvas> = {
      clearRect: () => void ops.push('clear'), save: () => void ops.push('save'), restore: () => void ops.push('restore'), beginPath: () => {}, clip: () => void ops.push('clip'),
      arc: (_x, _y, r) => void ops.push(`arc ${r}`),
      drawImage: (_i, x, y, w) => void ops.push(`draw ${x} ${y} ${w}`),
      imageSmoothingEnabled: false, imageSmoothingQuality: 'low',
    };
    const grid = interpolateGrid(electrodes, 8);
    paintSurface(context, scratch, grid, (v) => (Number.isFinite(v) ? SEQUENTIAL[0] : null), 0.625, 500);
    expect(scratch.width).toBe(8);
    expect(ops.filter((o) => o === 'cell')).toHaveLength(Array.from(grid.values).filter(Number.isFinite).length);
    // 400 px per map unit: the head disk (radius 0.5) is 200 px around the centre.
    expect(ops.slice(-5)).toEqual(['save', 'arc 200', 'clip', 'draw 50 50 400', 'restore']);
  });
});

describe('topographic map hover', () => {
  it('reads an electrode\'s label and value when the pointer is on it, nothing elsewhere', () => {
    const option = buildTopoMapOption({ electrodes, signed: false, widthPx: 400, heightPx: 448, surface: null, valueName: 'Node strength' });
    expect(option.tooltip.formatter({ seriesId: 'electrodes', dataIndex: 0 })).toBe('C3 · Node strength 0.300');
    expect(option.tooltip.formatter({ seriesId: 'electrodes', dataIndex: 4 })).toBe('Bad · Node strength –');
    expect(option.tooltip.formatter({ seriesId: 'outline0', dataIndex: 1 })).toBe('');
    expect(electrodeText(electrodes[2], 'R²')).toBe('C4 · R² -0.200');
    expect(buildTopoMapOption({ electrodes, signed: true, widthPx: 400, heightPx: 448, surface: null }).tooltip.formatter({ seriesId: 'electrodes', dataIndex: 1 })).toBe('Cz · R² 0.100');
  });
});
