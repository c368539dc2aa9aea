// The class spectra builder: per class a mean line over a ± SD band stacked on its lower bound, and the R² curve below.
import { describe, expect, it } from 'vitest';
import { buildSpectraOption } from '../../../src-renderer/src/charts/spectra-option.ts';
import type { ChannelSpectra } from '../../../src-renderer/src/state/feature-views.ts';

const text = { power: 'Power', value: 'Value', r2: 'R²', signedR2: 'Signed R²', frequency: 'Frequency' };
const spectra: ChannelSpectra = {
  unit: 'dB',
  classes: [
    { name: 'T1', nTrials: 20, mean: [10, 12, 11], lower: [9, 11, 10], upper: [11, 13, 12] },
    { name: 'T2', nTrials: 21, mean: [10, 8, Number.NaN], lower: [8, 7, Number.NaN], upper: [12, 9, Number.NaN] },
  ],
  r2: [0.01, 0.3, 0.1],
  signedR2: [0.01, -0.3, 0.1],
};

describe('buildSpectraOption', () => {
  const option = buildSpectraOption({ freqsHz: [8, 9, 10], spectra, signed: false, band: { fminHz: 9, fmaxHz: 10 }, text });
  type Loose = { data: unknown; name?: string; stack?: string; markArea?: { data: unknown } };
  const byId = (id: string) => option.series.find((s) => s.id === id)! as Loose;

  it('draws each class as lower bound + SD band width (stacked) + mean, in dB', () => {
    expect(byId('lower0').data).toEqual([[8, 9], [9, 11], [10, 10]]);
    expect(byId('band0')).toMatchObject({ stack: 'sd0', data: [[8, 2], [9, 2], [10, 2]] });
    expect(byId('lower0').stack).toBe('sd0');
    expect(byId('mean1').data).toEqual([[8, 10], [9, 8], [10, null]]);
    expect(byId('mean0').name).toBe('T1 (n = 20)');
    expect(option.yAxis[0].name).toBe('Power (dB)');
  });

  it('puts R² (or signed R²) in the lower panel with the chosen band shaded there', () => {
    expect(byId('r2')).toMatchObject({ xAxisIndex: 1, yAxisIndex: 1, data: [[8, 0.01], [9, 0.3], [10, 0.1]] });
    expect(byId('r2').markArea?.data).toEqual([[{ xAxis: 9 }, { xAxis: 10 }]]);
    expect(option.yAxis[1]).toMatchObject({ name: 'R²', min: 0 });
    const signed = buildSpectraOption({ freqsHz: [8, 9, 10], spectra: { ...spectra, unit: '' }, signed: true, band: null, text });
    expect((signed.series.find((s) => s.id === 'r2')! as { data: unknown }).data).toEqual([[8, 0.01], [9, -0.3], [10, 0.1]]);
    expect(signed.yAxis[1].min).toBeUndefined();
    expect(signed.yAxis[0].name).toBe('Value');
  });

  it('shares the frequency range between both panels and refuses mismatched lengths', () => {
    expect(option.xAxis.map((a) => [a.min, a.max])).toEqual([[8, 10], [8, 10]]);
    expect(() => buildSpectraOption({ freqsHz: [8, 9], spectra, signed: false, band: null, text })).toThrow(/class T1 has 3 values for 2 frequencies/);
  });
});
