import { describe, expect, it } from 'vitest';
import { erdsMaps } from '../../../src-main/core/stats/erds.ts';
import type { Epochs, Trial } from '../../../src-main/core/epochs.ts';
import { ParkMiller } from '../../../src-main/core/features/synthetic-trials.ts';

/** Epochs from -3 s to +4 s around the cue: a 10 Hz rhythm of amplitude 2 before the cue and 1 after (power x 0.25), 20 Hz doubling in class B. */
function epochs(): Epochs {
  const fs = 100;
  const n = 700;
  const rng = new ParkMiller(3);
  const trials: Trial[] = [];
  for (let t = 0; t < 6; t++) {
    const classIndex = t % 2;
    const phase = 2 * Math.PI * rng.next();
    const data = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const after = i >= 300;
      data[i] = (after ? 1 : 2) * Math.sin((2 * Math.PI * 10 * i) / fs + phase);
      data[n + i] = (after && classIndex === 1 ? Math.SQRT2 : 1) * Math.sin((2 * Math.PI * 20 * i) / fs + phase);
    }
    trials.push({ index: t, recordingIndex: 0, classIndex, onsetSec: 10 * t, firstSample: 0, data });
  }
  return { sampleRateHz: fs, channels: ['C3', 'C4'], channelNames: ['c3', 'c4'], nSamples: n, definition: { offsetSec: -3, lengthSec: 7 }, classes: ['A', 'B'], trials, rejected: [] };
}

describe('ERD/ERS maps', () => {
  const map = erdsMaps(epochs(), { fminHz: 5, fmaxHz: 25, frameSec: 1, stepSec: 0.25, baselineSec: [-3, -0.5] });
  const nT = map.timesSec.length;
  const nF = map.freqsHz.length;
  const at = (cls: number, ch: number, time: number, freq: number) => {
    const t = map.timesSec.findIndex((v) => Math.abs(v - time) < 1e-9);
    const f = map.freqsHz.indexOf(freq);
    return map.values[cls][(ch * nT + t) * nF + f];
  };

  it('gives -75% where the amplitude halves after the cue and 0% in the baseline', () => {
    expect(map.timesSec[0]).toBeCloseTo(-2.5, 12);
    expect(at(0, 0, 2, 10)).toBeCloseTo(-75, 6);
    expect(at(1, 0, 3, 10)).toBeCloseTo(-75, 6);
    expect(at(0, 0, -2, 10)).toBeCloseTo(0, 6);
  });

  it('gives +100% (ERS) where the power doubles, in one class only', () => {
    expect(at(1, 1, 1.5, 20)).toBeCloseTo(100, 6);
    expect(at(0, 1, 1.5, 20)).toBeCloseTo(0, 6);
    expect(map.nTrials).toEqual([3, 3]);
  });

  it('refuses a baseline outside the epoch, naming the window', () => {
    expect(() => erdsMaps(epochs(), { fminHz: 5, fmaxHz: 25, baselineSec: [-5, -1] })).toThrow(/baseline: -5:-1 s is outside the epoch -3:4 s/);
  });
});
