// The simulated amplifier's signal model: seeded multichannel EEG with sensorimotor rhythms that desynchronise on cue.
//
// Per channel (µV): pink background noise (partly shared across channels), a posterior alpha rhythm, mu
// (10-12 Hz) and beta (18-24 Hz) rhythms from two sources under C3 and C4 spread to neighbours by distance,
// 50 Hz line noise, and blinks on frontal channels. Rhythm amplitudes wander slowly like real EEG. During a
// left-hand cue the right-hemisphere (C4) source loses `desyncDepth` of its power, and vice versa, with a
// 0.3 s transition: event-related desynchronisation that a classifier can learn.
import { createRandom, type Random } from './random.ts';
import { scalpPosition, standard64Labels, type ScalpPosition } from './montage.ts';
import { badInput } from './errors.ts';

export type Cue = 'none' | 'left' | 'right';

export interface SyntheticEegConfig {
  nChannels: number;
  sampleRateHz: number;
  seed: number;
  /** Fraction of mu/beta power lost over the contralateral hemisphere during a hand cue, 0..1. */
  desyncDepth: number;
  lineFrequencyHz: number;
}

export const defaultSyntheticConfig: SyntheticEegConfig = {
  nChannels: 16,
  sampleRateHz: 250,
  seed: 1,
  desyncDepth: 0.6,
  lineFrequencyHz: 50,
};

export const SYNTHETIC_MAX_CHANNELS = 64;
export const SYNTHETIC_MAX_RATE_HZ = 2000;

/** The default 16 sensorimotor channels first (frontal pair for blinks), then the rest of the 64-channel cap. */
const preferredLabels = ['Fp1', 'Fp2', 'F3', 'Fz', 'F4', 'FC3', 'FCz', 'FC4', 'C5', 'C3', 'C1', 'Cz', 'C2', 'C4', 'C6', 'CPz'];

export function syntheticChannelLabels(nChannels: number): string[] {
  const rest = standard64Labels.filter((label) => !preferredLabels.includes(label));
  return [...preferredLabels, ...rest].slice(0, nChannels);
}

interface Rhythm {
  frequencyHz: number;
  amplitudeUv: number;
  /** Weight of this rhythm on each channel. */
  weights: Float64Array;
  /** Which hemisphere's desynchronisation gain applies: -1 left (C3), 1 right (C4), 0 none. */
  hemisphere: -1 | 0 | 1;
  phase: number;
  envelope: number;
}

const distance = (a: ScalpPosition, b: ScalpPosition) => Math.hypot(a.x - b.x, a.y - b.y);

function spatialWeights(positions: ScalpPosition[], centre: ScalpPosition, widthRadius: number): Float64Array {
  return Float64Array.from(positions, (p) => Math.exp(-((distance(p, centre) / widthRadius) ** 2)));
}

export class SyntheticEeg {
  readonly config: SyntheticEegConfig;
  readonly labels: string[];
  /** Samples per channel generated so far. */
  samplesGenerated = 0;

  private readonly random: Random;
  private readonly rhythms: Rhythm[];
  private readonly pinkState: Float64Array;
  private readonly sharedPinkState = new Float64Array(7);
  private readonly frontalWeights: Float64Array;
  private readonly linePhase: Float64Array;
  private cue: Cue = 'none';
  /** Current amplitude gains of the left (C3) and right (C4) sources, moving toward their targets. */
  private gainLeft = 1;
  private gainRight = 1;
  private blinkRemaining = 0;
  private blinkLength = 0;
  private blinkAmplitudeUv = 0;

  constructor(config: Partial<SyntheticEegConfig> = {}) {
    const c = { ...defaultSyntheticConfig, ...config };
    if (!Number.isInteger(c.nChannels) || c.nChannels < 1 || c.nChannels > SYNTHETIC_MAX_CHANNELS) {
      throw badInput(`synthetic device: nChannels must be an integer from 1 to ${SYNTHETIC_MAX_CHANNELS}, got ${c.nChannels}`);
    }
    if (!(c.sampleRateHz >= 100 && c.sampleRateHz <= SYNTHETIC_MAX_RATE_HZ)) {
      throw badInput(`synthetic device: sampleRateHz must be from 100 to ${SYNTHETIC_MAX_RATE_HZ}, got ${c.sampleRateHz}`);
    }
    if (!(c.desyncDepth >= 0 && c.desyncDepth <= 1)) {
      throw badInput(`synthetic device: desyncDepth must be from 0 to 1, got ${c.desyncDepth}`);
    }
    this.config = c;
    this.labels = syntheticChannelLabels(c.nChannels);
    this.random = createRandom(c.seed);
    const positions = this.labels.map((label) => scalpPosition(label) ?? { x: 0, y: 0 });
    const c3 = scalpPosition('C3') as ScalpPosition;
    const c4 = scalpPosition('C4') as ScalpPosition;
    const parietal = scalpPosition('Pz') as ScalpPosition;
    const phase = () => this.random.next() * 2 * Math.PI;
    this.rhythms = [
      { frequencyHz: 11.0, amplitudeUv: 9, weights: spatialWeights(positions, c3, 0.14), hemisphere: -1, phase: phase(), envelope: 1 },
      { frequencyHz: 11.4, amplitudeUv: 9, weights: spatialWeights(positions, c4, 0.14), hemisphere: 1, phase: phase(), envelope: 1 },
      { frequencyHz: 21.0, amplitudeUv: 3.5, weights: spatialWeights(positions, c3, 0.12), hemisphere: -1, phase: phase(), envelope: 1 },
      { frequencyHz: 22.0, amplitudeUv: 3.5, weights: spatialWeights(positions, c4, 0.12), hemisphere: 1, phase: phase(), envelope: 1 },
      { frequencyHz: 10.0, amplitudeUv: 6, weights: spatialWeights(positions, parietal, 0.3), hemisphere: 0, phase: phase(), envelope: 1 },
    ];
    this.pinkState = new Float64Array(7 * c.nChannels);
    this.frontalWeights = Float64Array.from(positions, (p) => Math.max(0, (p.y - 0.15) / 0.25) ** 2);
    this.linePhase = Float64Array.from(positions, () => phase());
  }

