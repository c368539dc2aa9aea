// Pure builder of the family comparison chart: per family its accuracy with the 95% interval and its folds, over the significance threshold.
import type { FamilyComparison } from '../../../src-main/contract/index.ts';
import { accuracyAxis, intervalRenderer, percent } from './accuracy-chart.ts';
import { AXIS, INK } from './colour-scales.ts';

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

const renderInterval = intervalRenderer(INK);

export function buildComparisonOption(input: ComparisonInput) {
  const { comparison: c, text } = input;
  const names = c.families.map((f) => text.family(f.family));
  const threshold = percent(c.significanceThreshold);
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { color: INK, fontFamily: 'system-ui, sans-serif' },
    tooltip: { trigger: 'item' as const, transitionDuration: 0 },
    grid: { left: 64, right: 24, top: 24, bottom: 56 },
    // Every family named, long names broken over lines rather than hidden.
    xAxis: { type: 'category' as const, data: names, axisLabel: { color: INK, fontSize: 13, interval: 0, width: 150, overflow: 'break' as const }, axisTick: { alignWithLabel: true } },
    yAxis: accuracyAxis(text.accuracy),
    series: [
      {
        id: 'interval',
        name: text.interval,
        type: 'custom' as const,
        renderItem: renderInterval,
        encode: { x: 0, y: [1, 2] },
        data: c.families.map((f, i) => [i, percent(f.ci95[0]), percent(f.ci95[1])]),
        tooltip: { formatter: (p: { dataIndex: number }) => `${names[p.dataIndex]}: ${text.interval} ${percent(c.families[p.dataIndex].ci95[0])}–${percent(c.families[p.dataIndex].ci95[1])} %` },
        z: 2,
      },
      {
        id: 'folds',
        name: text.folds,
        type: 'scatter' as const,
        symbol: 'circle',
        symbolSize: 6,
        itemStyle: { color: 'transparent', borderColor: AXIS, borderWidth: 1 },
        data: c.families.flatMap((f, i) => f.foldAccuracies.map((a) => [i, percent(a)])),
        z: 1,
      },
      {
        id: 'accuracy',
        name: text.accuracy,
        type: 'scatter' as const,
        symbolSize: 16,
        data: c.families.map((f, i) => ({ value: [i, percent(f.accuracy)], itemStyle: { color: f.significant ? SIGNIFICANT : NOT_SIGNIFICANT } })),
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
