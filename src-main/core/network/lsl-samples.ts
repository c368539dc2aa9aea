// LSL samples on the wire: the test pattern, data protocol 1.10 (raw binary) and 1.00 (portable binary archive), both ways.
import { badInput } from '../errors.ts';
import { LSL_VALUE_BYTES, type LslChannelFormat } from './lsl-stream-info.ts';

/** A sample: its time stamp (null: deduced from the previous one and the rate) and one value per channel. */
export interface LslSample {
  timestamp: number | null;
  values: number[] | string[];
}

export const TAG_DEDUCED_TIMESTAMP = 1;
export const TAG_TRANSMITTED_TIMESTAMP = 2;
/** Time stamp of both test-pattern samples. */
export const TEST_PATTERN_TIMESTAMP = 123456.789;
/** First byte of a portable binary archive (protocol 1.00) and the archive version liblsl writes. */
export const ARCHIVE_MAGIC = 0x7f;
export const ARCHIVE_VERSION = 9;
/** Largest string value accepted from a peer, in bytes. */
export const LSL_MAX_STRING_BYTES = 1 << 20;

const INT_MAX: Partial<Record<LslChannelFormat, number>> = { int8: 127, int16: 32767, int32: 2147483647 };
const PATTERN_BASE: Partial<Record<LslChannelFormat, number>> = { float32: 0, double64: 16777217, int8: 1, int16: 257, int32: 65537, int64: 2147483649 };

/**
 * The test-pattern sample sent twice (offsets 4 then 2) after the stream header: channel k holds
 * (k + offset + base), modulo the type's maximum for 8/16/32-bit integers, negated on odd channels;
 * strings are "10", "-11", "12", ... whatever the offset.
 */
export function lslTestPattern(format: LslChannelFormat, nChannels: number, offset: number): LslSample {
  if (format === 'string') {
    return { timestamp: TEST_PATTERN_TIMESTAMP, values: Array.from({ length: nChannels }, (_, k) => String((k + 10) * (k % 2 === 0 ? 1 : -1))) };
  }
  const values: number[] = [];
  for (let k = 0; k < nChannels; k++) {
    let v = k + offset + (PATTERN_BASE[format] as number);
    const max = INT_MAX[format];
    if (max !== undefined) v %= max;
    values.push(k % 2 === 0 ? v : -v);
  }
  return { timestamp: TEST_PATTERN_TIMESTAMP, values };
}

