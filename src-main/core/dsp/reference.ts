// Re-referencing of epochs: common average (the default), none, bipolar pairs, small Laplacian from montage neighbours.
import { badInput, channelNotFound } from '../errors.ts';
import type { Epochs } from '../epochs.ts';
import { normaliseChannelName } from '../recording.ts';

export type ReferenceSpec =
  | { kind: 'car' }
  | { kind: 'none' }
  /** New channels `a-b` = a minus b, in the order given. */
  | { kind: 'bipolar'; pairs: [string, string][] }
  /**
   * Each listed channel minus the mean of its neighbours (Hjorth's small Laplacian); other channels are
   * dropped. Without `neighbours`, they come from the 10-10 positions (`montageNeighbours`).
   */
  | { kind: 'laplacian'; neighbours?: Record<string, string[]> };

/** Parses the references every consumer supports, models included: `car`, `none`. */
export function parseReference(text: string): ReferenceSpec {
  if (text === 'car' || text === 'none') return { kind: text };
  throw badInput(`reference: '${text}' is not known; allowed: car, none`, { value: text, allowed: ['car', 'none'] });
}

/**
 * Parses the references of feature extraction: `car`, `none`, and `laplacian` (10-10 grid neighbours).
 * Kept apart from `parseReference` because the ONNX models only implement car and none.
 */
export function parseFeatureReference(text: string): ReferenceSpec {
  if (text === 'laplacian') return { kind: 'laplacian' };
  if (text === 'car' || text === 'none') return { kind: text };
  throw badInput(`reference: '${text}' is not known; allowed: car, none, laplacian`, { value: text, allowed: ['car', 'none', 'laplacian'] });
}

const rowOrder = ['fp', 'af', 'f', 'fc', 'c', 'cp', 'p', 'po', 'o'];
/** Position of an electrode number along a row, left to right: 9 7 5 3 1 z 2 4 6 8 10. */
function lateralIndex(number: string): number {
  if (number === 'z') return 0;
  const k = Number(number);
  return k % 2 === 1 ? -(k + 1) / 2 : k / 2;
}

/** Row and lateral index of a 10-10 label (`T7` is row C, `FT8` row FC, `TP7` row CP), or null. */
function gridOf(label: string): { row: number; lateral: number } | null {
  let name = normaliseChannelName(label);
  name = ({ t3: 't7', t4: 't8', t5: 'p7', t6: 'p8' } as Record<string, string>)[name] ?? name;
  const match = /^([a-z]+?)(z|\d+)$/.exec(name);
  if (!match) return null;
  const prefix = ({ ft: 'fc', t: 'c', tp: 'cp' } as Record<string, string>)[match[1]] ?? match[1];
  const row = rowOrder.indexOf(prefix);
  return row < 0 ? null : { row, lateral: lateralIndex(match[2]) };
}

/**
 * Hjorth's small-Laplacian neighbours from the 10-10 grid: the closest present electrode on each side in
 * the same row, and the electrode with the same number in the rows in front and behind (C3: FC3, C1, C5,
 * CP3). Naming, not projected distance, decides, because rows converge towards the ears on a flat map.
 * Channels that are not 10-10 names, or have no neighbour present, are left out.
 */
export function montageNeighbours(labels: string[]): Record<string, string[]> {
  const grid = labels.map((label) => ({ label, at: gridOf(label) })).filter((g) => g.at !== null) as { label: string; at: { row: number; lateral: number } }[];
  const result: Record<string, string[]> = {};
  for (const centre of grid) {
    const { row, lateral } = centre.at;
    const sameRow = grid.filter((g) => g.at.row === row && g !== centre);
    const left = sameRow.filter((g) => g.at.lateral < lateral).sort((a, b) => b.at.lateral - a.at.lateral)[0];
    const right = sameRow.filter((g) => g.at.lateral > lateral).sort((a, b) => a.at.lateral - b.at.lateral)[0];
    const front = grid.find((g) => g.at.row === row - 1 && g.at.lateral === lateral);
    const back = grid.find((g) => g.at.row === row + 1 && g.at.lateral === lateral);
    const around = [front, left, right, back].filter((g) => g !== undefined).map((g) => g.label);
    if (around.length > 0) result[centre.label] = around;
  }
  return result;
}

