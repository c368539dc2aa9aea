// Burg autoregressive spectra (HappyFeat's OpenViBE path): AR fit per sliding window, PSD from the AR polynomial, mean over windows.
import { badInput, problem } from '../errors.ts';
import { realFftPlan, type RealFftPlan } from './fft.ts';

export interface BurgOptions {
  /** Sliding window length, s (HappyFeat 0.25). */
  windowSec: number;
  /** Shift between windows, s (HappyFeat 0.161). */
  shiftSec: number;
  /** AR order as a duration: order = round(orderSec x fs) (HappyFeat 0.038, i.e. 19 at 500 Hz). */
  orderSec: number;
  /** Frequency resolution: FFT size = round(fs / resolutionHz) (HappyFeat 1 Hz). */
  resolutionHz: number;
}

export const defaultBurgOptions: BurgOptions = { windowSec: 0.25, shiftSec: 0.161, orderSec: 0.038, resolutionHz: 1 };

/** Scratch for `burgAr`, sized for a window of nMax samples and a given order. */
export class BurgWorkspace {
  readonly u: Float64Array;
  readonly v: Float64Array;
  readonly x: Float64Array;
  readonly pacf: Float64Array;
  readonly d: Float64Array;
  readonly prev: Float64Array;
  constructor(nMax: number, order: number) {
    this.u = new Float64Array(nMax);
    this.v = new Float64Array(nMax);
    this.x = new Float64Array(nMax);
    this.pacf = new Float64Array(order + 1);
    this.d = new Float64Array(order + 1);
    this.prev = new Float64Array(order + 1);
  }
}

/**
 * Burg's estimator of an AR(order) model x_t = Σ_k ρ_k x_{t-k} + e_t on `signal[offset .. offset+n)`, mean
 * removed. Writes ρ_1..ρ_order into `rho` and returns σ² = Var(e). Same recursion and normalisation as
 * statsmodels `burg` (Brockwell and Davis 2016, §5.1.2): σ² = (1 - φ_p²) d_p / (2 (n - p)).
 */
export function burgAr(signal: ArrayLike<number>, offset: number, n: number, order: number, rho: Float64Array, ws: BurgWorkspace): number {
  const { u, v, x, pacf, d, prev } = ws;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += signal[offset + i];
  mean /= n;
  // Work on the reversed series, as the reference recursion does.
  for (let i = 0; i < n; i++) {
    x[i] = signal[offset + n - 1 - i] - mean;
    u[i] = x[i];
    v[i] = x[i];
  }
  let dot = 0;
  let uu = 0;
  let vv = 0;
  for (let i = 0; i < n - 1; i++) {
    uu += u[i] * u[i];
    vv += v[i + 1] * v[i + 1];
    dot += v[i + 1] * u[i];
  }
  d[1] = uu + vv;
  if (!(d[1] > 0)) {
    // A flat window has no AR structure and no power: say so instead of dividing by zero.
    rho.fill(0, 0, order);
    return 0;
  }
  pacf[1] = (2 / d[1]) * dot;
  for (let i = 1; i < order; i++) {
    const k = pacf[i];
    // u[1:] = u[:-1] - k v[1:] and v[1:] = v[1:] - k u[:-1], both from the old values: walk backwards for u.
    for (let j = n - 1; j >= 1; j--) {
      const uOld = u[j - 1];
      const vOld = v[j];
      u[j] = uOld - k * vOld;
      v[j] = vOld - k * uOld;
    }
    d[i + 1] = (1 - k * k) * d[i] - v[i] * v[i] - u[n - 1] * u[n - 1];
    let s = 0;
    for (let j = i + 1; j < n; j++) s += v[j] * u[j - 1];
    pacf[i + 1] = (2 / d[i + 1]) * s;
  }
  const sigma2 = ((1 - pacf[order] * pacf[order]) * d[order]) / (2 * (n - order));
  // Levinson-Durbin from partial autocorrelations to AR coefficients.
  for (let i = 0; i < order; i++) rho[i] = pacf[i + 1];
  for (let i = 1; i < order; i++) {
    for (let j = 0; j < i; j++) prev[j] = rho[j];
    for (let j = 0; j < i; j++) rho[j] = prev[j] - rho[i] * prev[i - 1 - j];
  }
  return sigma2;
}

