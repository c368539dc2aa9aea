import { describe, expect, it } from 'vitest';
import { connectivityFeatures, connectivityMatrix, connectivityMetrics, type ConnectivityMetric } from '../../../src-main/core/features/connectivity.ts';
import { syntheticTrials } from '../../../src-main/core/features/synthetic-trials.ts';
import { expectClose, loadFixture } from './fixtures.ts';
import { sharedDataMissing } from '../../support/shared-data.ts';

interface ConnectivityFixture {
  nperseg: number;
  shape: number[];
  metrics: Record<ConnectivityMetric, number[]>;
  scipyCoherence01: number[];
  nodeStrengthAbsImcoh: number[];
}

const fixture = loadFixture<ConnectivityFixture>('connectivity-synthetic.json');
const epochs = syntheticTrials({ nChannels: 4, nTrialsPerClass: 5, nSamples: 480, sampleRateHz: 160, seed: 12345 });
const trial0 = { ...epochs, trials: [epochs.trials[0]] };
const options = { fminHz: 0, fmaxHz: 80, segmentSec: 0.5 };

describe('connectivity against scipy.signal.csd cross-spectra of the same segments', () => {
  it.each(connectivityMetrics)('%s matrix equals the reference to 1e-6', (metric) => {
    const m = connectivityMatrix(trial0, { ...options, metric });
    expect(m.freqsHz.length).toBe(41);
    // The reference diagonal holds i = j values (1 for coherence); ours is 0 by design: compare off-diagonal.
    const [n, , nf] = fixture.shape;
    const actual: number[] = [];
    const expected: number[] = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      if (i === j) continue;
      for (let k = 0; k < nf; k++) {
        actual.push(m.values[(i * n + j) * nf + k]);
        expected.push(fixture.metrics[metric][(i * n + j) * nf + k]);
      }
    }
    expectClose(actual, expected, 1e-6, 1e-6, metric);
  });

  it('magnitude-squared coherence equals scipy.signal.coherence', () => {
    const m = connectivityMatrix(trial0, { ...options, metric: 'msc' });
    const values = Array.from({ length: 41 }, (_, k) => m.values[(0 * 4 + 1) * 41 + k]);
    expectClose(values, fixture.scipyCoherence01, 1e-6, 1e-6, 'msc');
  });

  it('node strength of |imaginary coherence| is the mean over the other channels', () => {
    const f = connectivityFeatures(trial0, { ...options, metric: 'absimcoh' });
    expectClose(f.values[0], fixture.nodeStrengthAbsImcoh, 1e-6, 1e-6, 'node strength');
    expect(f.log).toBe(false);
  });

  it('imaginary coherence is antisymmetric and the others symmetric', () => {
    const im = connectivityMatrix(trial0, { ...options, fminHz: 8, fmaxHz: 12, metric: 'imcoh' });
    const coh = connectivityMatrix(trial0, { ...options, fminHz: 8, fmaxHz: 12, metric: 'coh' });
    const nf = im.freqsHz.length;
    expect(Array.from(im.freqsHz)).toEqual([8, 10, 12]);
    expect(Math.abs(im.values[(1 * 4 + 2) * nf + 1])).toBeGreaterThan(0.01);
    expect(im.values[(1 * 4 + 2) * nf + 1]).toBeCloseTo(-im.values[(2 * 4 + 1) * nf + 1], 14);
    expect(coh.values[(1 * 4 + 2) * nf + 1]).toBeCloseTo(coh.values[(2 * 4 + 1) * nf + 1], 14);
  });

  it('refuses a segment that leaves one segment per trial, and fmax above Nyquist', () => {
    expect(() => connectivityFeatures(epochs, { fminHz: 1, fmaxHz: 40, metric: 'coh', segmentSec: 2.5 }))
      .toThrow(/connectivity segment: 2.5 s leaves 1 segment per 3 s trial; coherence of a single segment is always 1/);
    expect(() => connectivityFeatures(epochs, { fminHz: 1, fmaxHz: 90, metric: 'coh' })).toThrow(/fmax: 90 Hz is above the Nyquist frequency 80 Hz/);
  });
});

interface RealFixture {
  channels: string[];
  absImcohNodeStrengthTrial0Bins1to40: number[];
  cohTrial0C3C4Bins1to40: number[];
  imcohTrial0C3C4Bins1to40: number[];
  wpliTrial0C3C4Bins1to40: number[];
  plvTrial0C3C4Bins1to40: number[];
}

describe.skipIf(sharedDataMissing)('connectivity on PhysioNet S001 (64 channels, CAR, trial 0)', async () => {
  if (sharedDataMissing) return; // the recordings are read while collecting
  const { loadRecording } = await import('../../../src-main/services/recordings/load-recording.ts');
  const { extractEpochs } = await import('../../../src-main/core/epochs.ts');
  const { rereference } = await import('../../../src-main/core/dsp/reference.ts');
  const { physionetRun } = await import('../../support/shared-data.ts');
  const real = loadFixture<RealFixture>('physionet-s001.json');
  const recordings = await Promise.all([4, 8, 12].map((run) => loadRecording(physionetRun(1, run))));
  const all = rereference(extractEpochs(recordings, { classes: ['T1', 'T2'], offsetSec: 1, lengthSec: 3 }), { kind: 'car' });
  const first = { ...all, trials: [all.trials[0]] };
  const rows = real.channels.map((c) => all.channelNames.indexOf(c.toLowerCase()));
  const band = { fminHz: 2, fmaxHz: 80, segmentSec: 0.5 };

  it('node strength of |imcoh| over all 63 other channels equals the scipy reference', () => {
    const f = connectivityFeatures(first, { ...band, metric: 'absimcoh' });
    const nf = f.freqsHz.length;
    expect(f.freqsHz[0]).toBe(2);
    const actual = rows.flatMap((r) => Array.from(f.values[0].subarray(r * nf, r * nf + 40)));
    expectClose(actual, real.absImcohNodeStrengthTrial0Bins1to40, 1e-6, 1e-6, 'node strength');
  });

  it.each([['coh', 'cohTrial0C3C4Bins1to40'], ['imcoh', 'imcohTrial0C3C4Bins1to40'], ['wpli', 'wpliTrial0C3C4Bins1to40'], ['plv', 'plvTrial0C3C4Bins1to40']] as const)(
    '%s between C3 and C4 equals the reference', (metric, key) => {
      const m = connectivityMatrix(first, { ...band, metric });
      const nf = m.freqsHz.length;
      const at = (rows[0] * 64 + rows[2]) * nf;
      expectClose(m.values.subarray(at, at + 40), real[key], 1e-6, 1e-6, metric);
    });
});
