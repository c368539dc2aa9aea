// What the accuracy charts share (the family comparison, the progress over sessions): accuracies in percent on one 0–100 % axis, and 95% intervals drawn as capped lines.
import { AXIS, GRID_LINE } from './colour-scales.ts';

/** A proportion (0–1) as a percentage with one decimal, as the charts plot and label it. */
export const percent = (p: number) => Math.round(1000 * p) / 10;

/** The y axis of accuracy: 0 to 100 %, named "<accuracy> (%)" along its middle. */
export function accuracyAxis(accuracy: string) {
  return {
    type: 'value' as const,
    min: 0,
    max: 100,
    name: `${accuracy} (%)`,
    nameLocation: 'middle' as const,
    nameGap: 44,
    axisLabel: { color: AXIS, fontSize: 12 },
    splitLine: { lineStyle: { color: GRID_LINE } },
  };
}

/** What a custom series' `renderItem` reads of ECharts: the item's values and the pixel of a data point. */
export interface RenderApi {
  value: (i: number) => number;
  coord: (p: [number, number]) => number[];
  style: () => object;
  size?: (p: [number, number]) => number[] | number;
}

/**
 * The `renderItem` of intervals drawn as a vertical line with caps at its ends, each item `[x, low %, high %]` (x a
 * category or a value); an item without numbers (ECharts' '-') draws nothing.
 */
export function intervalRenderer(colour: string, capPx = 8) {
  return (_params: { coordSys: unknown }, api: RenderApi) => {
    const [x, lo, hi] = [api.value(0), api.value(1), api.value(2)];
    if (![x, lo, hi].every(Number.isFinite)) return null;
    const low = api.coord([x, lo]);
    const high = api.coord([x, hi]);
    const line = (x1: number, y1: number, x2: number, y2: number) => ({ type: 'line', shape: { x1, y1, x2, y2 }, style: { stroke: colour, lineWidth: 1.5 } });
    return { type: 'group', children: [line(low[0], low[1], high[0], high[1]), line(low[0] - capPx, low[1], low[0] + capPx, low[1]), line(high[0] - capPx, high[1], high[0] + capPx, high[1])] };
  };
}
