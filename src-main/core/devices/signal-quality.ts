// Per-channel signal check before recording (flat, railed, line noise at 50/60 Hz, amplitude) and Cyton impedance from the lead-off tone.
import { badInput } from '../errors.ts';
import { CYTON_LEAD_OFF_HZ, cytonImpedanceOhms } from './cyton.ts';

export interface SignalQualityLimits {
  /** Below this standard deviation (µV) a channel is flat: electrode off or channel powered down. */
  flatStdUv: number;
  /** Above this standard deviation (µV, line noise excluded) the amplitude is out of range for EEG. */
  maxStdUv: number;
  /** Above this RMS (µV) at 50 or 60 Hz the line noise is too high. */
  maxLineRmsUv: number;
  /** A channel is railed when more than this fraction of samples lie within 1% of the amplifier's limits. */
  railedFraction: number;
}

export const defaultSignalQualityLimits: SignalQualityLimits = { flatStdUv: 0.5, maxStdUv: 100, maxLineRmsUv: 10, railedFraction: 0.05 };

export type QualityProblem = 'flat' | 'railed' | 'line-noise' | 'amplitude';

export interface ChannelQuality {
  label: string;
  /** Standard deviation without the mean, linear trend and line components (µV). */
  stdUv: number;
  /** RMS of the 50 Hz and 60 Hz components (µV). */
  line50RmsUv: number;
  line60RmsUv: number;
  /** Fraction of samples within 1% of the amplifier's limits. */
  railedFraction: number;
  problems: QualityProblem[];
  /** True when the channel can be recorded as it is. */
  go: boolean;
}

export interface QualityInput {
  label: string;
  samples: Float32Array | Float64Array;
  /** The amplifier's limit in µV (symmetric); null when unknown (railing is then not checked). */
  rangeUv: number | null;
}

/** Judges each channel over one window (a few seconds) at `sampleRateHz`. */
export function assessSignalQuality(channels: readonly QualityInput[], sampleRateHz: number, limits: SignalQualityLimits = defaultSignalQualityLimits): ChannelQuality[] {
  if (!(sampleRateHz > 0)) throw badInput(`signal quality: sample rate must be positive, got ${sampleRateHz}`, { field: 'sampleRateHz' });
  return channels.map((channel) => {
    const x = channel.samples;
    if (x.length < sampleRateHz / 2) throw badInput(`signal quality: ${channel.label} has ${x.length} samples, at least half a second (${Math.ceil(sampleRateHz / 2)}) is needed`, { field: 'samples' });
    const detrended = detrend(x);
    const line50 = sampleRateHz > 100 ? toneRms(detrended, 50, sampleRateHz) : 0;
    const line60 = sampleRateHz > 120 ? toneRms(detrended, 60, sampleRateHz) : 0;
    let sumSquares = 0;
    for (const v of detrended) sumSquares += v * v;
    const stdUv = Math.sqrt(Math.max(0, sumSquares / detrended.length - line50 * line50 - line60 * line60));
    let railed = 0;
    if (channel.rangeUv !== null) {
      const limit = 0.99 * channel.rangeUv;
      for (const v of x) if (Math.abs(v) >= limit) railed++;
    }
    const railedFraction = railed / x.length;
    // A railed channel's other figures mean nothing: it is reported as railed only.
    const problems: QualityProblem[] = [];
    if (railedFraction > limits.railedFraction) problems.push('railed');
    else {
      if (stdUv < limits.flatStdUv && Math.max(line50, line60) < limits.flatStdUv) problems.push('flat');
      if (Math.max(line50, line60) > limits.maxLineRmsUv) problems.push('line-noise');
      if (stdUv > limits.maxStdUv) problems.push('amplitude');
    }
    return { label: channel.label, stdUv, line50RmsUv: line50, line60RmsUv: line60, railedFraction, problems, go: problems.length === 0 };
  });
}

/** The signal minus its least-squares line. */
function detrend(x: Float32Array | Float64Array): Float64Array {
  const n = x.length;
  let sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) { sx += i; sy += x[i]; sxx += i * i; sxy += i * x[i]; }
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx || 1);
  const intercept = (sy - slope * sx) / n;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = x[i] - intercept - slope * i;
  return out;
}

/**
 * RMS of the sinusoid at `frequencyHz`: the discrete-time Fourier transform at that frequency over the longest
 * stretch holding a whole number of its cycles (no leakage from the tone itself), amplitude / sqrt(2).
 */
export function toneRms(x: Float32Array | Float64Array, frequencyHz: number, sampleRateHz: number): number {
  const cycles = Math.floor((x.length * frequencyHz) / sampleRateHz);
  if (cycles < 1) return 0;
  const n = Math.min(x.length, Math.round((cycles * sampleRateHz) / frequencyHz));
  const w = (2 * Math.PI * frequencyHz) / sampleRateHz;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let re = 0, im = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i] - mean;
    re += v * Math.cos(w * i);
    im -= v * Math.sin(w * i);
  }
  return (2 * Math.hypot(re, im)) / n / Math.SQRT2;
}

/**
 * Impedance (Ω) of one Cyton channel from samples (µV) recorded while its lead-off current was on:
 * the first `settleSec` are skipped, the 31.25 Hz RMS of the rest is the σ of the band-passed tone.
 */
export function cytonImpedanceFromSamples(samples: Float32Array | Float64Array, sampleRateHz: number, settleSec = 1): number {
  const skip = Math.round(settleSec * sampleRateHz);
  if (samples.length - skip < sampleRateHz / 2) {
    throw badInput(`impedance: ${samples.length} samples at ${sampleRateHz} Hz leave less than half a second after ${settleSec} s of settling`, { field: 'samples' });
  }
  return cytonImpedanceOhms(toneRms(samples.subarray(skip), CYTON_LEAD_OFF_HZ, sampleRateHz));
}
