// Cyton and Cyton + Daisy decoding, checked against packets built here byte by byte from the protocol description.
import { describe, expect, it } from 'vitest';
import {
  CytonDecoder, cytonChannelCommand, cytonImpedanceOhms, cytonLeadOffCommand, cytonMicrovoltsPerCount,
  parseCytonBanner, parseCytonChannelCommand,
} from '../../../src-main/core/devices/cyton.ts';

/** A 33-byte packet: 0xA0, counter, 8 x int24 BE, 6 aux bytes, stop byte. */
function packet(counter: number, counts: number[], aux: number[] = [0, 0, 0, 0, 0, 0], stop = 0xc0): Uint8Array {
  const bytes = [0xa0, counter & 0xff];
  for (const c of counts) {
    const u = c < 0 ? c + 0x1000000 : c;
    bytes.push((u >> 16) & 0xff, (u >> 8) & 0xff, u & 0xff);
  }
  bytes.push(...aux, stop);
  return Uint8Array.from(bytes);
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
};

const UV24 = 4.5 / 24 / 8388607 * 1e6; // 0.02235174 µV per count at gain 24

describe('Cyton decoder', () => {
  it('scales counts to µV exactly at gain 24 and at other gains', () => {
    expect(cytonMicrovoltsPerCount(24)).toBeCloseTo(0.02235174, 8);
    const counts = [1, -1, 8388607, -8388608, 0, 1000, -123456, 42];
    const d = new CytonDecoder({ daisy: false });
    const [s] = d.push(packet(0, counts));
    for (let ch = 0; ch < 8; ch++) expect(s.values[ch]).toBe(Math.fround(counts[ch] * UV24));
    expect(s.values[2]).toBeCloseTo(187500, 1);
    const g = new CytonDecoder({ daisy: false, gains: [1, 2, 4, 6, 8, 12, 24, 24] });
    const [t] = g.push(packet(0, [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000]));
    expect(t.values[0]).toBeCloseTo(1000 * 4.5e6 / 8388607, 2);
    expect(t.values[3]).toBeCloseTo(1000 * 4.5e6 / 6 / 8388607, 3);
  });

  it('decodes the accelerometer (0.002/16 g per LSB) and holds it through zero packets', () => {
    const d = new CytonDecoder({ daisy: false });
    const accel = [0x00, 0x10, 0xff, 0xf0, 0x20, 0x00]; // 16, -16, 8192
    const out = d.push(concat(packet(0, new Array(8).fill(0), accel), packet(1, new Array(8).fill(0))));
    expect(Array.from(out[0].values.slice(8))).toEqual([16 * 0.000125, -16 * 0.000125, 8192 * 0.000125].map(Math.fround));
    expect(Array.from(out[1].values.slice(8))).toEqual(Array.from(out[0].values.slice(8)));
  });

  it('reads a marker from the first aux byte of a raw-aux (0xC1) packet', () => {
    const d = new CytonDecoder({ daisy: false });
    const out = d.push(concat(packet(0, new Array(8).fill(0), [0x4c, 0, 0, 0, 0, 0], 0xc1), packet(1, new Array(8).fill(0), [0, 0, 0, 0, 0, 0], 0xc1)));
    expect(out.map((s) => s.marker)).toEqual(['L', null]);
  });

  it('reads the board time of time-stamped packets (0xC4)', () => {
    const d = new CytonDecoder({ daisy: false });
    d.push(packet(0, new Array(8).fill(0), [0, 0, 0x00, 0x01, 0x02, 0x03], 0xc4));
    expect(d.lastBoardTimeMs).toBe(0x010203);
  });

  it('counts lost packets from counter gaps, across the wrap at 255', () => {
    const d = new CytonDecoder({ daisy: false });
    const z = new Array(8).fill(0);
    const out = d.push(concat(packet(253, z), packet(254, z), packet(2, z), packet(3, z)));
    expect(out.map((s) => s.lostBefore)).toEqual([0, 0, 3, 0]);
    expect(d.stats.lostPackets).toBe(3);
  });

  it('reassembles packets split anywhere and resynchronises after garbage and a bad stop byte', () => {
    const d = new CytonDecoder({ daisy: false });
    const z = (v: number) => new Array(8).fill(v);
    const bad = packet(1, z(7));
    bad[32] = 0xb7; // invalid stop byte: the packet is dropped
    const stream = concat(packet(0, z(1)), Uint8Array.of(0xa0, 0x13, 0x37, 0xc0, 0x00), bad, packet(2, z(2)), packet(3, z(3)));
    const got: number[][] = [];
    for (let i = 0; i < stream.length; i += 5) for (const s of d.push(stream.subarray(i, i + 5))) got.push([Math.round(s.values[0] / UV24), s.lostBefore]);
    expect(got).toEqual([[1, 0], [2, 1], [3, 0]]);
    expect(d.stats.skippedBytes).toBe(5 + 33);
    expect(d.stats.resyncs).toBe(1);
    expect(d.stats.packets).toBe(3);
  });
});

