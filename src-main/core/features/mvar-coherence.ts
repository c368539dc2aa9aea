// Bivariate autoregressive (MVAR) coherence per sliding window, HappyFeat's connectivity estimator: Vieira-Morf fit, spectral matrix, coherency.
import { badInput, problem, CoreError } from '../errors.ts';
import type { Epochs } from '../epochs.ts';
import { checkBand, type Band } from './band.ts';
import { binRange, type TrialFeatures } from './trial-features.ts';
import type { ProgressSink } from './psd.ts';

export type MvarMetric = 'mvarcoh' | 'mvarabsimcoh';
export const mvarMetrics: readonly MvarMetric[] = ['mvarcoh', 'mvarabsimcoh'];

export interface MvarOptions extends Band {
  metric: MvarMetric;
  /** Sliding window, s (HappyFeat 0.25), shift, s (0.161), order as a duration, s (0.038), resolution, Hz (1). */
  windowSec?: number;
  shiftSec?: number;
  orderSec?: number;
  resolutionHz?: number;
}

/** A 2x2 real matrix as [a00, a01, a10, a11]. */
type M2 = Float64Array;

function chol2(s: M2, out: M2): boolean {
  const l00 = Math.sqrt(s[0]);
  if (!(l00 > 0)) return false;
  const l10 = s[2] / l00;
  const d = s[3] - l10 * l10;
  if (!(d > 0)) return false;
  out[0] = l00; out[1] = 0; out[2] = l10; out[3] = Math.sqrt(d);
  return true;
}

function inv2(a: M2, out: M2): void {
  const det = a[0] * a[3] - a[1] * a[2];
  const a0 = a[0];
  out[0] = a[3] / det; out[1] = -a[1] / det; out[2] = -a[2] / det; out[3] = a0 / det;
}

function mul2(a: M2, b: M2, out: M2): void {
  const o0 = a[0] * b[0] + a[1] * b[2];
  const o1 = a[0] * b[1] + a[1] * b[3];
  const o2 = a[2] * b[0] + a[3] * b[2];
  const o3 = a[2] * b[1] + a[3] * b[3];
  out[0] = o0; out[1] = o1; out[2] = o2; out[3] = o3;
}

function transpose2(a: M2, out: M2): void {
  const a1 = a[1];
  out[0] = a[0]; out[1] = a[2]; out[2] = a1; out[3] = a[3];
}

/** Scratch for one bivariate fit of up to nMax samples and a given order. */
export class MvarWorkspace {
  readonly order: number;
  readonly ef: Float64Array;
  readonly eb: Float64Array;
  /** Forward prediction-error filter A_0..A_p (A_0 = I), 2x2 each: e_f[n] = Σ A_k x[n-k]. */
  readonly a: Float64Array;
  /** Backward filter D_0..D_p: e_b[n] = Σ D_k x[n-k], D_p = I. */
  readonly d: Float64Array;
  private readonly tmpA: Float64Array;
  private readonly tmpD: Float64Array;
  /** Residual covariance of the final forward errors. */
  readonly sigma: M2 = new Float64Array(4);
  private readonly m = Array.from({ length: 13 }, () => new Float64Array(4));

  constructor(nMax: number, order: number) {
    this.order = order;
    this.ef = new Float64Array(2 * nMax);
    this.eb = new Float64Array(2 * nMax);
    this.a = new Float64Array(4 * (order + 1));
    this.d = new Float64Array(4 * (order + 1));
    this.tmpA = new Float64Array(4 * (order + 1));
    this.tmpD = new Float64Array(4 * (order + 1));
  }

