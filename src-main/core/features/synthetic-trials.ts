// Deterministic synthetic two-class epochs (Park-Miller noise, coupled channels, a class-dependent 10 Hz rhythm) that tools/reference/features-reference.py regenerates bit for bit.
import type { Epochs, Trial } from '../epochs.ts';

/** Park and Miller's minimal standard generator: exact in float64, so Python and TypeScript agree on every draw. */
export class ParkMiller {
  private state: number;
  constructor(seed: number) {
    this.state = Math.max(1, Math.floor(seed) % 2147483647);
  }
  /** Uniform in (0, 1). */
  next(): number {
    this.state = (this.state * 16807) % 2147483647;
    return this.state / 2147483647;
  }
}

export interface SyntheticTrialsOptions {
  nChannels: number;
  nTrialsPerClass: number;
  nSamples: number;
  sampleRateHz: number;
  seed: number;
}

/**
 * Channel c of a trial: uniform noise, plus 0.8 x a shared noise source delayed by c samples (so that
 * coherence and phase lags are non-trivial), plus a 10 Hz rhythm whose amplitude on channel 0 is 2 in
 * class 0 and 1 in class 1 (a lateralised ERD), with a random phase per trial. Trials alternate classes.
 */
export function syntheticTrials(options: SyntheticTrialsOptions): Epochs {
  const { nChannels, nTrialsPerClass, nSamples, sampleRateHz, seed } = options;
  const rng = new ParkMiller(seed);
  const trials: Trial[] = [];
  const maxLag = nChannels;
  const shared = new Float64Array(nSamples + maxLag);
  for (let t = 0; t < 2 * nTrialsPerClass; t++) {
    const classIndex = t % 2;
    for (let i = 0; i < shared.length; i++) shared[i] = rng.next() - 0.5;
    const phase = 2 * Math.PI * rng.next();
    const data = new Float64Array(nChannels * nSamples);
    for (let c = 0; c < nChannels; c++) {
      const amplitude = c === 0 ? (classIndex === 0 ? 2 : 1) : 1.5;
      for (let i = 0; i < nSamples; i++) {
        const rhythm = amplitude * Math.sin((2 * Math.PI * 10 * i) / sampleRateHz + phase + 0.3 * c);
        data[c * nSamples + i] = rng.next() - 0.5 + 0.8 * shared[i + maxLag - c] + rhythm;
      }
    }
    trials.push({ index: t, recordingIndex: 0, classIndex, onsetSec: t * 10, firstSample: 0, data });
  }
  const channels = Array.from({ length: nChannels }, (_, c) => `Ch${c + 1}`);
  return {
    sampleRateHz,
    channels,
    channelNames: channels.map((c) => c.toLowerCase()),
    nSamples,
    definition: { offsetSec: 0, lengthSec: nSamples / sampleRateHz },
    classes: ['A', 'B'],
    trials,
    rejected: [],
  };
}

/** An AR(2) series x_t = a1 x_{t-1} + a2 x_{t-2} + e_t with uniform e in (-0.5, 0.5), after a burn-in of 200 samples. */
export function syntheticAr2(n: number, a1: number, a2: number, seed: number): Float64Array {
  const rng = new ParkMiller(seed);
  const burn = 200;
  const x = new Float64Array(n + burn);
  for (let t = 0; t < n + burn; t++) {
    const e = rng.next() - 0.5;
    x[t] = (t >= 1 ? a1 * x[t - 1] : 0) + (t >= 2 ? a2 * x[t - 2] : 0) + e;
  }
  return x.slice(burn);
}
