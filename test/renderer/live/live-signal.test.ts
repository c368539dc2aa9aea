// The live signal's display filters: they change what is drawn, never the frames received nor the raw ring, and the trace splits the delay.
import { describe, expect, it } from 'vitest';
import { createLiveSignal } from '../../../src-renderer/src/live/live-signal.ts';
import { createLiveStats, recordLatencies } from '../../../src-renderer/src/live/live-stats.ts';
import { ChannelFilter, designDisplayFilter } from '../../../src-renderer/src/live/display-filter.ts';
import type { SignalFrame } from '../../../src-main/contract/index.ts';

const FS = 250;
const value = (c: number, i: number) => 100 * c + 20 * Math.sin((2 * Math.PI * 10 * i) / FS) + 30 * Math.sin((2 * Math.PI * 50 * i) / FS);
const frameAt = (first: number, n: number, nChannels = 2): SignalFrame => {
  const samples = new Float32Array(nChannels * n);
  for (let c = 0; c < nChannels; c++) for (let s = 0; s < n; s++) samples[c * n + s] = value(c, first + s);
  return { nChannels, nSamples: n, firstSampleIndex: first, firstSampleTimeMs: first * 4, lostSamples: 0, sampleRateHz: FS, samples };
};
const ringValues = (channel: Float32Array, capacity: number, from: number, to: number) => Array.from({ length: to - from }, (_, k) => channel[(from + k) % capacity]);

describe('display filters in the live signal', () => {
  it('leave every received frame and the raw ring bit for bit as they arrived', () => {
    const live = createLiveSignal(createLiveStats());
    live.setDisplayFilter({ notchHz: 50, band: '1-40' });
    const copies: Float32Array[] = [];
    for (let first = 0; first < 2000; first += 10) {
      const frame = frameAt(first, 10);
      copies.push(frame.samples.slice());
      live.accept(frame, first, first);
      expect(Array.from(frame.samples)).toEqual(Array.from(copies.at(-1)!));
    }
    const ring = live.ring!;
    const expected = Array.from({ length: 2000 }, (_, i) => Math.fround(value(1, i)));
    expect(ringValues(ring.channels[1], ring.capacity, 0, 2000)).toEqual(expected);
    expect(live.displayRing).not.toBeNull();
    expect(live.displayRing!.channels[1][1999]).not.toBe(ring.channels[1][1999]);
  });

  it('filter frames as they come exactly as one pass over the samples would, and refilter what is held when the settings change', () => {
    const live = createLiveSignal(createLiveStats());
    for (let first = 0; first < 1000; first += 13) live.accept(frameAt(first, 13), 0, 0);
    expect(live.displayRing).toBeNull();
    const versionBefore = live.version;
    live.setDisplayFilter({ notchHz: 50, band: null });
    expect(live.version).toBe(versionBefore + 1);
    for (let first = 1002; first < 2000; first += 13) live.accept(frameAt(first, Math.min(13, 2000 - first)), 0, 0);
    // One pass over the same samples with the same gap (frames ended at 1001; sample 1001 never arrived).
    const n = 2000;
    const x = Float64Array.from({ length: n }, (_, i) => (i === 1001 ? Number.NaN : Math.fround(value(0, i))));
    const y = new Float32Array(n);
    new ChannelFilter(designDisplayFilter({ notchHz: 50, band: null }, FS).sections).process(x, y);
    const display = live.displayRing!;
    expect(ringValues(display.channels[0], display.capacity, 0, n)).toEqual(Array.from(y));
    live.setDisplayFilter({ notchHz: null, band: null });
    expect(live.displayRing).toBeNull();
  });

  it('names the stages the rate cannot carry and draws unfiltered when none is left', () => {
    const live = createLiveSignal(createLiveStats());
    live.accept({ ...frameAt(0, 10), sampleRateHz: 100 }, 0, 0);
    live.setDisplayFilter({ notchHz: 60, band: null });
    expect(live.displayFilterSkipped).toEqual(['notch 60 Hz']);
    expect(live.displayRing).toBeNull();
  });
});

describe('delay trace', () => {
  it('splits each frame into engine, engine-to-host, host-to-window and arrival-to-draw shares', () => {
    const stats = createLiveStats();
    const live = createLiveSignal(stats);
    live.accept({ ...frameAt(0, 10), firstSampleTimeMs: 1000, sentTimeMs: 1012, relayedTimeMs: 1013 }, 5, 1016);
    live.accept({ ...frameAt(10, 10), firstSampleTimeMs: 1040, sentTimeMs: 1052 }, 6, 1055);
    expect(stats.trace.engineMs).toEqual([12, 12]);
    expect(stats.trace.engineToHostMs).toEqual([1]);
    expect(stats.trace.toWindowMs).toEqual([3, 3]);
    recordLatencies(stats, 1070, live.pendingSampleTimesMs, live.pendingCount, live.pendingArrivalEpochMs);
    expect(stats.trace.arrivalToDrawMs).toEqual([54, 15]);
    expect(stats.latencyMs).toEqual([70, 30]);
  });
});

describe('restarting the live signal', () => {
  it('forgets the held trace; the next frame, wherever its index, starts a fresh ring with its own samples only', () => {
    const live = createLiveSignal(createLiveStats());
    live.setDisplayFilter({ notchHz: 50, band: null });
    for (let first = 0; first < 500; first += 10) live.accept(frameAt(first, 10), 0, 0);
    const version = live.version;
    live.restart();
    expect(live.ring).toBeNull();
    expect(live.displayRing).toBeNull();
    expect(live.pendingCount).toBe(0);
    expect(live.version).toBeGreaterThan(version);
    // The stream goes on where it was (the engine's index carries on across the pause).
    live.accept(frameAt(500, 10), 0, 0);
    expect(live.ring!.startIndex).toBe(500);
    expect(live.ring!.endIndex).toBe(510);
    expect(live.displayRing).not.toBeNull();
    expect(live.displayRing!.startIndex).toBe(500);
  });
});
