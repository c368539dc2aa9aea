// Pure builder of the strongest links on the head: the top connections between electrodes, line width and colour by value, hover to read them.
import { DIVERGING, INK, SEQUENTIAL, colourOf, colourRange } from './colour-scales.ts';
import { headOutline, headPlotFrame, squarePlotGrid, topoExtent, type TopoElectrode } from './topomap-option.ts';

export interface HeadLink {
  /** Clean labels of the two electrodes, and their places on the flat head map. */
  from: { label: string; x: number; y: number };
  to: { label: string; x: number; y: number };
  value: number;
}

export interface LinksInput {
  /** Every placed electrode (drawn as dots with labels), values unused. */
  electrodes: Omit<TopoElectrode, 'value'>[];
  links: HeadLink[];
  /** Signed values (a class difference, imaginary coherence): diverging scale around 0; else from 0. */
  signed: boolean;
  widthPx: number;
  heightPx: number;
  /** Words in the window's language: the value's name in the tooltip. */
  text: { value: string };
}

/**
 * The scale of the links shown: symmetric around 0 for signed values; else from the weakest to the strongest shown,
 * because the strongest pairs of a magnitude (coherence between neighbours) often all lie near 1 and a scale from 0
 * would paint them alike.
 */
export function linksRange(links: { value: number }[], signed: boolean): { min: number; max: number } {
  const magnitudes = links.map((l) => Math.abs(l.value)).filter(Number.isFinite);
  const largest = magnitudes.length > 0 ? Math.max(...magnitudes) : 0;
  if (signed || magnitudes.length === 0) return colourRange(largest, signed);
  const smallest = Math.min(...magnitudes);
  return smallest < largest ? { min: smallest, max: largest } : colourRange(largest, false);
}

/** Line width for a value: 1.5 px at the bottom of the range (0 for signed values) up to 7 px at its top, by magnitude. */
export function linkWidth(value: number, range: { min: number; max: number }): number {
  const lo = range.min < 0 ? 0 : range.min;
  const hi = Math.max(Math.abs(range.min), Math.abs(range.max));
  if (!(hi > lo) || !Number.isFinite(value)) return 1.5;
  return 1.5 + 5.5 * Math.min(1, Math.max(0, (Math.abs(value) - lo) / (hi - lo)));
}

/** The links in the order they are drawn: weakest first, so the strongest lines lie on top. */
export const drawOrder = (links: HeadLink[]): HeadLink[] => [...links].sort((a, b) => Math.abs(a.value) - Math.abs(b.value));

/** The index in the links series (drawn order) of `links[i]`. */
export const linkDataIndex = (links: HeadLink[], i: number): number => drawOrder(links).indexOf(links[i]);

/** The tooltip text of a link. */
export const linkText = (link: HeadLink, valueName: string): string => `${link.from.label} – ${link.to.label} · ${valueName} ${link.value.toFixed(3)}`;

export function buildLinksOption(input: LinksInput) {
  const range = linksRange(input.links, input.signed);
  const palette = input.signed ? DIVERGING : SEQUENTIAL;
  const extent = topoExtent(input.electrodes.map((e) => ({ ...e, value: 0 })));
  const plot = squarePlotGrid(input.widthPx, input.heightPx);
  const ordered = drawOrder(input.links);
  return {
    ...headPlotFrame({
      extent, plot, range, signed: input.signed, widthPx: input.widthPx, digits: 3, colours: palette,
      tooltip: (p) => (p.seriesId === 'links' && p.dataIndex !== undefined ? linkText(ordered[p.dataIndex], input.text.value) : ''),
    }),
    series: [
      // The colour scale belongs to this empty series; each link carries its own colour from the same scale.
      { id: 'scale', type: 'scatter' as const, data: [] as number[][], silent: true },
      ...headOutline().map((line, k) => ({ id: `outline${k}`, type: 'line' as const, data: line, showSymbol: false, symbol: 'none', silent: true, lineStyle: { color: INK, width: 2 }, z: 1 })),
      {
        id: 'links',
        type: 'lines' as const,
        coordinateSystem: 'cartesian2d' as const,
        data: ordered.map((l) => ({
          name: `${l.from.label} – ${l.to.label}`,
          value: l.value,
          coords: [[l.from.x, l.from.y], [l.to.x, l.to.y]],
          lineStyle: { width: linkWidth(l.value, range), color: colourOf(l.value, range, palette) ?? INK, opacity: 0.9, curveness: 0 },
        })),
        emphasis: { lineStyle: { width: 8 } },
        z: 3,
      },
      {
        id: 'electrodes',
        type: 'scatter' as const,
        data: input.electrodes.map((e) => ({ value: [e.x, e.y], name: e.label, symbolSize: 5, itemStyle: { color: INK } })),
        label: { show: input.electrodes.length <= 64, formatter: '{b}', position: 'top' as const, distance: 2, fontSize: 10, color: INK, textBorderColor: '#ffffff', textBorderWidth: 2 },
        silent: true,
        z: 4,
      },
    ],
  };
}
