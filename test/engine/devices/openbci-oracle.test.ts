// The Cyton simulator's bytes read by OpenBCI's own JavaScript parser (@openbci/utilities, the packet code of
// OpenBCI's Node drivers): the banner, packets, scaling, accelerometer and marker bytes it decodes equal ours.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { CytonDecoder, cytonChannelCommand, cytonDefaultChannelSettings, cytonImpedanceOhms, CYTON_SERIES_OHMS, type CytonChannelSettings } from '../../../src-main/core/devices/cyton.ts';
import type { DecodedSample } from '../../../src-main/core/devices/stream-decoder.ts';
import { CytonSimulator, type CytonSimulatorOptions } from '../../../src-main/engine/devices/simulators/cyton-simulator.ts';

/** The parts of @openbci/utilities used here (it ships no types). */
interface OpenBciSample {
  valid: boolean;
  sampleNumber: number;
  channelData?: number[];
  accelData?: number[];
  auxData?: Uint8Array;
  stopByte: number;
  error?: unknown;
}
interface OpenBciUtilities {
  extractRawDataPackets(buffer: Buffer): { buffer: Buffer | null; rawDataPackets: Buffer[] };
  transformRawDataPacketsToSample(o: { rawDataPackets: Buffer[]; channelSettings: { gain: number }[]; scale?: boolean; lastSampleNumber?: number }): OpenBciSample[];
  impedanceCalculationForChannel(sample: { channelData: number[] }, channel: number): Promise<number>;
  doesBufferHaveEOT(buffer: Buffer): boolean;
  getFirmware(buffer: Buffer): { major: number; minor: number; patch: number; raw: string } | null;
  countADSPresent(buffer: Buffer): number;
  isFailureInBuffer(buffer: Buffer): boolean;
  isSuccessInBuffer(buffer: Buffer): boolean;
}
const openbci = (createRequire(import.meta.url)('@openbci/utilities') as { utilities: OpenBciUtilities }).utilities;

/** The simulator with its serial link replaced by a capture of what it writes (commands answered at once). */
class CapturedCyton extends CytonSimulator {
  readonly written: Buffer[] = [];
  constructor(options: CytonSimulatorOptions) {
    super(options);
  }
  ask(text: string): string {
    const before = this.written.length;
    this.receive(Buffer.from(text, 'latin1'));
    return Buffer.concat(this.written.slice(before)).toString('latin1');
  }
  /** Packets as the stream sends them, after `b`. */
  stream(nPackets: number): Buffer {
    this.ask('b');
    return Buffer.from(this.renderPackets(nPackets));
  }
  protected override reply(text: string): void {
    this.written.push(Buffer.from(text, 'latin1'));
  }
  protected override send(bytes: Uint8Array): void {
    this.written.push(Buffer.from(bytes));
  }
}

/** OpenBCI's reading of a byte stream, in chunks as a serial port delivers them (its parser keeps the remainder). */
function openbciRead(bytes: Buffer, gains: number[], chunk = 97): OpenBciSample[] {
  const samples: OpenBciSample[] = [];
  let pending: Buffer | null = null;
  const settings = gains.map((gain) => ({ gain }));
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    const piece = bytes.subarray(offset, offset + chunk);
    const extracted = openbci.extractRawDataPackets(pending ? Buffer.concat([pending, piece]) : Buffer.from(piece));
    pending = extracted.buffer;
    samples.push(...openbci.transformRawDataPacketsToSample({ rawDataPackets: extracted.rawDataPackets, channelSettings: settings }));
  }
  return samples;
}

function ourRead(bytes: Buffer, gains: number[], daisy = false): { samples: DecodedSample[]; decoder: CytonDecoder } {
  const decoder = new CytonDecoder({ daisy, gains });
  const samples: DecodedSample[] = [];
  for (let offset = 0; offset < bytes.length; offset += 97) samples.push(...decoder.push(bytes.subarray(offset, offset + 97)));
  return { samples, decoder };
}

