// Whole-file statistics of every channel (mean, standard deviation, extremes), computed window by window in bounded memory.
import { MAX_WINDOW_VALUES } from './limits.ts';
import type { SignalFile } from './signal-file.ts';

export interface ChannelStats {
  label: string;
  mean: number;
  /** Population standard deviation. */
  std: number;
  min: number;
  max: number;
}

/**
 * Reads the file once in windows of `windowSamples` (at the file's rate) and summarises each channel in float64.
 * The window shrinks so that all channels together hold at most MAX_WINDOW_VALUES samples (16 MB), whatever the channel count.
 */
export function channelStats(file: SignalFile, maxWindowSamples = 65536): ChannelStats[] {
  const n = file.channels.length;
  const windowSamples = Math.max(1, Math.min(maxWindowSamples, Math.floor(MAX_WINDOW_VALUES / Math.max(1, n)), file.nSamples));
  const count = new Float64Array(n);
  const mean = new Float64Array(n);
  const m2 = new Float64Array(n);
  const min = new Float64Array(n).fill(Infinity);
  const max = new Float64Array(n).fill(-Infinity);
  const all = file.channels.map((_, i) => i);
  // One set of window buffers for the whole pass (a channel at a lower rate needs fewer samples).
  const buffers = file.channels.map(() => new Float32Array(windowSamples + 1));
  for (let at = 0; at < file.nSamples; at += windowSamples) {
    const window = file.readSamples(all, at, Math.min(windowSamples, file.nSamples - at), buffers);
    for (let c = 0; c < n; c++) {
      const values = window[c];
      if (values.length === 0) continue;
      // Chan, Golub and LeVeque's pairwise update: the window's own mean and M2, merged into the running ones.
      let sum = 0;
      let lo = min[c];
      let hi = max[c];
      for (let k = 0; k < values.length; k++) {
        const v = values[k];
        sum += v;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      const windowMean = sum / values.length;
      let windowM2 = 0;
      for (let k = 0; k < values.length; k++) {
        const d = values[k] - windowMean;
        windowM2 += d * d;
      }
      const total = count[c] + values.length;
      const delta = windowMean - mean[c];
      mean[c] += (delta * values.length) / total;
      m2[c] += windowM2 + (delta * delta * count[c] * values.length) / total;
      count[c] = total;
      min[c] = lo;
      max[c] = hi;
    }
  }
  return file.channels.map((channel, c) => ({
    label: channel.label,
    mean: count[c] > 0 ? mean[c] : NaN,
    std: count[c] > 0 ? Math.sqrt(m2[c] / count[c]) : NaN,
    min: count[c] > 0 ? min[c] : NaN,
    max: count[c] > 0 ? max[c] : NaN,
  }));
}
