// The live figures of the signal path that the shell bench and the e2e tests read from `window.__neurofeatStats`.
import type { SignalFrame } from '../../../src-main/contract/index.ts';

export interface LiveStats {
  /** Times the chart was redrawn with new positions. */
  framesDrawn: number;
  /** Signal frames received from the engine. */
  framesReceived: number;
  /** Samples per channel received. */
  samplesReceived: number;
  /** Frames that never reached this window, from gaps in firstSampleIndex (a gap of n frame lengths counts n). */
  lostFramesBetweenEngineAndRenderer: number;
  /** Samples per channel missing in those gaps. */
  lostSamplesBetweenEngineAndRenderer: number;
  /** For the last ~2000 frames: epoch ms when its samples were first drawn minus its firstSampleTimeMs. */
  latencyMs: number[];
  /** For the last ~2000 frames: epoch ms when the frame reached this window minus its firstSampleTimeMs (transport alone). */
  receiveLatencyMs: number[];
  /** Duration of the last redraw (decimation + ECharts), ms. */
  lastDrawMs: number;
  /** Sum of all redraw durations, ms: with framesDrawn, the mean cost of a redraw. */
  drawMsTotal: number;
}

export const LATENCY_HISTORY = 2000;

export function createLiveStats(): LiveStats {
  return {
    framesDrawn: 0,
    framesReceived: 0,
    samplesReceived: 0,
    lostFramesBetweenEngineAndRenderer: 0,
    lostSamplesBetweenEngineAndRenderer: 0,
    latencyMs: [],
    receiveLatencyMs: [],
    lastDrawMs: 0,
    drawMsTotal: 0,
  };
}

/** Where the next frame should start; reset by a frame that starts earlier (a new acquisition). */
export interface FrameTracker {
  expectedNextIndex: number | null;
  lastFrameSamples: number;
}

export const createFrameTracker = (): FrameTracker => ({ expectedNextIndex: null, lastFrameSamples: 0 });

/** Counts one received frame (arrived at `receivedAtEpochMs`) and detects frames lost in transit, in place. */
export function recordFrame(stats: LiveStats, tracker: FrameTracker, frame: SignalFrame, receivedAtEpochMs: number): void {
  stats.framesReceived++;
  const received = stats.receiveLatencyMs;
  received.push(receivedAtEpochMs - frame.firstSampleTimeMs);
  if (received.length > LATENCY_HISTORY + 500) received.splice(0, received.length - LATENCY_HISTORY);
  stats.samplesReceived += frame.nSamples;
  const expected = tracker.expectedNextIndex;
  if (expected !== null && frame.firstSampleIndex > expected) {
    const missing = frame.firstSampleIndex - expected;
    const frameLength = tracker.lastFrameSamples > 0 ? tracker.lastFrameSamples : frame.nSamples;
    stats.lostSamplesBetweenEngineAndRenderer += missing;
    stats.lostFramesBetweenEngineAndRenderer += Math.max(1, Math.round(missing / Math.max(1, frameLength)));
  }
  tracker.expectedNextIndex = frame.firstSampleIndex + frame.nSamples;
  tracker.lastFrameSamples = frame.nSamples;
}

/** Adds the latency of frames drawn for the first time, keeping about the last LATENCY_HISTORY values. */
export function recordLatencies(stats: LiveStats, drawnAtEpochMs: number, firstSampleTimesMs: ArrayLike<number>, count: number): void {
  const history = stats.latencyMs;
  for (let i = 0; i < count; i++) history.push(drawnAtEpochMs - firstSampleTimesMs[i]);
  // Trimming in batches keeps the per-frame cost constant instead of shifting the array every frame.
  if (history.length > LATENCY_HISTORY + 500) history.splice(0, history.length - LATENCY_HISTORY);
}
