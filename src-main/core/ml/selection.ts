// Automatic feature selection on (channel, band) candidates: HappyFeat's rule, contiguous bands, several per channel, sign constraint, channel masks.
import { badInput, channelNotFound, problem } from '../errors.ts';
import { normaliseChannelName } from '../recording.ts';
import type { Labels } from './classifiers.ts';
import { matrix, type Matrix } from './covariance.ts';

/** Which table a candidate comes from: power spectra or connectivity node strength. */
export type FeatureFamily = 'psd' | 'fc';

/** A per-trial table `[trial][channel][freq]` (channel-major per trial), as the features layer returns it. */
export interface FeatureTable {
  family: FeatureFamily;
  /** Channel labels, in row order. */
  channels: string[];
  freqsHz: Float64Array;
  /** Per trial: nChannels x nFreqs values (log10 power for PSD, node strength for connectivity). */
  values: Float64Array[];
}

/** One selectable feature: the mean of a table over a contiguous run of bins of one channel. */
export interface Candidate {
  family: FeatureFamily;
  /** Index of the table among those given to `buildCandidates`. */
  table: number;
  channelIndex: number;
  channel: string;
  firstBin: number;
  /** Inclusive. */
  lastBin: number;
  /** [lowest, highest] bin centre frequency, Hz. */
  bandHz: [number, number];
}

export interface CandidateSet {
  candidates: Candidate[];
  /** [trial][candidate] values, computed once for every trial (no label is used, so it is fold-independent). */
  values: Matrix;
}

export interface CandidateOptions {
  fminHz: number;
  fmaxHz: number;
  /** Widths of the bands tried, in bins: [1] is HappyFeat's single bins. */
  bandWidthsBins: number[];
  /** Channels allowed (names matched with `normaliseChannelName`); all when undefined. */
  channels?: string[];
  /** Channels never used (e.g. a lesioned hemisphere's electrodes when told so). */
  excludeChannels?: string[];
}

/** Builds every (channel, band) candidate of the tables within the frequency range and channel mask. */
export function buildCandidates(tables: FeatureTable[], options: CandidateOptions): CandidateSet {
  const allowed = options.channels ? new Set(options.channels.map(normaliseChannelName)) : null;
  const excluded = new Set((options.excludeChannels ?? []).map(normaliseChannelName));
  if (tables.length === 0) throw badInput('selection: no feature table given');
  const nTrials = tables[0].values.length;
  for (const channel of options.channels ?? []) {
    const name = normaliseChannelName(channel);
    if (!tables.some((t) => t.channels.some((c) => normaliseChannelName(c) === name))) {
      throw badInput(`channels: '${channel}' is not a channel of the recording; channels: ${tables[0].channels.join(', ')}`, { value: channel }, channelNotFound(channel, tables[0].channels));
    }
  }
  const candidates: Candidate[] = [];
  tables.forEach((table, t) => {
    if (table.values.length !== nTrials) throw badInput(`selection: table ${t} has ${table.values.length} trials, expected ${nTrials}`);
    const bins: number[] = [];
    table.freqsHz.forEach((f, k) => { if (f >= options.fminHz - 1e-9 && f <= options.fmaxHz + 1e-9) bins.push(k); });
    if (bins.length === 0) {
      const [loHz, hiHz] = [table.freqsHz[0], table.freqsHz[table.freqsHz.length - 1]];
      throw badInput(`frequency range ${options.fminHz}-${options.fmaxHz} Hz holds no bin of the ${table.family} features (${loHz}-${hiHz} Hz)`, {}, problem('band-outside-features', { fminHz: options.fminHz, fmaxHz: options.fmaxHz, loHz, hiHz, channel: null }));
    }
    table.channels.forEach((label, c) => {
      const name = normaliseChannelName(label);
      if ((allowed && !allowed.has(name)) || excluded.has(name)) return;
      for (const width of options.bandWidthsBins) {
        for (let i = 0; i + width <= bins.length; i++) {
          const firstBin = bins[i];
          const lastBin = bins[i + width - 1];
          if (lastBin - firstBin !== width - 1) continue; // not contiguous in the table
          candidates.push({ family: table.family, table: t, channelIndex: c, channel: label, firstBin, lastBin, bandHz: [table.freqsHz[firstBin], table.freqsHz[lastBin]] });
        }
      }
    });
  });
  if (candidates.length === 0) throw badInput('selection: the channel mask and frequency range leave no candidate feature', {}, problem('no-candidate-feature', { stage: 'mask' }));
  const values = matrix(nTrials, candidates.length);
  for (let trial = 0; trial < nTrials; trial++) {
    const row = trial * candidates.length;
    candidates.forEach((cand, j) => {
      const table = tables[cand.table];
      const nFreqs = table.freqsHz.length;
      const v = table.values[trial];
      let s = 0;
      for (let k = cand.firstBin; k <= cand.lastBin; k++) s += v[cand.channelIndex * nFreqs + k];
      values.data[row + j] = s / (cand.lastBin - cand.firstBin + 1);
    });
  }
  return { candidates, values };
}

