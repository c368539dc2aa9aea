// XDF reader against what the xdf-modules example files document (shared/data/xdf-examples/README.md).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BufferSource } from '../../../src-main/core/formats/byte-source.ts';
import { openSignalFile } from '../../../src-main/core/formats/index.ts';
import type { SignalFile } from '../../../src-main/core/formats/signal-file.ts';
import { clockCorrection, xdfStreams } from '../../../src-main/core/formats/xdf.ts';
import { sharedDataMissing, xdfExample } from '../../support/shared-data.ts';

function open(file: string): SignalFile {
  return openSignalFile(new BufferSource(readFileSync(file), path.basename(file)));
}

describe('XDF reader', () => {
  it.skipIf(sharedDataMissing)('minimal.xdf: 3 int16 channels at 10 Hz, string markers, clock offsets applied', () => {
    const file = open(xdfExample('minimal.xdf'));
    expect(file).toMatchObject({ format: 'xdf', sampleRateHz: 10, nSamples: 9 });
    expect(file.channels).toHaveLength(3);
    const data = file.readSamples([0, 1, 2], 0, 9).map((a) => Array.from(a));
    expect(data).toEqual([
      [192, 12, 13, 14, 15, 12, 13, 14, 15],
      [255, 22, 23, 24, 25, 22, 23, 24, 25],
      [238, 32, 33, 34, 35, 32, 33, 34, 35],
    ]);
    expect(file.readSamples([1], 4, 3).map((a) => Array.from(a))).toEqual([[25, 22, 23]]);
    // Stream 0 is shifted by its clock offset (-0.1 s: 5.1 -> 5.0, time 0); the markers have no offsets (5.1 ... 5.9).
    expect(file.header.firstTimestampSec).toBeCloseTo(5.0, 9);
    expect(file.events.map((e) => e.label).slice(1)).toEqual(['Hello', 'World', 'from', 'LSL', 'Hello', 'World', 'from', 'LSL']);
    expect(file.events[0].label).toMatch(/^<\?xml.*<\/info>$/s);
    file.events.forEach((e, i) => expect(e.onsetSec).toBeCloseTo(0.1 * (i + 1), 9));
    expect(xdfStreams(file).map((s) => [s.id, s.role])).toEqual([[0, 'channels'], [0x02c0ffee, 'events']]);
  });

  it.skipIf(sharedDataMissing)('empty_streams.xdf: empty streams are listed, the int32 stream is the data, the control marker an event', () => {
    const file = open(xdfExample('empty_streams.xdf'));
    expect(file).toMatchObject({ sampleRateHz: 1, nSamples: 10 });
    expect(file.channels.map((c) => c.label)).toEqual(['ch:00']);
    expect(Array.from(file.readSamples([0], 0, 10)[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(file.events).toHaveLength(1);
    expect(file.events[0].label).toBe('{"state": 2}');
    // 91725.014004 vs first data sample 91725.213948, both with offsets of about -2e-5 s.
    expect(file.events[0].onsetSec).toBeCloseTo(91725.014004 - 91725.213948, 4);
    expect(xdfStreams(file).map((s) => [s.id, s.sampleCount])).toEqual(expect.arrayContaining([[2, 0], [3, 0], [1, 1], [4, 10]]));
  });

  it.skipIf(sharedDataMissing)('clock_resets.xdf: 8 float32 channels, 175 markers placed on one timeline across clock resets', () => {
    const file = open(xdfExample('clock_resets.xdf'));
    expect(file).toMatchObject({ sampleRateHz: 100, nSamples: 27815 });
    const head = file.readSamples([0, 1, 2, 3, 4, 5, 6, 7], 0, 5);
    expect(Array.from({ length: 5 }, (_, k) => head.map((c) => Number(c[k].toFixed(3))))).toEqual([
      [0.142, 0.463, 0.354, 0.22, 0.761, 0.323, 0.312, 0.861],
      [0.311, 0.74, 0.949, 0.505, 0.034, 0.518, 0.326, 0.788],
      [0.611, 0.838, 0.78, 0.767, 0.065, 0.214, 0.044, 0.238],
      [0.732, 0.318, 0.249, 0.272, 0.923, 0.575, 0.177, 0.086],
      [0.863, 0.334, 0.301, 0.645, 1, 0.248, 0.664, 0.246],
    ]);
    const tail = file.readSamples([0, 1, 2, 3, 4, 5, 6, 7], 27810, 5);
    expect(Array.from({ length: 5 }, (_, k) => tail.map((c) => Number(c[k].toFixed(3))))).toEqual([
      [0.418, 0.359, 0.277, 0.898, 0.627, 0.562, 0.021, 0.015],
      [0.061, 0.215, 0.19, 0.046, 0.938, 0.523, 0.931, 0.481],
      [0.792, 0.337, 0.299, 0.959, 0.023, 0.603, 0.62, 0.861],
      [0.89, 0.883, 0.638, 0.113, 0.022, 0.533, 0.604, 0.743],
      [0.873, 0.064, 0.684, 0.153, 0.306, 0.123, 0.711, 0.892],
    ]);
    expect(file.events).toHaveLength(175);
    // Raw marker stamps go from 653153 down to 255 at the reset; corrected, all lie inside the recording.
    const labels = file.events.map((e) => e.label);
    expect(labels.slice(0, 5)).toEqual(['XXX', 'Test', 'Blah', 'Test', 'Test-1-2-3']);
    expect(labels.at(-1)).toBe('XXX');
    for (const e of file.events) {
      expect(e.onsetSec).toBeGreaterThan(-1);
      expect(e.onsetSec).toBeLessThan(700);
    }
  });

  it('clock correction fits a line per clock segment and splits segments at resets', () => {
    const correct = clockCorrection([
      { time: 100, value: -50 }, { time: 105, value: -50.001 }, { time: 110, value: -50.002 },
      { time: 3, value: 1000 }, { time: 8, value: 1000 },
    ]);
    expect(correct(107.5)).toBeCloseTo(107.5 - 50.0015, 9);
    expect(correct(5)).toBeCloseTo(1005, 9);
    expect(clockCorrection([])(42)).toBe(42);
  });

  it('many clock segments in time order are searched by bisection with the same result as a scan', () => {
    // 40 segments (a reset every 5 offsets), each with its own drift; times go forwards.
    const offsets = Array.from({ length: 200 }, (_, k) => ({ time: 10 * k + (k % 5) * 0.5, value: Math.floor(k / 5) * 3 + 0.001 * (k % 5) * (1 + (k % 7)) }));
    const fast = clockCorrection(offsets);
    // The scan of the original definition: the nearest segment (inside, or closest end), first on a tie.
    const segments: { from: number; to: number; fit: (t: number) => number }[] = [];
    for (let s = 0; s < offsets.length; s += 5) {
      const part = offsets.slice(s, s + 5);
      const mt = part.reduce((a, o) => a + o.time, 0) / part.length;
      const mv = part.reduce((a, o) => a + o.value, 0) / part.length;
      const sxx = part.reduce((a, o) => a + (o.time - mt) ** 2, 0);
      const slope = part.reduce((a, o) => a + (o.time - mt) * (o.value - mv), 0) / sxx;
      segments.push({ from: part[0].time, to: part[part.length - 1].time, fit: (t) => mv - slope * mt + slope * t });
    }
    for (let t = -20; t < 2100; t += 0.73) {
      let best = segments[0];
      let bestDistance = Infinity;
      for (const seg of segments) {
        const d = t < seg.from ? seg.from - t : t > seg.to ? t - seg.to : 0;
        if (d < bestDistance) {
          best = seg;
          bestDistance = d;
        }
      }
      expect(fast(t)).toBeCloseTo(t + best.fit(t), 9);
    }
  });
});
