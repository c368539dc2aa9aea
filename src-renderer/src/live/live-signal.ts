// The window's live signal: every frame from the client goes into a ring buffer and the stats, with no Vue reactivity on the way.
import type { SignalFrame } from '../../../src-main/contract/index.ts';
import { appendFrame, createSignalRing, ringAccepts, type SignalRing } from './signal-ring.ts';
import { createFrameTracker, recordFrame, type LiveStats } from './live-stats.ts';
import { ChannelFilter, NO_DISPLAY_FILTER, designDisplayFilter, isFiltering, type DisplayFilterSettings } from './display-filter.ts';

/** Frames waiting for their first draw; beyond this nobody is drawing and their latency means nothing. */
const PENDING_CAPACITY = 4096;

export interface LiveSignal {
  readonly stats: LiveStats;
  /** The ring of the current acquisition as received (never filtered), or null before the first frame. */
  ring: SignalRing | null;
  /** The same samples through the display filters, while some are on (null otherwise): what the view draws. */
  displayRing: SignalRing | null;
  /** The display filters in force. */
  readonly displayFilter: DisplayFilterSettings;
  /** Filter stages the current rate cannot carry (a 60 Hz notch at 100 Hz), in words. */
  displayFilterSkipped: string[];
  /** Bumped on every frame and filter change, so a drawer can tell new data from none. */
  version: number;
  /** performance.now() when the last frame arrived, to scroll smoothly between frames. */
  lastArrivalMs: number;
  /** firstSampleTimeMs of frames not drawn yet: `[0, pendingCount)`. */
  pendingSampleTimesMs: Float64Array;
  /** Epoch ms at which each of those frames arrived (same indices). */
  pendingArrivalEpochMs: Float64Array;
  pendingCount: number;
  /** Forgets the frames waiting to be drawn (a view that starts drawing must not count frames nobody showed). */
  clearPending(): void;
  /** `arrivalMs` is performance.now(), `arrivalEpochMs` the same instant as epoch ms (performance.timeOrigin + now). */
  accept(frame: SignalFrame, arrivalMs: number, arrivalEpochMs: number): void;
  /** Changes the display filters; what the ring holds is filtered again at once (the received samples stay as they are). */
  setDisplayFilter(settings: DisplayFilterSettings): void;
  /** Forgets the trace held (an impedance measurement paused the stream): the next frame starts a fresh one. */
  restart(): void;
}

export function createLiveSignal(stats: LiveStats): LiveSignal {
  const tracker = createFrameTracker();
  let filters: ChannelFilter[] = [];
  let scratch = new Float32Array(0);

  /** Builds the display ring from what the raw ring holds, oldest sample first, with fresh filters. */
  function refilter(): void {
    const raw = live.ring;
    live.displayRing = null;
    filters = [];
    live.displayFilterSkipped = [];
    if (!raw || !isFiltering(live.displayFilter)) return;
    const { sections, skipped } = designDisplayFilter(live.displayFilter, raw.sampleRateHz);
    live.displayFilterSkipped = skipped;
    if (sections.length === 0) return;
    // Same default length as the raw ring, so both hold the same samples at the same places.
    const display = createSignalRing(raw.nChannels, raw.sampleRateHz);
    display.startIndex = raw.startIndex;
    display.endIndex = raw.endIndex;
    const from = Math.max(raw.startIndex, raw.endIndex - raw.capacity);
    for (let c = 0; c < raw.nChannels; c++) {
      const filter = new ChannelFilter(sections);
      // The held samples, oldest first, in at most two stretches of the ring (it may wrap once).
      for (let i = from; i < raw.endIndex;) {
        const at = i % raw.capacity;
        const length = Math.min(raw.endIndex - i, raw.capacity - at);
        filter.process(raw.channels[c], display.channels[c], at, at + length);
        i += length;
      }
      filters.push(filter);
    }
    live.displayRing = display;
  }

  /** Passes a frame through the running filters into the display ring (a filtered copy: the frame is untouched). */
  function filterFrame(frame: SignalFrame): void {
    const display = live.displayRing;
    if (!display || filters.length !== frame.nChannels) return;
    const n = frame.nSamples;
    if (scratch.length < frame.samples.length) scratch = new Float32Array(frame.samples.length);
    const out = scratch.subarray(0, frame.samples.length);
    // A gap before this frame breaks the filters' memory as it breaks the trace.
    const gap = display.endIndex > 0 && frame.firstSampleIndex > display.endIndex;
    for (let c = 0; c < frame.nChannels; c++) {
      if (gap) filters[c].reset();
      filters[c].process(frame.samples.subarray(c * n, (c + 1) * n), out.subarray(c * n, (c + 1) * n));
    }
    appendFrame(display, { ...frame, samples: out });
  }

  const live: LiveSignal = {
    stats,
    ring: null,
    displayRing: null,
    displayFilter: NO_DISPLAY_FILTER,
    displayFilterSkipped: [],
    version: 0,
    lastArrivalMs: 0,
    pendingSampleTimesMs: new Float64Array(PENDING_CAPACITY),
    pendingArrivalEpochMs: new Float64Array(PENDING_CAPACITY),
    pendingCount: 0,
    clearPending() {
      live.pendingCount = 0;
    },
    restart() {
      live.ring = null;
      live.displayRing = null;
      filters = [];
      live.pendingCount = 0;
      live.version++;
    },
    accept(frame, arrivalMs, arrivalEpochMs) {
      if (frame.nChannels < 1 || !(frame.sampleRateHz > 0)) return;
      recordFrame(stats, tracker, frame, arrivalEpochMs);
      if (!ringAccepts(live.ring, frame)) {
        live.ring = createSignalRing(frame.nChannels, frame.sampleRateHz);
        refilter();
      }
      appendFrame(live.ring, frame);
      filterFrame(frame);
      live.version++;
      live.lastArrivalMs = arrivalMs;
      if (live.pendingCount === PENDING_CAPACITY) live.pendingCount = 0;
      live.pendingSampleTimesMs[live.pendingCount] = frame.firstSampleTimeMs;
      live.pendingArrivalEpochMs[live.pendingCount++] = arrivalEpochMs;
    },
    setDisplayFilter(settings) {
      (live as { displayFilter: DisplayFilterSettings }).displayFilter = { ...settings };
      refilter();
      live.version++;
    },
  };
  return live;
}
