// The window's live signal: every frame from the client goes into a ring buffer and the stats, with no Vue reactivity on the way.
import type { SignalFrame } from '../../../src-main/contract/index.ts';
import { appendFrame, createSignalRing, ringAccepts, type SignalRing } from './signal-ring.ts';
import { createFrameTracker, recordFrame, type LiveStats } from './live-stats.ts';

/** Frames waiting for their first draw; beyond this nobody is drawing and their latency means nothing. */
const PENDING_CAPACITY = 4096;

export interface LiveSignal {
  readonly stats: LiveStats;
  /** The ring of the current acquisition, or null before the first frame. */
  ring: SignalRing | null;
  /** Bumped on every frame, so a drawer can tell new data from none. */
  version: number;
  /** performance.now() when the last frame arrived, to scroll smoothly between frames. */
  lastArrivalMs: number;
  /** firstSampleTimeMs of frames not drawn yet: `[0, pendingCount)`. */
  pendingSampleTimesMs: Float64Array;
  pendingCount: number;
  /** Forgets the frames waiting to be drawn (a view that starts drawing must not count frames nobody showed). */
  clearPending(): void;
  /** `arrivalMs` is performance.now(), `arrivalEpochMs` the same instant as epoch ms (performance.timeOrigin + now). */
  accept(frame: SignalFrame, arrivalMs: number, arrivalEpochMs: number): void;
}

export function createLiveSignal(stats: LiveStats): LiveSignal {
  const tracker = createFrameTracker();
  const live: LiveSignal = {
    stats,
    ring: null,
    version: 0,
    lastArrivalMs: 0,
    pendingSampleTimesMs: new Float64Array(PENDING_CAPACITY),
    pendingCount: 0,
    clearPending() {
      live.pendingCount = 0;
    },
    accept(frame, arrivalMs, arrivalEpochMs) {
      if (frame.nChannels < 1 || !(frame.sampleRateHz > 0)) return;
      recordFrame(stats, tracker, frame, arrivalEpochMs);
      if (!ringAccepts(live.ring, frame)) live.ring = createSignalRing(frame.nChannels, frame.sampleRateHz);
      appendFrame(live.ring, frame);
      live.version++;
      live.lastArrivalMs = arrivalMs;
      if (live.pendingCount === PENDING_CAPACITY) live.pendingCount = 0;
      live.pendingSampleTimesMs[live.pendingCount++] = frame.firstSampleTimeMs;
    },
  };
  return live;
}
