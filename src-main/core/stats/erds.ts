// ERD/ERS% time x frequency maps per class: short-time power against the mean power of a pre-cue baseline window.
import { badInput, problem } from '../errors.ts';
import type { Epochs } from '../epochs.ts';
import { WelchPlan } from '../dsp/welch.ts';
import { checkBand, type Band } from '../features/band.ts';
import { binRange } from '../features/trial-features.ts';

export interface ErdsOptions extends Band {
  /** Short-time window, s (default 1: 1 Hz bins). */
  frameSec?: number;
  /** Step between frames, s (default 0.125). */
  stepSec?: number;
  /** Baseline window relative to the cue, s (default [-2, -0.5]); frames whose span lies inside it form R(f). */
  baselineSec?: [number, number];
}

export interface ErdsMap {
  channels: string[];
  classes: string[];
  freqsHz: Float64Array;
  /** Centre of each frame relative to the cue, s. */
  timesSec: Float64Array;
  /** Per class `[channel][time][freq]`: (P(t, f) - R(f)) / R(f) x 100, P averaged over the class's trials. */
  values: Float64Array[];
  /** Per class, the number of trials averaged. */
  nTrials: number[];
}

/**
 * ERD/ERS% (Pfurtscheller and Lopes da Silva 1999) from Hann-windowed periodograms of sliding frames.
 * The epochs must start before the baseline: cut them with an offset at or before `baselineSec[0]`.
 */
export function erdsMaps(epochs: Epochs, options: ErdsOptions): ErdsMap {
  const fs = epochs.sampleRateHz;
  checkBand(options, fs);
  const frame = Math.round((options.frameSec ?? 1) * fs);
  const step = Math.max(1, Math.round((options.stepSec ?? 0.125) * fs));
  const [b0, b1] = options.baselineSec ?? [-2, -0.5];
  const t0 = epochs.definition.offsetSec;
  const tEnd = t0 + epochs.nSamples / fs;
  if (!(b1 > b0)) throw badInput(`baseline: end ${b1} s must be after start ${b0} s`, { value: [b0, b1] });
  if (b0 < t0 - 1e-9 || b1 > tEnd + 1e-9) {
    throw badInput(`baseline: ${b0}:${b1} s is outside the epoch ${t0}:${tEnd} s; cut the epochs from at least ${b0} s`, { value: [b0, b1], allowed: [t0, tEnd] }, problem('baseline-outside-epoch', { startSec: b0, endSec: b1, epochStartSec: t0, epochEndSec: tEnd }));
  }
  if (frame > epochs.nSamples) {
    throw badInput(`ERD/ERS frame: ${frame / fs} s is longer than the ${epochs.nSamples / fs} s epoch`, {}, problem('epoch-shorter-than-frame', { epochSec: epochs.nSamples / fs, frameSec: frame / fs }));
  }
  const plan = new WelchPlan(frame, fs, frame, 0);
  const { first, count } = binRange(frame, fs, options.fminHz, options.fmaxHz);
  if (count === 0) throw badInput(`band ${options.fminHz}-${options.fmaxHz} Hz holds no frequency bin at ${fs / frame} Hz resolution`, {}, problem('band-empty', { fminHz: options.fminHz, fmaxHz: options.fmaxHz, resolutionHz: fs / frame }));
  const starts: number[] = [];
  for (let s = 0; s + frame <= epochs.nSamples; s += step) starts.push(s);
  const nTimes = starts.length;
  const timesSec = Float64Array.from(starts, (s) => t0 + (s + frame / 2) / fs);
  // Baseline frames: the whole frame inside the baseline window.
  const baselineFrames = starts.map((s, i) => i).filter((i) => t0 + starts[i] / fs >= b0 - 1e-9 && t0 + (starts[i] + frame) / fs <= b1 + 1e-9);
  if (baselineFrames.length === 0) {
    throw badInput(`baseline: ${b0}:${b1} s holds no whole ${frame / fs} s frame; widen it or shorten the frame`, { value: [b0, b1] }, problem('baseline-too-short', { startSec: b0, endSec: b1, frameSec: frame / fs }));
  }
  const nChannels = epochs.channels.length;
  const nClasses = epochs.classes.length;
  const power = Array.from({ length: nClasses }, () => new Float64Array(nChannels * nTimes * count));
  const nTrials = new Array<number>(nClasses).fill(0);
  const out = new Float64Array(count);
  for (const trial of epochs.trials) {
    const acc = power[trial.classIndex];
    nTrials[trial.classIndex]++;
    for (let c = 0; c < nChannels; c++) {
      for (let t = 0; t < nTimes; t++) {
        plan.psd(trial.data, c * epochs.nSamples + starts[t], out, first, count);
        const base = (c * nTimes + t) * count;
        for (let k = 0; k < count; k++) acc[base + k] += out[k];
      }
    }
  }
  const values = power.map((acc, cls) => {
    const result = new Float64Array(acc.length);
    if (nTrials[cls] === 0) return result.fill(NaN);
    for (let c = 0; c < nChannels; c++) {
      for (let k = 0; k < count; k++) {
        let reference = 0;
        for (const t of baselineFrames) reference += acc[(c * nTimes + t) * count + k];
        reference /= baselineFrames.length;
        for (let t = 0; t < nTimes; t++) {
          const i = (c * nTimes + t) * count + k;
          result[i] = reference > 0 ? ((acc[i] - reference) / reference) * 100 : NaN;
        }
      }
    }
    return result;
  });
  return {
    channels: [...epochs.channels],
    classes: [...epochs.classes],
    freqsHz: Float64Array.from({ length: count }, (_, k) => ((first + k) * fs) / frame),
    timesSec,
    values,
    nTrials,
  };
}
