// Colour scales of the feature views: diverging for signed values, sequential for magnitudes; both readable with common colour-vision deficiencies.

/** Blue (class 1 stronger) through white to red (class 2 stronger), ColorBrewer RdBu reversed. */
export const DIVERGING = ['#2166ac', '#67a9cf', '#d1e5f0', '#f7f7f7', '#fddbc7', '#ef8a62', '#b2182b'] as const;

/** Viridis: dark at zero, yellow at the largest R². */
export const SEQUENTIAL = ['#440154', '#414487', '#2a788e', '#22a884', '#7ad151', '#fde725'] as const;

/** The two classes' lines: blue and orange stay distinct for red-green colour blindness. */
export const CLASS_COLOURS = ['#1f5fa8', '#c2571a'] as const;

/** Text and axes. */
export const INK = '#17262f';
export const AXIS = '#5b6b75';
export const GRID_LINE = '#d9e0e5';

/** Range of the colour scale: symmetric around zero for signed values, from zero for magnitudes; never empty. */
export function colourRange(maxAbs: number, signed: boolean): { min: number; max: number } {
  const top = Number.isFinite(maxAbs) && maxAbs > 0 ? maxAbs : 1e-6;
  return signed ? { min: -top, max: top } : { min: 0, max: top };
}

const hexToRgb = (hex: string): [number, number, number] => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];

/**
 * The colour of `value` on a palette spread evenly over [min, max], interpolated linearly in RGB between stops, as
 * ECharts' continuous visualMap does, so a map painted with it matches the scale ECharts draws. Values outside the
 * range take the end colours; a non-finite value gives null (nothing painted).
 */
export function colourOf(value: number, range: { min: number; max: number }, palette: readonly string[]): string | null {
  if (!Number.isFinite(value)) return null;
  const span = range.max - range.min;
  const t = span > 0 ? Math.min(1, Math.max(0, (value - range.min) / span)) : 0;
  const x = t * (palette.length - 1);
  const i = Math.min(palette.length - 2, Math.floor(x));
  const f = x - i;
  const a = hexToRgb(palette[i]);
  const b = hexToRgb(palette[i + 1]);
  const c = a.map((v, k) => Math.round(v + (b[k] - v) * f));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}
