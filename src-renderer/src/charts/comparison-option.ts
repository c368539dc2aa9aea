// Pure builder of the family comparison chart: per family its accuracy with the 95% interval and its folds, over the significance threshold.
import type { FamilyComparison } from '../../../src-main/contract/index.ts';
import { AXIS, GRID_LINE, INK } from './colour-scales.ts';

export interface ComparisonInput {
  comparison: FamilyComparison;
  text: {
    accuracy: string;
    interval: string;
    folds: string;
    /** "Significance threshold 58.9 %": the label of the shaded zone under it. */
    threshold: string;
    /** The family's name as shown (PSD, connectivity, …), by contract name. */
    family: (name: string) => string;
  };
}

/** Above the threshold: the app's accent; not above it: grey, so the eye does not read it as a result. */
export const SIGNIFICANT = '#0f5f73';
export const NOT_SIGNIFICANT = '#8a979f';

const pct = (p: number) => Math.round(1000 * p) / 10;

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

const renderInterval = intervalRenderer(INK);

export function buildComparisonOption(input: ComparisonInput) {
  const { comparison: c, text } = input;
  const names = c.families.map((f) => text.family(f.family));
  const threshold = pct(c.significanceThreshold);
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { color: INK, fontFamily: 'system-ui, sans-serif' },
    tooltip: { trigger: 'item' as const, transitionDuration: 0 },
    grid: { left: 64, right: 24, top: 24, bottom: 56 },
    // Every family named, long names broken over lines rather than hidden.
    xAxis: { type: 'category' as const, data: names, axisLabel: { color: INK, fontSize: 13, interval: 0, width: 150, overflow: 'break' as const }, axisTick: { alignWithLabel: true } },
    yAxis: {
      type: 'value' as const,
      min: 0,
      max: 100,
      name: `${text.accuracy} (%)`,
      nameLocation: 'middle' as const,
      nameGap: 44,
      axisLabel: { color: AXIS, fontSize: 12 },
      splitLine: { lineStyle: { color: GRID_LINE } },
    },
    series: [
      {
        id: 'interval',
        name: text.interval,
        type: 'custom' as const,
        renderItem: renderInterval,
        encode: { x: 0, y: [1, 2] },
        data: c.families.map((f, i) => [i, pct(f.ci95[0]), pct(f.ci95[1])]),
        tooltip: { formatter: (p: { dataIndex: number }) => `${names[p.dataIndex]}: ${text.interval} ${pct(c.families[p.dataIndex].ci95[0])}–${pct(c.families[p.dataIndex].ci95[1])} %` },
        z: 2,
      },
      {
        id: 'folds',
        name: text.folds,
        type: 'scatter' as const,
        symbol: 'circle',
        symbolSize: 6,
        itemStyle: { color: 'transparent', borderColor: AXIS, borderWidth: 1 },
        data: c.families.flatMap((f, i) => f.foldAccuracies.map((a) => [i, pct(a)])),
        z: 1,
      },
      {
        id: 'accuracy',
        name: text.accuracy,
        type: 'scatter' as const,
        symbolSize: 16,
        data: c.families.map((f, i) => ({ value: [i, pct(f.accuracy)], itemStyle: { color: f.significant ? SIGNIFICANT : NOT_SIGNIFICANT } })),
        markArea: {
          silent: true,
          itemStyle: { color: 'rgba(138, 151, 159, 0.16)' },
          label: { show: true, position: 'insideBottomLeft' as const, color: AXIS, formatter: text.threshold },
          data: [[{ yAxis: 0 }, { yAxis: threshold }]],
        },
        z: 3,
      },
    ],
  };
}
