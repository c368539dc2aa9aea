// Per-channel ring buffers of the most recent samples, outside Vue reactivity, filled from signal frames.
import type { SignalFrame } from '../../../src-main/contract/index.ts';

export interface SignalRing {
  nChannels: number;
  sampleRateHz: number;
  /** Samples per channel the ring holds. */
  capacity: number;
  /** `[channel][sampleIndex % capacity]`, µV; NaN where no sample arrived (gaps). */
  channels: Float32Array[];
  /** Absolute index (per channel, since acquisition start) one past the newest sample; 0 when empty. */
  endIndex: number;
  /** Absolute index of the oldest sample the ring received since it was created or reset. */
  startIndex: number;
}

/** Longest window the view offers, in seconds: it sets the ring capacity. */
export const MAX_WINDOW_SEC = 20;

export function createSignalRing(nChannels: number, sampleRateHz: number, seconds = MAX_WINDOW_SEC): SignalRing {
  if (!Number.isInteger(nChannels) || nChannels < 1) throw new RangeError(`createSignalRing: nChannels must be a positive integer, got ${nChannels}`);
  if (!(sampleRateHz > 0)) throw new RangeError(`createSignalRing: sampleRateHz must be positive, got ${sampleRateHz}`);
  const capacity = Math.ceil(seconds * sampleRateHz);
  const channels: Float32Array[] = [];
  for (let c = 0; c < nChannels; c++) channels.push(new Float32Array(capacity).fill(Number.NaN));
  return { nChannels, sampleRateHz, capacity, channels, endIndex: 0, startIndex: 0 };
}

/** Whether a frame can go into this ring, or the ring must be rebuilt (new acquisition, other montage or rate). */
export function ringAccepts(ring: SignalRing | null, frame: SignalFrame): ring is SignalRing {
  return ring !== null
    && ring.nChannels === frame.nChannels
    && ring.sampleRateHz === frame.sampleRateHz
    && frame.firstSampleIndex >= ring.endIndex - ring.capacity
    && !(frame.firstSampleIndex === 0 && ring.endIndex > 0);
}

/**
 * Copies a frame into the ring, in place. Samples skipped between the previous frame and this one are set to NaN so
 * the trace shows a break instead of a straight line. A frame older than the ring's newest sample overwrites in place.
 */
export function appendFrame(ring: SignalRing, frame: SignalFrame): void {
  const { capacity, channels } = ring;
  const { nSamples, firstSampleIndex, samples } = frame;
  if (ring.endIndex === 0 && ring.startIndex === 0) ring.startIndex = firstSampleIndex;
  if (firstSampleIndex > ring.endIndex && ring.endIndex > 0) {
    const gapEnd = Math.min(firstSampleIndex, ring.endIndex + capacity);
    for (let c = 0; c < ring.nChannels; c++) {
      const channel = channels[c];
      for (let i = ring.endIndex; i < gapEnd; i++) channel[i % capacity] = Number.NaN;
    }
  }
  // Only the newest `capacity` samples of an oversized frame can survive.
  const skip = Math.max(0, nSamples - capacity);
  for (let c = 0; c < ring.nChannels; c++) {
    const channel = channels[c];
    const base = c * nSamples;
    for (let s = skip; s < nSamples; s++) channel[(firstSampleIndex + s) % capacity] = samples[base + s];
  }
  ring.endIndex = Math.max(ring.endIndex, firstSampleIndex + nSamples);
}
