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
 * Remembers the columns already complete (every sample they cover received), so a redraw reads only the newest
 * columns instead of the whole window: at 64 channels x 1 kHz x 10 s that is a few hundred samples per channel and
 * frame instead of 10 000. One cache per channel; it follows the channel's buffer and forgets everything when that
 * buffer is another (a new acquisition, display filters changed).
 */
export interface ColumnCache {
  source: Float32Array | null;
  samplesPerColumn: number;
  /** Per slot (column index modulo the slot count): the column index it holds (NaN: none) and its figures. */
  column: Float64Array;
  min: Float64Array;
  max: Float64Array;
  sum: Float64Array;
  count: Float64Array;
}

export function createColumnCache(nColumns: number): ColumnCache {
  const slots = nColumns + 2;
  return {
    source: null,
    samplesPerColumn: 0,
    column: new Float64Array(slots).fill(Number.NaN),
    min: new Float64Array(slots),
    max: new Float64Array(slots),
    sum: new Float64Array(slots),
    count: new Float64Array(slots),
  };
}

/**
 * Fills `outMin[k]`, `outMax[k]` (µV) and `outCenter[k]` (absolute sample index of the column centre) for the
 * `nColumns` columns that end at `viewEnd` (absolute sample index, may be fractional while the view scrolls between
 * frames). Column k covers absolute samples [floor(j * spc), floor((j + 1) * spc)) for j = first column + k, so
 * columns stay put as new samples arrive and the min/max envelope does not flicker. Samples outside what the ring
 * holds (`[max(startIndex, endIndex - capacity), endIndex)`) or NaN are skipped; a column with none is NaN.
 * Returns the sum and count of the values seen, so the caller can remove the channel's mean without a second pass.
 * With a `cache`, complete columns are computed once and then read back.
 */
export function decimateMinMax(
  channel: Float32Array,
  ring: { capacity: number; startIndex: number; endIndex: number },
  viewEnd: number,
  plan: ColumnPlan,
  outMin: Float64Array,
  outMax: Float64Array,
  outCenter: Float64Array,
  cache?: ColumnCache,
): { sum: number; count: number } {
  const { nColumns, samplesPerColumn } = plan;
  if (cache && (cache.source !== channel || cache.samplesPerColumn !== samplesPerColumn)) {
    cache.source = channel;
    cache.samplesPerColumn = samplesPerColumn;
    cache.column.fill(Number.NaN);
  }
  const slots = cache ? cache.column.length : 0;
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
    const slot = cache ? ((j % slots) + slots) % slots : 0;
    if (cache && cache.column[slot] === j) {
      outMin[k] = cache.min[slot];
      outMax[k] = cache.max[slot];
      sum += cache.sum[slot];
      count += cache.count[slot];
      continue;
    }
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    let columnSum = 0;
    let columnCount = 0;
    const from = Math.max(s0, available);
    const to = Math.min(s1, endIndex);
    for (let s = from; s < to; s++) {
      const v = channel[s % capacity];
      if (v !== v) continue; // NaN: a gap
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      columnSum += v;
      columnCount++;
    }
    sum += columnSum;
    count += columnCount;
    if (cache && from === s0 && to === s1) {
      // Every sample of the column is in: it will not change.
      cache.column[slot] = j;
      cache.min[slot] = columnCount > 0 ? lo : Number.NaN;
      cache.max[slot] = columnCount > 0 ? hi : Number.NaN;
      cache.sum[slot] = columnSum;
      cache.count[slot] = columnCount;
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
