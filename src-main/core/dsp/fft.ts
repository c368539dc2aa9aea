// FFT plans of any size (Stockham mixed radix, generic odd-prime butterflies) built once and reused, complex and real input.

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

/**
 * One Stockham pass of radix p over sub-transforms of length `len` = p m: reads a_r = x[s q + j + r s m],
 * writes y[s p q + j + k s] = (Σ_r a_r ω_p^{rk}) w_len^{qk}, for q < m and j < s. Twiddles are laid out
 * `[q][k - 1]` so each q reads p - 1 consecutive pairs.
 */
interface Pass {
  p: number;
  m: number;
  s: number;
  twRe: Float64Array;
  twIm: Float64Array;
  /** ω_p^j for j < p (generic butterflies only, empty otherwise). */
  rootRe: Float64Array;
  rootIm: Float64Array;
}

/**
 * Stockham autosort FFT (decimation in frequency): no bit-reversal permutation, each pass reads one buffer and
 * writes the other, with long unit-stride inner loops in the late passes. Radix 4, 2, 3 and 5 are written out;
 * other primes use a generic butterfly.
 */
class StockhamPlan implements ComplexFftPlan {
  readonly n: number;
  private readonly passes: Pass[];
  private readonly bufRe: Float64Array[];
  private readonly bufIm: Float64Array[];
  private readonly scratchRe: Float64Array;
  private readonly scratchIm: Float64Array;

  constructor(n: number) {
    this.n = n;
    this.passes = [];
    let len = n;
    let s = 1;
    for (const p of factorise(n)) {
      const m = len / p;
      const twRe = new Float64Array(m * (p - 1));
      const twIm = new Float64Array(m * (p - 1));
      for (let q = 0; q < m; q++) {
        for (let k = 1; k < p; k++) {
          const angle = (-2 * Math.PI * ((q * k) % len)) / len;
          twRe[q * (p - 1) + k - 1] = Math.cos(angle);
          twIm[q * (p - 1) + k - 1] = Math.sin(angle);
        }
      }
      const roots = p > 5 ? p : 0;
      const rootRe = new Float64Array(roots);
      const rootIm = new Float64Array(roots);
      for (let j = 0; j < roots; j++) {
        rootRe[j] = Math.cos((-2 * Math.PI * j) / p);
        rootIm[j] = Math.sin((-2 * Math.PI * j) / p);
      }
      this.passes.push({ p, m, s, twRe, twIm, rootRe, rootIm });
      len = m;
      s *= p;
    }
    this.bufRe = [new Float64Array(n), new Float64Array(n)];
    this.bufIm = [new Float64Array(n), new Float64Array(n)];
    const generic = Math.max(1, ...this.passes.map((ps) => (ps.p > 5 ? ps.p : 1)));
    this.scratchRe = new Float64Array(generic);
    this.scratchIm = new Float64Array(generic);
  }

  forward(inRe: Float64Array, inIm: Float64Array, outRe: Float64Array, outIm: Float64Array): void {
    const last = this.passes.length - 1;
    if (last < 0) {
      outRe[0] = inRe[0];
      outIm[0] = inIm[0];
      return;
    }
    let xr = inRe;
    let xi = inIm;
    for (let i = 0; i <= last; i++) {
      // The last pass writes the output; the others alternate between two scratch buffers, so the input is
      // never written and no pass reads the buffer it writes.
      const yr = i === last ? outRe : this.bufRe[i & 1];
      const yi = i === last ? outIm : this.bufIm[i & 1];
      const ps = this.passes[i];
      switch (ps.p) {
        case 4: pass4(ps, xr, xi, yr, yi); break;
        case 2: pass2(ps, xr, xi, yr, yi); break;
        case 3: pass3(ps, xr, xi, yr, yi); break;
        case 5: pass5(ps, xr, xi, yr, yi); break;
        default: this.passGeneric(ps, xr, xi, yr, yi);
      }
      xr = yr;
      xi = yi;
    }
  }

  private passGeneric(ps: Pass, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
    const { p, m, s, twRe, twIm, rootRe, rootIm } = ps;
    const sm = s * m;
    const ar = this.scratchRe;
    const ai = this.scratchIm;
    for (let q = 0; q < m; q++) {
      const tw = q * (p - 1);
      for (let j = 0; j < s; j++) {
        const base = s * q + j;
        for (let r = 0; r < p; r++) {
          ar[r] = xr[base + r * sm];
          ai[r] = xi[base + r * sm];
        }
        const out = s * p * q + j;
        for (let k = 0; k < p; k++) {
          let accRe = ar[0];
          let accIm = ai[0];
          for (let r = 1; r < p; r++) {
            const w = (r * k) % p;
            accRe += ar[r] * rootRe[w] - ai[r] * rootIm[w];
            accIm += ar[r] * rootIm[w] + ai[r] * rootRe[w];
          }
          if (k === 0) {
            yr[out] = accRe;
            yi[out] = accIm;
          } else {
            const wr = twRe[tw + k - 1];
            const wi = twIm[tw + k - 1];
            yr[out + k * s] = accRe * wr - accIm * wi;
            yi[out + k * s] = accRe * wi + accIm * wr;
          }
        }
      }
    }
  }
}

