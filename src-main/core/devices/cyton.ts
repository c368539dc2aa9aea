// OpenBCI Cyton (8 ch) and Cyton + Daisy (16 ch): packet decoding, gains and µV scale, Daisy pairing, banner parsing, impedance.
//
// Packet (33 bytes): 0xA0, counter (uint8, wraps), 8 x int24 big-endian, 6 aux bytes, stop byte 0xC0..0xC6.
// 0xC0 carries the accelerometer (3 x int16 BE, 0.002/16 g per LSB, zero in most packets: the last value is
// held); 0xC1 raw aux, whose first byte is the marker in marker mode (`/4`); 0xC3..0xC6 are time-stamped.
// With a Daisy the board still sends 250 packets/s: even counters carry channels 9-16, odd counters 1-8, and
// an even (Daisy) packet is paired with the odd (board) packet that follows it into one 125 Hz sample.
import { badInput } from '../errors.ts';
import {
  counterGap, emptyStats, int24be, PacketFramer,
  type DecodedSample, type DecoderStats, type DeviceChannel, type StreamDecoder,
} from './stream-decoder.ts';

export const CYTON_PACKET_BYTES = 33;
export const CYTON_START_BYTE = 0xa0;
export const CYTON_BAUD = 115200;
export const CYTON_SAMPLE_RATE_HZ = 250;
export const DAISY_SAMPLE_RATE_HZ = 125;

/** Gain codes 0..6 of the `x` channel-settings command. */
export const CYTON_GAINS = [1, 2, 4, 6, 8, 12, 24] as const;
export const CYTON_DEFAULT_GAIN = 24;
/** g per accelerometer LSB. */
export const CYTON_ACCEL_G_PER_LSB = 0.002 / 16;

/** µV per ADC count at a gain: 4.5 V reference over 2^23 - 1 counts. */
export function cytonMicrovoltsPerCount(gain: number): number {
  return (4.5 / gain / (2 ** 23 - 1)) * 1e6;
}

export const isCytonStopByte = (byte: number): boolean => byte >= 0xc0 && byte <= 0xc6;

/** The channels a Cyton (8) or Cyton + Daisy (16) delivers: EEG in µV at each gain, then the accelerometer in g. */
export function cytonChannels(gains: readonly number[], labels?: readonly string[]): DeviceChannel[] {
  const eeg = gains.map((gain, i): DeviceChannel => {
    const range = 4.5e6 / gain; // ±(2^23 - 1) counts x µV per count
    return { label: labels?.[i] ?? `Ch${i + 1}`, kind: 'eeg', unit: 'uV', physicalMin: -range, physicalMax: range };
  });
  const accelRange = 32768 * CYTON_ACCEL_G_PER_LSB;
  const accel = ['AccX', 'AccY', 'AccZ'].map((label): DeviceChannel => ({ label, kind: 'accelerometer', unit: 'g', physicalMin: -accelRange, physicalMax: accelRange }));
  return [...eeg, ...accel];
}

export interface CytonDecoderOptions {
  daisy: boolean;
  /** Gain per EEG channel (8 or 16); default 24 everywhere. */
  gains?: readonly number[];
  labels?: readonly string[];
}

/** Decodes a Cyton or Cyton + Daisy byte stream into samples (EEG µV, accelerometer g) with markers and losses. */
export class CytonDecoder implements StreamDecoder {
  readonly channels: DeviceChannel[];
  readonly stats: DecoderStats = emptyStats();
  /** Board milliseconds of the last time-stamped packet (0xC3..0xC6), or null. */
  lastBoardTimeMs: number | null = null;
  private readonly daisy: boolean;
  private readonly scale: Float64Array;
  private readonly framer: PacketFramer;
  private readonly accel = new Float32Array(3);
  private lastCounter: number | null = null;
  /** The packet counter unwrapped past 255 (its parity is the counter's). */
  private unwrapped = 0;
  /** Unwrapped counter of the last packet that produced a sample, or null before the first. */
  private lastEmitted: number | null = null;
  /** Daisy: the even packet waiting for its odd partner (counts of channels 9-16), and its unwrapped counter. */
  private daisyHalf: Int32Array | null = null;
  private daisyCounter = -1;
  private pendingMarker: string | null = null;

