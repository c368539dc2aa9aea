// Where the right edge of the scrolling view sits, in samples: a free-running clock gently pulled toward the newest data, so the view glides between frames instead of jumping at each one.

export interface ScrollClock {
  /** Right edge of the view, absolute sample index (fractional). */
  viewEnd: number;
  /** performance.now() of the previous step, or null before the first. */
  lastStepMs: number | null;
}

export const createScrollClock = (): ScrollClock => ({ viewEnd: 0, lastStepMs: null });

export interface ScrollInput {
  nowMs: number;
  sampleRateHz: number;
  /** One past the newest sample received. */
  endIndex: number;
  /** performance.now() when the newest frame arrived. */
  lastArrivalMs: number;
  /** False when acquisition stopped: the view then rests on the newest sample. */
  running: boolean;
}

/** Longest the view runs ahead of the newest sample while waiting for a frame, ms. */
export const MAX_LEAD_MS = 100;
/** Share of the gap between clock and data closed per step: small enough to hide frame jitter, large enough to follow drift. */
export const PULL = 0.15;

/** Advances the clock, in place, and returns the new right edge. */
export function stepScrollClock(clock: ScrollClock, input: ScrollInput): number {
  const { nowMs, sampleRateHz, endIndex, lastArrivalMs, running } = input;
  const samplesPerMs = sampleRateHz / 1000;
  const target = endIndex + (running ? Math.min(MAX_LEAD_MS, Math.max(0, nowMs - lastArrivalMs)) * samplesPerMs : 0);
  if (!running || clock.lastStepMs === null || Math.abs(target - clock.viewEnd) > sampleRateHz / 2) {
    // First step, stopped, or a jump (new acquisition, tab back from background): no gliding.
    clock.viewEnd = target;
  } else {
    const predicted = clock.viewEnd + Math.max(0, nowMs - clock.lastStepMs) * samplesPerMs;
    const next = predicted + (target - predicted) * PULL;
    // Never backwards (it would shimmer), never further ahead of the data than the lead allows.
    clock.viewEnd = Math.min(Math.max(next, clock.viewEnd), endIndex + MAX_LEAD_MS * samplesPerMs);
  }
  clock.lastStepMs = nowMs;
  return clock.viewEnd;
}
