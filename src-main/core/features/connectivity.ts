// Functional connectivity from per-trial cross-spectra of Welch segments: coherence family, PLV, wPLI, node strength and full matrices.
import { badInput, problem, CoreError } from '../errors.ts';
import type { Epochs } from '../epochs.ts';
import { realFftPlan, type RealFftPlan } from '../dsp/fft.ts';
import { hannPeriodic, segmentStarts } from '../dsp/welch.ts';
import { checkBand, type Band } from './band.ts';
import { binRange, type TrialFeatures } from './trial-features.ts';
import type { ProgressSink } from './psd.ts';

export type ConnectivityMetric = 'coh' | 'msc' | 'imcoh' | 'absimcoh' | 'plv' | 'wpli';
export const connectivityMetrics: readonly ConnectivityMetric[] = ['coh', 'msc', 'imcoh', 'absimcoh', 'plv', 'wpli'];

export interface ConnectivityOptions extends Band {
  metric: ConnectivityMetric;
  /** Welch segment length in seconds (default 0.5). */
  segmentSec?: number;
  /** Overlap fraction (default 0.5). */
  overlap?: number;
}

/**
 * Everything one trial needs, built once per (epoch length, rate, segments, band, channels): window, FFT
 * plan, spectra buffer `[freq][segment][channel]` (channel innermost so pair loops run over contiguous memory).
 * Cross-spectra follow scipy.signal.csd: S_ij = mean over segments of conj(X_i) X_j, so Im C_ij > 0 when j lags i.
 */
export class ConnectivityPlan {
  readonly nChannels: number;
  readonly nSegments: number;
  readonly nPerSeg: number;
  readonly first: number;
  readonly count: number;
  readonly sampleRateHz: number;
  private readonly starts: number[];
  private readonly window: Float64Array;
  private readonly fft: RealFftPlan;
  private readonly segment: Float64Array;
  private readonly binRe: Float64Array;
  private readonly binIm: Float64Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly power: Float64Array;
  private readonly accRe: Float64Array;
  private readonly accIm: Float64Array;
  private readonly accAbs: Float64Array;

  constructor(nSamples: number, sampleRateHz: number, nChannels: number, options: ConnectivityOptions) {
    checkBand(options, sampleRateHz);
    const segmentSec = options.segmentSec ?? 0.5;
    this.nPerSeg = Math.round(segmentSec * sampleRateHz);
    const nOverlap = Math.floor(this.nPerSeg * (options.overlap ?? 0.5));
    if (this.nPerSeg < 2 || nOverlap >= this.nPerSeg) throw badInput(`connectivity segment: ${segmentSec} s with overlap ${options.overlap ?? 0.5} is not usable at ${sampleRateHz} Hz`, { value: segmentSec });
    this.starts = segmentStarts(nSamples, this.nPerSeg, nOverlap);
    if (this.starts.length < 2) {
      const epochSec = nSamples / sampleRateHz;
      const maxSegmentSec = epochSec / (2 - (options.overlap ?? 0.5));
      throw badInput(
        `connectivity segment: ${segmentSec} s leaves ${this.starts.length} segment per ${epochSec} s trial; coherence of a single segment is always 1. Use segments of at most ${maxSegmentSec.toFixed(3)} s`,
        { value: segmentSec, allowed: `<= ${maxSegmentSec}` }, problem('connectivity-one-segment', { segmentSec, epochSec, maxSegmentSec: Math.floor(maxSegmentSec * 1000 + 1e-6) / 1000 }),
      );
    }
    if (nChannels < 2) throw badInput(`connectivity: ${nChannels} channel(s); at least 2 are needed`, { value: nChannels });
    const { first, count } = binRange(this.nPerSeg, sampleRateHz, options.fminHz, options.fmaxHz);
    if (count === 0) throw badInput(`band ${options.fminHz}-${options.fmaxHz} Hz holds no frequency bin at ${sampleRateHz / this.nPerSeg} Hz resolution (segment ${segmentSec} s)`, {}, problem('band-empty', { fminHz: options.fminHz, fmaxHz: options.fmaxHz, resolutionHz: sampleRateHz / this.nPerSeg }));
    this.first = first;
    this.count = count;
    this.sampleRateHz = sampleRateHz;
    this.nChannels = nChannels;
    this.nSegments = this.starts.length;
    this.window = hannPeriodic(this.nPerSeg);
    this.fft = realFftPlan(this.nPerSeg);
    this.segment = new Float64Array(this.nPerSeg);
    this.binRe = new Float64Array(this.fft.nBins);
    this.binIm = new Float64Array(this.fft.nBins);
    this.re = new Float64Array(count * this.nSegments * nChannels);
    this.im = new Float64Array(count * this.nSegments * nChannels);
    this.power = new Float64Array(count * nChannels);
    this.accRe = new Float64Array(nChannels);
    this.accIm = new Float64Array(nChannels);
    this.accAbs = new Float64Array(nChannels);
  }

