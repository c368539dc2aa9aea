// Min/max decimation against a brute-force reading of the ring, on signals with known extremes.
import { describe, expect, it } from 'vitest';
import { createColumnCache, decimateMinMax, planColumns } from '../../../src-renderer/src/live/decimate.ts';
import { appendFrame, createSignalRing } from '../../../src-renderer/src/live/signal-ring.ts';
import type { SignalFrame } from '../../../src-main/contract/index.ts';

const frameOf = (nChannels: number, firstSampleIndex: number, values: (channel: number, index: number) => number, nSamples: number): SignalFrame => {
  const samples = new Float32Array(nChannels * nSamples);
  for (let c = 0; c < nChannels; c++) for (let s = 0; s < nSamples; s++) samples[c * nSamples + s] = values(c, firstSampleIndex + s);
  return { nChannels, nSamples, firstSampleIndex, firstSampleTimeMs: 0, lostSamples: 0, sampleRateHz: 250, samples };
};

describe('planColumns', () => {
  it('uses one column per pixel, but never more columns than samples', () => {
    expect(planColumns(2500, 1000)).toEqual({ nColumns: 1000, samplesPerColumn: 2.5 });
    expect(planColumns(300, 1000)).toEqual({ nColumns: 300, samplesPerColumn: 1 });
    expect(planColumns(10, 0.4).nColumns).toBe(1);
  });
});

describe('decimateMinMax', () => {
  it('equals the brute-force min and max of each column, columns anchored to absolute sample indices', () => {
    const ring = createSignalRing(1, 250, 20);
    // A deterministic, jagged signal: extremes land anywhere inside columns.
    const value = (_c: number, i: number) => Math.round(100 * Math.sin(i * 0.37) + 40 * Math.cos(i * 1.91));
    for (let first = 0; first < 3000; first += 37) appendFrame(ring, frameOf(1, first, value, 37));
    const plan = planColumns(2500, 700);
    const min = new Float64Array(plan.nColumns);
    const max = new Float64Array(plan.nColumns);
    const center = new Float64Array(plan.nColumns);
    const viewEnd = ring.endIndex - 3.3;
    const { sum, count } = decimateMinMax(ring.channels[0], ring, viewEnd, plan, min, max, center);
    const lastColumn = Math.ceil(viewEnd / plan.samplesPerColumn);
    let expectedSum = 0;
    let expectedCount = 0;
    for (let k = 0; k < plan.nColumns; k++) {
      const j = lastColumn - plan.nColumns + k;
      const s0 = Math.floor(j * plan.samplesPerColumn);
      const s1 = Math.min(Math.floor((j + 1) * plan.samplesPerColumn), ring.endIndex);
      const values = [];
      for (let s = s0; s < s1; s++) values.push(value(0, s));
      expect(min[k]).toBe(Math.min(...values));
      expect(max[k]).toBe(Math.max(...values));
      expect(center[k]).toBe((s0 + Math.floor((j + 1) * plan.samplesPerColumn)) / 2);
      for (const v of values) expectedSum += v;
      expectedCount += values.length;
    }
    expect(count).toBe(expectedCount);
    expect(sum).toBeCloseTo(expectedSum, 6);
  });

  it('keeps the envelope of a sine: every column spans exactly the samples it covers, the whole window spans ±amplitude', () => {
    const ring = createSignalRing(1, 1000, 20);
    const amplitude = 50;
    appendFrame(ring, frameOf(1, 0, (_c, i) => amplitude * Math.sin((2 * Math.PI * 10 * i) / 1000), 10_000));
    const plan = planColumns(10_000, 500);
    const min = new Float64Array(plan.nColumns);
    const max = new Float64Array(plan.nColumns);
    const center = new Float64Array(plan.nColumns);
    decimateMinMax(ring.channels[0], ring, ring.endIndex, plan, min, max, center);
    // 20 samples per column, 100 per period: every column covers a fifth of a period.
    expect(Math.min(...min)).toBeCloseTo(-amplitude, 3);
    expect(Math.max(...max)).toBeCloseTo(amplitude, 3);
    for (let k = 0; k < plan.nColumns; k++) expect(max[k] - min[k]).toBeGreaterThan(0);
  });

  it('leaves NaN where nothing was received: before the start, past the newest sample, and in gaps', () => {
    const ring = createSignalRing(1, 100, 20);
    appendFrame(ring, frameOf(1, 0, () => 1, 100));
    appendFrame(ring, frameOf(1, 300, () => 2, 100)); // samples 100..299 never arrived
    const plan = planColumns(1000, 10); // 100 samples per column
    const min = new Float64Array(10);
    const max = new Float64Array(10);
    const center = new Float64Array(10);
    decimateMinMax(ring.channels[0], ring, 500, plan, min, max, center);
    // Columns cover samples [-500, 500): 5 empty (before start), 1, gap, gap, 2, past the end.
    expect(Array.from(min)).toEqual([NaN, NaN, NaN, NaN, NaN, 1, NaN, NaN, 2, NaN]);
    expect(Array.from(max)).toEqual([NaN, NaN, NaN, NaN, NaN, 1, NaN, NaN, 2, NaN]);
  });

  it('ignores samples the ring has already overwritten', () => {
    const ring = createSignalRing(1, 10, 10); // holds 100 samples
    appendFrame(ring, frameOf(1, 0, (_c, i) => i, 250));
    const plan = planColumns(200, 200);
    const min = new Float64Array(plan.nColumns);
    const max = new Float64Array(plan.nColumns);
    const center = new Float64Array(plan.nColumns);
    decimateMinMax(ring.channels[0], ring, 250, plan, min, max, center);
    const finite = Array.from(min).filter(Number.isFinite);
    expect(finite.length).toBe(100);
    expect(finite[0]).toBe(150);
    expect(finite[99]).toBe(249);
  });
});