  /**
   * Vieira-Morf (geometric-mean) multichannel Burg fit of x, y = signal[offsetX..], signal[offsetY..] (n
   * samples each, means removed). Returns false when the data are degenerate (a flat channel).
   */
  fit(signal: ArrayLike<number>, offsetX: number, offsetY: number, n: number): boolean {
    const { ef, eb, a, d, order } = this;
    const [sff, sbb, sfb, lf, lb, lfInv, lbInv, rho, kf, kb, pf, pb] = this.m;
    let mx = 0;
    let my = 0;
    for (let i = 0; i < n; i++) { mx += signal[offsetX + i]; my += signal[offsetY + i]; }
    mx /= n;
    my /= n;
    let c00 = 0;
    let c01 = 0;
    let c11 = 0;
    for (let i = 0; i < n; i++) {
      const x = signal[offsetX + i] - mx;
      const y = signal[offsetY + i] - my;
      ef[2 * i] = eb[2 * i] = x;
      ef[2 * i + 1] = eb[2 * i + 1] = y;
      c00 += x * x; c01 += x * y; c11 += y * y;
    }
    pf[0] = pb[0] = c00 / n; pf[1] = pb[1] = pf[2] = pb[2] = c01 / n; pf[3] = pb[3] = c11 / n;
    a.fill(0); d.fill(0);
    a[0] = a[3] = 1;
    d[0] = d[3] = 1;
    for (let p = 1; p <= order; p++) {
      sff.fill(0); sbb.fill(0); sfb.fill(0);
      for (let i = p; i < n; i++) {
        const f0 = ef[2 * i], f1 = ef[2 * i + 1], b0 = eb[2 * i - 2], b1 = eb[2 * i - 1];
        sff[0] += f0 * f0; sff[1] += f0 * f1; sff[3] += f1 * f1;
        sbb[0] += b0 * b0; sbb[1] += b0 * b1; sbb[3] += b1 * b1;
        sfb[0] += f0 * b0; sfb[1] += f0 * b1; sfb[2] += f1 * b0; sfb[3] += f1 * b1;
      }
      sff[2] = sff[1];
      sbb[2] = sbb[1];
      // Normalised partial correlation rho = Lf^-1 Sfb Lb^-T (Cholesky factors of the sample powers).
      if (!chol2(sff, lf) || !chol2(sbb, lb)) return false;
      inv2(lf, lfInv);
      inv2(lb, lbInv);
      transpose2(lbInv, kb);
      mul2(lfInv, sfb, rho);
      mul2(rho, kb, rho);
      // Reflection matrices from the model powers: Kf = -Pf^(1/2) rho Pb^(-1/2), Kb = -Pb^(1/2) rho^T Pf^(-1/2).
      if (!chol2(pf, lf) || !chol2(pb, lb)) return false;
      inv2(lf, lfInv);
      inv2(lb, lbInv);
      mul2(lf, rho, kf);
      mul2(kf, lbInv, kf);
      kf[0] = -kf[0]; kf[1] = -kf[1]; kf[2] = -kf[2]; kf[3] = -kf[3];
      transpose2(rho, kb);
      mul2(lb, kb, kb);
      mul2(kb, lfInv, kb);
      kb[0] = -kb[0]; kb[1] = -kb[1]; kb[2] = -kb[2]; kb[3] = -kb[3];
      // Errors, from the old values: walk down so that eb[i-1] is still the previous order's.
      for (let i = n - 1; i >= p; i--) {
        const f0 = ef[2 * i], f1 = ef[2 * i + 1], b0 = eb[2 * i - 2], b1 = eb[2 * i - 1];
        ef[2 * i] = f0 + kf[0] * b0 + kf[1] * b1;
        ef[2 * i + 1] = f1 + kf[2] * b0 + kf[3] * b1;
        eb[2 * i] = b0 + kb[0] * f0 + kb[1] * f1;
        eb[2 * i + 1] = b1 + kb[2] * f0 + kb[3] * f1;
      }
      // Filters: A'_j = A_j + Kf D_{j-1}, D'_j = D_{j-1} + Kb A_j.
      const tA = this.tmpA;
      const tD = this.tmpD;
      tA.set(a);
      tD.set(d);
      const prod = this.m[12];
      for (let j = 0; j <= p; j++) {
        const aj = tA.subarray(4 * j, 4 * j + 4);
        const dPrev = j > 0 ? tD.subarray(4 * (j - 1), 4 * j) : null;
        if (dPrev) {
          mul2(kf, dPrev, prod);
          for (let q = 0; q < 4; q++) a[4 * j + q] = aj[q] + prod[q];
        }
        mul2(kb, aj, prod);
        for (let q = 0; q < 4; q++) d[4 * j + q] = (dPrev ? dPrev[q] : 0) + prod[q];
      }
      // Model powers: Pf' = (I - Kf Kb) Pf, Pb' = (I - Kb Kf) Pb.
      mul2(kf, kb, prod);
      prod[0] = 1 - prod[0]; prod[1] = -prod[1]; prod[2] = -prod[2]; prod[3] = 1 - prod[3];
      mul2(prod, pf, pf);
      pf[1] = pf[2] = 0.5 * (pf[1] + pf[2]);
      mul2(kb, kf, prod);
      prod[0] = 1 - prod[0]; prod[1] = -prod[1]; prod[2] = -prod[2]; prod[3] = 1 - prod[3];
      mul2(prod, pb, pb);
      pb[1] = pb[2] = 0.5 * (pb[1] + pb[2]);
    }
    this.sigma.set(pf);
    return true;
  }
}