  constructor(options: CytonDecoderOptions) {
    this.daisy = options.daisy;
    const nEeg = options.daisy ? 16 : 8;
    const gains = options.gains ?? new Array<number>(nEeg).fill(CYTON_DEFAULT_GAIN);
    if (gains.length !== nEeg) throw badInput(`Cyton decoder: expected ${nEeg} gains, got ${gains.length}`, { field: 'gains' });
    for (const gain of gains) {
      if (!(CYTON_GAINS as readonly number[]).includes(gain)) throw badInput(`Cyton decoder: gain ${gain} is not one of ${CYTON_GAINS.join(', ')}`, { field: 'gains' });
    }
    this.scale = Float64Array.from(gains, cytonMicrovoltsPerCount);
    this.channels = cytonChannels(gains, options.labels);
    this.framer = new PacketFramer(
      CYTON_PACKET_BYTES,
      (b, i) => b[i] === CYTON_START_BYTE && isCytonStopByte(b[i + CYTON_PACKET_BYTES - 1]),
      this.stats,
    );
  }

  push(bytes: Uint8Array): DecodedSample[] {
    const out: DecodedSample[] = [];
    this.framer.push(bytes, (b, i) => this.packet(b, i, out));
    return out;
  }

  reset(): void {
    this.framer.reset();
    this.lastCounter = null;
    this.lastEmitted = null;
    this.daisyHalf = null;
    this.pendingMarker = null;
  }

  private packet(b: Uint8Array, i: number, out: DecodedSample[]): void {
    const counter = b[i + 1];
    const stop = b[i + 32];
    if (this.lastCounter !== null) {
      const gap = counterGap(this.lastCounter, counter, 256);
      this.stats.lostPackets += gap;
      this.unwrapped += gap + 1;
    } else {
      this.unwrapped = counter;
    }
    this.lastCounter = counter;
    this.readAux(b, i + 26, stop);
    if (!this.daisy) {
      const values = new Float32Array(11);
      for (let ch = 0; ch < 8; ch++) values[ch] = int24be(b, i + 2 + ch * 3) * this.scale[ch];
      values.set(this.accel, 8);
      this.emit(values, 1, out);
      return;
    }
    if (counter % 2 === 0) {
      this.daisyHalf = Int32Array.from({ length: 8 }, (_, ch) => int24be(b, i + 2 + ch * 3));
      this.daisyCounter = this.unwrapped;
      return;
    }
    const daisy = this.daisyHalf;
    this.daisyHalf = null;
    // A board half whose Daisy half was lost (or came before start) gives no sample; the next pair counts the gap.
    if (daisy === null || this.daisyCounter + 1 !== this.unwrapped) return;
    const values = new Float32Array(19);
    for (let ch = 0; ch < 8; ch++) {
      values[ch] = int24be(b, i + 2 + ch * 3) * this.scale[ch];
      values[ch + 8] = daisy[ch] * this.scale[ch + 8];
    }
    values.set(this.accel, 16);
    this.emit(values, 2, out);
  }

  /** Delivers a sample; the packets since the last one delivered (in steps of `packetsPerSample`) say how many were lost. */
  private emit(values: Float32Array, packetsPerSample: number, out: DecodedSample[]): void {
    const lostBefore = this.lastEmitted === null ? 0 : (this.unwrapped - this.lastEmitted) / packetsPerSample - 1;
    this.lastEmitted = this.unwrapped;
    out.push({ values, lostBefore, marker: this.pendingMarker });
    this.pendingMarker = null;
  }

  private readAux(b: Uint8Array, offset: number, stop: number): void {
    if (stop === 0xc0) {
      const x = (b[offset] << 8) | b[offset + 1];
      const y = (b[offset + 2] << 8) | b[offset + 3];
      const z = (b[offset + 4] << 8) | b[offset + 5];
      if (x !== 0 || y !== 0 || z !== 0) {
        this.accel[0] = ((x << 16) >> 16) * CYTON_ACCEL_G_PER_LSB;
        this.accel[1] = ((y << 16) >> 16) * CYTON_ACCEL_G_PER_LSB;
        this.accel[2] = ((z << 16) >> 16) * CYTON_ACCEL_G_PER_LSB;
      }
    } else if (stop === 0xc1) {
      if (b[offset] !== 0) this.pendingMarker = String.fromCharCode(b[offset]);
    } else if (stop >= 0xc3) {
      this.lastBoardTimeMs = ((b[offset + 2] << 24) >>> 0) + (b[offset + 3] << 16) + (b[offset + 4] << 8) + b[offset + 5];
    }
  }
}

/** What the `v` (soft reset) banner says about the board. */
export interface CytonBanner {
  /** The dongle answered but the board did not: it is off or out of range. */
  boardOff: boolean;
  daisy: boolean;
  firmware: string | null;
}

