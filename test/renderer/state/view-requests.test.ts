// The requests behind the ERD/ERS and connectivity views, and the arithmetic of their matrices.
import { describe, expect, it } from 'vitest';
import { featureJobInput, featureViewInput, type FeatureJobInput } from '../../../src-main/contract/index.ts';
import { bandMatrix, connectivityRequest, erdsRequest, hasMatrices, nodeStrength, strengthFromSummary, strongestLinks, viewRequestKey } from '../../../src-renderer/src/state/view-requests.ts';

const job = (extra: Record<string, unknown> = {}): FeatureJobInput => {
  const parsed = featureJobInput.parse({ sessionId: 2, runIds: [4, 8, 12], classes: ['T1', 'T2'], method: 'welch', cache: true, rejectUv: 400, bandpass: { lowHz: 1, highHz: 40 }, notchHz: 50, ...extra });
  if (!parsed.ok) throw new Error(parsed.issue.message);
  return parsed.value;
};

describe('view requests', () => {
  it('ask the ERD/ERS of one channel on the very trials of the extraction (runs, classes, window, reference, rejection, filters)', () => {
    const request = erdsRequest(job({ window: { offsetSec: 0.5, lengthSec: 2 }, reference: 'none', band: { fminHz: 4, fmaxHz: 35 } }), 'C3..');
    expect(request).toEqual({
      sessionId: 2, runIds: [4, 8, 12], view: 'erds', classes: ['T1', 'T2'], window: { offsetSec: 0.5, lengthSec: 2 }, band: { fminHz: 4, fmaxHz: 35 }, reference: 'none',
      channels: ['C3..'], baseline: { startSec: -2, endSec: -0.5 }, metric: 'coh', rejectUv: 400, bandpass: { lowHz: 1, highHz: 40 }, notchHz: 50,
    });
    expect(featureViewInput.parse(request)).toEqual({ ok: true, value: request });
  });

  it('ask the matrices of a Welch metric over one band; MVAR and spectra have none', () => {
    const request = connectivityRequest(job({ method: 'imcoh' }), 'imcoh', { fminHz: 10, fmaxHz: 12 });
    expect(request).toMatchObject({ view: 'connectivity', metric: 'imcoh', band: { fminHz: 10, fmaxHz: 12 }, runIds: [4, 8, 12] });
    expect(request).not.toHaveProperty('channels');
    expect(hasMatrices('coh')).toBe(true);
    expect(hasMatrices('mvarcoh')).toBe(false);
    expect(hasMatrices('welch')).toBe(false);
  });

  it('key a request by its content, whatever the order of its fields', () => {
    const a = erdsRequest(job(), 'C3');
    const b = Object.fromEntries(Object.entries(a).reverse()) as typeof a;
    expect(viewRequestKey(b)).toBe(viewRequestKey(a));
    expect(viewRequestKey(erdsRequest(job(), 'C4'))).not.toBe(viewRequestKey(a));
  });
});

describe('connectivity arithmetic', () => {
  // [class][i][j][freq], 3 channels, 2 bins.
  const matrix = [
    [[[0, 0], [0.2, 0.4], [0.6, 0.8]], [[0.2, 0.4], [0, 0], [0.1, 0.1]], [[0.6, 0.8], [0.1, 0.1], [0, 0]]],
    [[[0, 0], [0.5, 0.5], [0.7, 0.7]], [[0.5, 0.5], [0, 0], [0.2, 0.2]], [[0.7, 0.7], [0.2, 0.2], [0, 0]]],
  ];

  it('averages a class over the band, or takes class 2 minus class 1', () => {
    expect(bandMatrix(matrix, 0)[0].map((v) => +v.toFixed(12))).toEqual([0, 0.3, 0.7]);
    expect(bandMatrix(matrix, 'difference')[0].map((v) => +v.toFixed(12))).toEqual([0, 0.2, 0]);
  });

  it('gives node strength as the mean of a row without the diagonal', () => {
    expect(nodeStrength(bandMatrix(matrix, 0)).map((v) => +v.toFixed(12))).toEqual([0.5, 0.2, 0.4]);
  });

  it('lists the strongest links by magnitude, each pair once, keeping the sign', () => {
    const m = [[0, -0.9, 0.3], [0.9, 0, 0.5], [-0.3, -0.5, 0]];
    expect(strongestLinks(m, 2)).toEqual([{ a: 0, b: 1, value: -0.9 }, { a: 1, b: 2, value: 0.5 }]);
    expect(strongestLinks(m, 10)).toHaveLength(3);
    expect(strongestLinks(m, 5, (c) => c !== 1)).toEqual([{ a: 0, b: 2, value: 0.3 }]);
    expect(strongestLinks([[0, Number.NaN], [Number.NaN, 0]], 3)).toEqual([]);
  });

  it('takes node strength per channel from a summary\'s class means over the band', () => {
    const mean = [[[1, 2, 3], [4, 5, 6]], [[2, 2, 2], [4, 4, 4]]];
    expect(strengthFromSummary(mean, [1, 2], 0)).toEqual([2.5, 5.5]);
    expect(strengthFromSummary(mean, [1, 2], 'difference')).toEqual([-0.5, -1.5]);
    expect(strengthFromSummary(mean, [], 1).every(Number.isNaN)).toBe(true);
  });
});