/** cos and sin of -2π f k / fs for every frequency of a grid and lag 0..order, built once per plan. */
export function mvarPhaseTable(freqsHz: ArrayLike<number>, order: number, sampleRateHz: number): Float64Array {
  const table = new Float64Array(freqsHz.length * (order + 1) * 2);
  for (let f = 0; f < freqsHz.length; f++) {
    for (let k = 0; k <= order; k++) {
      const w = (-2 * Math.PI * freqsHz[f] * k) / sampleRateHz;
      table[2 * (f * (order + 1) + k)] = Math.cos(w);
      table[2 * (f * (order + 1) + k) + 1] = Math.sin(w);
    }
  }
  return table;
}

/**
 * Coherency of the fitted model at grid frequency `f` of `phases` (see `mvarPhaseTable`): S(f) = H Σ H^H
 * with H = A(f)^-1, A(f) = Σ_k A_k e^{-2πi f k/fs}. Written into out[0..1] (re, im) in the convention of
 * the Welch path (S_ij = E[conj(X_i) X_j]), so imaginary parts agree in sign.
 */
export function mvarCoherencyAt(a: Float64Array, order: number, sigma: Float64Array, phases: Float64Array, f: number, out: Float64Array): void {
  let r0 = 0, i0 = 0, r1 = 0, i1 = 0, r2 = 0, i2 = 0, r3 = 0, i3 = 0;
  const base = 2 * f * (order + 1);
  for (let k = 0; k <= order; k++) {
    const c = phases[base + 2 * k];
    const s = phases[base + 2 * k + 1];
    r0 += a[4 * k] * c; i0 += a[4 * k] * s;
    r1 += a[4 * k + 1] * c; i1 += a[4 * k + 1] * s;
    r2 += a[4 * k + 2] * c; i2 += a[4 * k + 2] * s;
    r3 += a[4 * k + 3] * c; i3 += a[4 * k + 3] * s;
  }
  // H = A^-1 = [a3 -a1; -a2 a0] / det; the 1/|det|² scale cancels in the coherency.
  const h0r = r3, h0i = i3, h1r = -r1, h1i = -i1, h2r = -r2, h2i = -i2, h3r = r0, h3i = i0;
  const s00 = sigma[0], s01 = sigma[1], s11 = sigma[3];
  // S = H Σ H^H with Σ real symmetric; rows of H: (h0, h1) and (h2, h3).
  // S_00 = Σ00 |h0|² + 2 Σ01 Re(h0 conj h1) + Σ11 |h1|², S_11 likewise with (h2, h3).
  const p00 = s00 * (h0r * h0r + h0i * h0i) + 2 * s01 * (h0r * h1r + h0i * h1i) + s11 * (h1r * h1r + h1i * h1i);
  const p11 = s00 * (h2r * h2r + h2i * h2i) + 2 * s01 * (h2r * h3r + h2i * h3i) + s11 * (h3r * h3r + h3i * h3i);
  // S_01 = Σ_lm h_0l Σ_lm conj(h_1m) with (h_00, h_01) = (h0, h1), (h_10, h_11) = (h2, h3).
  const cross = (xr: number, xi: number, yr: number, yi: number, w: number, acc: [number, number]) => {
    acc[0] += w * (xr * yr + xi * yi);
    acc[1] += w * (xi * yr - xr * yi);
  };
  const acc: [number, number] = [0, 0];
  cross(h0r, h0i, h2r, h2i, s00, acc);
  cross(h0r, h0i, h3r, h3i, s01, acc);
  cross(h1r, h1i, h2r, h2i, s01, acc);
  cross(h1r, h1i, h3r, h3i, s11, acc);
  const norm = Math.sqrt(p00 * p11);
  // conj: E[X_0 conj(X_1)] -> E[conj(X_0) X_1].
  out[0] = norm > 0 ? acc[0] / norm : 0;
  out[1] = norm > 0 ? -acc[1] / norm : 0;
}

