// The family comparison builder: accuracy points coloured by significance, 95% intervals, every fold, the zone under the significance threshold.
import { describe, expect, it } from 'vitest';
import type { FamilyComparison } from '../../../src-main/contract/index.ts';
import { buildComparisonOption, NOT_SIGNIFICANT, SIGNIFICANT } from '../../../src-renderer/src/charts/comparison-option.ts';

const comparison: FamilyComparison = {
  sessionId: 3, classes: ['T1', 'T2'], scheme: 'stratified 5-fold, seed 1', nTrials: 45, folds: [], significanceThreshold: 0.6444,
  families: [
    { family: 'psd', classifier: 'slda', attemptId: 1, accuracy: 0.7778, ci95: [0.6291, 0.888], kappa: 0.55, significant: true, foldAccuracies: [0.8, 0.7, 0.9], auc: null, chosen: null },
    { family: 'csp-lda', classifier: 'lda', attemptId: 2, accuracy: 0.5333, ci95: [0.379, 0.683], kappa: 0.06, significant: false, foldAccuracies: [0.5, 0.6], auc: 0.55, chosen: null },
  ],
  elapsedMs: 900,
};
const text = { accuracy: 'Accuracy', interval: '95% interval', folds: 'Folds', threshold: 'Significance threshold 64.4 %', family: (n: string) => n.toUpperCase() };

describe('buildComparisonOption', () => {
  const option = buildComparisonOption({ comparison, text });
  const byId = (id: string) => option.series.find((s) => s.id === id)! as { data: unknown[]; markArea?: { data: unknown; label: { formatter: string } } };

  it('puts one category per family, named in the user’s language, in percent on 0–100', () => {
    expect(option.xAxis.data).toEqual(['PSD', 'CSP-LDA']);
    expect(option.yAxis).toMatchObject({ min: 0, max: 100, name: 'Accuracy (%)' });
  });

  it('draws each accuracy coloured by whether it exceeds the threshold, with its interval', () => {
    expect(byId('accuracy').data).toEqual([
      { value: [0, 77.8], itemStyle: { color: SIGNIFICANT } },
      { value: [1, 53.3], itemStyle: { color: NOT_SIGNIFICANT } },
    ]);
    expect(byId('interval').data).toEqual([[0, 62.9, 88.8], [1, 37.9, 68.3]]);
  });

  it('shows every fold and shades the zone under the significance threshold', () => {
    expect(byId('folds').data).toEqual([[0, 80], [0, 70], [0, 90], [1, 50], [1, 60]]);
    expect(byId('accuracy').markArea?.data).toEqual([[{ yAxis: 0 }, { yAxis: 64.4 }]]);
    expect(byId('accuracy').markArea?.label.formatter).toBe('Significance threshold 64.4 %');
  });

  it('draws an interval as a vertical line with two caps', () => {
    const series = option.series.find((s) => s.id === 'interval') as unknown as { renderItem: (p: unknown, api: unknown) => { children: { shape: Record<string, number> }[] } };
    const api = { value: (i: number) => [1, 40, 70][i], coord: ([x, y]: [number, number]) => [x * 100, 300 - y], style: () => ({}) };
    const drawn = series.renderItem({ coordSys: {} }, api);
    expect(drawn.children.map((c) => c.shape)).toEqual([
      { x1: 100, y1: 260, x2: 100, y2: 230 },
      { x1: 92, y1: 260, x2: 108, y2: 260 },
      { x1: 92, y1: 230, x2: 108, y2: 230 },
    ]);
  });
});
