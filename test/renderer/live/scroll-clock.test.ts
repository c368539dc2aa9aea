// The scrolling clock: steady frames give a steady, monotonic scroll that stays close to the data.
import { describe, expect, it } from 'vitest';
import { MAX_LEAD_MS, createScrollClock, stepScrollClock } from '../../../src-renderer/src/live/scroll-clock.ts';

describe('scroll clock', () => {
  it('glides at the sample rate between jittery frames without going backwards or far ahead of the data', () => {
    const clock = createScrollClock();
    const rateHz = 250;
    let endIndex = 0;
    let lastArrivalMs = 0;
    let previous = -Infinity;
    const steps: number[] = [];
    // Frames of 10 samples (40 ms) arrive with ±15 ms jitter; the screen refreshes every 16.7 ms.
    let nextFrameMs = 40;
    for (let now = 0; now < 5000; now += 1000 / 60) {
      while (now >= nextFrameMs) {
        endIndex += 10;
        lastArrivalMs = nextFrameMs;
        nextFrameMs = 40 * (endIndex / 10 + 1) + 15 * Math.sin(endIndex);
      }
      const viewEnd = stepScrollClock(clock, { nowMs: now, sampleRateHz: rateHz, endIndex, lastArrivalMs, running: true });
      expect(viewEnd).toBeGreaterThanOrEqual(previous);
      expect(viewEnd).toBeLessThanOrEqual(endIndex + (MAX_LEAD_MS * rateHz) / 1000 + 1e-9);
      if (now > 1000) steps.push(viewEnd - previous);
      previous = viewEnd;
    }
    // Average speed equals the sample rate (250 Hz * 16.7 ms = 4.17 samples per refresh).
    const mean = steps.reduce((a, b) => a + b, 0) / steps.length;
    expect(mean).toBeCloseTo(250 / 60, 1);
    // And the view stays within 60 ms of the newest sample.
    expect(Math.abs(previous - endIndex)).toBeLessThan(15);
  });

  it('rests on the newest sample when stopped and snaps after a jump', () => {
    const clock = createScrollClock();
    expect(stepScrollClock(clock, { nowMs: 0, sampleRateHz: 100, endIndex: 500, lastArrivalMs: 0, running: true })).toBe(500);
    expect(stepScrollClock(clock, { nowMs: 10, sampleRateHz: 100, endIndex: 500, lastArrivalMs: 0, running: false })).toBe(500);
    // A new acquisition restarts at sample 0.
    expect(stepScrollClock(clock, { nowMs: 20, sampleRateHz: 100, endIndex: 10, lastArrivalMs: 20, running: true })).toBe(10);
  });
});
