// Display filters: each section and the whole chain against SciPy (iirnotch, butter, sosfilt with sosfilt_zi) on a stated signal.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  ChannelFilter, butterworthBiquad, designDisplayFilter, notchBiquad, type Biquad, type DisplayFilterSettings,
} from '../../../src-renderer/src/live/display-filter.ts';
import { referencePython } from '../../support/shared-data.ts';

const FS = 250;
const N = 2500;
/**
 * The stated signal (µV): a 150 µV DC offset, 20 µV at 10 Hz (mu), 8 µV at 22 Hz (beta), 30 µV of 50 Hz mains,
 * 12 µV at 60 Hz, a 0.2 Hz drift of 40 µV, and a gap (NaN) from sample 1500 to 1519.
 */
function statedSignal(): Float64Array {
  const x = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const t = i / FS;
    x[i] = 150 + 20 * Math.sin(2 * Math.PI * 10 * t) + 8 * Math.sin(2 * Math.PI * 22 * t + 0.3) + 30 * Math.sin(2 * Math.PI * 50 * t + 1)
      + 12 * Math.sin(2 * Math.PI * 60 * t) + 40 * Math.sin(2 * Math.PI * 0.2 * t);
  }
  for (let i = 1500; i < 1520; i++) x[i] = Number.NaN;
  return x;
}

/** SciPy's answer: coefficients of each design, and the chains run over the stated signal (restarted after the gap). */
const SCIPY = String.raw`
import json, sys
import numpy as np
from scipy import signal
fs, n = 250.0, 2500
t = np.arange(n) / fs
x = 150 + 20*np.sin(2*np.pi*10*t) + 8*np.sin(2*np.pi*22*t + 0.3) + 30*np.sin(2*np.pi*50*t + 1) + 12*np.sin(2*np.pi*60*t) + 40*np.sin(2*np.pi*0.2*t)
def sos_of(ba):
    b, a = ba
    return np.concatenate([b / a[0], a / a[0]])[None, :]
notch50 = sos_of(signal.iirnotch(50, 30, fs))
notch60 = sos_of(signal.iirnotch(60, 30, fs))
hp1 = signal.butter(2, 1, 'highpass', fs=fs, output='sos')
lp40 = signal.butter(2, 40, 'lowpass', fs=fs, output='sos')
hp8 = signal.butter(2, 8, 'highpass', fs=fs, output='sos')
lp30 = signal.butter(2, 30, 'lowpass', fs=fs, output='sos')
chains = {
  'notch50': notch50,
  'band1-40+notch50': np.vstack([hp1, lp40, notch50]),
  'band8-30+notch60': np.vstack([hp8, lp30, notch60]),
}
def run(sos):
    out = np.full(n, np.nan)
    for a, b in ((0, 1500), (1520, n)):
        seg = x[a:b]
        out[a:b], _ = signal.sosfilt(sos, seg, zi=signal.sosfilt_zi(sos) * seg[0])
    return out
res = {'coefficients': {'notch50': notch50[0].tolist(), 'hp1': hp1[0].tolist(), 'lp40': lp40[0].tolist()},
       'outputs': {k: [None if np.isnan(v) else v for v in run(s).tolist()] for k, s in chains.items()}}
json.dump(res, sys.stdout)
`;

interface ScipyResult {
  coefficients: Record<'notch50' | 'hp1' | 'lp40', number[]>;
  outputs: Record<string, (number | null)[]>;
}
const scipy = JSON.parse(execFileSync(referencePython, ['-c', SCIPY], { encoding: 'utf8' })) as ScipyResult;

const asSos = (q: Biquad) => [q.b0, q.b1, q.b2, 1, q.a1, q.a2];

describe('display filter designs', () => {
  it('match SciPy coefficients to 1e-12', () => {
    const pairs: [Biquad, number[]][] = [
      [notchBiquad(50, 30, FS), scipy.coefficients.notch50],
      [butterworthBiquad('highpass', 1, FS), scipy.coefficients.hp1],
      [butterworthBiquad('lowpass', 40, FS), scipy.coefficients.lp40],
    ];
    for (const [ours, theirs] of pairs) asSos(ours).forEach((v, i) => expect(v).toBeCloseTo(theirs[i], 12));
  });

  it('refuse a frequency at or above half the sample rate, naming it', () => {
    expect(() => notchBiquad(60, 30, 100)).toThrow(/60 Hz must lie between 0 and half the sample rate \(50 Hz\)/);
    expect(() => butterworthBiquad('lowpass', 0, 250)).toThrow(/lowpass: 0 Hz/);
  });

  it('leave out, and name, the stages a low rate cannot carry', () => {
    expect(designDisplayFilter({ notchHz: 60, band: '1-40' }, 100)).toMatchObject({ skipped: ['notch 60 Hz'] });
    expect(designDisplayFilter({ notchHz: 60, band: '1-40' }, 100).sections).toHaveLength(2);
    expect(designDisplayFilter({ notchHz: 50, band: '1-40' }, 250)).toMatchObject({ skipped: [] });
  });
});

describe('ChannelFilter on the stated signal', () => {
  const cases: [string, DisplayFilterSettings][] = [
    ['notch50', { notchHz: 50, band: null }],
    ['band1-40+notch50', { notchHz: 50, band: '1-40' }],
    ['band8-30+notch60', { notchHz: 60, band: '8-30' }],
  ];
  for (const [name, settings] of cases) {
    it(`${name}: equals sosfilt (primed with sosfilt_zi, restarted after the gap) to 1e-3 µV, fed in frames of 7 samples`, () => {
      const x = statedSignal();
      const filter = new ChannelFilter(designDisplayFilter(settings, FS).sections);
      const y = new Float32Array(N);
      for (let from = 0; from < N; from += 7) filter.process(x, y, from, Math.min(N, from + 7));
      const expected = scipy.outputs[name];
      let worst = 0;
      for (let i = 0; i < N; i++) {
        if (expected[i] === null) {
          expect(y[i]).toBeNaN();
          continue;
        }
        worst = Math.max(worst, Math.abs(y[i] - (expected[i] as number)));
      }
      // Float32 output of values up to ~200 µV: about 1e-5 µV of rounding; 1e-3 leaves room for nothing else.
      expect(worst).toBeLessThan(1e-3);
    });
  }

  it('removes the mains: the 50 Hz notch leaves under 1 µV of 50 Hz in the second half', () => {
    const x = Float64Array.from({ length: N }, (_, i) => 30 * Math.sin((2 * Math.PI * 50 * i) / FS));
    const y = new Float64Array(N);
    new ChannelFilter([notchBiquad(50, 30, FS)]).process(x, y);
    expect(Math.max(...Array.from(y.subarray(N / 2)).map(Math.abs))).toBeLessThan(1);
  });
});
