// Butterworth IIR design as second-order sections (scipy.signal.butter output='sos'), causal filtering with carried state, and zero-phase sosfiltfilt.
import { badInput } from '../errors.ts';

export type FilterKind = 'lowpass' | 'highpass' | 'bandpass' | 'bandstop';

export interface ButterworthSpec {
  kind: FilterKind;
  order: number;
  /** One edge for lowpass/highpass, two (low, high) for bandpass/bandstop, in Hz. */
  edgesHz: number[];
  sampleRateHz: number;
}

/** Second-order sections, row-major [b0 b1 b2 a0 a1 a2] per section with a0 = 1 (scipy's layout). */
export interface Sos {
  nSections: number;
  coefficients: Float64Array;
}

type Complex = [number, number];
const cmul = (a: Complex, b: Complex): Complex => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const cdiv = (a: Complex, b: Complex): Complex => {
  const d = b[0] * b[0] + b[1] * b[1];
  return [(a[0] * b[0] + a[1] * b[1]) / d, (a[1] * b[0] - a[0] * b[1]) / d];
};
const cadd = (a: Complex, b: Complex): Complex => [a[0] + b[0], a[1] + b[1]];
const csub = (a: Complex, b: Complex): Complex => [a[0] - b[0], a[1] - b[1]];
const cscale = (a: Complex, s: number): Complex => [a[0] * s, a[1] * s];
function csqrt(a: Complex): Complex {
  const r = Math.hypot(a[0], a[1]);
  const re = Math.sqrt((r + a[0]) / 2);
  const im = Math.sqrt(Math.max(0, (r - a[0]) / 2));
  return [re, a[1] < 0 ? -im : im];
}

/**
 * Digital Butterworth filter: analog prototype poles, frequency transformation of the prewarped edges,
 * bilinear transform (the construction of scipy.signal.butter), then grouped into real second-order sections.
 */
export function butterworth(spec: ButterworthSpec): Sos {
  const { kind, order, edgesHz, sampleRateHz: fs } = spec;
  const nyquist = fs / 2;
  if (!Number.isInteger(order) || order < 1 || order > 12) throw badInput(`filter order: ${order}; allowed 1 to 12`, { value: order });
  const twoEdges = kind === 'bandpass' || kind === 'bandstop';
  if (edgesHz.length !== (twoEdges ? 2 : 1)) throw badInput(`${kind} filter: expected ${twoEdges ? 'two edges (low, high)' : 'one edge'} in Hz, got ${edgesHz.join(',')}`);
  for (const f of edgesHz) {
    if (!(f > 0 && f < nyquist)) throw badInput(`${kind} filter edge: ${f} Hz; allowed strictly between 0 and the Nyquist frequency ${nyquist} Hz`, { value: f });
  }
  if (twoEdges && !(edgesHz[0] < edgesHz[1])) throw badInput(`${kind} filter: low edge ${edgesHz[0]} Hz must be below high edge ${edgesHz[1]} Hz`);
  // scipy works on fs = 2 after normalising: warped = 4 tan(pi Wn / 2) with Wn = f / nyquist.
  const warped = edgesHz.map((f) => 4 * Math.tan((Math.PI * (f / nyquist)) / 2));
  const proto: Complex[] = [];
  for (let m = -order + 1; m < order; m += 2) {
    const a = (Math.PI * m) / (2 * order);
    proto.push([-Math.cos(a), -Math.sin(a)]);
  }
  let zeros: Complex[] = [];
  let poles: Complex[] = [];
  let gain = 1;
  if (kind === 'lowpass') {
    poles = proto.map((p) => cscale(p, warped[0]));
    gain = warped[0] ** order;
  } else if (kind === 'highpass') {
    poles = proto.map((p) => cdiv([warped[0], 0], p));
    zeros = proto.map((): Complex => [0, 0]);
    gain = 1 / realProduct(proto.map((p) => cscale(p, -1)));
  } else if (kind === 'bandpass') {
    const bw = warped[1] - warped[0];
    const wo2 = warped[0] * warped[1];
    for (const p of proto) {
      const half = cscale(p, bw / 2);
      const root = csqrt(csub(cmul(half, half), [wo2, 0]));
      poles.push(cadd(half, root), csub(half, root));
    }
    zeros = proto.map((): Complex => [0, 0]);
    gain = bw ** order;
  } else {
    const bw = warped[1] - warped[0];
    const wo = Math.sqrt(warped[0] * warped[1]);
    for (const p of proto) {
      const hp = cdiv([bw / 2, 0], p);
      const root = csqrt(csub(cmul(hp, hp), [wo * wo, 0]));
      poles.push(cadd(hp, root), csub(hp, root));
      zeros.push([0, wo], [0, -wo]);
    }
    gain = 1 / realProduct(proto.map((p) => cscale(p, -1)));
  }
  // Bilinear transform with fs = 2: s -> (4 + s) / (4 - s); zeros at infinity go to -1.
  const fs2: Complex = [4, 0];
  const zz = zeros.map((z) => cdiv(cadd(fs2, z), csub(fs2, z)));
  const pz = poles.map((p) => cdiv(cadd(fs2, p), csub(fs2, p)));
  while (zz.length < pz.length) zz.push([-1, 0]);
  gain *= realProduct(zeros.map((z) => csub(fs2, z))) / realProduct(poles.map((p) => csub(fs2, p)));
  return toSections(zz, pz, gain);
}