function pass2(ps: Pass, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const { m, s, twRe, twIm } = ps;
  const sm = s * m;
  for (let q = 0; q < m; q++) {
    const wr = twRe[q];
    const wi = twIm[q];
    const xin = s * q;
    const yout = 2 * s * q;
    for (let j = 0; j < s; j++) {
      const i0 = xin + j;
      const i1 = i0 + sm;
      const ar = xr[i0], ai = xi[i0], br = xr[i1], bi = xi[i1];
      const o = yout + j;
      yr[o] = ar + br; yi[o] = ai + bi;
      const dr = ar - br, di = ai - bi;
      if (q === 0) { yr[o + s] = dr; yi[o + s] = di; continue; }
      yr[o + s] = dr * wr - di * wi; yi[o + s] = dr * wi + di * wr;
    }
  }
}

function pass4(ps: Pass, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const { m, s, twRe, twIm } = ps;
  const sm = s * m;
  for (let q = 0; q < m; q++) {
    const t = 3 * q;
    const w1r = twRe[t], w1i = twIm[t], w2r = twRe[t + 1], w2i = twIm[t + 1], w3r = twRe[t + 2], w3i = twIm[t + 2];
    const xin = s * q;
    const yout = 4 * s * q;
    for (let j = 0; j < s; j++) {
      const i0 = xin + j, i1 = i0 + sm, i2 = i1 + sm, i3 = i2 + sm;
      const a0r = xr[i0], a0i = xi[i0], a1r = xr[i1], a1i = xi[i1];
      const a2r = xr[i2], a2i = xi[i2], a3r = xr[i3], a3i = xi[i3];
      const s02r = a0r + a2r, s02i = a0i + a2i, d02r = a0r - a2r, d02i = a0i - a2i;
      const s13r = a1r + a3r, s13i = a1i + a3i, d13r = a1r - a3r, d13i = a1i - a3i;
      // Forward transform: y1 = d02 - i d13, y3 = d02 + i d13.
      const b1r = d02r + d13i, b1i = d02i - d13r;
      const b2r = s02r - s13r, b2i = s02i - s13i;
      const b3r = d02r - d13i, b3i = d02i + d13r;
      const o = yout + j;
      yr[o] = s02r + s13r; yi[o] = s02i + s13i;
      if (q === 0) {
        // Twiddles are 1 for q = 0, which is every butterfly of the last pass.
        yr[o + s] = b1r; yi[o + s] = b1i;
        yr[o + 2 * s] = b2r; yi[o + 2 * s] = b2i;
        yr[o + 3 * s] = b3r; yi[o + 3 * s] = b3i;
        continue;
      }
      yr[o + s] = b1r * w1r - b1i * w1i; yi[o + s] = b1r * w1i + b1i * w1r;
      yr[o + 2 * s] = b2r * w2r - b2i * w2i; yi[o + 2 * s] = b2r * w2i + b2i * w2r;
      yr[o + 3 * s] = b3r * w3r - b3i * w3i; yi[o + 3 * s] = b3r * w3i + b3i * w3r;
    }
  }
}

const sin60 = Math.sqrt(3) / 2;

function pass3(ps: Pass, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const { m, s, twRe, twIm } = ps;
  const sm = s * m;
  for (let q = 0; q < m; q++) {
    const t = 2 * q;
    const w1r = twRe[t], w1i = twIm[t], w2r = twRe[t + 1], w2i = twIm[t + 1];
    const xin = s * q;
    const yout = 3 * s * q;
    for (let j = 0; j < s; j++) {
      const i0 = xin + j, i1 = i0 + sm, i2 = i1 + sm;
      const a0r = xr[i0], a0i = xi[i0], a1r = xr[i1], a1i = xi[i1], a2r = xr[i2], a2i = xi[i2];
      const tr = a1r + a2r, ti = a1i + a2i;
      const dr = sin60 * (a1r - a2r), di = sin60 * (a1i - a2i);
      const br = a0r - 0.5 * tr, bi = a0i - 0.5 * ti;
      // y1 = b - i d, y2 = b + i d.
      const y1r = br + di, y1i = bi - dr;
      const y2r = br - di, y2i = bi + dr;
      const o = yout + j;
      yr[o] = a0r + tr; yi[o] = a0i + ti;
      if (q === 0) { yr[o + s] = y1r; yi[o + s] = y1i; yr[o + 2 * s] = y2r; yi[o + 2 * s] = y2i; continue; }
      yr[o + s] = y1r * w1r - y1i * w1i; yi[o + s] = y1r * w1i + y1i * w1r;
      yr[o + 2 * s] = y2r * w2r - y2i * w2i; yi[o + 2 * s] = y2r * w2i + y2i * w2r;
    }
  }
}