  freqsHz(): Float64Array {
    return Float64Array.from({ length: this.count }, (_, k) => ((this.first + k) * this.sampleRateHz) / this.nPerSeg);
  }

  /** Segment spectra of one trial `[channel][sample]` (nSamples per channel); PLV wants them unit-modulus. */
  private spectra(data: Float64Array, nSamples: number, normalise: boolean): void {
    const { nPerSeg, nSegments, nChannels, count, first, re, im, segment: seg, window: w } = this;
    for (let c = 0; c < nChannels; c++) {
      for (let s = 0; s < nSegments; s++) {
        const base = c * nSamples + this.starts[s];
        let mean = 0;
        for (let i = 0; i < nPerSeg; i++) mean += data[base + i];
        mean /= nPerSeg;
        for (let i = 0; i < nPerSeg; i++) seg[i] = (data[base + i] - mean) * w[i];
        this.fft.forward(seg, 0, this.binRe, this.binIm);
        for (let k = 0; k < count; k++) {
          const at = (k * nSegments + s) * nChannels + c;
          let xr = this.binRe[first + k];
          let xi = this.binIm[first + k];
          if (normalise) {
            const mag = Math.hypot(xr, xi);
            if (mag > 0) { xr /= mag; xi /= mag; } else { xr = 0; xi = 0; }
          }
          re[at] = xr;
          im[at] = xi;
        }
      }
    }
    const power = this.power;
    power.fill(0);
    for (let k = 0; k < count; k++) {
      for (let s = 0; s < nSegments; s++) {
        const row = (k * nSegments + s) * nChannels;
        for (let c = 0; c < nChannels; c++) power[k * nChannels + c] += re[row + c] * re[row + c] + im[row + c] * im[row + c];
      }
    }
  }

  /**
   * Metric of one trial for every pair, calling `sink(i, j, k, value)` once per unordered pair i < j with
   * the value of (i, j); imaginary coherence is antisymmetric, every other metric symmetric.
   */
  private pairs(data: Float64Array, nSamples: number, metric: ConnectivityMetric, sink: (i: number, j: number, k: number, value: number) => void): void {
    this.spectra(data, nSamples, metric === 'plv');
    const { nSegments, nChannels, count, re, im, power, accRe, accIm, accAbs } = this;
    const wantAbs = metric === 'wpli';
    for (let k = 0; k < count; k++) {
      for (let i = 0; i < nChannels - 1; i++) {
        accRe.fill(0);
        accIm.fill(0);
        if (wantAbs) accAbs.fill(0);
        for (let s = 0; s < nSegments; s++) {
          const row = (k * nSegments + s) * nChannels;
          const a = re[row + i];
          const b = im[row + i];
          if (wantAbs) {
            for (let j = i + 1; j < nChannels; j++) {
              const xr = re[row + j];
              const xi = im[row + j];
              const imag = a * xi - b * xr;
              accRe[j] += a * xr + b * xi;
              accIm[j] += imag;
              accAbs[j] += Math.abs(imag);
            }
          } else {
            for (let j = i + 1; j < nChannels; j++) {
              const xr = re[row + j];
              const xi = im[row + j];
              accRe[j] += a * xr + b * xi;
              accIm[j] += a * xi - b * xr;
            }
          }
        }
        const pi = power[k * nChannels + i];
        for (let j = i + 1; j < nChannels; j++) {
          let value: number;
          switch (metric) {
            case 'plv':
              value = Math.hypot(accRe[j], accIm[j]) / nSegments;
              break;
            case 'wpli':
              value = accAbs[j] > 0 ? Math.abs(accIm[j]) / accAbs[j] : 0;
              break;
            default: {
              const norm = Math.sqrt(pi * power[k * nChannels + j]);
              const cr = norm > 0 ? accRe[j] / norm : 0;
              const ci = norm > 0 ? accIm[j] / norm : 0;
              value = metric === 'coh' ? Math.hypot(cr, ci)
                : metric === 'msc' ? cr * cr + ci * ci
                  : metric === 'imcoh' ? ci
                    : Math.abs(ci);
            }
          }
          sink(i, j, k, value);
        }
      }
    }
  }

