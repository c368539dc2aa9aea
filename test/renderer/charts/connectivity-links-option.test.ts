// The strongest links on the head: lines between electrodes, width and colour by value, readable on hover.
import { describe, expect, it } from 'vitest';
import { buildLinksOption, drawOrder, linkDataIndex, linkText, linksRange, linkWidth, type HeadLink } from '../../../src-renderer/src/charts/connectivity-links-option.ts';
import { DIVERGING, SEQUENTIAL, colourOf } from '../../../src-renderer/src/charts/colour-scales.ts';
import { headOutline } from '../../../src-renderer/src/charts/topomap-option.ts';
import { echarts } from '../../../src-renderer/src/composables/echarts-modules.ts';

const electrodes = [{ label: 'C3', x: -0.2, y: 0 }, { label: 'Cz', x: 0, y: 0 }, { label: 'C4', x: 0.2, y: 0 }, { label: 'Fz', x: 0, y: 0.2 }];
const at = (i: number) => electrodes[i];
const links: HeadLink[] = [
  { from: at(0), to: at(2), value: 0.8 },
  { from: at(1), to: at(3), value: 0.2 },
  { from: at(0), to: at(3), value: 0.4 },
];

describe('strongest links option', () => {
  it('draws each link between its electrodes, the strongest last (on top), wider and brighter', () => {
    const option = buildLinksOption({ electrodes, links, signed: false, widthPx: 400, heightPx: 448, text: { value: 'Coherence' } });
    const series = option.series.find((s) => s.id === 'links') as { type: string; coordinateSystem: string; data: { name: string; value: number; coords: number[][]; lineStyle: { width: number; color: string } }[] };
    expect(series.type).toBe('lines');
    expect(series.coordinateSystem).toBe('cartesian2d');
    expect(series.data.map((d) => d.name)).toEqual(['Cz – Fz', 'C3 – Fz', 'C3 – C4']);
    expect(series.data[2].coords).toEqual([[-0.2, 0], [0.2, 0]]);
    // Magnitudes: the scale runs from the weakest shown (0.2) to the strongest (0.8), so near-equal links still differ.
    expect([option.visualMap.min, option.visualMap.max]).toEqual([0.2, 0.8]);
    expect(series.data[2].lineStyle.width).toBe(7);
    expect(series.data[0].lineStyle.width).toBe(1.5);
    expect(series.data[1].lineStyle.width).toBeCloseTo(1.5 + 5.5 * (0.2 / 0.6), 12);
    expect(series.data[2].lineStyle.color).toBe(colourOf(0.8, { min: 0.2, max: 0.8 }, SEQUENTIAL));
    expect(series.data[0].lineStyle.color).toBe(colourOf(0.2, { min: 0.2, max: 0.8 }, SEQUENTIAL));
    expect(option.series.filter((s) => s.type === 'line')).toHaveLength(headOutline().length);
    const dots = option.series.find((s) => s.id === 'electrodes') as { data: { name: string }[] };
    expect(dots.data.map((d) => d.name)).toEqual(['C3', 'Cz', 'C4', 'Fz']);
    expect(option.tooltip.formatter({ seriesId: 'links', dataIndex: 2 })).toBe('C3 – C4 · Coherence 0.800');
    expect(option.tooltip.formatter({ seriesId: 'electrodes', dataIndex: 0 })).toBe('');
  });

  it('uses a diverging scale symmetric around 0 for signed values (a class difference)', () => {
    const signed = [{ ...links[0], value: -0.5 }, { ...links[1], value: 0.25 }];
    const option = buildLinksOption({ electrodes, links: signed, signed: true, widthPx: 400, heightPx: 448, text: { value: 'Δ' } });
    expect([option.visualMap.min, option.visualMap.max]).toEqual([-0.5, 0.5]);
    expect(option.visualMap.inRange.color).toEqual([...DIVERGING]);
    const data = (option.series.find((s) => s.id === 'links') as { data: { value: number; lineStyle: { color: string } }[] }).data;
    expect(data.map((d) => d.value)).toEqual([0.25, -0.5]);
    expect(data[1].lineStyle.color).toBe(colourOf(-0.5, { min: -0.5, max: 0.5 }, DIVERGING));
    expect(linkText(signed[0], 'Δ')).toBe('C3 – C4 · Δ -0.500');
  });

  it('sizes lines by magnitude, safely for no links', () => {
    expect(linkWidth(-1, { min: -2, max: 2 })).toBeCloseTo(4.25, 12);
    expect(linkWidth(1, { min: 0, max: 0 })).toBe(1.5);
    expect(linksRange([{ value: 0.5 }, { value: 0.5 }], false)).toEqual({ min: 0, max: 0.5 });
    expect(linksRange([], false)).toEqual({ min: 0, max: 1e-6 });
    const empty = buildLinksOption({ electrodes, links: [], signed: false, widthPx: 300, heightPx: 320, text: { value: 'v' } });
    expect((empty.series.find((s) => s.id === 'links') as { data: unknown[] }).data).toEqual([]);
  });

  it('renders with ECharts (server-side SVG, as the export does): the lines and the labels', () => {
    const chart = echarts.init(null, undefined, { renderer: 'svg', ssr: true, width: 400, height: 448 });
    chart.setOption(buildLinksOption({ electrodes, links, signed: false, widthPx: 400, heightPx: 448, text: { value: 'Coherence' } }));
    const svg = chart.renderToSVGString();
    chart.dispose();
    expect(svg).toContain('>C3<');
    expect(svg).toContain('>Fz<');
    expect((svg.match(/stroke-width="7"/g) ?? []).length).toBe(1);
  });

  it('finds each link (in the order the keyboard walks them) in the drawn series', () => {
    const option = buildLinksOption({ electrodes, links, signed: false, widthPx: 400, heightPx: 448, text: { value: 'Coherence' } });
    const series = option.series.find((s) => s.id === 'links') as { data: { name: string; value: number }[] };
    expect(drawOrder(links).map((l) => l.value)).toEqual([0.2, 0.4, 0.8]);
    expect(links.map((_, i) => linkDataIndex(links, i))).toEqual([2, 0, 1]);
    links.forEach((l, i) => expect(series.data[linkDataIndex(links, i)]).toMatchObject({ name: `${l.from.label} – ${l.to.label}`, value: l.value }));
  });
});
