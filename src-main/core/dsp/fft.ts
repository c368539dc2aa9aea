// FFT plans of any size (mixed radix, generic odd-prime butterflies) built once and reused, complex and real input.

/** A complex FFT of fixed size `n`; arrays are split real/imaginary Float64Array of length n. */
export interface ComplexFftPlan {
  readonly n: number;
  /** Forward transform X[k] = Σ x[t] e^{-2πi k t / n}; input untouched, output written to outRe/outIm. */
  forward(inRe: Float64Array, inIm: Float64Array, outRe: Float64Array, outIm: Float64Array): void;
}

/** A real-input FFT of size `n` giving the one-sided spectrum, bins 0..floor(n/2). */
export interface RealFftPlan {
  readonly n: number;
  /** Number of one-sided bins, floor(n/2) + 1. */
  readonly nBins: number;
  /**
   * Transforms `n` real samples of `input` starting at `offset` into one-sided bins.
   * `outRe`/`outIm` need nBins elements; nothing is allocated per call.
   */
  forward(input: ArrayLike<number>, offset: number, outRe: Float64Array, outIm: Float64Array): void;
}

function factorise(n: number): number[] {
  const factors: number[] = [];
  let rest = n;
  // Radix 4 first: fewer passes and a cheap butterfly.
  while (rest % 4 === 0) { factors.push(4); rest /= 4; }
  while (rest % 2 === 0) { factors.push(2); rest /= 2; }
  for (let p = 3; p * p <= rest; p += 2) {
    while (rest % p === 0) { factors.push(p); rest /= p; }
  }
  if (rest > 1) factors.push(rest);
  return factors;
}

class MixedRadixPlan implements ComplexFftPlan {
  readonly n: number;
  private readonly factors: number[];
  private readonly twRe: Float64Array;
  private readonly twIm: Float64Array;
  /** Input index that lands at each output position after the mixed-radix digit reversal. */
  private readonly permutation: Int32Array;
  // Scratch for the generic butterfly, sized for the largest factor.
  private readonly scratchRe: Float64Array;
  private readonly scratchIm: Float64Array;