describe('Cyton + Daisy decoder', () => {
  const board = (c: number, v: number) => packet(c, new Array(8).fill(v));
  it('pairs the even-counter Daisy packet with the odd-counter board packet that follows', () => {
    const d = new CytonDecoder({ daisy: true });
    // The first packet after start (odd, no Daisy half before it) gives no sample.
    const out = d.push(concat(board(1, 99), board(2, 20), board(3, 10), board(4, 40), board(5, 30)));
    expect(out.length).toBe(2);
    expect(out[0].values.length).toBe(19);
    expect(Math.round(out[0].values[0] / UV24)).toBe(10);
    expect(Math.round(out[0].values[8] / UV24)).toBe(20);
    expect(Math.round(out[1].values[7] / UV24)).toBe(30);
    expect(Math.round(out[1].values[15] / UV24)).toBe(40);
    expect(out.map((s) => s.lostBefore)).toEqual([0, 0]);
  });

  it('counts a lost half, and two lost packets, as lost samples', () => {
    const d = new CytonDecoder({ daisy: true });
    // pairs (2,3) ok, (4,5) lost 4, (6,7) lost both, (8,9) ok
    const out = d.push(concat(board(2, 1), board(3, 1), board(5, 2), board(8, 3), board(9, 3)));
    expect(out.length).toBe(2);
    expect(out[1].lostBefore).toBe(2);
    expect(d.stats.lostPackets).toBe(3);
  });

  it('uses each channel gain: channels 9-16 scaled by their own gain', () => {
    const gains = [...new Array(8).fill(24), ...new Array(8).fill(1)];
    const d = new CytonDecoder({ daisy: true, gains });
    const [s] = d.push(concat(board(0, 1000), board(1, 1000)));
    expect(s.values[0]).toBeCloseTo(1000 * UV24, 4);
    expect(s.values[8]).toBeCloseTo(1000 * 4.5e6 / 8388607, 2);
  });
});

describe('Cyton commands and banner', () => {
  it('builds and parses channel settings (gain codes 0..6) and lead-off commands', () => {
    expect(cytonChannelCommand(1, { powerDown: false, gain: 24, input: 0, bias: true, srb2: true, srb1: false })).toBe('x1060110X');
    expect(cytonChannelCommand(9, { powerDown: true, gain: 1, input: 1, bias: false, srb2: false, srb1: false })).toBe('xQ101000X');
    expect(parseCytonChannelCommand('xQ101000X')).toEqual({ channel: 9, settings: { powerDown: true, gain: 1, input: 1, bias: false, srb2: false, srb1: false } });
    expect(parseCytonChannelCommand('x9060110X')).toBeNull();
    expect(cytonLeadOffCommand(3, false, true)).toBe('z301Z');
    expect(() => cytonChannelCommand(1, { powerDown: false, gain: 3, input: 0, bias: true, srb2: true, srb1: false })).toThrow(/gain 3/);
  });

  it('reads the banner: Daisy, firmware, board off', () => {
    const withDaisy = 'OpenBCI V3 8-16 channel\nOn Board ADS1299 Device ID: 0x3E\nOn Daisy ADS1299 Device ID: 0x3E\nLIS3DH Device ID: 0x33\nFirmware: v3.1.2\n$$$';
    expect(parseCytonBanner(withDaisy)).toEqual({ boardOff: false, daisy: true, firmware: 'v3.1.2' });
    expect(parseCytonBanner(withDaisy.replace(/On Daisy.*\n/, '')).daisy).toBe(false);
    expect(parseCytonBanner('Failure: Communications timeout - Device failed to poll Host$$$').boardOff).toBe(true);
  });

  it('turns the 31.25 Hz standard deviation into kΩ: sqrt(2) σ / 6 nA - 2.2 kΩ', () => {
    // A sine of amplitude (Z + 2200) x 6 nA has σ = amplitude / sqrt(2).
    const z = 10000;
    const sigma = ((z + 2200) * 6e-9 * 1e6) / Math.SQRT2;
    expect(cytonImpedanceOhms(sigma)).toBeCloseTo(z, 6);
    expect(cytonImpedanceOhms(0)).toBe(0);
  });
});