describe('decimateMinMax with a column cache', () => {
  it('gives exactly what a full pass gives, frame after frame, while reading back complete columns', () => {
    const ring = createSignalRing(1, 1000, 20);
    const value = (_c: number, i: number) => Math.round(80 * Math.sin(i * 0.013) + 30 * Math.cos(i * 0.71));
    const plan = planColumns(10_000, 312);
    const cache = createColumnCache(plan.nColumns);
    const cached = { min: new Float64Array(plan.nColumns), max: new Float64Array(plan.nColumns), center: new Float64Array(plan.nColumns) };
    const full = { min: new Float64Array(plan.nColumns), max: new Float64Array(plan.nColumns), center: new Float64Array(plan.nColumns) };
    let reused = 0;
    for (let first = 0; first < 30_000; first += 17) {
      appendFrame(ring, frameOf(1, first, value, 17));
      const viewEnd = ring.endIndex + 5.5;
      const before = Array.from(cache.column).filter((j) => !Number.isNaN(j)).length;
      const a = decimateMinMax(ring.channels[0], ring, viewEnd, plan, cached.min, cached.max, cached.center, cache);
      const b = decimateMinMax(ring.channels[0], ring, viewEnd, plan, full.min, full.max, full.center);
      reused += before;
      expect(Array.from(cached.min)).toEqual(Array.from(full.min));
      expect(Array.from(cached.max)).toEqual(Array.from(full.max));
      expect(a.count).toBe(b.count);
      expect(a.sum).toBeCloseTo(b.sum, 3);
    }
    expect(reused).toBeGreaterThan(0);
  });

  it('forgets what it holds when the channel buffer or the column width changes, and never caches an incomplete column', () => {
    const ring = createSignalRing(1, 100, 20);
    appendFrame(ring, frameOf(1, 0, () => 1, 150));
    const plan = planColumns(1000, 10); // 100 samples per column
    const cache = createColumnCache(plan.nColumns);
    const out = () => ({ min: new Float64Array(10), max: new Float64Array(10), center: new Float64Array(10) });
    let o = out();
    decimateMinMax(ring.channels[0], ring, 200, plan, o.min, o.max, o.center, cache);
    // Column [100, 200) holds 50 samples of 100: not cached, so the next frame's samples show.
    appendFrame(ring, frameOf(1, 150, () => 5, 50));
    o = out();
    decimateMinMax(ring.channels[0], ring, 200, plan, o.min, o.max, o.center, cache);
    expect(o.max[9]).toBe(5);
    const other = createSignalRing(1, 100, 20);
    appendFrame(other, frameOf(1, 0, () => 7, 200));
    o = out();
    decimateMinMax(other.channels[0], other, 200, plan, o.min, o.max, o.center, cache);
    expect(o.min[8]).toBe(7);
    expect(o.max[9]).toBe(7);
  });
});