/** Relative agreement of µV values (ours are float32). */
function expectSameMicrovolts(ours: Float32Array, theirsVolts: number[], n: number): void {
  for (let ch = 0; ch < n; ch++) {
    const theirs = theirsVolts[ch] * 1e6;
    expect(Math.abs(ours[ch] - theirs)).toBeLessThanOrEqual(Math.abs(theirs) * 1e-6 + 1e-6);
  }
}

describe('OpenBCI\'s parser reads the Cyton simulator', () => {
  it('recognises the banner of a Cyton and of a Cyton + Daisy, and the replies to settings', () => {
    const cyton = new CapturedCyton({ daisy: false });
    const banner = Buffer.from(cyton.ask('v'), 'latin1');
    expect(openbci.doesBufferHaveEOT(banner)).toBe(true);
    expect(openbci.getFirmware(banner)).toMatchObject({ major: 3, minor: 1, patch: 2 });
    expect(openbci.countADSPresent(banner)).toBe(1);
    const withDaisy = Buffer.from(new CapturedCyton({ daisy: true }).ask('v'), 'latin1');
    expect(openbci.countADSPresent(withDaisy)).toBe(2);
    const gain8: CytonChannelSettings = { ...cytonDefaultChannelSettings, gain: 8 };
    const set = Buffer.from(cyton.ask(cytonChannelCommand(3, gain8)), 'latin1');
    expect(openbci.isSuccessInBuffer(set) && openbci.doesBufferHaveEOT(set)).toBe(true);
    const refused = Buffer.from(cyton.ask(cytonChannelCommand(9, gain8)), 'latin1');
    expect(openbci.isFailureInBuffer(refused)).toBe(true);
  });

  it('decodes every packet of a clean stream to our values: counters, µV at per-channel gains, accelerometer', () => {
    const gains = [24, 24, 8, 24, 2, 24, 12, 1];
    const cyton = new CapturedCyton({ daisy: false, seed: 5, autoCues: true });
    cyton.ask('v');
    gains.forEach((gain, i) => {
      if (gain !== 24) cyton.ask(cytonChannelCommand(i + 1, { ...cytonDefaultChannelSettings, gain }));
    });
    const bytes = cyton.stream(2500);
    const theirs = openbciRead(bytes, gains);
    const { samples: ours, decoder } = ourRead(bytes, gains);
    expect(theirs).toHaveLength(2500);
    expect(ours).toHaveLength(2500);
    expect(theirs.every((s) => s.valid)).toBe(true);
    expect(decoder.stats.lostPackets).toBe(0);
    let accelSeen = 0;
    theirs.forEach((s, i) => {
      expect(s.sampleNumber).toBe(i % 256);
      expectSameMicrovolts(ours[i].values, s.channelData as number[], 8);
      const accel = s.accelData as number[];
      // OpenBCI reports the accelerometer only in the packets that carry it; we hold the last reading.
      if (accel.some((g) => g !== 0)) {
        accelSeen++;
        for (let axis = 0; axis < 3; axis++) expect(ours[i].values[8 + axis]).toBeCloseTo(accel[axis], 6);
      }
    });
    // The simulator's accelerometer reading rides on every packet whose counter is a multiple of 10.
    expect(accelSeen).toBe(Array.from({ length: 2500 }, (_, i) => i % 256).filter((c) => c % 10 === 0).length);
    // The signal is EEG-sized at every gain, not saturated counts.
    const rms = Math.sqrt(theirs.reduce((sum, s) => sum + ((s.channelData as number[])[4] * 1e6) ** 2, 0) / theirs.length);
    expect(rms).toBeGreaterThan(1);
    expect(rms).toBeLessThan(200);
  });

  it('reads the marker byte of the marker board mode where we read it', () => {
    const cyton = new CapturedCyton({ daisy: false, seed: 2 });
    cyton.ask('v');
    cyton.ask('/4');
    cyton.ask('b');
    const parts: Buffer[] = [Buffer.from(cyton.renderPackets(100))];
    for (const marker of ['L', 'R', '0']) {
      cyton.ask(`\`${marker}`);
      parts.push(Buffer.from(cyton.renderPackets(100)));
    }
    const bytes = Buffer.concat(parts);
    const theirs = openbciRead(bytes, new Array<number>(8).fill(24));
    const { samples: ours } = ourRead(bytes, new Array<number>(8).fill(24));
    expect(theirs).toHaveLength(400);
    const theirMarkers = theirs.flatMap((s, i) => (s.stopByte === 0xc1 && (s.auxData as Uint8Array)[0] !== 0 ? [[i, String.fromCharCode((s.auxData as Uint8Array)[0])]] : []));
    const ourMarkers = ours.flatMap((s, i) => (s.marker === null ? [] : [[i, s.marker]]));
    expect(theirMarkers).toEqual([[100, 'L'], [200, 'R'], [300, '0']]);
    expect(ourMarkers).toEqual(theirMarkers);
  });

  it('after garbage and a bad stop byte, both parsers resume on the same packets with the same values', () => {
    const gains = new Array<number>(8).fill(24);
    const cyton = new CapturedCyton({ daisy: false, seed: 9 });
    cyton.ask('v');
    cyton.ask('b');
    const parts: Buffer[] = [Buffer.from(cyton.renderPackets(200))];
    cyton.inject({ name: 'garbage', atSec: 0, arg: 150 });
    parts.push(...cyton.written.splice(0));
    parts.push(Buffer.from(cyton.renderPackets(200)));
    cyton.inject({ name: 'bad-stop', atSec: 0 });
    parts.push(Buffer.from(cyton.renderPackets(200)));
    const bytes = Buffer.concat(parts);
    const theirs = openbciRead(bytes, gains).filter((s) => s.valid);
    const { samples: ours, decoder } = ourRead(bytes, gains);
    // The packet with the bad stop byte is dropped by both: 599 samples, one lost.
    expect(theirs).toHaveLength(599);
    expect(ours).toHaveLength(599);
    expect(decoder.stats.lostPackets).toBe(1);
    theirs.forEach((s, i) => expectSameMicrovolts(ours[i].values, s.channelData as number[], 8));
    // The garbage cost nothing; the packet with the bad stop byte (the 401st) is the one missing.
    expect(theirs.map((s) => s.sampleNumber)).toEqual(Array.from({ length: 600 }, (_, i) => i).filter((i) => i !== 400).map((i) => i % 256));
  });

  it('with the Daisy, OpenBCI scales even packets with the Daisy\'s gains and odd ones with the board\'s, as we pair them', () => {
    const gains = [24, 24, 24, 24, 24, 24, 24, 24, 8, 8, 8, 8, 8, 8, 8, 8];
    const cyton = new CapturedCyton({ daisy: true, seed: 3 });
    cyton.ask('v');
    for (let ch = 9; ch <= 16; ch++) cyton.ask(cytonChannelCommand(ch, { ...cytonDefaultChannelSettings, gain: 8 }));
    const bytes = cyton.stream(1000);
    const theirs = openbciRead(bytes, gains);
    const { samples: ours } = ourRead(bytes, gains, true);
    expect(theirs).toHaveLength(1000);
    expect(ours).toHaveLength(500);
    // The simulator sends each sample as its Daisy half (even counter) then its board half (odd counter).
    ours.forEach((sample, k) => {
      const daisy = theirs[2 * k], board = theirs[2 * k + 1];
      expect(daisy.sampleNumber % 2).toBe(0);
      expect(board.sampleNumber).toBe((daisy.sampleNumber + 1) % 256);
      expectSameMicrovolts(sample.values, board.channelData as number[], 8);
      expectSameMicrovolts(sample.values.subarray(8), daisy.channelData as number[], 8);
    });
  });

  it('computes the same impedance from a lead-off amplitude (after the 2.2 kΩ series resistor)', async () => {
    for (const sigmaMicrovolts of [5, 21.2, 60, 400]) {
      const theirs = await openbci.impedanceCalculationForChannel({ channelData: [sigmaMicrovolts * 1e-6] }, 1);
      expect(cytonImpedanceOhms(sigmaMicrovolts)).toBeCloseTo(Math.max(0, theirs - CYTON_SERIES_OHMS), 6);
    }
  });
});
