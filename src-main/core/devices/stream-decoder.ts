// What every amplifier byte decoder shares: the channel description, decoded samples, loss and resync counts, packet framing.

/** What kind of signal a channel carries, for display and for the recorder's ranges. */
export type DeviceChannelKind = 'eeg' | 'accelerometer' | 'gyroscope' | 'battery' | 'counter' | 'aux';

/** One channel as a device produces it: label, unit and the physical range it can take. */
export interface DeviceChannel {
  label: string;
  kind: DeviceChannelKind;
  /** `uV` for EEG, `g`, `deg/s`, `V`, or `` for counters. */
  unit: string;
  physicalMin: number;
  physicalMax: number;
}

/** One sample of every channel, in order, in each channel's unit. */
export interface DecodedSample {
  values: Float32Array;
  /** Samples lost just before this one (from the packet counter), 0 when none. */
  lostBefore: number;
  /** A marker that arrived with this sample (Cyton marker byte), or null. */
  marker: string | null;
}

export interface DecoderStats {
  /** Packets accepted. */
  packets: number;
  /** Packets missing according to the counter. */
  lostPackets: number;
  /** Bytes thrown away while looking for the next packet (garbage, a bad stop byte, a cut packet). */
  skippedBytes: number;
  /** Times the decoder had to look for the next packet. */
  resyncs: number;
}

/** Bytes in, samples out; keeps a rolling buffer because reads split packets anywhere. */
export interface StreamDecoder {
  readonly channels: readonly DeviceChannel[];
  readonly stats: Readonly<DecoderStats>;
  push(bytes: Uint8Array): DecodedSample[];
  /** Forgets buffered bytes and the counter (after a reset or a reconnection); stats are kept. */
  reset(): void;
}

export const emptyStats = (): DecoderStats => ({ packets: 0, lostPackets: 0, skippedBytes: 0, resyncs: 0 });

/** Sign-extends a 24-bit big-endian value at `offset`. */
export function int24be(bytes: Uint8Array, offset: number): number {
  const value = (bytes[offset] << 16) | (bytes[offset + 1] << 8) | bytes[offset + 2];
  return value & 0x800000 ? value - 0x1000000 : value;
}

/**
 * Cuts a byte stream into fixed-length packets. `matchesAt(buffer, i)` says whether a whole packet starts at i;
 * bytes before a match are skipped (counted). Leftover bytes wait for the next push.
 */
export class PacketFramer {
  private buffer: Uint8Array;
  private start = 0;
  private end = 0;
  private inSync = true;
  private readonly length: number;
  private readonly matchesAt: (buffer: Uint8Array, offset: number) => boolean;
  private readonly stats: DecoderStats;

  constructor(length: number, matchesAt: (buffer: Uint8Array, offset: number) => boolean, stats: DecoderStats) {
    this.length = length;
    this.matchesAt = matchesAt;
    this.stats = stats;
    this.buffer = new Uint8Array(length * 64);
  }

  /** Calls `onPacket(buffer, offset)` for every whole packet in order. */
  push(bytes: Uint8Array, onPacket: (buffer: Uint8Array, offset: number) => void): void {
    this.append(bytes);
    const n = this.length;
    while (this.end - this.start >= n) {
      if (this.matchesAt(this.buffer, this.start)) {
        this.inSync = true;
        this.stats.packets++;
        onPacket(this.buffer, this.start);
        this.start += n;
      } else {
        if (this.inSync) this.stats.resyncs++;
        this.inSync = false;
        this.start++;
        this.stats.skippedBytes++;
      }
    }
  }

  reset(): void {
    this.start = 0;
    this.end = 0;
    this.inSync = true;
  }

  private append(bytes: Uint8Array): void {
    const held = this.end - this.start;
    if (this.end + bytes.length > this.buffer.length) {
      const size = Math.max(this.buffer.length, held + bytes.length);
      const next = size > this.buffer.length ? new Uint8Array(size * 2) : this.buffer;
      next.set(this.buffer.subarray(this.start, this.end), 0);
      this.buffer = next;
      this.start = 0;
      this.end = held;
    }
    this.buffer.set(bytes, this.end);
    this.end += bytes.length;
  }
}

/** Packets lost between two counter values of a counter that wraps at `modulo`. */
export function counterGap(previous: number, current: number, modulo: number): number {
  return (current - previous - 1 + modulo) % modulo;
}