/** Reads a `v` reply loosely (wording differs between firmware versions). */
export function parseCytonBanner(text: string): CytonBanner {
  const boardOff = /device failed to poll host|communications timeout|failure/i.test(text) && !/ADS1299/i.test(text);
  const daisy = /daisy/i.test(text) && !/no daisy/i.test(text);
  const firmware = /firmware:\s*(v?[\d.]+)/i.exec(text)?.[1] ?? null;
  return { boardOff, daisy, firmware };
}

/** One channel's ADS1299 settings as sent with `x CH POWER GAIN INPUT BIAS SRB2 SRB1 X`. */
export interface CytonChannelSettings {
  powerDown: boolean;
  gain: number;
  /** Input type code 0..7 (0 normal, 1 shorted, 5 test signal, ...). */
  input: number;
  bias: boolean;
  srb2: boolean;
  srb1: boolean;
}

export const cytonDefaultChannelSettings: CytonChannelSettings = { powerDown: false, gain: 24, input: 0, bias: true, srb2: true, srb1: false };

/** Channel command characters 1..16 of `x` and `z` commands. */
const CHANNEL_CHARS = '12345678QWERTYUI';

export function cytonChannelChar(channel: number): string {
  if (!Number.isInteger(channel) || channel < 1 || channel > 16) throw badInput(`Cyton channel ${channel}: expected 1 to 16`, { field: 'channel' });
  return CHANNEL_CHARS[channel - 1];
}

/** The `x...X` command that sets one channel (1-based). */
export function cytonChannelCommand(channel: number, s: CytonChannelSettings): string {
  const gainCode = (CYTON_GAINS as readonly number[]).indexOf(s.gain);
  if (gainCode < 0) throw badInput(`Cyton channel ${channel}: gain ${s.gain} is not one of ${CYTON_GAINS.join(', ')}`, { field: 'gain' });
  if (!Number.isInteger(s.input) || s.input < 0 || s.input > 7) throw badInput(`Cyton channel ${channel}: input type ${s.input} is not 0..7`, { field: 'input' });
  const bit = (v: boolean) => (v ? '1' : '0');
  return `x${cytonChannelChar(channel)}${bit(s.powerDown)}${gainCode}${s.input}${bit(s.bias)}${bit(s.srb2)}${bit(s.srb1)}X`;
}

/** Parses an `x...X` command back into channel and settings (the simulator's side), or null when malformed. */
export function parseCytonChannelCommand(command: string): { channel: number; settings: CytonChannelSettings } | null {
  const m = /^x([1-8QWERTYUI])([01])([0-6])([0-7])([01])([01])([01])X$/.exec(command);
  if (!m) return null;
  return {
    channel: CHANNEL_CHARS.indexOf(m[1]) + 1,
    settings: { powerDown: m[2] === '1', gain: CYTON_GAINS[Number(m[3])], input: Number(m[4]), bias: m[5] === '1', srb2: m[6] === '1', srb1: m[7] === '1' },
  };
}

/** `z CH P N Z`: lead-off current on the P and/or N input of one channel (impedance). */
export function cytonLeadOffCommand(channel: number, p: boolean, n: boolean): string {
  return `z${cytonChannelChar(channel)}${p ? 1 : 0}${n ? 1 : 0}Z`;
}

export function parseCytonLeadOffCommand(command: string): { channel: number; p: boolean; n: boolean } | null {
  const m = /^z([1-8QWERTYUI])([01])([01])Z$/.exec(command);
  return m ? { channel: CHANNEL_CHARS.indexOf(m[1]) + 1, p: m[2] === '1', n: m[3] === '1' } : null;
}

/** Lead-off drive of the ADS1299 after `v`: 6 nA at 31.2 Hz (fDR / 4 at 250 Hz = 31.25 Hz). */
export const CYTON_LEAD_OFF_AMPS = 6e-9;
export const CYTON_LEAD_OFF_HZ = 31.25;
/** Series resistance of the Cyton's input protection, subtracted from the measured impedance. */
export const CYTON_SERIES_OHMS = 2200;

/** Electrode impedance in Ω from the standard deviation (µV) of the 31.25 Hz band: sqrt(2) x σ / I - 2.2 kΩ, at least 0. */
export function cytonImpedanceOhms(stdMicrovolts: number): number {
  return Math.max(0, (Math.SQRT2 * stdMicrovolts * 1e-6) / CYTON_LEAD_OFF_AMPS - CYTON_SERIES_OHMS);
}
