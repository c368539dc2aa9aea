// Ring buffers filled from signal frames: channel-major copy, wrap-around, gaps and restarts.
import { describe, expect, it } from 'vitest';
import { appendFrame, createSignalRing, ringAccepts } from '../../../src-renderer/src/live/signal-ring.ts';
import { decodeSignalFrame, encodeSignalFrame, type SignalFrame } from '../../../src-main/contract/index.ts';

function frame(nChannels: number, firstSampleIndex: number, nSamples: number, sampleRateHz = 100): SignalFrame {
  const samples = new Float32Array(nChannels * nSamples);
  // Value encodes channel and absolute index so every slot can be checked.
  for (let c = 0; c < nChannels; c++) for (let s = 0; s < nSamples; s++) samples[c * nSamples + s] = c * 100_000 + firstSampleIndex + s;
  return { nChannels, nSamples, firstSampleIndex, firstSampleTimeMs: 0, lostSamples: 0, sampleRateHz, samples };
}

describe('signal ring', () => {
  it('sizes itself for the longest window and starts empty (NaN)', () => {
    const ring = createSignalRing(3, 250, 20);
    expect(ring.capacity).toBe(5000);
    expect(ring.channels).toHaveLength(3);
    expect(Number.isNaN(ring.channels[2][4999])).toBe(true);
    expect(() => createSignalRing(0, 250)).toThrow(/nChannels/);
    expect(() => createSignalRing(2, 0)).toThrow(/sampleRateHz/);
  });

  it('copies channel-major frames (decoded from the wire format) into per-channel rings with wrap-around', () => {
    const ring = createSignalRing(2, 100, 1); // 100 samples
    for (let first = 0; first < 260; first += 20) appendFrame(ring, decodeSignalFrame(encodeSignalFrame(frame(2, first, 20))));
    expect(ring.endIndex).toBe(260);
    for (let i = 160; i < 260; i++) {
      expect(ring.channels[0][i % 100]).toBe(i);
      expect(ring.channels[1][i % 100]).toBe(100_000 + i);
    }
  });

  it('marks samples that never arrived as NaN', () => {
    const ring = createSignalRing(1, 100, 1);
    appendFrame(ring, frame(1, 0, 10));
    appendFrame(ring, frame(1, 15, 10));
    expect(Array.from(ring.channels[0].slice(8, 17)).map((v) => (Number.isNaN(v) ? null : v))).toEqual([8, 9, null, null, null, null, null, 15, 16]);
  });

  it('keeps only the newest samples of a frame longer than the ring', () => {
    const ring = createSignalRing(1, 10, 1); // 10 samples
    appendFrame(ring, frame(1, 0, 25));
    expect(ring.endIndex).toBe(25);
    expect(Array.from(ring.channels[0]).sort((a, b) => a - b)).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
  });

  it('is rebuilt for a new acquisition, another montage or another rate', () => {
    const ring = createSignalRing(2, 100, 1);
    appendFrame(ring, frame(2, 0, 50));
    expect(ringAccepts(ring, frame(2, 50, 10))).toBe(true);
    expect(ringAccepts(ring, frame(2, 0, 10))).toBe(false);
    expect(ringAccepts(ring, frame(3, 50, 10))).toBe(false);
    expect(ringAccepts(ring, frame(2, 50, 10, 250))).toBe(false);
    expect(ringAccepts(null, frame(2, 0, 10))).toBe(false);
  });
});
