// g.tec Unicorn Hybrid Black over Bluetooth SPP: start/stop commands (CRC-16/XMODEM) and the 45-byte frame decoder.
//
// Frame: C0 00, battery byte (low nibble n: n x 1.2/16 + 3.0 V), 8 x int24 big-endian EEG (raw x 4500000 /
// 50331642 µV), accelerometer 3 x int16 little-endian (/4096 g), gyroscope 3 x int16 LE (/32.8 deg/s),
// counter uint32 LE, 0D 0A. 250 Hz.
import {
  counterGap, emptyStats, int24be, PacketFramer,
  type DecodedSample, type DecoderStats, type DeviceChannel, type StreamDecoder,
} from './stream-decoder.ts';

export const UNICORN_FRAME_BYTES = 45;
export const UNICORN_SAMPLE_RATE_HZ = 250;
export const UNICORN_BAUD = 115200;
export const UNICORN_EEG_UV_PER_COUNT = 4500000 / 50331642;
export const UNICORN_ACCEL_G_PER_LSB = 1 / 4096;
export const UNICORN_GYRO_DPS_PER_LSB = 1 / 32.8;
export const UNICORN_ACK = Uint8Array.of(0x00, 0x00, 0x00);
export const UNICORN_EEG_LABELS = ['Fz', 'C3', 'Cz', 'C4', 'Pz', 'PO7', 'Oz', 'PO8'];

/** CRC-16/XMODEM (polynomial 0x1021, initial 0, no reflection). */
export function crc16Xmodem(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** A command byte followed by its CRC, high byte first. */
export function unicornCommand(code: number): Uint8Array {
  const crc = crc16Xmodem(Uint8Array.of(code));
  return Uint8Array.of(code, crc >> 8, crc & 0xff);
}

export const UNICORN_START = unicornCommand(0x61);
export const UNICORN_STOP = unicornCommand(0x63);

export function unicornChannels(): DeviceChannel[] {
  const eegRange = 8388607 * UNICORN_EEG_UV_PER_COUNT;
  const eeg = UNICORN_EEG_LABELS.map((label): DeviceChannel => ({ label, kind: 'eeg', unit: 'uV', physicalMin: -eegRange, physicalMax: eegRange }));
  const accel = ['AccX', 'AccY', 'AccZ'].map((label): DeviceChannel => ({ label, kind: 'accelerometer', unit: 'g', physicalMin: -8, physicalMax: 8 }));
  const gyroRange = 32768 * UNICORN_GYRO_DPS_PER_LSB;
  const gyro = ['GyrX', 'GyrY', 'GyrZ'].map((label): DeviceChannel => ({ label, kind: 'gyroscope', unit: 'deg/s', physicalMin: -gyroRange, physicalMax: gyroRange }));
  return [
    ...eeg, ...accel, ...gyro,
    { label: 'Battery', kind: 'battery', unit: 'V', physicalMin: 0, physicalMax: 5 },
    // The counter is written modulo 2^24 so that a 24-bit BDF sample holds it exactly.
    { label: 'Counter', kind: 'counter', unit: '', physicalMin: 0, physicalMax: 16777215 },
  ];
}

const int16le = (b: Uint8Array, i: number) => (((b[i + 1] << 8) | b[i]) << 16) >> 16;

export class UnicornDecoder implements StreamDecoder {
  readonly channels = unicornChannels();
  readonly stats: DecoderStats = emptyStats();
  private readonly framer: PacketFramer;
  private lastCounter: number | null = null;

  constructor() {
    this.framer = new PacketFramer(
      UNICORN_FRAME_BYTES,
      (b, i) => b[i] === 0xc0 && b[i + 1] === 0x00 && b[i + 43] === 0x0d && b[i + 44] === 0x0a,
      this.stats,
    );
  }

  push(bytes: Uint8Array): DecodedSample[] {
    const out: DecodedSample[] = [];
    this.framer.push(bytes, (b, i) => out.push(this.frame(b, i)));
    return out;
  }

  reset(): void {
    this.framer.reset();
    this.lastCounter = null;
  }

  private frame(b: Uint8Array, i: number): DecodedSample {
    const values = new Float32Array(17);
    for (let ch = 0; ch < 8; ch++) values[ch] = int24be(b, i + 3 + ch * 3) * UNICORN_EEG_UV_PER_COUNT;
    for (let k = 0; k < 3; k++) values[8 + k] = int16le(b, i + 27 + 2 * k) * UNICORN_ACCEL_G_PER_LSB;
    for (let k = 0; k < 3; k++) values[11 + k] = int16le(b, i + 33 + 2 * k) * UNICORN_GYRO_DPS_PER_LSB;
    values[14] = (b[i + 2] & 0x0f) * (1.2 / 16) + 3.0;
    const counter = (b[i + 39] | (b[i + 40] << 8) | (b[i + 41] << 16) | (b[i + 42] << 24)) >>> 0;
    values[15] = counter % 16777216;
    let lostBefore = 0;
    if (this.lastCounter !== null) {
      lostBefore = counterGap(this.lastCounter, counter, 2 ** 32);
      this.stats.lostPackets += lostBefore;
    }
    this.lastCounter = counter;
    return { values, lostBefore, marker: null };
  }
}