  constructor(n: number) {
    this.n = n;
    this.factors = factorise(n);
    this.twRe = new Float64Array(n);
    this.twIm = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const angle = (-2 * Math.PI * k) / n;
      this.twRe[k] = Math.cos(angle);
      this.twIm[k] = Math.sin(angle);
    }
    // Decimation in time: input i = q0 + p0 (q1 + p1 (q2 + ...)) goes to q0 m0 + q1 m1 + ..., m_l = n / (p0 ... p_l).
    this.permutation = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let rest = i;
      let pos = 0;
      let span = n;
      for (const p of this.factors) {
        span /= p;
        pos += (rest % p) * span;
        rest = Math.floor(rest / p);
      }
      this.permutation[pos] = i;
    }
    const maxFactor = Math.max(1, ...this.factors);
    this.scratchRe = new Float64Array(maxFactor);
    this.scratchIm = new Float64Array(maxFactor);
  }

  forward(inRe: Float64Array, inIm: Float64Array, outRe: Float64Array, outIm: Float64Array): void {
    const n = this.n;
    const perm = this.permutation;
    for (let j = 0; j < n; j++) {
      const i = perm[j];
      outRe[j] = inRe[i];
      outIm[j] = inIm[i];
    }
    // Butterfly passes from the innermost factor out; at level l the sub-transforms have length n / stride.
    let stride = n;
    for (let level = this.factors.length - 1; level >= 0; level--) {
      const p = this.factors[level];
      stride /= p;
      const length = n / stride;
      const m = length / p;
      for (let block = 0; block < stride; block++) this.butterfly(outRe, outIm, block * length, m, p, stride);
    }
  }

  private butterfly(outRe: Float64Array, outIm: Float64Array, outOffset: number, m: number, p: number, stride: number): void {
    const twRe = this.twRe;
    const twIm = this.twIm;
    if (p === 2) {
      for (let k = 0; k < m; k++) {
        const a = outOffset + k;
        const b = a + m;
        const wr = twRe[k * stride];
        const wi = twIm[k * stride];
        const br = outRe[b] * wr - outIm[b] * wi;
        const bi = outRe[b] * wi + outIm[b] * wr;
        outRe[b] = outRe[a] - br; outIm[b] = outIm[a] - bi;
        outRe[a] += br; outIm[a] += bi;
      }
    } else if (p === 4) {
      for (let k = 0; k < m; k++) {
        const i0 = outOffset + k;
        const i1 = i0 + m;
        const i2 = i1 + m;
        const i3 = i2 + m;
        let w = k * stride;
        const r1 = outRe[i1] * twRe[w] - outIm[i1] * twIm[w];
        const j1 = outRe[i1] * twIm[w] + outIm[i1] * twRe[w];
        w += k * stride;
        const r2 = outRe[i2] * twRe[w] - outIm[i2] * twIm[w];
        const j2 = outRe[i2] * twIm[w] + outIm[i2] * twRe[w];
        w += k * stride;
        const r3 = outRe[i3] * twRe[w] - outIm[i3] * twIm[w];
        const j3 = outRe[i3] * twIm[w] + outIm[i3] * twRe[w];
        const r0 = outRe[i0];
        const j0 = outIm[i0];
        const s02r = r0 + r2, s02i = j0 + j2, d02r = r0 - r2, d02i = j0 - j2;
        const s13r = r1 + r3, s13i = j1 + j3, d13r = r1 - r3, d13i = j1 - j3;
        outRe[i0] = s02r + s13r; outIm[i0] = s02i + s13i;
        outRe[i2] = s02r - s13r; outIm[i2] = s02i - s13i;
        // Forward transform: multiplying d13 by -i.
        outRe[i1] = d02r + d13i; outIm[i1] = d02i - d13r;
        outRe[i3] = d02r - d13i; outIm[i3] = d02i + d13r;
      }
    } else if (p === 3) {
      const s3 = Math.sqrt(3) / 2;
      for (let k = 0; k < m; k++) {
        const i0 = outOffset + k;
        const i1 = i0 + m;
        const i2 = i1 + m;
        const w1 = k * stride;
        const w2 = 2 * w1;
        const r1 = outRe[i1] * twRe[w1] - outIm[i1] * twIm[w1];
        const j1 = outRe[i1] * twIm[w1] + outIm[i1] * twRe[w1];
        const r2 = outRe[i2] * twRe[w2] - outIm[i2] * twIm[w2];
        const j2 = outRe[i2] * twIm[w2] + outIm[i2] * twRe[w2];
        const tr = r1 + r2, ti = j1 + j2, dr = s3 * (r1 - r2), di = s3 * (j1 - j2);
        const br = outRe[i0] - 0.5 * tr, bi = outIm[i0] - 0.5 * ti;
        outRe[i0] += tr; outIm[i0] += ti;
        // y1 = b - i s (a1 - a2), y2 = b + i s (a1 - a2)
        outRe[i1] = br + di; outIm[i1] = bi - dr;
        outRe[i2] = br - di; outIm[i2] = bi + dr;
      }
    } else if (p === 5) {
      const c1 = Math.cos((2 * Math.PI) / 5), c2 = Math.cos((4 * Math.PI) / 5);
      const s1 = Math.sin((2 * Math.PI) / 5), s2 = Math.sin((4 * Math.PI) / 5);
      for (let k = 0; k < m; k++) {
        const i0 = outOffset + k;
        const i1 = i0 + m, i2 = i1 + m, i3 = i2 + m, i4 = i3 + m;
        let r1 = outRe[i1], j1 = outIm[i1], r2 = outRe[i2], j2 = outIm[i2];
        let r3 = outRe[i3], j3 = outIm[i3], r4 = outRe[i4], j4 = outIm[i4];
        if (k > 0) {
          // Twiddles are 1 at k = 0, which is every butterfly of the innermost pass.
          const w1 = k * stride, w2 = 2 * w1, w3 = 3 * w1, w4 = 4 * w1;
          let t = r1;
          r1 = t * twRe[w1] - j1 * twIm[w1]; j1 = t * twIm[w1] + j1 * twRe[w1];
          t = r2;
          r2 = t * twRe[w2] - j2 * twIm[w2]; j2 = t * twIm[w2] + j2 * twRe[w2];
          t = r3;
          r3 = t * twRe[w3] - j3 * twIm[w3]; j3 = t * twIm[w3] + j3 * twRe[w3];
          t = r4;
          r4 = t * twRe[w4] - j4 * twIm[w4]; j4 = t * twIm[w4] + j4 * twRe[w4];
        }
        const a0r = outRe[i0], a0i = outIm[i0];
        const t1r = r1 + r4, t1i = j1 + j4, t2r = r2 + r3, t2i = j2 + j3;
        const t3r = r1 - r4, t3i = j1 - j4, t4r = r2 - r3, t4i = j2 - j3;
        const b1r = a0r + c1 * t1r + c2 * t2r, b1i = a0i + c1 * t1i + c2 * t2i;
        const b2r = a0r + c2 * t1r + c1 * t2r, b2i = a0i + c2 * t1i + c1 * t2i;
        // e1 = s1 t3 + s2 t4 and e2 = s2 t3 - s1 t4 enter as -i e (forward transform).
        const e1r = s1 * t3r + s2 * t4r, e1i = s1 * t3i + s2 * t4i;
        const e2r = s2 * t3r - s1 * t4r, e2i = s2 * t3i - s1 * t4i;
        outRe[i0] = a0r + t1r + t2r; outIm[i0] = a0i + t1i + t2i;
        outRe[i1] = b1r + e1i; outIm[i1] = b1i - e1r;
        outRe[i4] = b1r - e1i; outIm[i4] = b1i + e1r;
        outRe[i2] = b2r + e2i; outIm[i2] = b2i - e2r;
        outRe[i3] = b2r - e2i; outIm[i3] = b2i + e2r;
      }
    } else {
      const sr = this.scratchRe;
      const si = this.scratchIm;
      const nTotal = this.n;
      const pStep = nTotal / p;
      for (let k = 0; k < m; k++) {
        for (let q = 0; q < p; q++) {
          const idx = outOffset + q * m + k;
          const w = (q * k * stride) % nTotal;
          sr[q] = outRe[idx] * twRe[w] - outIm[idx] * twIm[w];
          si[q] = outRe[idx] * twIm[w] + outIm[idx] * twRe[w];
        }
        for (let s = 0; s < p; s++) {
          let accRe = sr[0];
          let accIm = si[0];
          for (let q = 1; q < p; q++) {
            const w = ((q * s) % p) * pStep;
            accRe += sr[q] * twRe[w] - si[q] * twIm[w];
            accIm += sr[q] * twIm[w] + si[q] * twRe[w];
          }
          outRe[outOffset + s * m + k] = accRe;
          outIm[outOffset + s * m + k] = accIm;
        }
      }
    }
  }
}

