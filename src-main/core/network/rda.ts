// BrainVision Recorder Remote Data Access (RDA) messages, 32-bit float stream: start, data with markers, stop.
import { badInput } from '../errors.ts';

/** {4358458E-C996-4C86-AF4A-98BBF6C91450} as the 16 bytes that open every message. */
export const RDA_GUID = Uint8Array.from([0x8e, 0x45, 0x58, 0x43, 0x96, 0xc9, 0x86, 0x4c, 0xaf, 0x4a, 0x98, 0xbb, 0xf6, 0xc9, 0x14, 0x50]);
export const RDA_HEADER_BYTES = 24;
export const RDA_PORT_FLOAT32 = 51244;
export const RDA_TYPE_START = 1;
export const RDA_TYPE_DATA16 = 2;
export const RDA_TYPE_STOP = 3;
export const RDA_TYPE_DATA32 = 4;

export interface RdaLimits {
  maxMessageBytes: number;
  maxChannels: number;
}

export const defaultRdaLimits: RdaLimits = { maxMessageBytes: 64 * 1024 * 1024, maxChannels: 1024 };

export interface RdaStart {
  type: 'start';
  channelNames: string[];
  /** Sampling interval in microseconds. */
  samplingIntervalUs: number;
  /** µV per unit of each channel's values. */
  resolutions: number[];
}

export interface RdaMarker {
  /** Position in the block (0 = its first sample). */
  position: number;
  points: number;
  /** -1 for all channels. */
  channel: number;
  type: string;
  description: string;
}

export interface RdaData {
  type: 'data';
  block: number;
  points: number;
  /** Values as sent, multiplexed: `values[point * nChannels + channel]` (multiply by the resolution for µV). */
  values: Float32Array;
  markers: RdaMarker[];
}

export type RdaMessage = RdaStart | RdaData | { type: 'stop' } | { type: 'other'; messageType: number };

const latin1 = new TextDecoder('latin1');
const encoder = new TextEncoder();

function header(view: DataView, bytes: Uint8Array, size: number, type: number): void {
  bytes.set(RDA_GUID, 0);
  view.setUint32(16, size, true);
  view.setUint32(20, type, true);
}

export function encodeRdaStart(start: Omit<RdaStart, 'type'>): Uint8Array {
  const names = start.channelNames.map((n) => encoder.encode(n + '\0'));
  const namesBytes = names.reduce((sum, n) => sum + n.length, 0);
  const size = RDA_HEADER_BYTES + 4 + 8 + 8 * start.resolutions.length + namesBytes;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  header(view, bytes, size, RDA_TYPE_START);
  view.setUint32(24, start.channelNames.length, true);
  view.setFloat64(28, start.samplingIntervalUs, true);
  let at = 36;
  for (const r of start.resolutions) {
    view.setFloat64(at, r, true);
    at += 8;
  }
  for (const n of names) {
    bytes.set(n, at);
    at += n.length;
  }
  return bytes;
}

export function encodeRdaData32(block: number, nChannels: number, values: Float32Array, markers: readonly RdaMarker[] = []): Uint8Array {
  const points = values.length / nChannels;
  const markerBytes = markers.map((m) => encoder.encode(`${m.type}\0${m.description}\0`));
  const size = RDA_HEADER_BYTES + 12 + values.length * 4 + markerBytes.reduce((sum, m) => sum + 16 + m.length, 0);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  header(view, bytes, size, RDA_TYPE_DATA32);
  view.setUint32(24, block, true);
  view.setUint32(28, points, true);
  view.setUint32(32, markers.length, true);
  let at = 36;
  for (let i = 0; i < values.length; i++, at += 4) view.setFloat32(at, values[i], true);
  markers.forEach((m, i) => {
    view.setUint32(at, 16 + markerBytes[i].length, true);
    view.setUint32(at + 4, m.position, true);
    view.setUint32(at + 8, m.points, true);
    view.setInt32(at + 12, m.channel, true);
    bytes.set(markerBytes[i], at + 16);
    at += 16 + markerBytes[i].length;
  });
  return bytes;
}

export function encodeRdaStop(): Uint8Array {
  const bytes = new Uint8Array(RDA_HEADER_BYTES);
  header(new DataView(bytes.buffer), bytes, RDA_HEADER_BYTES, RDA_TYPE_STOP);
  return bytes;
}

