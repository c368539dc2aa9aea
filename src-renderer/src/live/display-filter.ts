// Display-only filters for the live view (line-noise notch, band-pass) as cascades of biquads; what is recorded never passes through them.

/** One second-order section, normalised (a0 = 1): y = b0·x + b1·x[-1] + b2·x[-2] − a1·y[-1] − a2·y[-2]. */
export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

export const NOTCH_CHOICES_HZ = [50, 60] as const;
export type NotchHz = (typeof NOTCH_CHOICES_HZ)[number];
/** Band-pass choices: 1-40 Hz for a general look at EEG, 8-30 Hz for the mu and beta rhythms of motor imagery. */
export const BAND_CHOICES = ['1-40', '8-30'] as const;
export type BandChoice = (typeof BAND_CHOICES)[number];
/** Quality factor of the notch: about 1.7 Hz wide at 50 Hz. */
export const NOTCH_Q = 30;

export interface DisplayFilterSettings {
  notchHz: NotchHz | null;
  band: BandChoice | null;
}

export const NO_DISPLAY_FILTER: DisplayFilterSettings = { notchHz: null, band: null };

export const bandEdgesHz = (band: BandChoice): [number, number] => band.split('-').map(Number) as [number, number];

export const isFiltering = (settings: DisplayFilterSettings): boolean => settings.notchHz !== null || settings.band !== null;

/** Notch at `f0Hz` with quality factor `q` (SciPy's `iirnotch(f0, q, fs)`). */
export function notchBiquad(f0Hz: number, q: number, sampleRateHz: number): Biquad {
  checkFrequency('notch', f0Hz, sampleRateHz);
  const w0 = (2 * Math.PI * f0Hz) / sampleRateHz;
  const beta = Math.tan(w0 / q / 2);
  const gain = 1 / (1 + beta);
  const cos = Math.cos(w0);
  return { b0: gain, b1: -2 * gain * cos, b2: gain, a1: -2 * gain * cos, a2: 2 * gain - 1 };
}

/** Second-order Butterworth low-pass or high-pass at `cutoffHz`, by the bilinear transform with prewarping (SciPy's `butter(2, fc, kind, fs)`). */
export function butterworthBiquad(kind: 'lowpass' | 'highpass', cutoffHz: number, sampleRateHz: number): Biquad {
  checkFrequency(kind, cutoffHz, sampleRateHz);
  const k = Math.tan((Math.PI * cutoffHz) / sampleRateHz);
  const k2 = k * k;
  const norm = 1 / (1 + Math.SQRT2 * k + k2);
  const a1 = 2 * (k2 - 1) * norm;
  const a2 = (1 - Math.SQRT2 * k + k2) * norm;
  return kind === 'lowpass'
    ? { b0: k2 * norm, b1: 2 * k2 * norm, b2: k2 * norm, a1, a2 }
    : { b0: norm, b1: -2 * norm, b2: norm, a1, a2 };
}

function checkFrequency(what: string, hz: number, sampleRateHz: number): void {
  if (!(sampleRateHz > 0)) throw new RangeError(`${what}: the sample rate must be positive, got ${sampleRateHz}`);
  if (!(hz > 0 && hz < sampleRateHz / 2)) throw new RangeError(`${what}: ${hz} Hz must lie between 0 and half the sample rate (${sampleRateHz / 2} Hz)`);
}

/**
 * The sections for the settings at this rate: high-pass then low-pass (the band), then the notch. A stage the rate
 * cannot carry (a notch or an edge at or above half the sample rate) is left out and named in `skipped`.
 */
export function designDisplayFilter(settings: DisplayFilterSettings, sampleRateHz: number): { sections: Biquad[]; skipped: string[] } {
  const sections: Biquad[] = [];
  const skipped: string[] = [];
  const nyquist = sampleRateHz / 2;
  if (settings.band !== null) {
    const [low, high] = bandEdgesHz(settings.band);
    sections.push(butterworthBiquad('highpass', low, sampleRateHz));
    if (high < nyquist) sections.push(butterworthBiquad('lowpass', high, sampleRateHz));
    else skipped.push(`low-pass ${high} Hz`);
  }
  if (settings.notchHz !== null) {
    if (settings.notchHz < nyquist) sections.push(notchBiquad(settings.notchHz, NOTCH_Q, sampleRateHz));
    else skipped.push(`notch ${settings.notchHz} Hz`);
  }
  return { sections, skipped };
}

/**
 * A running filter for one channel (direct form II transposed, the form SciPy's `sosfilt` uses). The first sample,
 * and the first after a gap (NaN), sets each section to the steady state of a constant input at that value
 * (SciPy's `sosfilt_zi` scaled by it), so a DC offset does not ring through the high-pass.
 */
export class ChannelFilter {
  private readonly sections: Biquad[];
  private readonly z1: Float64Array;
  private readonly z2: Float64Array;
  private primed = false;

  constructor(sections: readonly Biquad[]) {
    this.sections = [...sections];
    this.z1 = new Float64Array(sections.length);
    this.z2 = new Float64Array(sections.length);
  }

  /** Forgets the past: the next sample primes the filter again (after a gap). */
  reset(): void {
    this.primed = false;
  }

  /** Filters `input[from..to)` into `output` at the same indices; NaN stays NaN and restarts the filter. */
  process(input: ArrayLike<number>, output: Float32Array | Float64Array, from = 0, to = input.length): void {
    const { sections, z1, z2 } = this;
    for (let i = from; i < to; i++) {
      let x = input[i];
      if (x !== x) {
        output[i] = Number.NaN;
        this.primed = false;
        continue;
      }
      if (!this.primed) this.prime(x);
      for (let s = 0; s < sections.length; s++) {
        const { b0, b1, b2, a1, a2 } = sections[s];
        const y = b0 * x + z1[s];
        z1[s] = b1 * x - a1 * y + z2[s];
        z2[s] = b2 * x - a2 * y;
        x = y;
      }
      output[i] = x;
    }
  }

  private prime(x0: number): void {
    let x = x0;
    for (let s = 0; s < this.sections.length; s++) {
      const { b0, b1, b2, a1, a2 } = this.sections[s];
      const dcGain = (b0 + b1 + b2) / (1 + a1 + a2);
      const y = dcGain * x;
      this.z2[s] = b2 * x - a2 * y;
      this.z1[s] = b1 * x - a1 * y + this.z2[s];
      x = y;
    }
    this.primed = true;
  }
}
