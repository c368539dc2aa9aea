// Scalp positions of 10-20/10-10 electrode labels on a flat head map, derived from the naming rules.
//
// Projection: azimuthal equidistant around Cz. A point at r = 0.1 is 10% of the nasion-inion arc from Cz,
// so the 10-20 "equator" (Fpz, T7, Oz) lies at r = 0.4 and Nz/Iz at r = 0.5. x grows to the right ear,
// y to the nose. Every row (Fp, AF, F, FC/FT, C/T, CP/TP, P, PO, O) runs from its midline electrode to its
// lateral equator electrode; numbered electrodes sit at equal steps between the two, interpolated in polar
// coordinates. Good to a few millimetres on a standard head, which is what maps and neighbours need.
import { normaliseChannelName } from './recording.ts';

export interface ScalpPosition {
  /** Right is positive; the head circle has radius 0.5. */
  x: number;
  /** Nose is positive. */
  y: number;
}

interface Row {
  /** Distance of the midline electrode from Cz (r) and its side (1 front, -1 back). */
  midlineRadius: number;
  front: boolean;
  /** Azimuth in degrees (from the right ear, counter-clockwise) of the left lateral electrode on the equator. */
  leftLateralAzimuthDeg: number;
  /** The number of the lateral electrode on the left side (7 for most rows, 1 for Fp and O). */
  lateralNumber: number;
}

const rows: Record<string, Row> = {
  fp: { midlineRadius: 0.4, front: true, leftLateralAzimuthDeg: 108, lateralNumber: 1 },
  af: { midlineRadius: 0.3, front: true, leftLateralAzimuthDeg: 126, lateralNumber: 7 },
  f: { midlineRadius: 0.2, front: true, leftLateralAzimuthDeg: 144, lateralNumber: 7 },
  fc: { midlineRadius: 0.1, front: true, leftLateralAzimuthDeg: 162, lateralNumber: 7 },
  c: { midlineRadius: 0, front: true, leftLateralAzimuthDeg: 180, lateralNumber: 7 },
  cp: { midlineRadius: 0.1, front: false, leftLateralAzimuthDeg: 198, lateralNumber: 7 },
  p: { midlineRadius: 0.2, front: false, leftLateralAzimuthDeg: 216, lateralNumber: 7 },
  po: { midlineRadius: 0.3, front: false, leftLateralAzimuthDeg: 234, lateralNumber: 7 },
  o: { midlineRadius: 0.4, front: false, leftLateralAzimuthDeg: 252, lateralNumber: 1 },
};

/** Rows whose lateral (number 7/8) electrode carries another prefix. */
const lateralAliases: Record<string, string> = { ft: 'fc', t: 'c', tp: 'cp' };
/** Old 10-20 names. */
const legacyNames: Record<string, string> = { t3: 't7', t4: 't8', t5: 'p7', t6: 'p8' };
const fixed: Record<string, ScalpPosition> = {
  nz: { x: 0, y: 0.5 },
  iz: { x: 0, y: -0.5 },
  t9: { x: -0.5, y: 0 },
  t10: { x: 0.5, y: 0 },
};

function polar(radius: number, azimuthDeg: number): ScalpPosition {
  const a = (azimuthDeg * Math.PI) / 180;
  return { x: radius * Math.cos(a), y: radius * Math.sin(a) };
}

/** The position of a label (any case, PhysioNet dots allowed), or null when the label is not a 10-10 name. */
export function scalpPosition(label: string): ScalpPosition | null {
  let name = normaliseChannelName(label);
  name = legacyNames[name] ?? name;
  if (fixed[name]) return fixed[name];
  const match = /^([a-z]+?)(z|\d+)$/.exec(name);
  if (!match) return null;
  let [, prefix] = match;
  const suffix = match[2];
  const lateralOnly = lateralAliases[prefix];
  if (lateralOnly) {
    if (suffix !== '7' && suffix !== '8') return null;
    prefix = lateralOnly;
  }
  const row = rows[prefix];
  if (!row) return null;
  const midline = polar(row.midlineRadius, row.front ? 90 : 270);
  if (suffix === 'z') return midline;
  const n = Number(suffix);
  const left = n % 2 === 1;
  const step = left ? (n + 1) / 2 : n / 2;
  const steps = (row.lateralNumber + 1) / 2;
  if (step < 1 || step > steps) return null;
  const fraction = step / steps;
  const lateralAzimuth = left ? row.leftLateralAzimuthDeg : 180 - row.leftLateralAzimuthDeg;
  const midlineAzimuth = row.midlineRadius === 0 ? lateralAzimuth : row.front ? 90 : left ? 270 : -90;
  const radius = row.midlineRadius + (0.4 - row.midlineRadius) * fraction;
  const azimuth = midlineAzimuth + (lateralAzimuth - midlineAzimuth) * fraction;
  return polar(radius, azimuth);
}

/** The 64 channels of the BCI2000 / PhysioNet cap, in its order: a standard list for simulations. */
export const standard64Labels = [
  'FC5', 'FC3', 'FC1', 'FCz', 'FC2', 'FC4', 'FC6', 'C5', 'C3', 'C1', 'Cz', 'C2', 'C4', 'C6', 'CP5', 'CP3',
  'CP1', 'CPz', 'CP2', 'CP4', 'CP6', 'Fp1', 'Fpz', 'Fp2', 'AF7', 'AF3', 'AFz', 'AF4', 'AF8', 'F7', 'F5', 'F3',
  'F1', 'Fz', 'F2', 'F4', 'F6', 'F8', 'FT7', 'FT8', 'T7', 'T8', 'T9', 'T10', 'TP7', 'TP8', 'P7', 'P5', 'P3',
  'P1', 'Pz', 'P2', 'P4', 'P6', 'P8', 'PO7', 'PO3', 'POz', 'PO4', 'PO8', 'O1', 'Oz', 'O2', 'Iz',
] as const;
