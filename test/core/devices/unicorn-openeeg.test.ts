// Unicorn and OpenEEG decoding, checked against frames built here from the protocol descriptions.
import { describe, expect, it } from 'vitest';
import { crc16Xmodem, UNICORN_START, UNICORN_STOP, UnicornDecoder } from '../../../src-main/core/devices/unicorn.ts';
import { OpenEegDecoder } from '../../../src-main/core/devices/openeeg.ts';

function unicornFrame(counter: number, eeg: number[], accel: number[], gyro: number[], battery = 0x0f): Uint8Array {
  const b: number[] = [0xc0, 0x00, battery];
  for (const c of eeg) { const u = c < 0 ? c + 0x1000000 : c; b.push((u >> 16) & 0xff, (u >> 8) & 0xff, u & 0xff); }
  for (const v of [...accel, ...gyro]) { const u = v & 0xffff; b.push(u & 0xff, u >> 8); }
  b.push(counter & 0xff, (counter >>> 8) & 0xff, (counter >>> 16) & 0xff, (counter >>> 24) & 0xff, 0x0d, 0x0a);
  return Uint8Array.from(b);
}

describe('Unicorn', () => {
  it('start and stop commands carry their CRC-16/XMODEM', () => {
    expect(Array.from(UNICORN_START)).toEqual([0x61, 0x7c, 0x87]);
    expect(Array.from(UNICORN_STOP)).toEqual([0x63, 0x5c, 0xc5]);
    expect(crc16Xmodem(new TextEncoder().encode('123456789'))).toBe(0x31c3); // the standard check value
  });

  it('decodes EEG, accelerometer, gyroscope, battery and counter, and counts lost frames', () => {
    const d = new UnicornDecoder();
    const eeg = [1, -1, 50331, -8388608, 8388607, 0, 100, -100];
    const f1 = unicornFrame(7, eeg, [4096, -2048, 1], [328, -328, 0], 0x08);
    const f2 = unicornFrame(10, eeg, [0, 0, 0], [0, 0, 0]);
    const garbage = Uint8Array.of(0xc0, 0x00, 0x01, 0x0d);
    const all = new Uint8Array(f1.length + garbage.length + f2.length);
    all.set(f1); all.set(garbage, f1.length); all.set(f2, f1.length + garbage.length);
    const out = [...d.push(all.subarray(0, 30)), ...d.push(all.subarray(30))];
    expect(out.length).toBe(2);
    const v = out[0].values;
    for (let ch = 0; ch < 8; ch++) expect(v[ch]).toBe(Math.fround(eeg[ch] * 4500000 / 50331642));
    expect(v[1]).toBeCloseTo(-0.0894069, 6);
    expect(Array.from(v.slice(8, 11))).toEqual([1, -0.5, 1 / 4096].map(Math.fround));
    expect(v[11]).toBeCloseTo(10, 5);
    expect(v[12]).toBeCloseTo(-10, 5);
    expect(v[14]).toBeCloseTo(8 * 1.2 / 16 + 3, 6);
    expect(v[15]).toBe(7);
    expect(out[1].lostBefore).toBe(2);
    expect(d.stats.skippedBytes).toBe(4);
  });
});

describe('OpenEEG ModularEEG', () => {
  it('P2: 10-bit values around 512, counter gaps, resync', () => {
    const p2 = (counter: number, values: number[]) => Uint8Array.from([0xa5, 0x5a, 0x02, counter, ...values.flatMap((v) => [v >> 8, v & 0xff]), 0x0f]);
    const d = new OpenEegDecoder('p2', 2);
    const out = [...d.push(Uint8Array.of(0x5a, 0x11)), ...d.push(p2(255, [0, 512, 1023, 513, 511, 600])), ...d.push(p2(1, [512, 512, 512, 512, 512, 512]))];
    expect(Array.from(out[0].values)).toEqual([-1024, 0, 1022, 2, -2, 176]);
    expect(out[1].lostBefore).toBe(1);
    expect(d.switches).toBe(0x0f);
  });

  it('P3: 7-bit bytes, high bits shared by a channel pair, sync bit on the last byte, 6-bit counter', () => {
    const p3 = (counter: number, aux: number, v: number[]) => {
      const b = [((counter & 0x3f) << 1) | (aux >> 7), aux & 0x7f];
      for (let k = 0; k < 3; k++) {
        const a = v[2 * k], c = v[2 * k + 1];
        b.push(a & 0x7f, c & 0x7f, ((a >> 7) << 4) | (c >> 7));
      }
      b[10] |= 0x80;
      return Uint8Array.from(b);
    };
    const d = new OpenEegDecoder('p3', 1);
    const out = d.push(Uint8Array.from([...p3(62, 0, [0, 1023, 512, 640, 100, 900]), 0x05, ...p3(63, 0, [512, 512, 512, 512, 512, 512]), ...p3(2, 0xab, [512, 512, 512, 512, 512, 512])]));
    expect(Array.from(out[0].values)).toEqual([-512, 511, 0, 128, -412, 388]);
    expect(out.map((s) => s.lostBefore)).toEqual([0, 0, 2]);
    expect(d.stats.skippedBytes).toBe(1);
  });
});
