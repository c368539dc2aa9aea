// What the Visualise views derive from a summary: montage order, bands, class spectra in dB, the strongest cell.
import { describe, expect, it } from 'vitest';
import type { FeatureJobSummary } from '../../../src-main/contract/index.ts';
import { binsInBand, channelSpectra, cleanChannelName, maxAbs, meanOverBins, montageOrder, montageSlot, strongestCell } from '../../../src-renderer/src/state/feature-views.ts';

const summary = (over: Partial<FeatureJobSummary> = {}): FeatureJobSummary => ({
  method: 'welch',
  files: ['/a.edf'],
  channels: ['C3..', 'Cz..'],
  freqsHz: [8, 9, 10],
  log: true,
  classes: [{ name: 'T1', nTrials: 10 }, { name: 'T2', nTrials: 12 }],
  r2: [[0.1, 0.2, 0.3], [0, 0.05, 0.01]],
  signedR2: [[-0.1, 0.2, -0.3], [0, 0.05, 0.01]],
  mean: [[[1, 1.5, 2], [0.5, 0.5, 0.5]], [[1.2, 1.1, 1], [0.4, 0.4, 0.4]]],
  sd: [[[0.1, 0.2, 0.3], [0.1, 0.1, 0.1]], [[0.2, 0.1, 0.1], [0.1, 0.1, 0.1]]],
  trials: { kept: 22, rejected: 0, rejectedByReason: {} },
  rejected: [],
  cacheHits: 0,
  elapsedMs: 10,
  ...over,
});

describe('feature views', () => {
  it('show PhysioNet names without their padding dots', () => {
    expect(['C3..', 'Fc3.', 'Cz..', 'T10.', '.x.', 'EMG1'].map(cleanChannelName)).toEqual(['C3', 'Fc3', 'Cz', 'T10', 'x', 'EMG1']);
    expect(cleanChannelName('...')).toBe('...');
  });

  it('place 10-10 names in rows front to back, left (odd) to right (even) with the midline between', () => {
    expect(montageSlot('Fp1')).toEqual({ row: 1, lateral: -1 });
    expect(montageSlot('Fc3.')).toEqual({ row: 4, lateral: -3 });
    expect(montageSlot('FT8')).toEqual({ row: 4, lateral: 8 });
    expect(montageSlot('Cz..')).toEqual({ row: 5, lateral: 0 });
    expect(montageSlot('T7..')).toEqual({ row: 5, lateral: -7 });
    expect(montageSlot('POz.')).toEqual({ row: 8, lateral: 0 });
    expect(montageSlot('Iz..')).toEqual({ row: 10, lateral: 0 });
    expect(montageSlot('EMG1')).toBeNull();
    expect(montageSlot('Cx')).toBeNull();
  });

  it('order PhysioNet’s recording order by montage, unknown names last in their own order', () => {
    const channels = ['Fc5.', 'Fc3.', 'C3..', 'Cz..', 'C4..', 'EOG.', 'Fp1.', 'Fpz.', 'Fp2.', 'O1..', 'Oz..', 'T7..', 'Ft8.', 'EMG.'];
    expect(montageOrder(channels).map((i) => cleanChannelName(channels[i]))).toEqual(['Fp1', 'Fpz', 'Fp2', 'Fc5', 'Fc3', 'Ft8', 'T7', 'C3', 'Cz', 'C4', 'O1', 'Oz', 'EOG', 'EMG']);
    const order = montageOrder(channels);
    expect([...order].sort((a, b) => a - b)).toEqual(channels.map((_, i) => i));
  });

  it('average a map over the bins of a band, ends included', () => {
    const freqs = [7.5, 8, 8.5, 9, 12, 12.5];
    expect(binsInBand(freqs, 8, 12)).toEqual([1, 2, 3, 4]);
    expect(binsInBand(freqs, 13, 20)).toEqual([]);
    expect(meanOverBins([[1, 2, 3, 4, 5, 6], [0, 0, 0, 0, 0, 6]], [1, 5])).toEqual([4, 3]);
    expect(meanOverBins([[1]], [])).toEqual([Number.NaN]);
    expect(maxAbs([[0.1, -0.4], [Number.NaN, 0.2]])).toBe(0.4);
  });

  it('give log10 power spectra in dB as 10 x (mean ± SD)', () => {
    const s = channelSpectra(summary(), 0);
    expect(s.unit).toBe('dB');
    expect(s.classes[0]).toMatchObject({ name: 'T1', nTrials: 10 });
    expect(s.classes[0].mean).toEqual([10, 15, 20]);
    expect(s.classes[0].lower.map((v) => +v.toFixed(9))).toEqual([9, 13, 17]);
    expect(s.classes[1].upper.map((v) => +v.toFixed(9))).toEqual([14, 12, 11]);
    expect(s.r2).toEqual([0.1, 0.2, 0.3]);
    expect(s.signedR2).toEqual([-0.1, 0.2, -0.3]);
  });

  it('give linear power in dB as 10·log10, with no value where mean - SD is not positive', () => {
    const s = channelSpectra(summary({ log: false, mean: [[[100, 10, 1], [1, 1, 1]], [[1, 1, 1], [1, 1, 1]]], sd: [[[50, 10, 0.5], [0, 0, 0]], [[0, 0, 0], [0, 0, 0]]] }), 0);
    expect(s.classes[0].mean).toEqual([20, 10, 0]);
    expect(s.classes[0].lower[0]).toBeCloseTo(10 * Math.log10(50), 12);
    expect(s.classes[0].lower[1]).toBeNaN();
    expect(s.classes[0].upper[2]).toBeCloseTo(10 * Math.log10(1.5), 12);
  });

  it('leave connectivity values as they are, without a unit', () => {
    const s = channelSpectra(summary({ method: 'coh', log: false }), 1);
    expect(s.unit).toBe('');
    expect(s.classes[0].mean).toEqual([0.5, 0.5, 0.5]);
    expect(s.classes[0].lower.map((v) => +v.toFixed(9))).toEqual([0.4, 0.4, 0.4]);
    expect(() => channelSpectra(summary(), 2)).toThrow(/channel 2 is outside 0..1/);
  });

  it('find the strongest cell, ignoring NaN', () => {
    expect(strongestCell([[0.1, Number.NaN], [0.5, 0.2]])).toEqual({ channel: 1, bin: 0 });
    expect(strongestCell([[Number.NaN]])).toBeNull();
  });
});
