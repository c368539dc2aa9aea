// Welch power spectral density (periodic Hann, constant detrend, one-sided density, mean over segments), as scipy.signal.welch.
import { badInput } from '../errors.ts';
import { complexFftPlan, realFftPlan, type ComplexFftPlan, type RealFftPlan } from './fft.ts';

/** Periodic Hann window of n points (scipy `get_window('hann', n)`, i.e. sym=False). */
export function hannPeriodic(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  return w;
}

/** Segment start positions in a signal of nSamples: scipy's rule, no padding, trailing samples dropped. */
export function segmentStarts(nSamples: number, nPerSeg: number, nOverlap: number): number[] {
  const step = nPerSeg - nOverlap;
  const starts: number[] = [];
  for (let s = 0; s + nPerSeg <= nSamples; s += step) starts.push(s);
  return starts;
}

/**
 * Everything Welch needs for one (signal length, segment length, rate), built once: window, scale,
 * FFT plan and scratch. Not shareable between threads (it owns scratch buffers).
 */
export class WelchPlan {
  readonly sampleRateHz: number;
  readonly nPerSeg: number;
  readonly nOverlap: number;
  readonly nBins: number;
  readonly starts: number[];
  private readonly window: Float64Array;
  private readonly fft: RealFftPlan;
  private readonly pairFft: ComplexFftPlan;
  private readonly segment: Float64Array;
  private readonly pairIm: Float64Array;
  private readonly zRe: Float64Array;
  private readonly zIm: Float64Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  /** Per-bin factor: 1/(fs Σw²) times 2 on bins other than DC and Nyquist, divided by the number of segments. */
  private readonly binScale: Float64Array;

  constructor(nSamples: number, sampleRateHz: number, nPerSeg: number, nOverlap: number) {
    if (!Number.isInteger(nPerSeg) || nPerSeg < 2) throw badInput(`Welch segment: ${nPerSeg} samples; at least 2 are needed`, { value: nPerSeg });
    if (nPerSeg > nSamples) throw badInput(`Welch segment: ${nPerSeg} samples is longer than the ${nSamples}-sample epoch; shorten the segment or lengthen the window`, { value: nPerSeg, allowed: `<= ${nSamples}` });
    if (!Number.isInteger(nOverlap) || nOverlap < 0 || nOverlap >= nPerSeg) throw badInput(`Welch overlap: ${nOverlap} samples; allowed 0..${nPerSeg - 1}`, { value: nOverlap });
    this.sampleRateHz = sampleRateHz;
    this.nPerSeg = nPerSeg;
    this.nOverlap = nOverlap;
    this.starts = segmentStarts(nSamples, nPerSeg, nOverlap);
    this.window = hannPeriodic(nPerSeg);
    this.fft = realFftPlan(nPerSeg);
    this.nBins = this.fft.nBins;
    this.segment = new Float64Array(nPerSeg);
    this.pairFft = complexFftPlan(nPerSeg);
    this.pairIm = new Float64Array(nPerSeg);
    this.zRe = new Float64Array(nPerSeg);
    this.zIm = new Float64Array(nPerSeg);
    this.re = new Float64Array(this.nBins);
    this.im = new Float64Array(this.nBins);
    let sumSquares = 0;
    for (const v of this.window) sumSquares += v * v;
    const scale = 1 / (sampleRateHz * sumSquares * this.starts.length);
    this.binScale = new Float64Array(this.nBins).fill(2 * scale);
    this.binScale[0] = scale;
    if (nPerSeg % 2 === 0) this.binScale[this.nBins - 1] = scale;
  }

  /** Frequency of bin k in Hz. */
  freqHz(k: number): number {
    return (k * this.sampleRateHz) / this.nPerSeg;
  }

  /**
   * PSD of `signal[offset .. offset + nSamples)` into `out[0 .. count)` for bins first..first+count-1.
   * Density in unit²/Hz.
   */
  psd(signal: ArrayLike<number>, offset: number, out: Float64Array, first = 0, count = this.nBins): void {
    const n = this.nPerSeg;
    const seg = this.segment;
    const segIm = this.pairIm;
    const w = this.window;
    const zr = this.zRe;
    const zi = this.zIm;
    const starts = this.starts;
    out.fill(0, 0, count);
    // Constant detrend without a pass of its own: the periodic Hann window's DFT is n/2 at bin 0 and -n/4 at
    // bins 1 and n-1, zero elsewhere, so removing the mean before windowing equals subtracting mean x W[k]
    // from those three bins of the windowed segment's transform (bins coincide when n = 2).
    const half = 0.5 * n;
    const quarter = 0.25 * n;
    // Two segments per complex FFT (a in the real part, b in the imaginary part): with Z = FFT(a + ib),
    // |A[k]|² + |B[k]|² = (|Z[k]|² + |Z[n-k]|²) / 2, so the power sum needs no separation step.
    let s = 0;
    for (; s + 1 < starts.length; s += 2) {
      const baseA = offset + starts[s];
      const baseB = offset + starts[s + 1];
      let sumA = 0;
      let sumB = 0;
      for (let i = 0; i < n; i++) {
        const a = signal[baseA + i];
        const b = signal[baseB + i];
        sumA += a;
        sumB += b;
        seg[i] = a * w[i];
        segIm[i] = b * w[i];
      }
      this.pairFft.forward(seg, segIm, zr, zi);
      const meanA = sumA / n;
      const meanB = sumB / n;
      zr[0] -= meanA * half; zi[0] -= meanB * half;
      zr[1] += meanA * quarter; zi[1] += meanB * quarter;
      zr[n - 1] += meanA * quarter; zi[n - 1] += meanB * quarter;
      for (let k = 0; k < count; k++) {
        const b = first + k;
        const m = b === 0 ? 0 : n - b;
        out[k] += 0.5 * (zr[b] * zr[b] + zi[b] * zi[b] + zr[m] * zr[m] + zi[m] * zi[m]);
      }
    }
    if (s < starts.length) {
      const re = this.re;
      const im = this.im;
      const base = offset + starts[s];
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const a = signal[base + i];
        sum += a;
        seg[i] = a * w[i];
      }
      this.fft.forward(seg, 0, re, im);
      const mean = sum / n;
      re[0] -= mean * half;
      re[1] += mean * quarter;
      // Bin n-1 is in the one-sided spectrum only when n = 2 (where it is bin 1); otherwise it mirrors bin 1.
      if (n - 1 < this.nBins) re[n - 1] += mean * quarter;
      for (let k = 0; k < count; k++) {
        const b = first + k;
        out[k] += re[b] * re[b] + im[b] * im[b];
      }
    }
    for (let k = 0; k < count; k++) out[k] *= this.binScale[first + k];
  }
}