function realProduct(values: Complex[]): number {
  let acc: Complex = [1, 0];
  for (const v of values) acc = cmul(acc, v);
  return acc[0];
}

/** Quadratic factors of a set of real-polynomial roots: conjugate pairs, then real roots paired low with high. */
function quadratics(roots: Complex[]): [number, number][] {
  const tol = 1e-12;
  const upper = roots.filter((r) => r[1] > tol);
  const real = roots.filter((r) => Math.abs(r[1]) <= tol).map((r) => r[0]).sort((a, b) => a - b);
  const out: [number, number][] = upper.map((r) => [-2 * r[0], r[0] * r[0] + r[1] * r[1]]);
  for (let i = 0, j = real.length - 1; i <= j; i++, j--) {
    // [c1, c2] of 1 + c1 z^-1 + c2 z^-2; an unpaired real root gives a first-order factor.
    out.push(i === j ? [-real[i], 0] : [-(real[i] + real[j]), real[i] * real[j]]);
  }
  return out;
}

function toSections(zeros: Complex[], poles: Complex[], gain: number): Sos {
  const zq = quadratics(zeros);
  const pq = quadratics(poles);
  // Poles nearest the unit circle last (as scipy does), for a cascade that is numerically gentle.
  pq.sort((a, b) => a[1] - b[1]);
  const n = pq.length;
  const coefficients = new Float64Array(n * 6);
  for (let s = 0; s < n; s++) {
    const z = zq[s] ?? [0, 0];
    const g = s === 0 ? gain : 1;
    coefficients.set([g, g * z[0], g * z[1], 1, pq[s][0], pq[s][1]], s * 6);
  }
  return { nSections: n, coefficients };
}

/**
 * Causal filter (direct form II transposed, scipy.signal.sosfilt) whose state persists between calls, so
 * a stream filtered block by block equals the whole signal filtered at once. One state per channel.
 */
export class SosFilter {
  readonly sos: Sos;
  /** [section][2] delay values. */
  readonly state: Float64Array;

  constructor(sos: Sos, initialState?: Float64Array) {
    this.sos = sos;
    this.state = initialState ? Float64Array.from(initialState) : new Float64Array(sos.nSections * 2);
  }