  /** Sets the active cue; the contralateral rhythms fade over about 0.3 s. */
  setCue(cue: Cue): void {
    this.cue = cue;
  }

  get activeCue(): Cue {
    return this.cue;
  }

  /**
   * Generates the next `nSamples` samples per channel into `out` (channel-major: `out[ch * nSamples + i]`, µV).
   * `out` is allocated when not given.
   */
  generate(nSamples: number, out = new Float32Array(this.config.nChannels * nSamples)): Float32Array {
    const { nChannels, sampleRateHz, desyncDepth, lineFrequencyHz } = this.config;
    const dt = 1 / sampleRateHz;
    const random = this.random;
    const desyncGain = Math.sqrt(1 - desyncDepth);
    const targetLeft = this.cue === 'right' ? desyncGain : 1;
    const targetRight = this.cue === 'left' ? desyncGain : 1;
    const gainStep = 1 - Math.exp(-dt / 0.1); // time constant 0.1 s: 95% of the change within 0.3 s
    const envelopeStep = 1 - Math.exp(-dt / 0.5);
    const rhythmValues = new Float64Array(this.rhythms.length);
    for (let i = 0; i < nSamples; i++) {
      this.gainLeft += (targetLeft - this.gainLeft) * gainStep;
      this.gainRight += (targetRight - this.gainRight) * gainStep;
      for (let r = 0; r < this.rhythms.length; r++) {
        const rhythm = this.rhythms[r];
        // Slowly wandering amplitude (mean 1) and a little phase jitter, as in real EEG.
        rhythm.envelope += (1 - rhythm.envelope) * envelopeStep + random.normal() * Math.sqrt(envelopeStep) * 0.35;
        if (rhythm.envelope < 0.2) rhythm.envelope = 0.2;
        rhythm.phase += 2 * Math.PI * rhythm.frequencyHz * dt + random.normal() * 0.02;
        const gain = rhythm.hemisphere === -1 ? this.gainLeft : rhythm.hemisphere === 1 ? this.gainRight : 1;
        rhythmValues[r] = rhythm.amplitudeUv * rhythm.envelope * gain * Math.sin(rhythm.phase);
      }
      const shared = pinkNoise(this.sharedPinkState, 0, random.normal());
      const blink = this.nextBlink(sampleRateHz);
      const t = (this.samplesGenerated + i) * dt;
      for (let ch = 0; ch < nChannels; ch++) {
        let value = 6 * (0.75 * pinkNoise(this.pinkState, ch * 7, random.normal()) + 0.45 * shared);
        for (let r = 0; r < this.rhythms.length; r++) value += rhythmValues[r] * this.rhythms[r].weights[ch];
        value += 1.5 * Math.sin(2 * Math.PI * lineFrequencyHz * t + this.linePhase[ch]);
        value += blink * this.frontalWeights[ch];
        out[ch * nSamples + i] = value;
      }
    }
    this.samplesGenerated += nSamples;
    return out;
  }

  /** Blink waveform value for this sample: a 0.3 s raised cosine of 80-150 µV, about one every 5 s. */
  private nextBlink(sampleRateHz: number): number {
    if (this.blinkRemaining === 0) {
      if (this.random.next() >= 0.2 / sampleRateHz) return 0;
      this.blinkLength = Math.round(0.3 * sampleRateHz);
      this.blinkRemaining = this.blinkLength;
      this.blinkAmplitudeUv = 80 + 70 * this.random.next();
    }
    const progress = 1 - this.blinkRemaining / this.blinkLength;
    this.blinkRemaining--;
    return this.blinkAmplitudeUv * 0.5 * (1 - Math.cos(2 * Math.PI * progress));
  }
}

/**
 * One sample of 1/f noise from white noise (Paul Kellet's refined filter, within 0.05 dB of -3 dB/octave
 * above 1/1000 of the sample rate); state is 7 values at `offset`. Unit-ish variance.
 */
function pinkNoise(state: Float64Array, offset: number, white: number): number {
  state[offset] = 0.99886 * state[offset] + white * 0.0555179;
  state[offset + 1] = 0.99332 * state[offset + 1] + white * 0.0750759;
  state[offset + 2] = 0.969 * state[offset + 2] + white * 0.153852;
  state[offset + 3] = 0.8665 * state[offset + 3] + white * 0.3104856;
  state[offset + 4] = 0.55 * state[offset + 4] + white * 0.5329522;
  state[offset + 5] = -0.7616 * state[offset + 5] - white * 0.016898;
  const value = state[offset] + state[offset + 1] + state[offset + 2] + state[offset + 3] + state[offset + 4] + state[offset + 5] + state[offset + 6] + white * 0.5362;
  state[offset + 6] = white * 0.115926;
  return value * 0.2;
}
