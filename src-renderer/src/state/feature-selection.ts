// Features chosen on the R² map as pure values: a channel with a frequency band, made from a dragged rectangle of cells; a saved selection restored.
import { cleanChannelName } from './feature-views.ts';
import { defaultAutoConstraints, type SelectionChoice } from './training.ts';

/**
 * One feature: a channel (as the recording names it) and a band of whole bins, Hz, ends included; `family` says
 * whether it was picked on the spectra or on the connectivity map (an extraction of both carries the two).
 */
export interface SelectedFeature {
  channel: string;
  fminHz: number;
  fmaxHz: number;
  family?: 'psd' | 'fc';
}

/** A rectangle of cells on the map: rows index the displayed channel order, columns the frequency bins. */
export interface CellRect {
  row0: number;
  row1: number;
  col0: number;
  col1: number;
}

/** Normalised so that row0 <= row1 and col0 <= col1, clamped to the map. */
export function normaliseRect(rect: CellRect, nRows: number, nCols: number): CellRect {
  const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, Math.round(v)));
  const [r0, r1] = [clamp(rect.row0, nRows), clamp(rect.row1, nRows)].sort((a, b) => a - b);
  const [c0, c1] = [clamp(rect.col0, nCols), clamp(rect.col1, nCols)].sort((a, b) => a - b);
  return { row0: r0, row1: r1, col0: c0, col1: c1 };
}

/** One feature per channel row of the rectangle, each over the rectangle's band. `rowChannels` are names in display order. */
export function featuresFromRect(rowChannels: string[], freqsHz: number[], rect: CellRect, family?: 'psd' | 'fc'): SelectedFeature[] {
  if (rowChannels.length === 0 || freqsHz.length === 0) return [];
  const r = normaliseRect(rect, rowChannels.length, freqsHz.length);
  const out: SelectedFeature[] = [];
  for (let row = r.row0; row <= r.row1; row++) out.push({ channel: rowChannels[row], fminHz: freqsHz[r.col0], fmaxHz: freqsHz[r.col1], ...(family ? { family } : {}) });
  return out;
}

export const featureKey = (f: SelectedFeature): string => `${f.family ?? ''}|${f.channel}|${f.fminHz}|${f.fmaxHz}`;

/** The list with the new features added once each, in the order chosen. */
export function addFeatures(list: SelectedFeature[], added: SelectedFeature[]): SelectedFeature[] {
  const seen = new Set(list.map(featureKey));
  const out = [...list];
  for (const f of added) {
    if (seen.has(featureKey(f))) continue;
    seen.add(featureKey(f));
    out.push(f);
  }
  return out;
}

export const removeFeature = (list: SelectedFeature[], feature: SelectedFeature): SelectedFeature[] => list.filter((f) => featureKey(f) !== featureKey(feature));

const hz = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/** "C3 11–13 Hz", or "C3 12 Hz" for a single bin; the channel shown clean. */
export const featureLabel = (f: SelectedFeature): string => `${cleanChannelName(f.channel)} ${f.fminHz === f.fmaxHz ? hz(f.fminHz) : `${hz(f.fminHz)}–${hz(f.fmaxHz)}`} Hz`;

/** The list with one feature's band replaced (kept in place); a band that now equals another feature's drops the duplicate. */
export function editFeatureBand(list: SelectedFeature[], feature: SelectedFeature, fminHz: number, fmaxHz: number): SelectedFeature[] {
  if (!(Number.isFinite(fminHz) && Number.isFinite(fmaxHz) && fminHz >= 0 && fmaxHz >= fminHz)) throw new RangeError(`editFeatureBand: ${fminHz}–${fmaxHz} Hz is not a band`);
  const edited = list.map((f) => (featureKey(f) === featureKey(feature) ? { ...f, fminHz, fmaxHz } : f));
  return addFeatures([], edited);
}

/**
 * A session's Select step as saved (features, mode, automatic selection's constraints), checked field by field:
 * anything malformed (an older or hand-edited entry) falls back to the defaults rather than reaching a request.
 */
export function restoreSelection(saved: unknown): SelectionChoice {
  const out: SelectionChoice = { mode: 'chosen', features: [], constraints: defaultAutoConstraints() };
  if (typeof saved !== 'object' || saved === null) return out;
  const s = saved as Record<string, unknown>;
  if (s.mode === 'automatic' || s.mode === 'chosen') out.mode = s.mode;
  if (Array.isArray(s.features)) {
    const valid = s.features.filter((f): f is SelectedFeature => {
      const x = f as Record<string, unknown> | null;
      return typeof x === 'object' && x !== null && typeof x.channel === 'string' && x.channel.length > 0
        && typeof x.fminHz === 'number' && typeof x.fmaxHz === 'number' && Number.isFinite(x.fminHz) && Number.isFinite(x.fmaxHz) && x.fminHz >= 0 && x.fmaxHz >= x.fminHz;
    });
    out.features = addFeatures([], valid.map(({ channel, fminHz, fmaxHz }) => ({ channel, fminHz, fmaxHz })));
  }
  const c = s.constraints as Record<string, unknown> | undefined;
  if (typeof c === 'object' && c !== null) {
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    out.constraints = { nFeatures: text(c.nFeatures), sign: c.sign === 'desync' ? 'desync' : 'any', channels: text(c.channels), excludeChannels: text(c.excludeChannels) };
  }
  return out;
}
