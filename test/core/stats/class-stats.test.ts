import { describe, expect, it } from 'vitest';
import { classStatistics } from '../../../src-main/core/stats/class-stats.ts';
import { syntheticTrials } from '../../../src-main/core/features/synthetic-trials.ts';
import { welchFeatures } from '../../../src-main/core/features/psd.ts';
import type { TrialFeatures } from '../../../src-main/core/features/trial-features.ts';
import { expectClose, loadFixture } from '../features/fixtures.ts';

interface R2Fixture { r2: number[]; signedR2: number[]; mean: number[][]; sd: number[][] }

function features(values: number[][], classIndex: number[]): TrialFeatures {
  return {
    method: 'welch', channels: ['X'], freqsHz: Float64Array.from(values[0].map((_, i) => i)), log: false,
    classes: ['A', 'B'], values: values.map((v) => Float64Array.from(v)),
    classIndex: Int32Array.from(classIndex), trialIndex: Int32Array.from(classIndex.map((_, i) => i)),
  };
}

describe('class statistics', () => {
  it('equal scipy.stats.pointbiserialr² and numpy means/sds on synthetic log Welch power (fixture)', () => {
    const fixture = loadFixture<R2Fixture>('r2-synthetic.json');
    const epochs = syntheticTrials({ nChannels: 4, nTrialsPerClass: 5, nSamples: 480, sampleRateHz: 160, seed: 12345 });
    const stats = classStatistics(welchFeatures(epochs, { fminHz: 1, fmaxHz: 40 }));
    expectClose(stats.r2, fixture.r2, 1e-6, 1e-6, 'r2');
    expectClose(stats.signedR2, fixture.signedR2, 1e-6, 1e-6, 'signed r2');
    expectClose(stats.mean[0], fixture.mean[0], 1e-9, 0, 'mean A');
    expectClose(stats.mean[1], fixture.mean[1], 1e-9, 0, 'mean B');
    expectClose(stats.sd[0], fixture.sd[0], 1e-6, 0, 'sd A');
    expectClose(stats.sd[1], fixture.sd[1], 1e-6, 0, 'sd B');
    // The class effect is on channel 0 at 10 Hz (amplitude 2 vs 1): the strongest R², negative sign (B < A).
    let best = 0;
    for (let i = 1; i < stats.r2.length; i++) if (stats.r2[i] > stats.r2[best]) best = i;
    expect(best).toBe(9); // channel 0, bins 1..40 -> 10 Hz is index 9
    expect(stats.signedR2[best]).toBeLessThan(0);
  });

  it('equals the point-biserial formula r = (m1 - m0)/s_n sqrt(p q) with unequal classes (no truncation)', () => {
    const a = [1, 2, 3, 4, 5, 6, 7];
    const b = [4, 6, 9];
    const stats = classStatistics(features([...a, ...b].map((v) => [v, -v]), [...a.map(() => 0), ...b.map(() => 1)]));
    const all = [...a, ...b];
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    const sn = Math.sqrt(mean(all.map((x) => (x - mean(all)) ** 2)));
    const r = ((mean(b) - mean(a)) / sn) * Math.sqrt((a.length * b.length) / all.length ** 2);
    expect(stats.r2[0]).toBeCloseTo(r * r, 14);
    expect(stats.signedR2[0]).toBeCloseTo(r * r, 14);
    expect(stats.signedR2[1]).toBeCloseTo(-r * r, 14);
    expect(stats.classes).toEqual([{ name: 'A', nTrials: 7 }, { name: 'B', nTrials: 3 }]);
  });

  it('gives R² = 0 for a constant feature and refuses a class with fewer than two trials', () => {
    expect(classStatistics(features([[1], [1], [1], [1]], [0, 1, 0, 1])).r2[0]).toBe(0);
    expect(() => classStatistics(features([[1], [2], [3]], [0, 0, 1]))).toThrow(/class 'B': 1 trial\(s\), at least 2 are needed/);
  });
});
