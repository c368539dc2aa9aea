// Live stats: counters, loss detection from firstSampleIndex gaps, and the bounded latency history.
import { describe, expect, it } from 'vitest';
import { LATENCY_HISTORY, createFrameTracker, createLiveStats, recordFrame, recordLatencies } from '../../../src-renderer/src/live/live-stats.ts';
import { createLiveSignal } from '../../../src-renderer/src/live/live-signal.ts';
import type { SignalFrame } from '../../../src-main/contract/index.ts';

const frame = (firstSampleIndex: number, nSamples = 10, firstSampleTimeMs = 1000): SignalFrame => ({
  nChannels: 2, nSamples, firstSampleIndex, firstSampleTimeMs, lostSamples: 0, sampleRateHz: 250, samples: new Float32Array(2 * nSamples),
});

describe('live stats', () => {
  it('counts frames and samples, and no loss for contiguous frames', () => {
    const stats = createLiveStats();
    const tracker = createFrameTracker();
    for (let i = 0; i < 50; i++) recordFrame(stats, tracker, frame(i * 10), 1020);
    expect(stats).toMatchObject({ framesReceived: 50, samplesReceived: 500, lostFramesBetweenEngineAndRenderer: 0, lostSamplesBetweenEngineAndRenderer: 0 });
    expect(stats.receiveLatencyMs[0]).toBe(20);
  });

  it('counts the frames missing in a gap, in frame lengths', () => {
    const stats = createLiveStats();
    const tracker = createFrameTracker();
    recordFrame(stats, tracker, frame(0), 0);
    recordFrame(stats, tracker, frame(10), 0);
    recordFrame(stats, tracker, frame(40), 0); // frames 20 and 30 lost
    recordFrame(stats, tracker, frame(53), 0); // 3 samples lost: still one frame
    expect(stats.lostFramesBetweenEngineAndRenderer).toBe(3);
    expect(stats.lostSamplesBetweenEngineAndRenderer).toBe(23);
  });

  it('does not count a restart (indices back to 0) as a loss', () => {
    const stats = createLiveStats();
    const tracker = createFrameTracker();
    recordFrame(stats, tracker, frame(0), 0);
    recordFrame(stats, tracker, frame(10), 0);
    recordFrame(stats, tracker, frame(0), 0);
    recordFrame(stats, tracker, frame(10), 0);
    expect(stats.lostFramesBetweenEngineAndRenderer).toBe(0);
  });

  it('keeps about the last LATENCY_HISTORY latencies, newest last', () => {
    const stats = createLiveStats();
    const times = Float64Array.from({ length: 100 }, (_, i) => i);
    for (let round = 0; round < 60; round++) recordLatencies(stats, 1000 + round, times, 100);
    expect(stats.latencyMs.length).toBeGreaterThanOrEqual(LATENCY_HISTORY);
    expect(stats.latencyMs.length).toBeLessThanOrEqual(LATENCY_HISTORY + 500);
    expect(stats.latencyMs.at(-1)).toBe(1059 - 99);
  });
});

describe('live signal', () => {
  it('feeds the ring and the stats, and queues frames for their first draw', () => {
    const stats = createLiveStats();
    const live = createLiveSignal(stats);
    live.accept(frame(0, 10, 500), 1, 510);
    live.accept(frame(10, 10, 540), 2, 545);
    expect(live.ring?.endIndex).toBe(20);
    expect(live.version).toBe(2);
    expect(live.lastArrivalMs).toBe(2);
    expect(Array.from(live.pendingSampleTimesMs.slice(0, live.pendingCount))).toEqual([500, 540]);
    live.clearPending();
    expect(live.pendingCount).toBe(0);
    // A new acquisition with another montage replaces the ring.
    live.accept({ ...frame(0, 5), nChannels: 1, samples: new Float32Array(5) }, 3, 3);
    expect(live.ring?.nChannels).toBe(1);
    expect(stats.framesReceived).toBe(3);
  });
});
