// The per-channel signal check and Cyton impedance on signals whose answer is known by construction.
import { describe, expect, it } from 'vitest';
import { assessSignalQuality, cytonImpedanceFromSamples, toneRms } from '../../../src-main/core/devices/signal-quality.ts';
import { SyntheticEeg } from '../../../src-main/core/synthetic-eeg.ts';
import { createRandom } from '../../../src-main/core/random.ts';

const fs = 250;
const n = 4 * fs;
const eeg = (seed: number) => {
  const s = new SyntheticEeg({ nChannels: 16, sampleRateHz: fs, seed }).generate(n);
  return s.subarray(9 * n, 10 * n); // C3
};
const sine = (amplitude: number, hz: number, phase = 0.3) => Float64Array.from({ length: n }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / fs + phase));

describe('signal quality', () => {
  it('measures a tone RMS exactly at 50 and 60 Hz and ignores the other', () => {
    const x = Float64Array.from(sine(20, 50), (v, i) => v + sine(5, 60)[i] + 3);
    expect(toneRms(x, 50, fs)).toBeCloseTo(20 / Math.SQRT2, 6);
    expect(toneRms(x, 60, fs)).toBeCloseTo(5 / Math.SQRT2, 6);
  });

  it('says go for EEG and names flat, railed, line-noise and amplitude problems', () => {
    const random = createRandom(3);
    const good = eeg(1);
    const flat = Float64Array.from({ length: n }, () => 12 + 0.05 * random.normal());
    const railed = Float64Array.from(good, (v, i) => (i % 3 === 0 ? 187500 : v));
    const mains = Float64Array.from(good, (v, i) => v + sine(40, 50)[i]);
    const loud = Float64Array.from(good, (v, i) => v + sine(400, 1.5)[i]); // movement artefact
    const result = assessSignalQuality([
      { label: 'good', samples: good, rangeUv: 187500 },
      { label: 'flat', samples: flat, rangeUv: 187500 },
      { label: 'railed', samples: railed, rangeUv: 187500 },
      { label: 'mains', samples: mains, rangeUv: 187500 },
      { label: 'loud', samples: loud, rangeUv: null },
    ], fs);
    expect(result.map((r) => [r.label, r.problems])).toEqual([
      ['good', []], ['flat', ['flat']], ['railed', ['railed']], ['mains', ['line-noise']], ['loud', ['amplitude']],
    ]);
    expect(result.map((r) => r.go)).toEqual([true, false, false, false, false]);
    // 40 µV of added mains plus the model's own 1.5 µV line component.
    expect(Math.abs(result[3].line50RmsUv - 40 / Math.SQRT2)).toBeLessThan(1.1);
    expect(result[0].stdUv).toBeGreaterThan(2);
    expect(result[0].stdUv).toBeLessThan(40);
  });

  it('refuses a window shorter than half a second', () => {
    expect(() => assessSignalQuality([{ label: 'C3', samples: new Float32Array(10), rangeUv: null }], fs)).toThrow(/C3 has 10 samples/);
  });
});

describe('Cyton impedance', () => {
  it('recovers the impedance from the 31.25 Hz lead-off tone on top of EEG', () => {
    for (const ohms of [0, 5000, 20000, 150000]) {
      const amplitudeUv = (ohms + 2200) * 6e-9 * 1e6;
      const background = eeg(ohms + 7);
      const x = Float64Array.from(background, (v, i) => v + amplitudeUv * Math.sin((2 * Math.PI * 31.25 * i) / fs));
      const measured = cytonImpedanceFromSamples(x, fs);
      expect(Math.abs(measured - ohms)).toBeLessThan(600 + 0.02 * ohms);
    }
  });
});
