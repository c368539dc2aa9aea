// Min/max decimation of a ring-buffered channel to one pair of values per pixel column, the standard way to draw long signals without aliasing.

export interface ColumnPlan {
  /** Columns to draw (about one per pixel). */
  nColumns: number;
  /** Samples per column, fractional: window samples / columns. */
  samplesPerColumn: number;
}

/** Columns for a window: never more than the samples it holds (then every column is one sample). */
export function planColumns(windowSamples: number, widthPx: number): ColumnPlan {
  const nColumns = Math.max(1, Math.min(Math.floor(widthPx), Math.floor(windowSamples)));
  return { nColumns, samplesPerColumn: windowSamples / nColumns };
}

/**
 * Fills `outMin[k]`, `outMax[k]` (µV) and `outCenter[k]` (absolute sample index of the column centre) for the
 * `nColumns` columns that end at `viewEnd` (absolute sample index, may be fractional while the view scrolls between
 * frames). Column k covers absolute samples [floor(j * spc), floor((j + 1) * spc)) for j = first column + k, so
 * columns stay put as new samples arrive and the min/max envelope does not flicker. Samples outside what the ring
 * holds (`[max(startIndex, endIndex - capacity), endIndex)`) or NaN are skipped; a column with none is NaN.
 * Returns the sum and count of the values seen, so the caller can remove the channel's mean without a second pass.
 */
export function decimateMinMax(
  channel: Float32Array,
  ring: { capacity: number; startIndex: number; endIndex: number },
  viewEnd: number,
  plan: ColumnPlan,
  outMin: Float64Array,
  outMax: Float64Array,
  outCenter: Float64Array,
): { sum: number; count: number } {
  const { nColumns, samplesPerColumn } = plan;
  const { capacity, endIndex } = ring;
  const available = Math.max(ring.startIndex, endIndex - capacity);
  const lastColumn = Math.ceil(viewEnd / samplesPerColumn);
  const firstColumn = lastColumn - nColumns;
  let sum = 0;
  let count = 0;
  for (let k = 0; k < nColumns; k++) {
    const j = firstColumn + k;
    const s0 = Math.floor(j * samplesPerColumn);
    const s1 = Math.floor((j + 1) * samplesPerColumn);
    outCenter[k] = (s0 + s1) / 2;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    const from = Math.max(s0, available);
    const to = Math.min(s1, endIndex);
    for (let s = from; s < to; s++) {
      const v = channel[s % capacity];
      if (v !== v) continue; // NaN: a gap
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      sum += v;
      count++;
    }
    if (lo === Number.POSITIVE_INFINITY) {
      outMin[k] = Number.NaN;
      outMax[k] = Number.NaN;
    } else {
      outMin[k] = lo;
      outMax[k] = hi;
    }
  }
  return { sum, count };
}
