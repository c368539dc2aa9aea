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
  /**
   * One frame's delay split along its path, last ~2000 frames each (ms): sample generated to the engine sending the
   * frame (device pacing and batching), engine to host relay (empty when nothing relayed it: Electron's port),
   * host (or engine) to this window (socket, decoding and the window's own queue), and arrival to first draw.
   */
  trace: { engineMs: number[]; engineToHostMs: number[]; toWindowMs: number[]; arrivalToDrawMs: number[] };
  /** Duration of the last redraw (decimation + drawing), ms. */
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
    trace: { engineMs: [], engineToHostMs: [], toWindowMs: [], arrivalToDrawMs: [] },
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
  pushBounded(stats.receiveLatencyMs, receivedAtEpochMs - frame.firstSampleTimeMs);
  const sent = frame.sentTimeMs ?? 0;
  const relayed = frame.relayedTimeMs ?? 0;
  if (sent > 0) {
    pushBounded(stats.trace.engineMs, sent - frame.firstSampleTimeMs);
    if (relayed > 0) pushBounded(stats.trace.engineToHostMs, relayed - sent);
    pushBounded(stats.trace.toWindowMs, receivedAtEpochMs - (relayed > 0 ? relayed : sent));
  }
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

/** Appends, keeping about the last LATENCY_HISTORY values: trimming in batches keeps the per-frame cost constant. */
function pushBounded(history: number[], value: number): void {
  history.push(value);
  if (history.length > LATENCY_HISTORY + 500) history.splice(0, history.length - LATENCY_HISTORY);
}

/**
 * Adds the latency of frames drawn for the first time (`firstSampleTimesMs`) and, when their arrival times are given,
 * the arrival-to-draw share of it; keeps about the last LATENCY_HISTORY values.
 */
export function recordLatencies(
  stats: LiveStats, drawnAtEpochMs: number, firstSampleTimesMs: ArrayLike<number>, count: number, arrivalEpochMs?: ArrayLike<number>,
): void {
  for (let i = 0; i < count; i++) {
    pushBounded(stats.latencyMs, drawnAtEpochMs - firstSampleTimesMs[i]);
    if (arrivalEpochMs) pushBounded(stats.trace.arrivalToDrawMs, drawnAtEpochMs - arrivalEpochMs[i]);
  }
}
