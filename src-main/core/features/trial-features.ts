// The shape every feature family returns: one Float64Array per trial, channel-major `[channel][freq]`, with the frequency axis.

export type FeatureMethod = 'welch' | 'burg' | 'coh' | 'msc' | 'imcoh' | 'absimcoh' | 'plv' | 'wpli' | 'mvarcoh' | 'mvarabsimcoh';

/** CLI.md's eight, then HappyFeat's per-window bivariate MVAR coherence (|C| and |Im C|). */
export const featureMethods: readonly FeatureMethod[] = ['welch', 'burg', 'coh', 'msc', 'imcoh', 'absimcoh', 'plv', 'wpli', 'mvarcoh', 'mvarabsimcoh'];

export interface TrialFeatures {
  method: FeatureMethod;
  /** Channel labels, the row order of every trial's array. */
  channels: string[];
  /** Centre frequency of each column, Hz. */
  freqsHz: Float64Array;
  /** True when values are log10 (power); connectivity values are never logged. */
  log: boolean;
  classes: string[];
  /** Per kept trial: `[channel][freq]`, nChannels x nFreqs, channel-major. */
  values: Float64Array[];
  /** Per kept trial: its class index into `classes`. */
  classIndex: Int32Array;
  /** Per kept trial: its trial number (see `TrialInfo.index`). */
  trialIndex: Int32Array;
}

/** Indices of the bins whose frequency lies in [fminHz, fmaxHz] for an FFT of nFft points at sampleRateHz. */
export function binRange(nFft: number, sampleRateHz: number, fminHz: number, fmaxHz: number): { first: number; count: number } {
  const resolution = sampleRateHz / nFft;
  const nBins = Math.floor(nFft / 2) + 1;
  // A tiny tolerance so that 40 Hz at 0.5 Hz resolution is bin 80 even with rounding in fs / n.
  const first = Math.max(0, Math.ceil(fminHz / resolution - 1e-9));
  const last = Math.min(nBins - 1, Math.floor(fmaxHz / resolution + 1e-9));
  return { first, count: Math.max(0, last - first + 1) };
}
