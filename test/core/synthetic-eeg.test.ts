import { describe, expect, it } from 'vitest';
import { SyntheticEeg, syntheticChannelLabels } from '../../src-main/core/synthetic-eeg.ts';
import { CoreError } from '../../src-main/core/errors.ts';

/** Hann-windowed band power of one channel segment, summed over `fromHz..toHz` in 0.5 Hz steps (direct DFT). */
function bandPower(signal: Float32Array, offset: number, length: number, sampleRateHz: number, fromHz: number, toHz: number): number {
  let total = 0;
  for (let f = fromHz; f <= toHz + 1e-9; f += 0.5) {
    let re = 0;
    let im = 0;
    for (let n = 0; n < length; n++) {
      const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / (length - 1));
      const angle = (2 * Math.PI * f * n) / sampleRateHz;
      re += w * signal[offset + n] * Math.cos(angle);
      im -= w * signal[offset + n] * Math.sin(angle);
    }
    total += re * re + im * im;
  }
  return total;
}

/** Alternates 4 s rest and 4 s of `cue`; returns mean band power per condition on the given channels (0.5-3.5 s of each block). */
function powerByCondition(cue: 'left' | 'right', channels: string[], band: [number, number], depth = 0.6) {
  const fs = 250;
  const eeg = new SyntheticEeg({ seed: 7, desyncDepth: depth });
  const block = 4 * fs;
  const result = new Map(channels.map((c) => [c, { rest: 0, cue: 0 }]));
  const repetitions = 12;
  for (let r = 0; r < repetitions; r++) {
    for (const condition of ['rest', 'cue'] as const) {
      eeg.setCue(condition === 'cue' ? cue : 'none');
      const data = eeg.generate(block);
      for (const label of channels) {
        const ch = eeg.labels.indexOf(label);
        const p = bandPower(data, ch * block + fs / 2, 3 * fs, fs, band[0], band[1]);
        result.get(label)![condition] += p / repetitions;
      }
    }
  }
  return result;
}

describe('synthetic EEG generator', () => {
  it('has 16 sensorimotor channels at 250 Hz by default, with frontal channels for blinks', () => {
    const eeg = new SyntheticEeg();
    expect(eeg.labels).toHaveLength(16);
    expect(eeg.config.sampleRateHz).toBe(250);
    expect(eeg.labels).toEqual(expect.arrayContaining(['C3', 'C4', 'Cz', 'Fp1', 'Fp2']));
    expect(syntheticChannelLabels(64)).toHaveLength(64);
    expect(new Set(syntheticChannelLabels(64)).size).toBe(64);
  });

  it('is reproducible from its seed and differs between seeds', () => {
    const a = new SyntheticEeg({ seed: 42 }).generate(500);
    const b = new SyntheticEeg({ seed: 42 }).generate(500);
    const c = new SyntheticEeg({ seed: 43 }).generate(500);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('gives the same samples whatever the block sizes it is asked for', () => {
    const whole = new SyntheticEeg({ seed: 5, nChannels: 4 }).generate(300);
    const pieces = new SyntheticEeg({ seed: 5, nChannels: 4 });
    const first = pieces.generate(100);
    const second = pieces.generate(200);
    for (let ch = 0; ch < 4; ch++) {
      expect(Array.from(first.subarray(ch * 100, ch * 100 + 100))).toEqual(Array.from(whole.subarray(ch * 300, ch * 300 + 100)));
      expect(Array.from(second.subarray(ch * 200, ch * 200 + 200))).toEqual(Array.from(whole.subarray(ch * 300 + 100, ch * 300 + 300)));
    }
  });

  it('has a mu rhythm over C4 that stands above the neighbouring frequencies', () => {
    const eeg = new SyntheticEeg({ seed: 11 });
    const fs = 250;
    const data = eeg.generate(60 * fs);
    const c4 = eeg.labels.indexOf('C4');
    let mu = 0;
    let flank = 0;
    for (let s = 0; s < 20; s++) {
      mu += bandPower(data, c4 * 60 * fs + s * 3 * fs, 3 * fs, fs, 10, 12);
      flank += bandPower(data, c4 * 60 * fs + s * 3 * fs, 3 * fs, fs, 14, 16);
    }
    expect(mu / flank).toBeGreaterThan(3);
  });

  it('carries 50 Hz line noise', () => {
    const eeg = new SyntheticEeg({ seed: 2 });
    const data = eeg.generate(2000);
    const line = bandPower(data, 0, 2000, 250, 50, 50);
    const near = bandPower(data, 0, 2000, 250, 45, 45);
    expect(line / near).toBeGreaterThan(20);
  });

  it('desynchronises mu power over C4 during a left-hand cue, and leaves C3 alone', () => {
    const p = powerByCondition('left', ['C3', 'C4'], [10, 12]);
    const c4Ratio = p.get('C4')!.cue / p.get('C4')!.rest;
    const c3Ratio = p.get('C3')!.cue / p.get('C3')!.rest;
    expect(c4Ratio).toBeLessThan(0.6);
    expect(c3Ratio).toBeGreaterThan(0.75);
    expect(c3Ratio).toBeLessThan(1.33);
  });

  it('desynchronises beta over C3 during a right-hand cue', () => {
    const p = powerByCondition('right', ['C3', 'C4'], [20, 22]);
    expect(p.get('C3')!.cue / p.get('C3')!.rest).toBeLessThan(0.7);
    expect(p.get('C4')!.cue / p.get('C4')!.rest).toBeGreaterThan(0.75);
  });

  it('makes no desynchronisation when the depth is 0', () => {
    const p = powerByCondition('left', ['C4'], [10, 12], 0);
    const ratio = p.get('C4')!.cue / p.get('C4')!.rest;
    expect(ratio).toBeGreaterThan(0.75);
    expect(ratio).toBeLessThan(1.33);
  });

  it('refuses configurations outside 1-64 channels and 100-2000 Hz, naming the field', () => {
    expect(() => new SyntheticEeg({ nChannels: 65 })).toThrow(/nChannels must be an integer from 1 to 64, got 65/);
    expect(() => new SyntheticEeg({ sampleRateHz: 0 })).toThrow(/sampleRateHz must be from 100 to 2000/);
    expect(() => new SyntheticEeg({ desyncDepth: 2 })).toThrow(CoreError);
  });
});