  /** Full matrix of one trial into out `[i][j][freq]` (nChannels² x count); the diagonal is left 0. */
  matrix(data: Float64Array, nSamples: number, metric: ConnectivityMetric, out: Float64Array, weight = 1): void {
    const n = this.nChannels;
    const count = this.count;
    const sign = metric === 'imcoh' ? -1 : 1;
    this.pairs(data, nSamples, metric, (i, j, k, v) => {
      out[(i * n + j) * count + k] += weight * v;
      out[(j * n + i) * count + k] += weight * sign * v;
    });
  }

  /** Node strength of one trial into out `[channel][freq]`: mean over j ≠ i of the metric. */
  nodeStrength(data: Float64Array, nSamples: number, metric: ConnectivityMetric, out: Float64Array): void {
    const count = this.count;
    const sign = metric === 'imcoh' ? -1 : 1;
    out.fill(0);
    this.pairs(data, nSamples, metric, (i, j, k, v) => {
      out[i * count + k] += v;
      out[j * count + k] += sign * v;
    });
    const inv = 1 / (this.nChannels - 1);
    for (let i = 0; i < out.length; i++) out[i] *= inv;
  }
}

/** Node strength per channel and frequency for every trial: the connectivity feature family. */
export function connectivityFeatures(epochs: Epochs, options: ConnectivityOptions, progress?: ProgressSink): TrialFeatures {
  const nChannels = epochs.channels.length;
  const plan = new ConnectivityPlan(epochs.nSamples, epochs.sampleRateHz, nChannels, options);
  const values: Float64Array[] = [];
  epochs.trials.forEach((trial, t) => {
    const out = new Float64Array(nChannels * plan.count);
    plan.nodeStrength(trial.data, epochs.nSamples, options.metric, out);
    values.push(out);
    if (progress && progress(t + 1, epochs.trials.length) === true) throw new CoreError('cancelled', `cancelled after ${t + 1} of ${epochs.trials.length} trials`);
  });
  return {
    method: options.metric,
    channels: [...epochs.channels],
    freqsHz: plan.freqsHz(),
    log: false,
    classes: [...epochs.classes],
    values,
    classIndex: Int32Array.from(epochs.trials, (t) => t.classIndex),
    trialIndex: Int32Array.from(epochs.trials, (t) => t.index),
  };
}

export interface ConnectivityMatrix {
  metric: ConnectivityMetric;
  channels: string[];
  freqsHz: Float64Array;
  /** `[i][j][freq]`, mean over the chosen trials; diagonal 0. */
  values: Float64Array;
  nTrials: number;
}

/** Mean channel x channel matrix over the trials of one class (or all trials when classIndex is undefined), for the views. */
export function connectivityMatrix(epochs: Epochs, options: ConnectivityOptions, classIndex?: number): ConnectivityMatrix {
  const nChannels = epochs.channels.length;
  const plan = new ConnectivityPlan(epochs.nSamples, epochs.sampleRateHz, nChannels, options);
  const trials = epochs.trials.filter((t) => classIndex === undefined || t.classIndex === classIndex);
  if (trials.length === 0) throw badInput(`connectivity matrix: no trial of class ${classIndex}`, { value: classIndex });
  const values = new Float64Array(nChannels * nChannels * plan.count);
  for (const trial of trials) plan.matrix(trial.data, epochs.nSamples, options.metric, values, 1 / trials.length);
  return { metric: options.metric, channels: [...epochs.channels], freqsHz: plan.freqsHz(), values, nTrials: trials.length };
}
