// The `features.view` requests behind the ERD/ERS and connectivity views, made from the extraction shown, and the arithmetic of their answers.
import { connectivityMetricNames, featureViewInput, type FeatureJobInput, type FeatureViewInput } from '../../../src-main/contract/index.ts';

export type ConnectivityMetricName = (typeof connectivityMetricNames)[number];

/** The parts of an extraction that decide which trials a view sees: runs (or files), classes, window, reference, rejection, filters. */
function sameTrials(job: FeatureJobInput) {
  return {
    ...(job.files ? { files: job.files } : {}),
    ...(job.sessionId !== undefined ? { sessionId: job.sessionId } : {}),
    ...(job.runIds ? { runIds: job.runIds } : {}),
    classes: job.classes,
    window: job.window,
    reference: job.reference,
    ...(job.rejectUv !== undefined ? { rejectUv: job.rejectUv } : {}),
    ...(job.bandpass ? { bandpass: job.bandpass } : {}),
    ...(job.notchHz !== undefined ? { notchHz: job.notchHz } : {}),
  };
}

/** Parses a candidate through the contract's schema (defaults filled in), so the key of a request is the request as the host runs it. */
function checked(candidate: unknown): FeatureViewInput {
  const parsed = featureViewInput.parse(candidate);
  if (!parsed.ok) throw new RangeError(`view request refused by the contract: ${parsed.issue.path}: ${parsed.issue.message}`);
  return parsed.value;
}

/** ERD/ERS% of one channel over the extraction's band (baseline: the contract's default, −2 to −0.5 s). */
export function erdsRequest(job: FeatureJobInput, channel: string): FeatureViewInput {
  return checked({ ...sameTrials(job), view: 'erds', band: job.band, channels: [channel] });
}

/** Whether a method has channel x channel matrices to draw (the Welch metrics; not the spectra, not MVAR). */
export const hasMatrices = (method: string): method is ConnectivityMetricName => (connectivityMetricNames as readonly string[]).includes(method);

/** The mean matrices of a Welch connectivity metric over one band (small answers: only the band's bins travel). */
export function connectivityRequest(job: FeatureJobInput, metric: ConnectivityMetricName, band: { fminHz: number; fmaxHz: number }): FeatureViewInput {
  return checked({ ...sameTrials(job), view: 'connectivity', metric, band, ...(job.channels ? { channels: job.channels } : {}) });
}

/** One key per distinct request: the canonical JSON (sorted keys) of the checked input. */
export function viewRequestKey(input: FeatureViewInput): string {
  const sort = (v: unknown): unknown => (Array.isArray(v) ? v.map(sort) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v);
  return JSON.stringify(sort(input));
}

/** Which class the connectivity views show, or class 2 minus class 1. */
export type ClassChoice = 0 | 1 | 'difference';

/** A `[class][i][j][freq]` matrix averaged over its bins for one class (or the difference class 2 − class 1): `[i][j]`. */
export function bandMatrix(matrix: number[][][][], choice: ClassChoice): number[][] {
  const mean = (cls: number) => matrix[cls].map((row) => row.map((bins) => (bins.length === 0 ? Number.NaN : bins.reduce((a, b) => a + b, 0) / bins.length)));
  if (choice !== 'difference') return mean(choice);
  const a = mean(0);
  const b = mean(1);
  return b.map((row, i) => row.map((v, j) => v - a[i][j]));
}

/** Node strength: per channel, the mean of its row without the diagonal (what the connectivity features are, per trial). */
export function nodeStrength(m: number[][]): number[] {
  return m.map((row, i) => {
    let sum = 0;
    for (let j = 0; j < row.length; j++) if (j !== i) sum += row[j];
    return row.length > 1 ? sum / (row.length - 1) : Number.NaN;
  });
}

export interface Link {
  a: number;
  b: number;
  value: number;
}

/**
 * The n links with the largest magnitude, strongest first, each pair once (i < j, the value of `m[i][j]`; an
 * antisymmetric metric such as imaginary coherence keeps its sign, the lag's direction). Non-finite values are left out.
 */
export function strongestLinks(m: number[][], n: number, keep: (channel: number) => boolean = () => true): Link[] {
  const links: Link[] = [];
  for (let i = 0; i < m.length; i++) {
    if (!keep(i)) continue;
    for (let j = i + 1; j < m.length; j++) if (keep(j) && Number.isFinite(m[i][j])) links.push({ a: i, b: j, value: m[i][j] });
  }
  links.sort((x, y) => Math.abs(y.value) - Math.abs(x.value) || x.a - y.a || x.b - y.b);
  return links.slice(0, Math.max(0, n));
}

/** Node strength per channel from a summary's class means `[class][channel][freq]` over bins (or the class difference). */
export function strengthFromSummary(mean: number[][][], bins: number[], choice: ClassChoice): number[] {
  const over = (cls: number) => mean[cls].map((row) => (bins.length === 0 ? Number.NaN : bins.reduce((s, k) => s + row[k], 0) / bins.length));
  if (choice !== 'difference') return over(choice);
  const a = over(0);
  return over(1).map((v, i) => v - a[i]);
}
