// Pure builder of the class spectra view: mean ± SD per class for one channel, with the R² curve in a panel underneath.
import type { ChannelSpectra } from '../state/feature-views.ts';
import { AXIS, CLASS_COLOURS, GRID_LINE, INK } from './colour-scales.ts';

export interface SpectraInput {
  freqsHz: number[];
  spectra: ChannelSpectra;
  /** Plot signed R² (sign of class 2 - class 1) instead of R². */
  signed: boolean;
  /** A band to shade on both panels (the chosen feature), Hz. */
  band: { fminHz: number; fmaxHz: number } | null;
  text: { power: string; value: string; r2: string; signedR2: string; frequency: string };
}

const pairs = (x: number[], y: number[]): [number, number | null][] => x.map((f, i) => [f, Number.isFinite(y[i]) ? y[i] : null]);

/**
 * Per class three series on the top panel: the mean line, and the ± SD band drawn as an area stacked on the lower
 * bound (an invisible line at mean - SD, then the width 2·SD filled on top of it).
 */
export function buildSpectraOption(input: SpectraInput) {
  const { freqsHz, spectra, signed } = input;
  for (const c of spectra.classes) if (c.mean.length !== freqsHz.length) throw new RangeError(`buildSpectraOption: class ${c.name} has ${c.mean.length} values for ${freqsHz.length} frequencies`);
  const yName = spectra.unit === 'dB' ? `${input.text.power} (dB)` : input.text.value;
  const classSeries = spectra.classes.flatMap((c, k) => {
    const colour = CLASS_COLOURS[k % CLASS_COLOURS.length];
    const stack = `sd${k}`;
    const width = c.upper.map((u, i) => (Number.isFinite(u) && Number.isFinite(c.lower[i]) ? u - c.lower[i] : Number.NaN));
    return [
      { id: `lower${k}`, type: 'line' as const, xAxisIndex: 0, yAxisIndex: 0, data: pairs(freqsHz, c.lower), stack, symbol: 'none', lineStyle: { opacity: 0 }, silent: true, tooltip: { show: false } },
      { id: `band${k}`, type: 'line' as const, xAxisIndex: 0, yAxisIndex: 0, data: pairs(freqsHz, width), stack, symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { color: colour, opacity: 0.16 }, silent: true, tooltip: { show: false } },
      { id: `mean${k}`, name: `${c.name} (n = ${c.nTrials})`, type: 'line' as const, xAxisIndex: 0, yAxisIndex: 0, data: pairs(freqsHz, c.mean), symbol: 'none', lineStyle: { color: colour, width: 2.5, type: k === 1 ? ('dashed' as const) : ('solid' as const) }, itemStyle: { color: colour } },
    ];
  });
  const r2 = signed ? spectra.signedR2 : spectra.r2;
  const bandArea = input.band ? { silent: true, itemStyle: { color: 'rgba(15, 95, 115, 0.12)' }, data: [[{ xAxis: input.band.fminHz }, { xAxis: input.band.fmaxHz }]] } : undefined;
  const xAxis = (gridIndex: number, named: boolean) => ({
    type: 'value' as const,
    gridIndex,
    min: freqsHz[0],
    max: freqsHz[freqsHz.length - 1],
    name: named ? `${input.text.frequency} (Hz)` : '',
    nameLocation: 'middle' as const,
    nameGap: 28,
    axisLabel: { color: AXIS, fontSize: 12, show: named },
    splitLine: { lineStyle: { color: GRID_LINE } },
  });
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { color: INK, fontFamily: 'system-ui, sans-serif' },
    tooltip: { trigger: 'axis' as const, transitionDuration: 0, valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toFixed(2) : '–') },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    grid: [
      { left: 64, right: 16, top: 16, height: '56%' },
      { left: 64, right: 16, top: '72%', bottom: 44 },
    ],
    xAxis: [xAxis(0, false), xAxis(1, true)],
    yAxis: [
      { type: 'value' as const, gridIndex: 0, scale: true, name: yName, nameLocation: 'middle' as const, nameGap: 48, axisLabel: { color: AXIS, fontSize: 12 }, splitLine: { lineStyle: { color: GRID_LINE } } },
      { type: 'value' as const, gridIndex: 1, name: signed ? input.text.signedR2 : input.text.r2, nameLocation: 'middle' as const, nameGap: 48, min: signed ? undefined : 0, axisLabel: { color: AXIS, fontSize: 12 }, splitLine: { lineStyle: { color: GRID_LINE } } },
    ],
    series: [
      ...classSeries,
      { id: 'r2', name: signed ? input.text.signedR2 : input.text.r2, type: 'line' as const, xAxisIndex: 1, yAxisIndex: 1, data: pairs(freqsHz, r2), symbol: 'none', lineStyle: { color: INK, width: 2 }, itemStyle: { color: INK }, markArea: bandArea, areaStyle: signed ? undefined : { color: INK, opacity: 0.08 } },
    ],
  };
}
