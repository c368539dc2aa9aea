// The binary frame that carries a batch of multichannel samples from the engine to the windows.
//
// Layout, little-endian, 64-byte header then Float32 samples channel-major ([channel][sample]):
//   0 u32 magic 'NFSF'   4 u16 version   6 u16 nChannels   8 u32 nSamples   12 u32 reserved
//  16 f64 firstSampleIndex (per channel, since acquisition start)
//  24 f64 firstSampleTimeMs (wall-clock epoch ms at which the first sample was generated/received)
//  32 f64 lostSamples (total since start)   40 f64 sampleRateHz
//  48 f64 sentTimeMs (epoch ms at which the engine sent the frame)
//  56 f64 relayedTimeMs (epoch ms at which the host relayed it to its sockets; 0 when nothing relayed it)
// The two trace times let a window split a frame's delay into engine, host and socket shares.

export const SIGNAL_FRAME_MAGIC = 0x4653464e; // 'NFSF' read as little-endian u32
export const SIGNAL_FRAME_VERSION = 2;
export const SIGNAL_FRAME_HEADER_BYTES = 64;
const SENT_TIME_OFFSET = 48;
const RELAYED_TIME_OFFSET = 56;

export interface SignalFrame {
  nChannels: number;
  nSamples: number;
  firstSampleIndex: number;
  firstSampleTimeMs: number;
  lostSamples: number;
  sampleRateHz: number;
  /** Epoch ms at which the engine sent the frame (0 when unknown). */
  sentTimeMs?: number;
  /** Epoch ms at which the host relayed the frame to its sockets (0 when it came straight from the engine). */
  relayedTimeMs?: number;
  /** `[channel * nSamples + sample]`, µV. */
  samples: Float32Array;
}

export function encodeSignalFrame(frame: SignalFrame): ArrayBuffer {
  const { nChannels, nSamples } = frame;
  if (frame.samples.length !== nChannels * nSamples) {
    throw new RangeError(`signal frame: ${frame.samples.length} values for ${nChannels} channels x ${nSamples} samples`);
  }
  const buffer = new ArrayBuffer(SIGNAL_FRAME_HEADER_BYTES + nChannels * nSamples * 4);
  const view = new DataView(buffer);
  view.setUint32(0, SIGNAL_FRAME_MAGIC, true);
  view.setUint16(4, SIGNAL_FRAME_VERSION, true);
  view.setUint16(6, nChannels, true);
  view.setUint32(8, nSamples, true);
  view.setFloat64(16, frame.firstSampleIndex, true);
  view.setFloat64(24, frame.firstSampleTimeMs, true);
  view.setFloat64(32, frame.lostSamples, true);
  view.setFloat64(40, frame.sampleRateHz, true);
  view.setFloat64(SENT_TIME_OFFSET, frame.sentTimeMs ?? 0, true);
  view.setFloat64(RELAYED_TIME_OFFSET, frame.relayedTimeMs ?? 0, true);
  new Float32Array(buffer, SIGNAL_FRAME_HEADER_BYTES).set(frame.samples);
  return buffer;
}

/**
 * Writes the relay time into an encoded frame, in place (the host, just before it sends the frame on): no copy.
 * Bytes that are not a frame of this version are left alone and `false` is returned.
 */
export function stampRelayedTime(bytes: ArrayBuffer, epochMs: number): boolean {
  if (bytes.byteLength < SIGNAL_FRAME_HEADER_BYTES) return false;
  const view = new DataView(bytes);
  if (view.getUint32(0, true) !== SIGNAL_FRAME_MAGIC || view.getUint16(4, true) !== SIGNAL_FRAME_VERSION) return false;
  view.setFloat64(RELAYED_TIME_OFFSET, epochMs, true);
  return true;
}

/** Decodes a frame; the samples view shares the buffer (no copy). Throws on anything that is not a frame. */
export function decodeSignalFrame(bytes: ArrayBuffer | ArrayBufferView): SignalFrame {
  const buffer = bytes instanceof ArrayBuffer ? bytes : (bytes.buffer as ArrayBuffer);
  const offset = bytes instanceof ArrayBuffer ? 0 : bytes.byteOffset;
  const length = bytes.byteLength;
  if (length < SIGNAL_FRAME_HEADER_BYTES) throw new RangeError(`signal frame: ${length} bytes is shorter than the ${SIGNAL_FRAME_HEADER_BYTES}-byte header`);
  const view = new DataView(buffer, offset, length);
  if (view.getUint32(0, true) !== SIGNAL_FRAME_MAGIC) throw new RangeError('signal frame: bad magic');
  const version = view.getUint16(4, true);
  if (version !== SIGNAL_FRAME_VERSION) throw new RangeError(`signal frame: version ${version}, expected ${SIGNAL_FRAME_VERSION}`);
  const nChannels = view.getUint16(6, true);
  const nSamples = view.getUint32(8, true);
  const expected = SIGNAL_FRAME_HEADER_BYTES + nChannels * nSamples * 4;
  if (length !== expected) throw new RangeError(`signal frame: ${length} bytes, header says ${expected}`);
  const dataOffset = offset + SIGNAL_FRAME_HEADER_BYTES;
  const samples = dataOffset % 4 === 0
    ? new Float32Array(buffer, dataOffset, nChannels * nSamples)
    : new Float32Array(buffer.slice(dataOffset, dataOffset + nChannels * nSamples * 4));
  return {
    nChannels,
    nSamples,
    firstSampleIndex: view.getFloat64(16, true),
    firstSampleTimeMs: view.getFloat64(24, true),
    lostSamples: view.getFloat64(32, true),
    sampleRateHz: view.getFloat64(40, true),
    sentTimeMs: view.getFloat64(SENT_TIME_OFFSET, true),
    relayedTimeMs: view.getFloat64(RELAYED_TIME_OFFSET, true),
    samples,
  };
}