/** Common average in place on one channel-major block `[channel][sample]`; `mean` is caller scratch of nSamples. */
export function commonAverageInPlace(data: Float64Array, nChannels: number, nSamples: number, mean: Float64Array): void {
  mean.fill(0);
  for (let ch = 0; ch < nChannels; ch++) {
    const base = ch * nSamples;
    for (let t = 0; t < nSamples; t++) mean[t] += data[base + t];
  }
  const inv = 1 / nChannels;
  for (let t = 0; t < nSamples; t++) mean[t] *= inv;
  for (let ch = 0; ch < nChannels; ch++) {
    const base = ch * nSamples;
    for (let t = 0; t < nSamples; t++) data[base + t] -= mean[t];
  }
}

function rowOf(epochs: Epochs, label: string, field: string): number {
  const row = epochs.channelNames.indexOf(normaliseChannelName(label));
  if (row < 0) throw badInput(`${field}: channel '${label}' not in the recording; channels: ${epochs.channels.join(', ')}`, { value: label }, channelNotFound(label, epochs.channels));
  return row;
}

/**
 * Returns re-referenced epochs: new arrays and the input untouched, unless `inPlace` (common average only,
 * for freshly cut epochs nobody else holds) overwrites the trial data to save a copy.
 */
export function rereference(epochs: Epochs, spec: ReferenceSpec, inPlace = false): Epochs {
  const n = epochs.nSamples;
  const nChannels = epochs.channels.length;
  if (spec.kind === 'none') return epochs;
  if (spec.kind === 'car') {
    const mean = new Float64Array(n);
    return {
      ...epochs,
      trials: epochs.trials.map((t) => {
        const data = inPlace ? t.data : Float64Array.from(t.data);
        commonAverageInPlace(data, nChannels, n, mean);
        return { ...t, data };
      }),
    };
  }
  // Both remaining kinds are a linear map: output row = Σ weight x input row.
  const combos: { label: string; terms: [number, number][] }[] = [];
  if (spec.kind === 'bipolar') {
    if (spec.pairs.length === 0) throw badInput('bipolar reference: no channel pair given');
    for (const [a, b] of spec.pairs) {
      combos.push({ label: `${a}-${b}`, terms: [[rowOf(epochs, a, 'bipolar reference'), 1], [rowOf(epochs, b, 'bipolar reference'), -1]] });
    }
  } else {
    const entries = Object.entries(spec.neighbours ?? montageNeighbours(epochs.channels));
    if (entries.length === 0) throw badInput('Laplacian reference: no channel with neighbours given');
    for (const [centre, around] of entries) {
      if (around.length === 0) throw badInput(`Laplacian reference: channel '${centre}' has no neighbours`, { value: centre });
      const w = -1 / around.length;
      combos.push({ label: centre, terms: [[rowOf(epochs, centre, 'Laplacian reference'), 1], ...around.map((a): [number, number] => [rowOf(epochs, a, 'Laplacian reference'), w])] });
    }
  }
  return {
    ...epochs,
    channels: combos.map((c) => c.label),
    channelNames: combos.map((c) => normaliseChannelName(c.label)),
    trials: epochs.trials.map((t) => {
      const data = new Float64Array(combos.length * n);
      combos.forEach((combo, out) => {
        const dst = out * n;
        for (const [row, weight] of combo.terms) {
          const src = row * n;
          for (let s = 0; s < n; s++) data[dst + s] += weight * t.data[src + s];
        }
      });
      return { ...t, data };
    }),
  };
}
