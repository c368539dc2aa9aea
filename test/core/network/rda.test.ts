// RDA messages built by hand from the Recorder RDA specification (RDA.h: GUID, nSize, nType; start, data32 with markers, stop).
import { describe, expect, it } from 'vitest';
import { decodeRdaMessage, encodeRdaData32, encodeRdaStart, encodeRdaStop } from '../../../src-main/core/network/rda.ts';

/** {4358458E-C996-4C86-AF4A-98BBF6C91450}, the bytes RDA.h lists: 8E45584396C9864CAF4A98BBF6C91450. */
const GUID = [0x8e, 0x45, 0x58, 0x43, 0x96, 0xc9, 0x86, 0x4c, 0xaf, 0x4a, 0x98, 0xbb, 0xf6, 0xc9, 0x14, 0x50];

/** Little-endian message builder: the header (GUID, total size, type) then the body parts. */
function message(type: number, body: (number | [string, number] | string)[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const part of body) {
    if (typeof part === 'string') parts.push(new TextEncoder().encode(part));
    else {
      const [kind, value] = Array.isArray(part) ? part : ['u32', part];
      const b = new Uint8Array(kind === 'f64' ? 8 : 4);
      const v = new DataView(b.buffer);
      if (kind === 'f64') v.setFloat64(0, value, true);
      else if (kind === 'f32') v.setFloat32(0, value, true);
      else if (kind === 'i32') v.setInt32(0, value, true);
      else v.setUint32(0, value, true);
      parts.push(b);
    }
  }
  const size = 24 + parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(size);
  out.set(GUID, 0);
  new DataView(out.buffer).setUint32(16, size, true);
  new DataView(out.buffer).setUint32(20, type, true);
  let at = 24;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const START = message(1, [3, ['f64', 2000], ['f64', 0.1], ['f64', 0.1], ['f64', 0.5], 'Fp1\0Fp2\0EOG\0']);
const MARKER = (position: number, text: string) => [16 + text.length, position, 1, ['i32', -1] as [string, number], text];
const DATA = message(4, [
  7, 2, 2,
  ['f32', 1], ['f32', 2], ['f32', 3],
  ['f32', -1], ['f32', -2], ['f32', -3],
  ...MARKER(0, 'Stimulus\0S  1\0'),
  ...MARKER(1, 'Comment\0hello\0'),
]);

describe('RDA messages', () => {
  it('reads a start message: channel count, sampling interval in µs, resolutions, NUL-separated names', () => {
    expect(decodeRdaMessage(START, 0)).toEqual({
      message: { type: 'start', channelNames: ['Fp1', 'Fp2', 'EOG'], samplingIntervalUs: 2000, resolutions: [0.1, 0.1, 0.5] }, consumed: START.length,
    });
    expect(encodeRdaStart({ channelNames: ['Fp1', 'Fp2', 'EOG'], samplingIntervalUs: 2000, resolutions: [0.1, 0.1, 0.5] })).toEqual(START);
  });

  it('reads a 32-bit data block: block, points, markers, multiplexed values, markers with type and description', () => {
    const decoded = decodeRdaMessage(DATA, 3);
    expect(decoded?.consumed).toBe(DATA.length);
    expect(decoded?.message).toEqual({
      type: 'data', block: 7, points: 2, values: Float32Array.from([1, 2, 3, -1, -2, -3]),
      markers: [
        { position: 0, points: 1, channel: -1, type: 'Stimulus', description: 'S  1' },
        { position: 1, points: 1, channel: -1, type: 'Comment', description: 'hello' },
      ],
    });
    const message = decoded?.message;
    if (message?.type !== 'data') throw new Error('expected data');
    expect(encodeRdaData32(7, 3, message.values, message.markers)).toEqual(DATA);
  });

  it('reads the stop message and skips unknown types by their size', () => {
    const stop = message(3, []);
    expect(decodeRdaMessage(stop, 3)).toEqual({ message: { type: 'stop' }, consumed: 24 });
    expect(encodeRdaStop()).toEqual(stop);
    expect(decodeRdaMessage(message(10000, [1, 2]), 3)).toEqual({ message: { type: 'other', messageType: 10000 }, consumed: 32 });
  });

  it('waits for a whole message when the stream splits it anywhere', () => {
    for (let end = 0; end < DATA.length; end++) expect(decodeRdaMessage(DATA.subarray(0, end), 3)).toBeNull();
  });

  it('refuses a wrong GUID, impossible sizes, and blocks that do not add up, with the problem named', () => {
    const wrong = START.slice();
    wrong[0] = 0;
    expect(() => decodeRdaMessage(wrong, 0)).toThrow(/RDA GUID/);
    const huge = START.slice();
    new DataView(huge.buffer).setUint32(16, 0x7fffffff, true);
    expect(() => decodeRdaMessage(huge, 0)).toThrow(/message size 2147483647/);
    expect(() => decodeRdaMessage(DATA, 0)).toThrow(/before any start message/);
    expect(() => decodeRdaMessage(DATA, 4)).toThrow(/do not fit|marker/);
    expect(() => decodeRdaMessage(message(1, [0, ['f64', 2000]]), 0)).toThrow(/0 channels/);
    expect(() => decodeRdaMessage(message(1, [2, ['f64', -1], ['f64', 1], ['f64', 1]]), 0)).toThrow(/sampling interval/);
    const badMarker = message(4, [1, 1, 1, ['f32', 0], 400, 0, 1, ['i32', -1], 'x\0y\0']);
    expect(() => decodeRdaMessage(badMarker, 1)).toThrow(/marker 1 has size 400/);
  });
});