  /**
   * Filters input[0..n) into output[0..n) (may be the same array). Section by section over the whole block, with
   * the delays in local variables: the same operations in the same order as sample by sample through the cascade.
   */
  process(input: ArrayLike<number>, output: Float64Array, n = input.length, inputOffset = 0): void {
    const c = this.sos.coefficients;
    const z = this.state;
    const ns = this.sos.nSections;
    if (ns === 0) {
      for (let i = 0; i < n; i++) output[i] = input[inputOffset + i];
      return;
    }
    for (let s = 0; s < ns; s++) {
      const o = s * 6;
      const b0 = c[o];
      const b1 = c[o + 1];
      const b2 = c[o + 2];
      const a1 = c[o + 4];
      const a2 = c[o + 5];
      let z0 = z[2 * s];
      let z1 = z[2 * s + 1];
      if (s === 0) {
        for (let i = 0; i < n; i++) {
          const x = input[inputOffset + i];
          const y = b0 * x + z0;
          z0 = b1 * x - a1 * y + z1;
          z1 = b2 * x - a2 * y;
          output[i] = y;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const x = output[i];
          const y = b0 * x + z0;
          z0 = b1 * x - a1 * y + z1;
          z1 = b2 * x - a2 * y;
          output[i] = y;
        }
      }
      z[2 * s] = z0;
      z[2 * s + 1] = z1;
    }
  }
}

/** Steady-state delays for a unit step input (scipy.signal.sosfilt_zi). */
export function sosStepState(sos: Sos): Float64Array {
  const zi = new Float64Array(sos.nSections * 2);
  let scale = 1;
  for (let s = 0; s < sos.nSections; s++) {
    const [b0, b1, b2, , a1, a2] = sos.coefficients.subarray(s * 6, s * 6 + 6);
    const g = (b0 + b1 + b2) / (1 + a1 + a2);
    zi[2 * s + 1] = scale * (b2 - a2 * g);
    zi[2 * s] = scale * (b1 - a1 * g + b2 - a2 * g);
    scale *= g;
  }
  return zi;
}

/** Edge padding of scipy.signal.sosfiltfilt's default (odd extension of 3 x (2 nSections + 1) samples, less trivial sections). */
export function filtfiltPadLength(sos: Sos): number {
  let zeroB2 = 0;
  let zeroA2 = 0;
  for (let s = 0; s < sos.nSections; s++) {
    if (sos.coefficients[s * 6 + 2] === 0) zeroB2++;
    if (sos.coefficients[s * 6 + 5] === 0) zeroA2++;
  }
  return 3 * (2 * sos.nSections + 1 - Math.min(zeroB2, zeroA2));
}

/**
 * Zero-phase forward-backward filtering with odd extension and steady-state initial conditions, as
 * scipy.signal.sosfiltfilt(sos, x) with its defaults. Returns a new array.
 */
export function sosFiltFilt(sos: Sos, x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const pad = filtfiltPadLength(sos);
  if (n <= pad) throw badInput(`zero-phase filter: the signal has ${n} samples; more than ${pad} are needed for this filter's edge padding`, { value: n, allowed: `> ${pad}` });
  const ext = new Float64Array(n + 2 * pad);
  for (let i = 0; i < pad; i++) ext[i] = 2 * x[0] - x[pad - i];
  for (let i = 0; i < n; i++) ext[pad + i] = x[i];
  for (let i = 0; i < pad; i++) ext[pad + n + i] = 2 * x[n - 1] - x[n - 2 - i];
  const zi = sosStepState(sos);
  const forward = new SosFilter(sos, zi.map((v) => v * ext[0]));
  forward.process(ext, ext);
  const last = ext[ext.length - 1];
  ext.reverse();
  const backward = new SosFilter(sos, zi.map((v) => v * last));
  backward.process(ext, ext);
  ext.reverse();
  return ext.slice(pad, pad + n);
}

/** Complex frequency response H(e^{2πi f/fs}) of a cascade, for checks and plots. */
export function sosResponse(sos: Sos, freqHz: number, sampleRateHz: number): Complex {
  const w = (2 * Math.PI * freqHz) / sampleRateHz;
  const z1: Complex = [Math.cos(w), -Math.sin(w)];
  const z2 = cmul(z1, z1);
  let h: Complex = [1, 0];
  for (let s = 0; s < sos.nSections; s++) {
    const c = sos.coefficients.subarray(s * 6, s * 6 + 6);
    const num = cadd(cadd([c[0], 0], cscale(z1, c[1])), cscale(z2, c[2]));
    const den = cadd(cadd([c[3], 0], cscale(z1, c[4])), cscale(z2, c[5]));
    h = cmul(h, cdiv(num, den));
  }
  return h;
}