/** Whether two samples are equal as liblsl compares them: time stamps, then values at the format's precision. */
export function samplesEqual(format: LslChannelFormat, a: LslSample, b: LslSample): boolean {
  if (a.timestamp !== b.timestamp || a.values.length !== b.values.length) return false;
  for (let i = 0; i < a.values.length; i++) {
    const x = a.values[i];
    const y = b.values[i];
    if (format === 'float32' ? Math.fround(x as number) !== Math.fround(y as number) : x !== y) return false;
  }
  return true;
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8');

/** A growable little-endian byte writer. */
class ByteWriter {
  bytes = new Uint8Array(256);
  view = new DataView(this.bytes.buffer);
  length = 0;

  ensure(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  u8(v: number): void {
    this.ensure(1);
    this.bytes[this.length++] = v & 0xff;
  }

  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  finish(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

function writeNumeric110(w: ByteWriter, format: LslChannelFormat, v: number): void {
  const size = LSL_VALUE_BYTES[format];
  w.ensure(size);
  const at = w.length;
  switch (format) {
    case 'float32': w.view.setFloat32(at, v, true); break;
    case 'double64': w.view.setFloat64(at, v, true); break;
    case 'int8': w.view.setInt8(at, v); break;
    case 'int16': w.view.setInt16(at, v, true); break;
    case 'int32': w.view.setInt32(at, v, true); break;
    case 'int64': w.view.setBigInt64(at, BigInt(Math.trunc(v)), true); break;
    default: throw badInput(`LSL: '${format}' is not a numeric channel format`);
  }
  w.length += size;
}

/** Encodes samples in data protocol 1.10, little-endian: tag byte, float64 time stamp when transmitted, values. */
export function encodeSamples110(format: LslChannelFormat, samples: readonly LslSample[]): Uint8Array {
  const w = new ByteWriter();
  for (const s of samples) {
    if (s.timestamp === null) w.u8(TAG_DEDUCED_TIMESTAMP);
    else {
      w.u8(TAG_TRANSMITTED_TIMESTAMP);
      w.ensure(8);
      w.view.setFloat64(w.length, s.timestamp, true);
      w.length += 8;
    }
    if (format === 'string') {
      for (const text of s.values as string[]) {
        const bytes = utf8Encoder.encode(text);
        if (bytes.length <= 0xff) {
          w.u8(1);
          w.u8(bytes.length);
        } else {
          w.u8(4);
          w.ensure(4);
          w.view.setUint32(w.length, bytes.length, true);
          w.length += 4;
        }
        w.raw(bytes);
      }
    } else {
      for (const v of s.values as number[]) writeNumeric110(w, format, v);
    }
  }
  return w.finish();
}

/**
 * Encodes a block of numeric samples in protocol 1.10 straight from channel-major values
 * (`values[ch * nSamples + i]`): the first sample carries `firstTimestamp`, the others are deduced
 * when `deduce` is true (regular streams), else each gets `firstTimestamp + i / rate`.
 */
export function encodeBlock110(format: LslChannelFormat, nChannels: number, nSamples: number, values: ArrayLike<number>, firstTimestamp: number, rate: number, deduce: boolean): Uint8Array {
  const size = LSL_VALUE_BYTES[format];
  if (format === 'string') throw badInput('LSL: encodeBlock110 takes numeric formats only');
  const total = nSamples * (1 + nChannels * size) + (deduce ? 8 : 8 * nSamples);
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  let at = 0;
  for (let i = 0; i < nSamples; i++) {
    if (deduce && i > 0) bytes[at++] = TAG_DEDUCED_TIMESTAMP;
    else {
      bytes[at++] = TAG_TRANSMITTED_TIMESTAMP;
      view.setFloat64(at, rate > 0 ? firstTimestamp + i / rate : firstTimestamp, true);
      at += 8;
    }
    for (let ch = 0; ch < nChannels; ch++) {
      const v = values[ch * nSamples + i];
      switch (format) {
        case 'float32': view.setFloat32(at, v, true); break;
        case 'double64': view.setFloat64(at, v, true); break;
        case 'int8': view.setInt8(at, v); break;
        case 'int16': view.setInt16(at, v, true); break;
        case 'int32': view.setInt32(at, v, true); break;
        default: view.setBigInt64(at, BigInt(Math.trunc(v)), true); break;
      }
      at += size;
    }
  }
  return bytes;
}

// ---- protocol 1.00: the portable binary archive ----

/** Writes an integer the archive's way: a signed size byte (negative for negative values), then that many little-endian bytes. */
function archiveInteger(w: ByteWriter, value: bigint, typeBytes: number): void {
  if (value === 0n) {
    w.u8(0);
    return;
  }
  let size = 0;
  if (typeBytes === 1) size = 1;
  else {
    let temp = value;
    do {
      temp >>= 8n;
      size++;
    } while (temp !== 0n && temp !== -1n);
  }
  w.u8(value > 0n ? size : -size);
  const unsigned = BigInt.asUintN(64, value);
  for (let i = 0; i < size; i++) w.u8(Number((unsigned >> BigInt(8 * i)) & 0xffn));
}

function floatBits(format: 'float32' | 'double64', v: number): bigint {
  if (format === 'float32') {
    if (Number.isNaN(v)) return 0x7fffffffn;
    const view = new DataView(new ArrayBuffer(4));
    view.setFloat32(0, v, true);
    return BigInt(view.getUint32(0, true));
  }
  if (Number.isNaN(v)) return 0x7fffffffffffffffn;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v, true);
  return view.getBigUint64(0, true);
}

function archiveString(w: ByteWriter, text: string): void {
  const bytes = utf8Encoder.encode(text);
  archiveInteger(w, BigInt(bytes.length), 8);
  w.raw(bytes);
}

/**
 * A protocol 1.00 writer for one connection: the archive header (magic, version, the short info), then samples;
 * the first sample of the archive is preceded by two zero bytes (Boost's class information).
 */
export class LslArchiveWriter {
  private readonly format: LslChannelFormat;
  private sampleSeen: boolean;

  /** `sampleSeen`: the archive already carried a sample (the test pattern), so no class information is due. */
  constructor(format: LslChannelFormat, sampleSeen = false) {
    this.format = format;
    this.sampleSeen = sampleSeen;
  }

  header(shortinfo: string): Uint8Array {
    const w = new ByteWriter();
    w.u8(ARCHIVE_MAGIC);
    archiveInteger(w, BigInt(ARCHIVE_VERSION), 1);
    archiveString(w, shortinfo);
    return w.finish();
  }

  samples(samples: readonly LslSample[]): Uint8Array {
    const w = new ByteWriter();
    for (const s of samples) {
      if (!this.sampleSeen) {
        w.u8(0);
        w.u8(0);
        this.sampleSeen = true;
      }
      archiveInteger(w, BigInt(s.timestamp === null ? TAG_DEDUCED_TIMESTAMP : TAG_TRANSMITTED_TIMESTAMP), 1);
      if (s.timestamp !== null) archiveInteger(w, floatBits('double64', s.timestamp), 8);
      for (const v of s.values) {
        switch (this.format) {
          case 'string': archiveString(w, v as string); break;
          case 'float32': archiveInteger(w, floatBits('float32', v as number), 4); break;
          case 'double64': archiveInteger(w, floatBits('double64', v as number), 8); break;
          default: archiveInteger(w, BigInt(Math.trunc(v as number)), LSL_VALUE_BYTES[this.format]); break;
        }
      }
    }
    return w.finish();
  }
}

// ---- reading ----

/** Returned by `read` when a sample is not yet complete in the buffer. */
const INCOMPLETE = -1;

/**
 * Reads samples of one stream from a byte buffer, for protocol 1.10 (optionally byte-swapped) or 1.00.
 * `read` returns the offset after one sample, or -1 when the buffer ends inside it (call again with more bytes);
 * the sample is left in `timestamp` (null when deduced) and `values` / `strings`.
 * Malformed data (a bad tag, an oversized string) throws a `bad-input` CoreError.
 */
export class LslSampleReader {
  readonly format: LslChannelFormat;
  readonly nChannels: number;
  readonly protocol: 100 | 110;
  readonly bigEndian: boolean;
  timestamp: number | null = null;
  readonly values: Float64Array;
  readonly strings: string[];
  private sampleSeen = false;
  private readonly maxStringBytes: number;

  constructor(format: LslChannelFormat, nChannels: number, protocol: 100 | 110, options: { bigEndian?: boolean; maxStringBytes?: number; archiveSampleSeen?: boolean } = {}) {
    this.format = format;
    this.nChannels = nChannels;
    this.protocol = protocol;
    this.bigEndian = options.bigEndian ?? false;
    this.maxStringBytes = options.maxStringBytes ?? LSL_MAX_STRING_BYTES;
    this.sampleSeen = options.archiveSampleSeen ?? false;
    this.values = new Float64Array(format === 'string' ? 0 : nChannels);
    this.strings = format === 'string' ? new Array<string>(nChannels).fill('') : [];
  }

  /** The current sample as a value (copies). */
  sample(): LslSample {
    return { timestamp: this.timestamp, values: this.format === 'string' ? [...this.strings] : Array.from(this.values) };
  }

  private view: DataView | null = null;
  private viewOf: Uint8Array | null = null;

  read(bytes: Uint8Array, offset: number, end: number): number {
    if (this.viewOf !== bytes) {
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      this.viewOf = bytes;
    }
    const view = this.view as DataView;
    return this.protocol === 110 ? this.read110(bytes, view, offset, end) : this.read100(bytes, offset, end);
  }

  private read110(bytes: Uint8Array, view: DataView, offset: number, end: number): number {
    const le = !this.bigEndian;
    let at = offset;
    if (at >= end) return INCOMPLETE;
    const tag = bytes[at++];
    if (tag === TAG_DEDUCED_TIMESTAMP) this.timestamp = null;
    else if (tag === TAG_TRANSMITTED_TIMESTAMP) {
      if (at + 8 > end) return INCOMPLETE;
      this.timestamp = view.getFloat64(at, le);
      at += 8;
    } else throw badInput(`LSL data: sample tag ${tag} at byte ${offset}, expected 1 (deduced time stamp) or 2 (transmitted)`, { byteOffset: offset });
    if (this.format !== 'string') {
      const size = LSL_VALUE_BYTES[this.format];
      if (at + size * this.nChannels > end) return INCOMPLETE;
      const v = this.values;
      switch (this.format) {
        case 'float32': for (let k = 0; k < this.nChannels; k++, at += 4) v[k] = view.getFloat32(at, le); break;
        case 'double64': for (let k = 0; k < this.nChannels; k++, at += 8) v[k] = view.getFloat64(at, le); break;
        case 'int8': for (let k = 0; k < this.nChannels; k++, at += 1) v[k] = view.getInt8(at); break;
        case 'int16': for (let k = 0; k < this.nChannels; k++, at += 2) v[k] = view.getInt16(at, le); break;
        case 'int32': for (let k = 0; k < this.nChannels; k++, at += 4) v[k] = view.getInt32(at, le); break;
        case 'int64': for (let k = 0; k < this.nChannels; k++, at += 8) v[k] = Number(view.getBigInt64(at, le)); break;
      }
      return at;
    }
    for (let k = 0; k < this.nChannels; k++) {
      if (at >= end) return INCOMPLETE;
      const lengthBytes = bytes[at++];
      if (at + lengthBytes > end) return INCOMPLETE;
      let length: number;
      switch (lengthBytes) {
        case 1: length = bytes[at]; break;
        case 2: length = view.getUint16(at, le); break;
        case 4: length = view.getUint32(at, le); break;
        case 8: length = Number(view.getBigUint64(at, le)); break;
        default: throw badInput(`LSL data: string length of ${lengthBytes} bytes at byte ${at - 1}, expected 1, 2, 4 or 8`, { byteOffset: at - 1 });
      }
      at += lengthBytes;
      if (length > this.maxStringBytes) throw badInput(`LSL data: a string of ${length} bytes, more than the ${this.maxStringBytes} accepted`, { byteOffset: at });
      if (at + length > end) return INCOMPLETE;
      this.strings[k] = utf8Decoder.decode(bytes.subarray(at, at + length));
      at += length;
    }
    return at;
  }

  private read100(bytes: Uint8Array, offset: number, end: number): number {
    let at = offset;
    if (!this.sampleSeen) {
      if (at + 2 > end) return INCOMPLETE;
      at += 2;
    }
    const tag = readArchiveInteger(bytes, at, end, 1, false, 'sample tag');
    if (!tag) return INCOMPLETE;
    at = tag.next;
    if (tag.value === BigInt(TAG_DEDUCED_TIMESTAMP)) this.timestamp = null;
    else if (tag.value === BigInt(TAG_TRANSMITTED_TIMESTAMP)) {
      const t = readArchiveInteger(bytes, at, end, 8, false, 'time stamp');
      if (!t) return INCOMPLETE;
      this.timestamp = bitsToFloat('double64', t.value);
      at = t.next;
    } else throw badInput(`LSL data (protocol 1.00): sample tag ${tag.value} at byte ${offset}, expected 1 or 2`, { byteOffset: offset });
    for (let k = 0; k < this.nChannels; k++) {
      if (this.format === 'string') {
        const s = readArchiveString(bytes, at, end, this.maxStringBytes);
        if (!s) return INCOMPLETE;
        this.strings[k] = s.value;
        at = s.next;
      } else if (this.format === 'float32' || this.format === 'double64') {
        const bits = readArchiveInteger(bytes, at, end, LSL_VALUE_BYTES[this.format], false, 'value');
        if (!bits) return INCOMPLETE;
        this.values[k] = bitsToFloat(this.format, bits.value);
        at = bits.next;
      } else {
        const v = readArchiveInteger(bytes, at, end, LSL_VALUE_BYTES[this.format], true, 'value');
        if (!v) return INCOMPLETE;
        this.values[k] = Number(v.value);
        at = v.next;
      }
    }
    this.sampleSeen = true;
    return at;
  }
}

function bitsToFloat(format: 'float32' | 'double64', bits: bigint): number {
  if (format === 'float32') {
    const view = new DataView(new ArrayBuffer(4));
    view.setUint32(0, Number(bits & 0xffffffffn), true);
    return view.getFloat32(0, true);
  }
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt.asUintN(64, bits), true);
  return view.getFloat64(0, true);
}

/** Reads an archive integer of a `typeBytes`-wide type; null when the buffer ends inside it. */
export function readArchiveInteger(bytes: Uint8Array, offset: number, end: number, typeBytes: number, signed: boolean, what: string): { value: bigint; next: number } | null {
  if (offset >= end) return null;
  const size = (bytes[offset] << 24) >> 24;
  if (size === 0) return { value: 0n, next: offset + 1 };
  const n = Math.abs(size);
  if (n > typeBytes) throw badInput(`LSL data (protocol 1.00): ${what} of ${n} bytes at byte ${offset}, more than its type's ${typeBytes}`, { byteOffset: offset });
  if (size < 0 && !signed) throw badInput(`LSL data (protocol 1.00): negative ${what} at byte ${offset}`, { byteOffset: offset });
  if (offset + 1 + n > end) return null;
  let value = 0n;
  for (let i = 0; i < n; i++) value |= BigInt(bytes[offset + 1 + i]) << BigInt(8 * i);
  if (size < 0) value -= 1n << BigInt(8 * n);
  if (signed) value = BigInt.asIntN(8 * typeBytes, value);
  return { value, next: offset + 1 + n };
}

function readArchiveString(bytes: Uint8Array, offset: number, end: number, maxBytes: number): { value: string; next: number } | null {
  const length = readArchiveInteger(bytes, offset, end, 8, false, 'string length');
  if (!length) return null;
  if (length.value > BigInt(maxBytes)) throw badInput(`LSL data (protocol 1.00): a string of ${length.value} bytes, more than the ${maxBytes} accepted`, { byteOffset: offset });
  const n = Number(length.value);
  if (length.next + n > end) return null;
  return { value: utf8Decoder.decode(bytes.subarray(length.next, length.next + n)), next: length.next + n };
}

/** Reads the protocol 1.00 archive header: magic byte, archive version, then the stream's short info XML. */
export function readArchiveHeader(bytes: Uint8Array, offset: number, end: number, maxInfoBytes = 1 << 20): { shortinfo: string; next: number } | null {
  if (offset >= end) return null;
  if (bytes[offset] !== ARCHIVE_MAGIC) throw badInput(`LSL data (protocol 1.00): the archive starts with byte ${bytes[offset]}, expected ${ARCHIVE_MAGIC}`);
  const version = readArchiveInteger(bytes, offset + 1, end, 1, false, 'archive version');
  if (!version) return null;
  if (version.value > 17n) throw badInput(`LSL data (protocol 1.00): archive version ${version.value}, newer than 17`);
  const info = readArchiveString(bytes, version.next, end, maxInfoBytes);
  if (!info) return null;
  return { shortinfo: info.value, next: info.next };
}