const cos72 = Math.cos((2 * Math.PI) / 5), cos144 = Math.cos((4 * Math.PI) / 5);
const sin72 = Math.sin((2 * Math.PI) / 5), sin144 = Math.sin((4 * Math.PI) / 5);

function pass5(ps: Pass, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const { m, s, twRe, twIm } = ps;
  const sm = s * m;
  for (let q = 0; q < m; q++) {
    const t = 4 * q;
    const w1r = twRe[t], w1i = twIm[t], w2r = twRe[t + 1], w2i = twIm[t + 1];
    const w3r = twRe[t + 2], w3i = twIm[t + 2], w4r = twRe[t + 3], w4i = twIm[t + 3];
    const xin = s * q;
    const yout = 5 * s * q;
    for (let j = 0; j < s; j++) {
      const i0 = xin + j, i1 = i0 + sm, i2 = i1 + sm, i3 = i2 + sm, i4 = i3 + sm;
      const a0r = xr[i0], a0i = xi[i0];
      const r1 = xr[i1], j1 = xi[i1], r2 = xr[i2], j2 = xi[i2], r3 = xr[i3], j3 = xi[i3], r4 = xr[i4], j4 = xi[i4];
      const t1r = r1 + r4, t1i = j1 + j4, t2r = r2 + r3, t2i = j2 + j3;
      const t3r = r1 - r4, t3i = j1 - j4, t4r = r2 - r3, t4i = j2 - j3;
      const b1r = a0r + cos72 * t1r + cos144 * t2r, b1i = a0i + cos72 * t1i + cos144 * t2i;
      const b2r = a0r + cos144 * t1r + cos72 * t2r, b2i = a0i + cos144 * t1i + cos72 * t2i;
      // e1 = sin72 t3 + sin144 t4 and e2 = sin144 t3 - sin72 t4 enter as -i e (forward transform).
      const e1r = sin72 * t3r + sin144 * t4r, e1i = sin72 * t3i + sin144 * t4i;
      const e2r = sin144 * t3r - sin72 * t4r, e2i = sin144 * t3i - sin72 * t4i;
      const o = yout + j;
      yr[o] = a0r + t1r + t2r; yi[o] = a0i + t1i + t2i;
      if (q === 0) {
        yr[o + s] = b1r + e1i; yi[o + s] = b1i - e1r;
        yr[o + 2 * s] = b2r + e2i; yi[o + 2 * s] = b2i - e2r;
        yr[o + 3 * s] = b2r - e2i; yi[o + 3 * s] = b2i + e2r;
        yr[o + 4 * s] = b1r - e1i; yi[o + 4 * s] = b1i + e1r;
        continue;
      }
      let ur = b1r + e1i, ui = b1i - e1r;
      yr[o + s] = ur * w1r - ui * w1i; yi[o + s] = ur * w1i + ui * w1r;
      ur = b2r + e2i; ui = b2i - e2r;
      yr[o + 2 * s] = ur * w2r - ui * w2i; yi[o + 2 * s] = ur * w2i + ui * w2r;
      ur = b2r - e2i; ui = b2i + e2r;
      yr[o + 3 * s] = ur * w3r - ui * w3i; yi[o + 3 * s] = ur * w3i + ui * w3r;
      ur = b1r - e1i; ui = b1i + e1r;
      yr[o + 4 * s] = ur * w4r - ui * w4i; yi[o + 4 * s] = ur * w4i + ui * w4r;
    }
  }
}

const complexPlans = new Map<number, ComplexFftPlan>();

/**
 * The complex FFT plan of size n, built on first use and cached per thread. Its scratch buffers are reused
 * between calls, which is safe because a call runs to completion before the next begins (worker threads
 * each have their own cache).
 */
export function complexFftPlan(n: number): ComplexFftPlan {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`FFT size must be a positive integer, got ${n}`);
  let plan = complexPlans.get(n);
  if (!plan) { plan = new StockhamPlan(n); complexPlans.set(n, plan); }
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
