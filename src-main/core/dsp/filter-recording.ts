// Applies the optional offline filters (Butterworth band-pass, notch) to a whole recording before epoching, zero-phase or causal.
import type { SignalSource } from '../epochs.ts';
import { butterworth, SosFilter, sosFiltFilt, type Sos } from './iir.ts';

export interface FilterOptions {
  /** Band-pass edges in Hz; none when undefined. */
  bandpassHz?: [number, number];
  /** Butterworth order of the band-pass (default 4; doubled in effect by zero-phase filtering). */
  order?: number;
  /** Mains frequency to notch (50 or 60 Hz): a 2nd-order Butterworth band-stop of ±2 Hz. */
  notchHz?: number;
  /** 'zero-phase' (forward-backward, offline default) or 'causal' (what the online runtime does). */
  mode?: 'zero-phase' | 'causal';
}

/** The cascades the options describe, in application order (notch first, then band-pass). */
export function designFilters(options: FilterOptions, sampleRateHz: number): Sos[] {
  const cascades: Sos[] = [];
  if (options.notchHz !== undefined) {
    cascades.push(butterworth({ kind: 'bandstop', order: 2, edgesHz: [options.notchHz - 2, options.notchHz + 2], sampleRateHz }));
  }
  if (options.bandpassHz) {
    cascades.push(butterworth({ kind: 'bandpass', order: options.order ?? 4, edgesHz: options.bandpassHz, sampleRateHz }));
  }
  return cascades;
}

/** A filtered copy of the recording (Float64Array channels); the input is untouched. Unfiltered input is returned as is. */
export function filterSource(source: SignalSource, options: FilterOptions): SignalSource {
  const cascades = designFilters(options, source.sampleRateHz);
  if (cascades.length === 0) return source;
  const data = source.data.map((channel) => {
    let x: Float64Array = Float64Array.from(channel);
    for (const sos of cascades) {
      if (options.mode === 'causal') new SosFilter(sos).process(x, x);
      else x = sosFiltFilt(sos, x);
    }
    return x;
  });
  return { ...source, data };
}