/** Coherency at one frequency in Hz (convenience for checks; the feature loop uses the table form). */
export function mvarCoherency(a: Float64Array, order: number, sigma: Float64Array, freqHz: number, sampleRateHz: number): [number, number] {
  const out = new Float64Array(2);
  mvarCoherencyAt(a, order, sigma, mvarPhaseTable([freqHz], order, sampleRateHz), 0, out);
  return [out[0], out[1]];
}

/** Node strength per channel and frequency of per-window bivariate MVAR coherence (mean over windows, then over partners). */
export function mvarFeatures(epochs: Epochs, options: MvarOptions, progress?: ProgressSink): TrialFeatures {
  const fs = epochs.sampleRateHz;
  checkBand(options, fs);
  const nWindow = Math.round((options.windowSec ?? 0.25) * fs);
  const nShift = Math.max(1, Math.round((options.shiftSec ?? 0.161) * fs));
  const order = Math.round((options.orderSec ?? 0.038) * fs);
  const nFft = Math.round(fs / (options.resolutionHz ?? 1));
  if (order < 1) throw badInput(`MVAR order: ${options.orderSec ?? 0.038} s at ${fs} Hz rounds to ${order}; at least 1 is needed`);
  if (nWindow <= 3 * order) throw badInput(`MVAR window: ${nWindow} samples is too short for a bivariate order-${order} model; it needs more than ${3 * order}`);
  if (nWindow > epochs.nSamples) {
    throw badInput(`MVAR window: ${nWindow} samples is longer than the ${epochs.nSamples}-sample epoch`, {}, problem('segment-longer-than-epoch', { segmentSec: nWindow / fs, epochSec: epochs.nSamples / fs }));
  }
  const nChannels = epochs.channels.length;
  if (nChannels < 2) throw badInput(`connectivity: ${nChannels} channel(s); at least 2 are needed`);
  const { first, count } = binRange(nFft, fs, options.fminHz, options.fmaxHz);
  if (count === 0) throw badInput(`band ${options.fminHz}-${options.fmaxHz} Hz holds no frequency bin at ${fs / nFft} Hz resolution`, {}, problem('band-empty', { fminHz: options.fminHz, fmaxHz: options.fmaxHz, resolutionHz: fs / nFft }));
  const freqsHz = Float64Array.from({ length: count }, (_, k) => ((first + k) * fs) / nFft);
  const starts: number[] = [];
  for (let s = 0; s + nWindow <= epochs.nSamples; s += nShift) starts.push(s);
  const ws = new MvarWorkspace(nWindow, order);
  const n = epochs.nSamples;
  const values: Float64Array[] = [];
  const pair = new Float64Array(count);
  const phases = mvarPhaseTable(freqsHz, order, fs);
  const coherency = new Float64Array(2);
  epochs.trials.forEach((trial, t) => {
    const out = new Float64Array(nChannels * count);
    for (let i = 0; i < nChannels - 1; i++) {
      for (let j = i + 1; j < nChannels; j++) {
        pair.fill(0);
        for (const s of starts) {
          if (!ws.fit(trial.data, i * n + s, j * n + s, nWindow)) continue;
          for (let k = 0; k < count; k++) {
            mvarCoherencyAt(ws.a, order, ws.sigma, phases, k, coherency);
            pair[k] += options.metric === 'mvarcoh' ? Math.hypot(coherency[0], coherency[1]) : Math.abs(coherency[1]);
          }
        }
        for (let k = 0; k < count; k++) {
          const v = pair[k] / starts.length;
          out[i * count + k] += v;
          out[j * count + k] += v;
        }
      }
    }
    for (let q = 0; q < out.length; q++) out[q] /= nChannels - 1;
    values.push(out);
    if (progress && progress(t + 1, epochs.trials.length) === true) throw new CoreError('cancelled', `cancelled after ${t + 1} of ${epochs.trials.length} trials`);
  });
  return {
    method: options.metric,
    channels: [...epochs.channels],
    freqsHz,
    log: false,
    classes: [...epochs.classes],
    values,
    classIndex: Int32Array.from(epochs.trials, (tr) => tr.classIndex),
    trialIndex: Int32Array.from(epochs.trials, (tr) => tr.index),
  };
}
