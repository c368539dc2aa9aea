// What the Visualise views show, derived from a finished feature job's summary alone (never recomputed): channel order, bands, spectra in dB.
import type { FeatureJobSummary } from '../../../src-main/contract/index.ts';
import { familyOf, type FeatureMethodName } from './extract-params.ts';

/** A channel name as recordings write it, shown clean: PhysioNet pads names with dots (`C3..`, `Fc3.`). */
export const cleanChannelName = (name: string): string => name.replace(/\.+$/g, '').replace(/^\.+/g, '').trim() || name;

/**
 * Rows of the 10-10 system from the nose back; lateral rows (FT, T, TP) share the rank of the row they extend.
 * Longer prefixes come first so that `FC3` is not read as row `F`.
 */
const ROW_PREFIXES: [string, number][] = [
  ['NZ', 0], ['FP', 1], ['AF', 2], ['FC', 4], ['FT', 4], ['F', 3], ['CP', 6], ['TP', 6], ['C', 5], ['T', 5], ['PO', 8], ['P', 7], ['O', 9], ['IZ', 10], ['I', 10],
];

/** Row rank (front to back) and lateral position (left negative, midline 0, right positive) read from a 10-10 name, or null. */
export function montageSlot(name: string): { row: number; lateral: number } | null {
  const clean = cleanChannelName(name).toUpperCase();
  for (const [prefix, row] of ROW_PREFIXES) {
    if (!clean.startsWith(prefix)) continue;
    const rest = clean.slice(prefix.length);
    if (prefix === 'NZ' || prefix === 'IZ') return rest === '' ? { row, lateral: 0 } : null;
    if (rest === 'Z') return { row, lateral: 0 };
    if (!/^\d{1,2}$/.test(rest)) return null;
    const n = Number(rest);
    return { row, lateral: n % 2 === 1 ? -n : n };
  }
  return null;
}

/**
 * Indices of `channels` in montage order: front to back, then left to right within a row. Channels whose names are
 * not 10-10 names keep their recording order, after the others.
 */
export function montageOrder(channels: string[]): number[] {
  const slots = channels.map(montageSlot);
  const known = channels.map((_, i) => i).filter((i) => slots[i] !== null);
  const unknown = channels.map((_, i) => i).filter((i) => slots[i] === null);
  known.sort((a, b) => slots[a]!.row - slots[b]!.row || slots[a]!.lateral - slots[b]!.lateral || a - b);
  return [...known, ...unknown];
}

/** Indices of the frequency bins inside [fminHz, fmaxHz] (inclusive). */
export function binsInBand(freqsHz: number[], fminHz: number, fmaxHz: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < freqsHz.length; k++) if (freqsHz[k] >= fminHz - 1e-9 && freqsHz[k] <= fmaxHz + 1e-9) out.push(k);
  return out;
}

/** Per channel, the mean of a `[channel][freq]` map over the given bins (NaN when no bin is given). */
export function meanOverBins(map: number[][], bins: number[]): number[] {
  return map.map((row) => {
    if (bins.length === 0) return Number.NaN;
    let sum = 0;
    for (const k of bins) sum += row[k];
    return sum / bins.length;
  });
}

/** Largest absolute finite value of a map (0 for an empty or all-NaN map): the symmetric colour range of signed R². */
export function maxAbs(map: number[][]): number {
  let m = 0;
  for (const row of map) for (const v of row) if (Number.isFinite(v) && Math.abs(v) > m) m = Math.abs(v);
  return m;
}

export interface ClassSpectrum {
  name: string;
  nTrials: number;
  mean: number[];
  /** mean - SD and mean + SD, in the same unit as `mean`. */
  lower: number[];
  upper: number[];
}

export interface ChannelSpectra {
  /** `dB` for power (10·log10 of µV²/Hz), empty for connectivity values, which have no unit. */
  unit: 'dB' | '';
  classes: ClassSpectrum[];
  r2: number[];
  signedR2: number[];
}

/**
 * Class spectra of one channel. Power in dB: a log10 summary holds log10 power and its SD, so dB = 10 × value
 * (mean ± SD maps to 10·(m ± s)); a linear summary gives 10·log10(m) and 10·log10(m ± s), with a lower bound that
 * falls to zero or below left as NaN (no dB value). Connectivity values are shown as they are.
 */
export function channelSpectra(summary: FeatureJobSummary, channel: number): ChannelSpectra {
  if (!(channel >= 0 && channel < summary.channels.length)) throw new RangeError(`channelSpectra: channel ${channel} is outside 0..${summary.channels.length - 1}`);
  const power = familyOf(summary.method as FeatureMethodName) === 'psd';
  const toDb = (v: number) => (v > 0 ? 10 * Math.log10(v) : Number.NaN);
  const classes = summary.classes.map((c, k) => {
    const m = summary.mean[k][channel];
    const s = summary.sd[k][channel];
    if (!power) return { ...c, mean: [...m], lower: m.map((v, i) => v - s[i]), upper: m.map((v, i) => v + s[i]) };
    if (summary.log) return { ...c, mean: m.map((v) => 10 * v), lower: m.map((v, i) => 10 * (v - s[i])), upper: m.map((v, i) => 10 * (v + s[i])) };
    return { ...c, mean: m.map(toDb), lower: m.map((v, i) => toDb(v - s[i])), upper: m.map((v, i) => toDb(v + s[i])) };
  });
  return { unit: power ? 'dB' : '', classes, r2: [...summary.r2[channel]], signedR2: [...summary.signedR2[channel]] };
}

/** The channel and bin with the largest R²: where the views open. */
export function strongestCell(r2: number[][]): { channel: number; bin: number } | null {
  let best: { channel: number; bin: number } | null = null;
  let bestValue = -Infinity;
  r2.forEach((row, c) => row.forEach((v, k) => {
    if (Number.isFinite(v) && v > bestValue) {
      bestValue = v;
      best = { channel: c, bin: k };
    }
  }));
  return best;
}