/**
 * One-sided AR spectral density on an nFft grid: PSD(f) = 2 (σ²/fs) / |1 - Σ ρ_k e^{-2πi f k/fs}|²,
 * without the 2 at DC and Nyquist.
 */
export class ArSpectrum {
  readonly nFft: number;
  readonly nBins: number;
  private readonly fft: RealFftPlan;
  private readonly poly: Float64Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;

  constructor(nFft: number) {
    this.nFft = nFft;
    this.fft = realFftPlan(nFft);
    this.nBins = this.fft.nBins;
    this.poly = new Float64Array(nFft);
    this.re = new Float64Array(this.nBins);
    this.im = new Float64Array(this.nBins);
  }

  /** Adds `weight` x PSD(bins first..first+count-1) into out. */
  accumulate(rho: Float64Array, order: number, sigma2: number, sampleRateHz: number, out: Float64Array, first: number, count: number, weight: number): void {
    const poly = this.poly;
    poly.fill(0);
    poly[0] = 1;
    for (let k = 0; k < order; k++) poly[k + 1] = -rho[k];
    this.fft.forward(poly, 0, this.re, this.im);
    const base = (sigma2 / sampleRateHz) * weight;
    const nyquistBin = this.nFft % 2 === 0 ? this.nBins - 1 : -1;
    for (let k = 0; k < count; k++) {
      const b = first + k;
      const mag2 = this.re[b] * this.re[b] + this.im[b] * this.im[b];
      out[k] += ((b === 0 || b === nyquistBin ? 1 : 2) * base) / mag2;
    }
  }
}

/** Burg PSD of an epoch: windows, order and FFT size fixed once for an epoch length and a rate. */
export class BurgPlan {
  readonly order: number;
  readonly nWindow: number;
  readonly nShift: number;
  readonly nFft: number;
  readonly starts: number[];
  readonly sampleRateHz: number;
  private readonly spectrum: ArSpectrum;
  private readonly ws: BurgWorkspace;
  private readonly rho: Float64Array;

  constructor(nSamples: number, sampleRateHz: number, options: BurgOptions) {
    this.sampleRateHz = sampleRateHz;
    this.nWindow = Math.round(options.windowSec * sampleRateHz);
    this.nShift = Math.round(options.shiftSec * sampleRateHz);
    this.order = Math.round(options.orderSec * sampleRateHz);
    this.nFft = Math.round(sampleRateHz / options.resolutionHz);
    if (this.order < 1) throw badInput(`Burg order: ${options.orderSec} s x ${sampleRateHz} Hz rounds to ${this.order}; at least 1 is needed`, { value: options.orderSec });
    if (this.nWindow <= this.order + 1) throw badInput(`Burg window: ${this.nWindow} samples is too short for order ${this.order}; it needs more than ${this.order + 1}`, { value: options.windowSec });
    if (this.nWindow > nSamples) {
      throw badInput(`Burg window: ${options.windowSec} s (${this.nWindow} samples) is longer than the ${nSamples}-sample epoch`, { value: options.windowSec }, problem('segment-longer-than-epoch', { segmentSec: this.nWindow / sampleRateHz, epochSec: nSamples / sampleRateHz }));
    }
    if (this.nShift < 1) throw badInput(`Burg shift: ${options.shiftSec} s rounds to 0 samples at ${sampleRateHz} Hz`, { value: options.shiftSec });
    if (this.nFft < 2 || this.nFft <= this.order) throw badInput(`Burg resolution: ${options.resolutionHz} Hz gives an FFT of ${this.nFft} points; it must exceed the order ${this.order}`, { value: options.resolutionHz });
    this.starts = [];
    for (let s = 0; s + this.nWindow <= nSamples; s += this.nShift) this.starts.push(s);
    this.spectrum = new ArSpectrum(this.nFft);
    this.ws = new BurgWorkspace(this.nWindow, this.order);
    this.rho = new Float64Array(this.order);
  }

  /** Mean over windows of the AR PSD of `signal[offset ..)`, bins first..first+count-1, into out. */
  psd(signal: ArrayLike<number>, offset: number, out: Float64Array, first: number, count: number): void {
    out.fill(0, 0, count);
    const weight = 1 / this.starts.length;
    for (const start of this.starts) {
      const sigma2 = burgAr(signal, offset + start, this.nWindow, this.order, this.rho, this.ws);
      this.spectrum.accumulate(this.rho, this.order, sigma2, this.sampleRateHz, out, first, count, weight);
    }
  }
}
