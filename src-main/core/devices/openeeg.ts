// OpenEEG ModularEEG (6 ch, 256 Hz, 10-bit): P2 (17-byte) and P3 (11-byte, 7-bit) packet decoders.
//
// P2: A5 5A, version 02, counter (uint8), 6 x uint16 big-endian (0..1023, zero at 512), switch byte.
// P3: 0ppppppx 0xxxxxxx, then per channel pair: LSB a (7 bits), LSB b (7 bits), 0aaa-bbb (the 3 high bits of
// each); only the last byte of a packet has bit 7 set; p is a 6-bit counter, x an auxiliary byte.
// The µV per count depends on the analog board's gain: a setting (`microvoltsPerCount`).
import { badInput } from '../errors.ts';
import {
  counterGap, emptyStats, PacketFramer,
  type DecodedSample, type DecoderStats, type DeviceChannel, type StreamDecoder,
} from './stream-decoder.ts';

export const OPENEEG_SAMPLE_RATE_HZ = 256;
export const OPENEEG_BAUD = 57600;
export const OPENEEG_CHANNELS = 6;
export const OPENEEG_P2_BYTES = 17;
export const OPENEEG_P3_BYTES = 11;
/** Default scale when the analog board's gain is not given: ±512 counts over ±256 µV (documented assumption). */
export const OPENEEG_DEFAULT_UV_PER_COUNT = 0.5;

export type OpenEegProtocol = 'p2' | 'p3';

export function openEegChannels(microvoltsPerCount: number): DeviceChannel[] {
  return Array.from({ length: OPENEEG_CHANNELS }, (_, i): DeviceChannel => ({
    label: `Ch${i + 1}`, kind: 'eeg', unit: 'uV', physicalMin: -512 * microvoltsPerCount, physicalMax: 511 * microvoltsPerCount,
  }));
}

export class OpenEegDecoder implements StreamDecoder {
  readonly channels: DeviceChannel[];
  readonly stats: DecoderStats = emptyStats();
  readonly protocol: OpenEegProtocol;
  /** Last switch/aux byte seen. */
  switches = 0;
  private readonly scale: number;
  private readonly framer: PacketFramer;
  private lastCounter: number | null = null;

  constructor(protocol: OpenEegProtocol, microvoltsPerCount = OPENEEG_DEFAULT_UV_PER_COUNT) {
    if (!(microvoltsPerCount > 0)) throw badInput(`OpenEEG: microvoltsPerCount must be positive, got ${microvoltsPerCount}`, { field: 'microvoltsPerCount' });
    this.protocol = protocol;
    this.scale = microvoltsPerCount;
    this.channels = openEegChannels(microvoltsPerCount);
    this.framer = protocol === 'p2'
      ? new PacketFramer(OPENEEG_P2_BYTES, (b, i) => b[i] === 0xa5 && b[i + 1] === 0x5a && b[i + 2] === 0x02 && highBytesValid(b, i), this.stats)
      : new PacketFramer(OPENEEG_P3_BYTES, p3Matches, this.stats);
  }

  push(bytes: Uint8Array): DecodedSample[] {
    const out: DecodedSample[] = [];
    this.framer.push(bytes, (b, i) => out.push(this.protocol === 'p2' ? this.p2(b, i) : this.p3(b, i)));
    return out;
  }

  reset(): void {
    this.framer.reset();
    this.lastCounter = null;
  }

  private p2(b: Uint8Array, i: number): DecodedSample {
    const values = new Float32Array(OPENEEG_CHANNELS);
    for (let ch = 0; ch < OPENEEG_CHANNELS; ch++) values[ch] = (((b[i + 4 + 2 * ch] << 8) | b[i + 5 + 2 * ch]) - 512) * this.scale;
    this.switches = b[i + 16];
    return { values, lostBefore: this.count(b[i + 3], 256), marker: null };
  }

  private p3(b: Uint8Array, i: number): DecodedSample {
    const values = new Float32Array(OPENEEG_CHANNELS);
    for (let pair = 0; pair < 3; pair++) {
      const j = i + 2 + pair * 3;
      const high = b[j + 2];
      values[2 * pair] = ((b[j] & 0x7f) | (((high >> 4) & 0x07) << 7)) - 512;
      values[2 * pair + 1] = ((b[j + 1] & 0x7f) | ((high & 0x07) << 7)) - 512;
    }
    for (let ch = 0; ch < OPENEEG_CHANNELS; ch++) values[ch] *= this.scale;
    const counter = (b[i] >> 1) & 0x3f;
    const aux = ((b[i] & 1) << 7) | (b[i + 1] & 0x7f);
    if ((counter & 7) === 4) this.switches = aux;
    return { values, lostBefore: this.count(counter, 64), marker: null };
  }

  private count(counter: number, modulo: number): number {
    const lost = this.lastCounter === null ? 0 : counterGap(this.lastCounter, counter, modulo);
    this.stats.lostPackets += lost;
    this.lastCounter = counter;
    return lost;
  }
}

/** P2 samples are 10-bit: a high byte above 3 means this is not a packet boundary. */
function highBytesValid(b: Uint8Array, i: number): boolean {
  for (let ch = 0; ch < OPENEEG_CHANNELS; ch++) if (b[i + 4 + 2 * ch] > 3) return false;
  return true;
}

function p3Matches(b: Uint8Array, i: number): boolean {
  for (let k = 0; k < OPENEEG_P3_BYTES - 1; k++) if (b[i + k] & 0x80) return false;
  return (b[i + OPENEEG_P3_BYTES - 1] & 0x80) !== 0;
}