/**
 * Reads one message from the start of `bytes`: null when incomplete, else the message and its size.
 * `nChannels` is the channel count of the last start message (needed to split data blocks; 0 before one).
 * A wrong GUID, an impossible size or a block that does not add up throws a `bad-input` CoreError.
 */
export function decodeRdaMessage(bytes: Uint8Array, nChannels: number, limits: RdaLimits = defaultRdaLimits): { message: RdaMessage; consumed: number } | null {
  if (bytes.length < RDA_HEADER_BYTES) return null;
  for (let i = 0; i < 16; i++) {
    if (bytes[i] !== RDA_GUID[i]) throw badInput('RDA: a message does not start with the RDA GUID (not a Recorder RDA port, or the stream is out of step)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = view.getUint32(16, true);
  const type = view.getUint32(20, true);
  if (size < RDA_HEADER_BYTES || size > limits.maxMessageBytes) throw badInput(`RDA: message size ${size} bytes, expected ${RDA_HEADER_BYTES} to ${limits.maxMessageBytes}`, { size });
  if (bytes.length < size) return null;
  const body = new DataView(bytes.buffer, bytes.byteOffset, size);
  const fail = (problem: string) => badInput(`RDA ${type === RDA_TYPE_START ? 'start' : 'data'} message: ${problem}`);
  if (type === RDA_TYPE_START) {
    if (size < 36) throw fail(`${size} bytes, too short for the channel count and sampling interval`);
    const n = body.getUint32(24, true);
    if (n < 1 || n > limits.maxChannels) throw fail(`${n} channels, expected 1 to ${limits.maxChannels}`);
    const interval = body.getFloat64(28, true);
    if (!(interval > 0 && interval < 1e9)) throw fail(`sampling interval ${interval} µs is not a positive duration`);
    if (36 + 8 * n > size) throw fail(`${size} bytes cannot hold ${n} resolutions`);
    const resolutions: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = body.getFloat64(36 + 8 * i, true);
      if (!Number.isFinite(r)) throw fail(`channel ${i + 1} resolution is not a number`);
      resolutions.push(r);
    }
    const names = latin1.decode(bytes.subarray(36 + 8 * n, size)).split('\0');
    const channelNames = Array.from({ length: n }, (_, i) => names[i]?.trim() || `Ch${i + 1}`);
    return { message: { type: 'start', channelNames, samplingIntervalUs: interval, resolutions }, consumed: size };
  }
  if (type === RDA_TYPE_DATA32) {
    if (nChannels <= 0) throw fail('a data block before any start message');
    if (size < 36) throw fail(`${size} bytes, too short for the block header`);
    const block = body.getUint32(24, true);
    const points = body.getUint32(28, true);
    const nMarkers = body.getUint32(32, true);
    const dataBytes = points * nChannels * 4;
    if (36 + dataBytes > size) throw fail(`${points} points x ${nChannels} channels do not fit in ${size} bytes`);
    const values = new Float32Array(points * nChannels);
    for (let i = 0, at = 36; i < values.length; i++, at += 4) values[i] = body.getFloat32(at, true);
    const markers: RdaMarker[] = [];
    let at = 36 + dataBytes;
    for (let m = 0; m < nMarkers; m++) {
      if (at + 16 > size) throw fail(`marker ${m + 1} of ${nMarkers} runs past the message end`);
      const markerSize = body.getUint32(at, true);
      if (markerSize < 16 || at + markerSize > size) throw fail(`marker ${m + 1} has size ${markerSize}, outside the message`);
      const [markerType = '', description = ''] = latin1.decode(bytes.subarray(at + 16, at + markerSize)).split('\0');
      markers.push({ position: body.getUint32(at + 4, true), points: body.getUint32(at + 8, true), channel: body.getInt32(at + 12, true), type: markerType, description });
      at += markerSize;
    }
    return { message: { type: 'data', block, points, values, markers }, consumed: size };
  }
  if (type === RDA_TYPE_STOP) return { message: { type: 'stop' }, consumed: size };
  return { message: { type: 'other', messageType: type }, consumed: size };
}