const complexPlans = new Map<number, ComplexFftPlan>();

/** The complex FFT plan of size n, built on first use and cached (plans are stateless between calls). */
export function complexFftPlan(n: number): ComplexFftPlan {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`FFT size must be a positive integer, got ${n}`);
  let plan = complexPlans.get(n);
  if (!plan) { plan = new MixedRadixPlan(n); complexPlans.set(n, plan); }
  return plan;
}

/** Even sizes: one complex FFT of n/2 on the packed even/odd samples, then the split step. */
class EvenRealPlan implements RealFftPlan {
  readonly n: number;
  readonly nBins: number;
  private readonly half: ComplexFftPlan;
  private readonly packRe: Float64Array;
  private readonly packIm: Float64Array;
  private readonly zRe: Float64Array;
  private readonly zIm: Float64Array;
  private readonly wRe: Float64Array;
  private readonly wIm: Float64Array;

  constructor(n: number) {
    this.n = n;
    this.nBins = n / 2 + 1;
    const h = n / 2;
    this.half = complexFftPlan(h);
    this.packRe = new Float64Array(h);
    this.packIm = new Float64Array(h);
    this.zRe = new Float64Array(h);
    this.zIm = new Float64Array(h);
    this.wRe = new Float64Array(h);
    this.wIm = new Float64Array(h);
    for (let k = 0; k < h; k++) {
      const angle = (-2 * Math.PI * k) / n;
      this.wRe[k] = Math.cos(angle);
      this.wIm[k] = Math.sin(angle);
    }
  }

  forward(input: ArrayLike<number>, offset: number, outRe: Float64Array, outIm: Float64Array): void {
    const h = this.n / 2;
    const pr = this.packRe;
    const pi = this.packIm;
    for (let t = 0; t < h; t++) {
      pr[t] = input[offset + 2 * t];
      pi[t] = input[offset + 2 * t + 1];
    }
    this.half.forward(pr, pi, this.zRe, this.zIm);
    const zr = this.zRe;
    const zi = this.zIm;
    outRe[0] = zr[0] + zi[0]; outIm[0] = 0;
    outRe[h] = zr[0] - zi[0]; outIm[h] = 0;
    for (let k = 1; k < h; k++) {
      const ar = zr[k];
      const ai = zi[k];
      const br = zr[h - k];
      const bi = -zi[h - k];
      // Even part E = (Z[k] + conj Z[h-k]) / 2, odd part O = (Z[k] - conj Z[h-k]) / (2i).
      const er = 0.5 * (ar + br);
      const ei = 0.5 * (ai + bi);
      const or = 0.5 * (ai - bi);
      const oi = -0.5 * (ar - br);
      const wr = this.wRe[k];
      const wi = this.wIm[k];
      outRe[k] = er + or * wr - oi * wi;
      outIm[k] = ei + or * wi + oi * wr;
    }
  }
}

/** Odd sizes: a full complex FFT with zero imaginary part. */
class OddRealPlan implements RealFftPlan {
  readonly n: number;
  readonly nBins: number;
  private readonly full: ComplexFftPlan;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly fullRe: Float64Array;
  private readonly fullIm: Float64Array;

  constructor(n: number) {
    this.n = n;
    this.nBins = Math.floor(n / 2) + 1;
    this.full = complexFftPlan(n);
    this.re = new Float64Array(n);
    this.im = new Float64Array(n);
    this.fullRe = new Float64Array(n);
    this.fullIm = new Float64Array(n);
  }

  forward(input: ArrayLike<number>, offset: number, outRe: Float64Array, outIm: Float64Array): void {
    for (let t = 0; t < this.n; t++) this.re[t] = input[offset + t];
    this.full.forward(this.re, this.im, this.fullRe, this.fullIm);
    for (let k = 0; k < this.nBins; k++) { outRe[k] = this.fullRe[k]; outIm[k] = this.fullIm[k]; }
  }
}

/**
 * A real-input FFT plan of size n. Plans own scratch buffers, so one plan must not be used by two
 * callers at the same time; build one per worker (they are cheap) rather than sharing across threads.
 */
export function realFftPlan(n: number): RealFftPlan {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`FFT size must be a positive integer, got ${n}`);
  return n % 2 === 0 && n >= 2 ? new EvenRealPlan(n) : new OddRealPlan(n);
}
