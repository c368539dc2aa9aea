// Scalp positions of 10-20/10-10 electrode labels on a flat head map, derived from the naming rules.
//
// The construction of the 10-20 system on a spherical head: the ring through Fpz, T7, Oz and T8 lies 10%
// of the nasion-inion arc above the nasion, that is 72 degrees from Cz; midline electrodes sit in 10% (18
// degree) steps from Cz. Each row (Fp, AF, F, FC/FT, C/T, CP/TP, P, PO, O) is the circle through its left
// lateral electrode on the ring, its midline electrode and its right lateral electrode, and the numbered
// electrodes divide the arc from the midline to the lateral electrode into equal angles (Jasper 1958;
// Oostenveld and Praamstra 2001 for the 10-10 names). The flat map is the azimuthal equidistant
// projection around Cz: r = angle from Cz / 180 degrees, so the ring is at r = 0.4 and Nz/Iz at r = 0.5.
import { normaliseChannelName } from './recording.ts';

export interface ScalpPosition {
  /** Right is positive; the head circle has radius 0.5. */
  x: number;
  /** Nose is positive. */
  y: number;
}

/** A point on the unit-sphere head: x toward the right ear, y toward the nose, z up through Cz. */
export interface ScalpPoint {
  x: number;
  y: number;
  z: number;
}

type Vector = [number, number, number];

interface Row {
  /** Angle of the midline electrode from Cz in degrees, and whether it lies toward the nose. */
  midlineAngleDeg: number;
  front: boolean;
  /** Azimuth in degrees (from the right ear, counter-clockwise) of the left lateral electrode on the ring. */
  leftLateralAzimuthDeg: number;
  /** The number of the lateral electrode on the left side (7 for most rows, 1 for Fp and O). */
  lateralNumber: number;
}

const RING_DEG = 72;

const rows: Record<string, Row> = {
  fp: { midlineAngleDeg: 72, front: true, leftLateralAzimuthDeg: 108, lateralNumber: 1 },
  af: { midlineAngleDeg: 54, front: true, leftLateralAzimuthDeg: 126, lateralNumber: 7 },
  f: { midlineAngleDeg: 36, front: true, leftLateralAzimuthDeg: 144, lateralNumber: 7 },
  fc: { midlineAngleDeg: 18, front: true, leftLateralAzimuthDeg: 162, lateralNumber: 7 },
  c: { midlineAngleDeg: 0, front: true, leftLateralAzimuthDeg: 180, lateralNumber: 7 },
  cp: { midlineAngleDeg: 18, front: false, leftLateralAzimuthDeg: 198, lateralNumber: 7 },
  p: { midlineAngleDeg: 36, front: false, leftLateralAzimuthDeg: 216, lateralNumber: 7 },
  po: { midlineAngleDeg: 54, front: false, leftLateralAzimuthDeg: 234, lateralNumber: 7 },
  o: { midlineAngleDeg: 72, front: false, leftLateralAzimuthDeg: 252, lateralNumber: 1 },
};

/** Rows whose lateral (number 7/8) electrode carries another prefix. */
const lateralAliases: Record<string, string> = { ft: 'fc', t: 'c', tp: 'cp' };
/** Old 10-20 names. */
const legacyNames: Record<string, string> = { t3: 't7', t4: 't8', t5: 'p7', t6: 'p8' };
/** Points on the circle 90 degrees from Cz (r = 0.5 on the flat map). */
const fixed: Record<string, Vector> = {
  nz: [0, 1, 0],
  iz: [0, -1, 0],
  t9: [-1, 0, 0],
  t10: [1, 0, 0],
};

const RAD = Math.PI / 180;
const sub = (a: Vector, b: Vector): Vector => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const add = (a: Vector, b: Vector): Vector => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const scale = (a: Vector, k: number): Vector => [a[0] * k, a[1] * k, a[2] * k];
const dot = (a: Vector, b: Vector) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vector, b: Vector): Vector => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

/** A point on the unit sphere, `angleDeg` from Cz toward azimuth `azimuthDeg`. */
function onSphere(angleDeg: number, azimuthDeg: number): Vector {
  const t = angleDeg * RAD;
  const a = azimuthDeg * RAD;
  return [Math.sin(t) * Math.cos(a), Math.sin(t) * Math.sin(a), Math.cos(t)];
}

/** The point at `fraction` of the arc from `m` to `l` on the circle through `l`, `m` and `mirror`. */
function alongArc(m: Vector, l: Vector, mirror: Vector, fraction: number): Vector {
  const a = sub(l, m);
  const b = sub(mirror, m);
  const axb = cross(a, b);
  const centre = add(m, scale(cross(sub(scale(b, dot(a, a)), scale(a, dot(b, b))), axb), 1 / (2 * dot(axb, axb))));
  const u = sub(m, centre);
  const v = sub(l, centre);
  const radius = Math.sqrt(dot(u, u));
  const total = Math.acos(Math.max(-1, Math.min(1, dot(u, v) / (radius * radius))));
  const vPerp = sub(v, scale(u, dot(u, v) / dot(u, u)));
  const w = scale(vPerp, radius / Math.sqrt(dot(vPerp, vPerp)));
  const t = fraction * total;
  return add(centre, add(scale(u, Math.cos(t)), scale(w, Math.sin(t))));
}

