// Per-class mean and standard deviation and the R² / signed R² discriminability maps over all trials of two classes.
import { badInput, problem } from '../errors.ts';
import type { TrialFeatures } from '../features/trial-features.ts';

export interface ClassStatistics {
  classes: { name: string; nTrials: number }[];
  nChannels: number;
  nFreqs: number;
  /** Per class, `[channel][freq]`: mean of the feature values (log10 when the features are). */
  mean: Float64Array[];
  /** Per class, `[channel][freq]`: sample standard deviation (n - 1). */
  sd: Float64Array[];
  /** `[channel][freq]`: squared point-biserial correlation with the class label, all trials (no truncation). */
  r2: Float64Array;
  /** `[channel][freq]`: sign(mean class 2 - mean class 1) x R². */
  signedR2: Float64Array;
}

/**
 * Statistics of two-class features. R² = SS_between / SS_total, which equals the squared point-biserial
 * correlation (scipy.stats.pointbiserialr). A constant feature gets R² = 0.
 */
export function classStatistics(features: TrialFeatures): ClassStatistics {
  const nClasses = features.classes.length;
  if (nClasses !== 2) throw badInput(`classes: R² needs exactly two classes, got ${nClasses} (${features.classes.join(',')})`);
  const nChannels = features.channels.length;
  const nFreqs = features.freqsHz.length;
  const size = nChannels * nFreqs;
  const counts = [0, 0];
  for (const c of features.classIndex) counts[c]++;
  for (let c = 0; c < 2; c++) {
    if (counts[c] < 2) throw badInput(`class '${features.classes[c]}': ${counts[c]} trial(s), at least 2 are needed for statistics`, { value: counts[c], allowed: '>= 2' }, problem('class-too-few-kept', { className: features.classes[c], kept: counts[c], needed: 2 }));
  }
  const mean = [new Float64Array(size), new Float64Array(size)];
  const sd = [new Float64Array(size), new Float64Array(size)];
  // Sums of values shifted by the first trial's: a constant feature then gives exact zeros (R² = 0, not
  // rounding noise divided by rounding noise), and large offsets (log power) lose no precision.
  const shift = features.values[0];
  features.values.forEach((v, t) => {
    const m = mean[features.classIndex[t]];
    for (let i = 0; i < size; i++) m[i] += v[i] - shift[i];
  });
  for (let c = 0; c < 2; c++) for (let i = 0; i < size; i++) mean[c][i] /= counts[c];
  features.values.forEach((v, t) => {
    const c = features.classIndex[t];
    const m = mean[c];
    const s = sd[c];
    for (let i = 0; i < size; i++) {
      const d = v[i] - shift[i] - m[i];
      s[i] += d * d;
    }
  });
  const r2 = new Float64Array(size);
  const signedR2 = new Float64Array(size);
  const n = counts[0] + counts[1];
  for (let i = 0; i < size; i++) {
    const ssWithin = sd[0][i] + sd[1][i];
    const grand = (counts[0] * mean[0][i] + counts[1] * mean[1][i]) / n;
    const ssBetween = counts[0] * (mean[0][i] - grand) ** 2 + counts[1] * (mean[1][i] - grand) ** 2;
    const ssTotal = ssWithin + ssBetween;
    const value = ssTotal > 0 ? ssBetween / ssTotal : 0;
    r2[i] = value;
    signedR2[i] = mean[1][i] > mean[0][i] ? value : mean[1][i] < mean[0][i] ? -value : 0;
    sd[0][i] = Math.sqrt(sd[0][i] / (counts[0] - 1));
    sd[1][i] = Math.sqrt(sd[1][i] / (counts[1] - 1));
    mean[0][i] += shift[i];
    mean[1][i] += shift[i];
  }
  return {
    classes: features.classes.map((name, c) => ({ name, nTrials: counts[c] })),
    nChannels,
    nFreqs,
    mean,
    sd,
    r2,
    signedR2,
  };
}