/** Candidate values of a feature given explicitly (`C3:8-12`): the mean over the table's bins inside the band. */
export function candidateForBand(tables: FeatureTable[], family: FeatureFamily, channel: string, bandHz: [number, number]): Candidate {
  const t = tables.findIndex((table) => table.family === family);
  if (t < 0) throw badInput(`feature ${channel}: no ${family} features were computed`);
  const table = tables[t];
  const name = normaliseChannelName(channel);
  const c = table.channels.findIndex((label) => normaliseChannelName(label) === name);
  if (c < 0) throw badInput(`feature ${channel}:${bandHz.join('-')}: unknown channel '${channel}'; channels: ${table.channels.join(', ')}`, { value: channel }, channelNotFound(channel, table.channels));
  const inBand: number[] = [];
  table.freqsHz.forEach((f, k) => { if (f >= bandHz[0] - 1e-9 && f <= bandHz[1] + 1e-9) inBand.push(k); });
  if (inBand.length === 0) {
    const lo = table.freqsHz[0];
    const hi = table.freqsHz[table.freqsHz.length - 1];
    throw badInput(`feature ${channel}:${bandHz.join('-')}: band outside the computed spectrum (${lo}-${hi} Hz)`, {}, problem('band-outside-features', { fminHz: bandHz[0], fmaxHz: bandHz[1], loHz: lo, hiHz: hi, channel }));
  }
  const firstBin = inBand[0];
  const lastBin = inBand[inBand.length - 1];
  return { family, table: t, channelIndex: c, channel: table.channels[c], firstBin, lastBin, bandHz: [table.freqsHz[firstBin], table.freqsHz[lastBin]] };
}

export interface SelectionRule {
  /** Total number of features kept. */
  nFeatures: number;
  /** At most this many (non-overlapping) bands per channel and family. */
  featuresPerChannel: number;
  /**
   * 'any': rank by R². 'desync': keep only candidates whose mean is lower in `activeClass` than in the other
   * class (event-related desynchronisation of the imagined movement), ranked by R².
   */
  sign: 'any' | 'desync';
  /** The class whose power should drop (0 or 1); used by sign 'desync'. */
  activeClass: 0 | 1;
}

/** HappyFeat's automatic selection: best single bin per channel, top 3 channels (SCIENCE.md). */
export const happyFeatRule: SelectionRule = { nFeatures: 3, featuresPerChannel: 1, sign: 'any', activeClass: 0 };

/** The 21 sensorimotor channels HappyFeat's automatic selection looks at. */
export const happyFeatChannels = [
  'FC5', 'FC3', 'FC1', 'FCz', 'FC2', 'FC4', 'FC6', 'C5', 'C3', 'C1', 'Cz', 'C2', 'C4', 'C6', 'CP5', 'CP3', 'CP1', 'CPz', 'CP2', 'CP4', 'CP6',
];

/**
 * R² = SS_between / SS_total of each candidate over the listed rows (the squared point-biserial correlation),
 * signed by (mean of class 1 - mean of class 0). Constant candidates get 0.
 */
export function signedR2(values: Matrix, labels: Labels, rows: number[]): Float64Array {
  const p = values.nCols;
  const sum = [new Float64Array(p), new Float64Array(p)];
  const count = [0, 0];
  const total = new Float64Array(p);
  const totalSq = new Float64Array(p);
  for (const r of rows) {
    const cls = labels[r];
    count[cls]++;
    const off = r * p;
    const s = sum[cls];
    for (let j = 0; j < p; j++) {
      const v = values.data[off + j];
      s[j] += v;
      total[j] += v;
      totalSq[j] += v * v;
    }
  }
  const n = count[0] + count[1];
  const out = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const mean = total[j] / n;
    const ssTotal = totalSq[j] - n * mean * mean;
    if (!(ssTotal > 1e-12 * Math.max(1, totalSq[j]))) continue;
    const m0 = sum[0][j] / count[0];
    const m1 = sum[1][j] / count[1];
    const ssBetween = count[0] * (m0 - mean) ** 2 + count[1] * (m1 - mean) ** 2;
    out[j] = Math.sign(m1 - m0) * Math.min(1, ssBetween / ssTotal);
  }
  return out;
}

/** Indices of the selected candidates (best first) using only the listed rows. */
export function selectFeatures(set: CandidateSet, labels: Labels, rows: number[], rule: SelectionRule): number[] {
  const scores = signedR2(set.values, labels, rows);
  const order: number[] = [];
  for (let j = 0; j < scores.length; j++) {
    if (rule.sign === 'desync') {
      // Class 1 lower than class 0 gives a negative sign.
      const wanted = rule.activeClass === 1 ? -1 : 1;
      if (Math.sign(scores[j]) !== wanted) continue;
    }
    if (scores[j] !== 0) order.push(j);
  }
  order.sort((a, b) => Math.abs(scores[b]) - Math.abs(scores[a]) || a - b);
  const perChannel = new Map<string, number[]>();
  const chosen: number[] = [];
  for (const j of order) {
    if (chosen.length >= rule.nFeatures) break;
    const cand = set.candidates[j];
    const key = `${cand.table}:${cand.channelIndex}`;
    const taken = perChannel.get(key) ?? [];
    if (taken.length >= rule.featuresPerChannel) continue;
    if (taken.some((k) => overlaps(set.candidates[k], cand))) continue;
    taken.push(j);
    perChannel.set(key, taken);
    chosen.push(j);
  }
  if (chosen.length === 0) throw badInput('selection: no candidate feature passes the rule (try sign "any" or a wider range)', {}, problem('no-candidate-feature', { stage: 'rule' }));
  return chosen;
}

export function overlaps(a: Candidate, b: Candidate): boolean {
  return a.table === b.table && a.channelIndex === b.channelIndex && a.firstBin <= b.lastBin && b.firstBin <= a.lastBin;
}