function project(p: Vector): ScalpPosition {
  const angle = Math.acos(Math.max(-1, Math.min(1, p[2] / Math.sqrt(dot(p, p)))));
  const planar = Math.hypot(p[0], p[1]);
  const r = angle / Math.PI;
  return planar === 0 ? { x: 0, y: 0 } : { x: (r * p[0]) / planar, y: (r * p[1]) / planar };
}

/** The position of a label (any case, PhysioNet dots allowed), or null when the label is not a 10-10 name. */
export function scalpPosition(label: string): ScalpPosition | null {
  const point = spherePoint(label);
  return point ? project(point) : null;
}

/** The 3-D position of a label on the unit-sphere head, or null when the label is not a 10-10 name. */
export function scalpPoint(label: string): ScalpPoint | null {
  const point = spherePoint(label);
  return point ? { x: point[0], y: point[1], z: point[2] } : null;
}

/** A 10-10 name split into its row prefix and its number or `z` (`fc` + `3`), legacy names left as written. */
function splitName(name: string): { prefix: string; suffix: string } | null {
  const match = /^([a-z]+?)(z|\d+)$/.exec(name);
  return match ? { prefix: match[1], suffix: match[2] } : null;
}

function spherePoint(label: string): Vector | null {
  let name = normaliseChannelName(label);
  name = legacyNames[name] ?? name;
  if (fixed[name]) return fixed[name];
  const parts = splitName(name);
  if (!parts) return null;
  let { prefix } = parts;
  const { suffix } = parts;
  const lateralOnly = lateralAliases[prefix];
  if (lateralOnly) {
    if (suffix !== '7' && suffix !== '8') return null;
    prefix = lateralOnly;
  }
  const row = rows[prefix];
  if (!row) return null;
  const midline = onSphere(row.midlineAngleDeg, row.front ? 90 : 270);
  if (suffix === 'z') return midline;
  const n = Number(suffix);
  const left = n % 2 === 1;
  const step = left ? (n + 1) / 2 : n / 2;
  const steps = (row.lateralNumber + 1) / 2;
  if (step < 1 || step > steps) return null;
  const leftLateral = onSphere(RING_DEG, row.leftLateralAzimuthDeg);
  const rightLateral = onSphere(RING_DEG, 180 - row.leftLateralAzimuthDeg);
  return left ? alongArc(midline, leftLateral, rightLateral, step / steps) : alongArc(midline, rightLateral, leftLateral, step / steps);
}

/** A channel of a recording placed on the head, or with null coordinates when its label is not a 10-10 name. */
export type ChannelPosition =
  | { name: string; label: string; x: number; y: number; z: number; mapX: number; mapY: number }
  | { name: string; label: string; x: null; y: null; z: null; mapX: null; mapY: null };

/** Each label (as the recording writes it) with its clean label, its 3-D point and its flat head-map position. */
export function channelPositions(labels: readonly string[]): ChannelPosition[] {
  return labels.map((name) => {
    const label = cleanChannelLabel(name);
    const point = spherePoint(name);
    if (!point) return { name, label, x: null, y: null, z: null, mapX: null, mapY: null };
    const flat = project(point);
    return { name, label, x: point[0], y: point[1], z: point[2], mapX: flat.x, mapY: flat.y };
  });
}

/** The 64 channels of the BCI2000 / PhysioNet cap, in its order: a standard list for simulations. */
export const standard64Labels = [
  'FC5', 'FC3', 'FC1', 'FCz', 'FC2', 'FC4', 'FC6', 'C5', 'C3', 'C1', 'Cz', 'C2', 'C4', 'C6', 'CP5', 'CP3',
  'CP1', 'CPz', 'CP2', 'CP4', 'CP6', 'Fp1', 'Fpz', 'Fp2', 'AF7', 'AF3', 'AFz', 'AF4', 'AF8', 'F7', 'F5', 'F3',
  'F1', 'Fz', 'F2', 'F4', 'F6', 'F8', 'FT7', 'FT8', 'T7', 'T8', 'T9', 'T10', 'TP7', 'TP8', 'P7', 'P5', 'P3',
  'P1', 'Pz', 'P2', 'P4', 'P6', 'P8', 'PO7', 'PO3', 'POz', 'PO4', 'PO8', 'O1', 'Oz', 'O2', 'Iz',
] as const;

/**
 * A channel label as reports, selections and model metadata print it: a 10-10 name in its standard spelling
 * (PhysioNet's `C3..`, `Fc3.`, `Cpz.`, `Fp1.` become `C3`, `FC3`, `CPz`, `Fp1`), any other label trimmed of the
 * dots that pad it. Matching still goes through `normaliseChannelName`, which both spellings share.
 */
export function cleanChannelLabel(label: string): string {
  const trimmed = label.trim().replace(/\.+$/, '');
  if (scalpPosition(trimmed) === null) return trimmed;
  const match = /^([a-z]+?)(z|\d+)$/i.exec(trimmed);
  if (!match) return trimmed;
  const prefix = match[1].toLowerCase();
  const spelled = prefix === 'fp' ? 'Fp' : prefix.toUpperCase();
  return `${spelled}${match[2].toLowerCase()}`;
}
