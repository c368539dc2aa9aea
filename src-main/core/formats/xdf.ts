// Reader of XDF files (Lab Streaming Layer recordings): one numeric stream as channels, marker streams as events, clock offsets applied.
import { normaliseChannelName, type ChannelInfo, type RecordingEvent } from '../recording.ts';
import { formatError, readExactly, utf8Text, viewOf, type ByteSource } from './byte-source.ts';
import { MAX_CHANNELS, MAX_EVENTS, sampleRateProblem } from './limits.ts';
import { checkWindow, windowOutputs, type SignalFile } from './signal-file.ts';

type ChannelFormat = 'float32' | 'double64' | 'int8' | 'int16' | 'int32' | 'int64' | 'string';
const VALUE_BYTES: Record<Exclude<ChannelFormat, 'string'>, number> = { float32: 4, double64: 8, int8: 1, int16: 2, int32: 4, int64: 8 };
const INTEGER_RANGES: Partial<Record<ChannelFormat, [number, number]>> = {
  int8: [-128, 127], int16: [-32768, 32767], int32: [-2147483648, 2147483647], int64: [-9223372036854775808, 9223372036854775807],
};

export interface XdfStreamSummary {
  id: number;
  name: string;
  type: string;
  channelCount: number;
  nominalRateHz: number;
  channelFormat: string;
  sampleCount: number;
  /** How the stream appears in the recording: its channels, its events, or not at all. */
  role: 'channels' | 'events' | 'not loaded';
}

interface SampleChunk {
  /** Byte offset of the first sample in the file. */
  offset: number;
  end: number;
  firstSample: number;
  count: number;
}

interface Stream {
  id: number;
  header: string;
  name: string;
  type: string;
  channelCount: number;
  nominalRateHz: number;
  format: ChannelFormat;
  chunks: SampleChunk[];
  sampleCount: number;
  clockOffsets: { time: number; value: number }[];
  labels: string[];
  units: string[];
}

/** A numeric chunk's byte offset is remembered for every this many samples, so a window is found without decoding what comes before it. */
const INDEX_STEP = 256;
/** Bytes read at a time while walking a chunk's samples. */
const SCAN_BYTES = 4 * 1024 * 1024;

export function looksLikeXdf(first8: Uint8Array): boolean {
  return first8.length >= 4 && first8[0] === 0x58 && first8[1] === 0x44 && first8[2] === 0x46 && first8[3] === 0x3a;
}

/**
 * Opens an XDF file. The numeric stream with the most channels (then the highest rate) becomes the
 * channels; string streams and numeric streams of nominal rate 0 become events. Time 0 is the first
 * sample of that stream; time stamps of every stream are corrected by the stream's clock offsets
 * (a least-squares line per clock segment, a new segment at each clock reset).
 */
export function openXdf(source: ByteSource): SignalFile {
  readExactly(source, 0, 4, 'magic');
  const warnings: string[] = [];
  const streams = new Map<number, Stream>();
  let fileHeader = '';
  let position = 4;
  while (position < source.size) {
    const chunkStart = position;
    const widthByte = readExactly(source, position, 1, 'chunk length width')[0];
    if (widthByte !== 1 && widthByte !== 4 && widthByte !== 8) {
      throw formatError(source, 'chunk length width', position, `expected 1, 4 or 8, found ${widthByte}`);
    }
    if (position + 1 + widthByte > source.size) {
      warnings.push(`the file ends inside the chunk header at byte ${chunkStart}; the rest is ignored (truncated recording?)`);
      break;
    }
    const length = readUint(source, position + 1, widthByte, 'chunk length');
    const contentStart = position + 1 + widthByte;
    if (length < 2) throw formatError(source, 'chunk length', position + 1, `${length} is too short for a chunk tag`);
    if (contentStart + length > source.size) {
      warnings.push(`the chunk at byte ${chunkStart} claims ${length} bytes but the file ends at ${source.size}; it and anything after it are ignored (truncated recording?)`);
      break;
    }
    const tag = viewOf(readExactly(source, contentStart, 2, 'chunk tag')).getUint16(0, true);
    const body = contentStart + 2;
    const bodyEnd = contentStart + length;
    position = bodyEnd;
    switch (tag) {
      case 1:
        fileHeader = utf8Text(readExactly(source, body, bodyEnd - body, 'file header'));
        break;
      case 2: {
        const id = streamId(source, body, bodyEnd);
        const xml = utf8Text(readExactly(source, body + 4, bodyEnd - body - 4, `stream ${id} header`));
        streams.set(id, parseStreamHeader(source, id, xml, body + 4));
        break;
      }
      case 3: {
        const id = streamId(source, body, bodyEnd);
        const stream = streams.get(id);
        if (!stream) throw formatError(source, 'samples chunk stream id', body, `samples of stream ${id} come before its header`);
        const countWidth = readExactly(source, body + 4, 1, 'sample count width')[0];
        if (countWidth !== 1 && countWidth !== 4 && countWidth !== 8) throw formatError(source, 'sample count width', body + 4, `expected 1, 4 or 8, found ${countWidth}`);
        if (body + 5 + countWidth > bodyEnd) throw formatError(source, 'sample count', body + 5, 'the chunk ends inside its sample count');
        const count = readUint(source, body + 5, countWidth, 'sample count');
        const minimum = count * (1 + (stream.format === 'string' ? stream.channelCount * 2 : stream.channelCount * VALUE_BYTES[stream.format]));
        if (minimum > bodyEnd - body) throw formatError(source, 'sample count', body + 5, `${count} samples cannot fit in a chunk of ${bodyEnd - body} bytes`);
        stream.chunks.push({ offset: body + 5 + countWidth, end: bodyEnd, firstSample: stream.sampleCount, count });
        stream.sampleCount += count;
        break;
      }
      case 4: {
        const id = streamId(source, body, bodyEnd);
        if (bodyEnd - body < 20) throw formatError(source, 'clock offset chunk', body, `expected 20 bytes, found ${bodyEnd - body}`);
        const v = viewOf(readExactly(source, body + 4, 16, 'clock offset'));
        streams.get(id)?.clockOffsets.push({ time: v.getFloat64(0, true), value: v.getFloat64(8, true) });
        break;
      }
      default:
        // 5 boundary, 6 stream footer (its summary is not needed: the samples are counted), others unknown.
        break;
    }
  }
  if (streams.size === 0) throw formatError(source, 'stream header', 4, 'the file has no stream');

  const numeric = [...streams.values()].filter((s) => s.format !== 'string' && s.nominalRateHz > 0 && s.sampleCount > 0);
  numeric.sort((a, b) => b.channelCount - a.channelCount || b.nominalRateHz - a.nominalRateHz || a.id - b.id);
  const primary = numeric[0] ?? null;
  const eventStreams = [...streams.values()].filter((s) => s.format === 'string' || (s.nominalRateHz === 0 && s.channelCount === 1));
  const eventCount = eventStreams.reduce((n, s) => n + s.sampleCount, 0);
  if (eventCount > MAX_EVENTS) {
    throw formatError(source, 'sample count', eventStreams[0].chunks[0]?.offset ?? 4, `the marker streams hold ${eventCount} events, more than the ${MAX_EVENTS} NeuroFeat reads from one recording`);
  }

  const clock = new Map<number, (t: number) => number>();
  for (const s of streams.values()) {
    try {
      clock.set(s.id, clockCorrection(s.clockOffsets));
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      throw formatError(source, `stream ${s.id} clock offsets`, 4, `${error.message}: more than ${MAX_UNORDERED_CLOCK_SEGMENTS} resets backwards, the offsets cannot be applied`);
    }
  }

  let origin = 0;
  if (primary) {
    origin = clock.get(primary.id)!(firstTimestamp(source, primary, primary.chunks[0]));
    if (!Number.isFinite(origin)) origin = 0;
  } else {
    warnings.push('no numeric stream with a nominal rate and samples: the recording has events only');
  }

  const events: RecordingEvent[] = [];
  for (const s of eventStreams) {
    const correct = clock.get(s.id)!;
    let previous = NaN;
    for (const chunk of s.chunks) {
      const parsed = parseChunk(source, s, chunk, true, previous);
      if (chunk.count > 0) previous = parsed.timestamps[chunk.count - 1];
      parsed.timestamps.forEach((t, i) => {
        const value = parsed.strings ? parsed.strings[i] : String(parsed.values![i * s.channelCount]);
        const numericCode = /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : null;
        events.push({ onsetSec: correct(t) - origin, durationSec: 0, code: Number.isSafeInteger(numericCode) ? numericCode : null, label: value });
      });
    }
  }
  events.sort((a, b) => a.onsetSec - b.onsetSec);

  const summaries: XdfStreamSummary[] = [...streams.values()].map((s) => ({
    id: s.id, name: s.name, type: s.type, channelCount: s.channelCount, nominalRateHz: s.nominalRateHz,
    channelFormat: s.format, sampleCount: s.sampleCount,
    role: s === primary ? 'channels' : eventStreams.includes(s) ? 'events' : 'not loaded',
  }));
  for (const s of summaries) {
    if (s.role === 'not loaded' && s.sampleCount > 0) {
      warnings.push(`stream ${s.id} '${s.name}' (${s.channelCount} x ${s.channelFormat} at ${s.nominalRateHz} Hz) is not loaded: only one numeric stream becomes channels`);
    }
  }

  const rate = primary?.nominalRateHz ?? 0;
  const range = primary ? INTEGER_RANGES[primary.format] : undefined;
  const channels: ChannelInfo[] = primary
    ? primary.labels.map((label, i) => ({
      label,
      name: normaliseChannelName(label),
      unit: primary.units[i],
      sampleRateHz: rate,
      physicalMin: range ? range[0] : NaN,
      physicalMax: range ? range[1] : NaN,
      digitalMin: range ? range[0] : NaN,
      digitalMax: range ? range[1] : NaN,
    }))
    : [];
  const nSamples = primary?.sampleCount ?? 0;
  const version = /<version>\s*([^<]*?)\s*<\/version>/.exec(fileHeader)?.[1] ?? '1.0';

  /** Sample offsets of the primary stream's chunks, built on the first window that needs each chunk. */
  const chunkIndex = new Map<SampleChunk, Float64Array>();
  const file: SignalFile = {
    format: 'xdf',
    version: `XDF ${version}`,
    channels,
    sampleRateHz: rate,
    nSamples,
    durationSec: rate > 0 ? nSamples / rate : 0,
    startTime: null,
    events,
    segments: nSamples > 0 ? [{ startSample: 0, nSamples, fileOnsetSec: 0 }] : [],
    warnings,
    unfinalised: null,
    header: {
      streams: JSON.stringify(summaries),
      primaryStream: primary ? `${primary.id} ${primary.name}` : '',
      firstTimestampSec: origin,
    },
    readSamples(channelIndices, start, count, into) {
      checkWindow(file, channelIndices, start, count);
      const outputs = windowOutputs(file, channelIndices, start, count, into);
      if (!primary || count === 0) return outputs;
      const end = start + count;
      let index = firstChunkAt(primary.chunks, start);
      for (; index < primary.chunks.length && primary.chunks[index].firstSample < end; index++) {
        const chunk = primary.chunks[index];
        let offsets = chunkIndex.get(chunk);
        if (!offsets) chunkIndex.set(chunk, offsets = indexChunk(source, primary, chunk));
        readChunkWindow(source, primary, chunk, offsets, Math.max(start, chunk.firstSample), Math.min(end, chunk.firstSample + chunk.count), channelIndices, outputs, start);
      }
      return outputs;
    },
  };
  return file;
}

/** Summaries of the streams of an opened XDF file (kept in its header as JSON). */
export function xdfStreams(file: SignalFile): XdfStreamSummary[] {
  return file.format === 'xdf' ? JSON.parse(String(file.header.streams)) : [];
}

function firstChunkAt(chunks: SampleChunk[], sample: number): number {
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (chunks[mid].firstSample <= sample) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Bytes of one numeric sample's values (all channels). */
function valueBytes(stream: Stream): number {
  return stream.channelCount * VALUE_BYTES[stream.format as Exclude<ChannelFormat, 'string'>];
}

/** The time stamp of a chunk's first sample (NaN when it has none: it is then deduced from earlier ones). */
function firstTimestamp(source: ByteSource, stream: Stream, chunk: SampleChunk): number {
  if (chunk.count === 0) return NaN;
  const width = readExactly(source, chunk.offset, 1, `stream ${stream.id} time stamp width`)[0];
  if (width !== 8) return NaN;
  if (chunk.offset + 9 > chunk.end) throw formatError(source, `stream ${stream.id} time stamp`, chunk.offset + 1, `the samples chunk ends at byte ${chunk.end}`);
  return viewOf(readExactly(source, chunk.offset + 1, 8, `stream ${stream.id} time stamp`)).getFloat64(0, true);
}

/**
 * One pass over a numeric chunk, reading only the time stamp widths (a window of the file at a time):
 * the byte offset of every INDEX_STEP-th sample. Checks that every sample lies inside the chunk.
 */
function indexChunk(source: ByteSource, stream: Stream, chunk: SampleChunk): Float64Array {
  const offsets = new Float64Array(Math.ceil(chunk.count / INDEX_STEP));
  const sampleBytes = valueBytes(stream);
  let buffer: Uint8Array = new Uint8Array(0);
  let bufferStart = chunk.offset;
  let p = chunk.offset;
  for (let i = 0; i < chunk.count; i++) {
    if (i % INDEX_STEP === 0) offsets[i / INDEX_STEP] = p;
    if (p >= bufferStart + buffer.length) {
      if (p >= chunk.end) throw formatError(source, `stream ${stream.id} time stamp width`, p, `sample ${chunk.firstSample + i + 1} starts past the end of its samples chunk (byte ${chunk.end})`);
      bufferStart = p;
      buffer = readExactly(source, p, Math.min(SCAN_BYTES, chunk.end - p), `stream ${stream.id} samples`);
    }
    const width = buffer[p - bufferStart];
    if (width !== 0 && width !== 8) throw formatError(source, `stream ${stream.id} time stamp width`, p, `expected 0 or 8, found ${width}`);
    p += 1 + width + sampleBytes;
  }
  if (p > chunk.end) throw formatError(source, `stream ${stream.id} values`, chunk.end, `the last sample of the chunk runs ${p - chunk.end} bytes past its end`);
  return offsets;
}

/** Decodes samples [from, to) of the listed channels of one numeric chunk into `outputs` (index 0 = sample `windowStart`), reading only their bytes. */
function readChunkWindow(
  source: ByteSource, stream: Stream, chunk: SampleChunk, offsets: Float64Array, from: number, to: number,
  channelIndices: readonly number[], outputs: Float32Array[], windowStart: number,
): void {
  if (to <= from) return;
  const size = VALUE_BYTES[stream.format as Exclude<ChannelFormat, 'string'>];
  const sampleBytes = valueBytes(stream);
  const step = Math.floor((from - chunk.firstSample) / INDEX_STEP);
  let sample = chunk.firstSample + step * INDEX_STEP;
  const begin = offsets[step];
  // At most 9 bytes of time stamp per sample: the bytes of the window and of the samples skipped before it.
  const length = Math.min(chunk.end - begin, (to - sample) * (9 + sampleBytes));
  const bytes = readExactly(source, begin, length, `stream ${stream.id} samples`);
  const view = viewOf(bytes);
  const read = valueReader(view, stream.format);
  let p = 0;
  for (; sample < to; sample++) {
    p += 1 + bytes[p];
    if (sample >= from) {
      const o = sample - windowStart;
      for (let k = 0; k < channelIndices.length; k++) outputs[k][o] = read(p + channelIndices[k] * size);
    }
    p += sampleBytes;
  }
}

function valueReader(view: DataView, format: ChannelFormat): (p: number) => number {
  switch (format) {
    case 'float32': return (p) => view.getFloat32(p, true);
    case 'double64': return (p) => view.getFloat64(p, true);
    case 'int8': return (p) => view.getInt8(p);
    case 'int16': return (p) => view.getInt16(p, true);
    case 'int32': return (p) => view.getInt32(p, true);
    case 'int64': return (p) => Number(view.getBigInt64(p, true));
    default: throw new Error(`XDF ${format} samples have no numeric reader`);
  }
}

/** Parses one samples chunk: time stamps (deduced from the nominal rate where a sample has none) and values. */
function parseChunk(source: ByteSource, stream: Stream, chunk: SampleChunk, wantStrings: boolean, previousTimestamp = NaN) {
  const bytes = readExactly(source, chunk.offset, chunk.end - chunk.offset, `stream ${stream.id} samples`);
  const view = viewOf(bytes);
  const timestamps = new Float64Array(chunk.count);
  const isString = stream.format === 'string';
  const values = isString ? null : new Float64Array(chunk.count * stream.channelCount);
  // An event is the text of a sample's first channel: the other channels are skipped, not kept.
  const strings: string[] | null = isString && wantStrings ? [] : null;
  const size = isString ? 0 : VALUE_BYTES[stream.format as Exclude<ChannelFormat, 'string'>];
  const need = (p: number, n: number, what: string) => {
    if (p + n > bytes.length) throw formatError(source, `stream ${stream.id} ${what}`, chunk.offset + p, `the samples chunk ends at byte ${chunk.end}`);
  };
  let p = 0;
  let last = previousTimestamp;
  for (let i = 0; i < chunk.count; i++) {
    need(p, 1, 'time stamp width');
    const tsBytes = bytes[p++];
    if (tsBytes === 8) {
      need(p, 8, 'time stamp');
      last = view.getFloat64(p, true);
      p += 8;
    } else if (tsBytes === 0) {
      last = stream.nominalRateHz > 0 ? last + 1 / stream.nominalRateHz : last;
    } else {
      throw formatError(source, `stream ${stream.id} time stamp width`, chunk.offset + p - 1, `expected 0 or 8, found ${tsBytes}`);
    }
    timestamps[i] = last;
    if (isString) {
      for (let c = 0; c < stream.channelCount; c++) {
        need(p, 1, 'string length width');
        const width = bytes[p++];
        if (width !== 1 && width !== 4 && width !== 8) throw formatError(source, `stream ${stream.id} string length width`, chunk.offset + p - 1, `expected 1, 4 or 8, found ${width}`);
        need(p, width, 'string length');
        const length = width === 1 ? bytes[p] : width === 4 ? view.getUint32(p, true) : Number(view.getBigUint64(p, true));
        p += width;
        need(p, length, 'string');
        if (strings && c === 0) strings.push(utf8Text(bytes.subarray(p, p + length)));
        p += length;
      }
    } else {
      need(p, size * stream.channelCount, 'values');
      const base = i * stream.channelCount;
      for (let c = 0; c < stream.channelCount; c++, p += size) {
        let v: number;
        switch (stream.format) {
          case 'float32': v = view.getFloat32(p, true); break;
          case 'double64': v = view.getFloat64(p, true); break;
          case 'int8': v = view.getInt8(p); break;
          case 'int16': v = view.getInt16(p, true); break;
          case 'int32': v = view.getInt32(p, true); break;
          default: v = Number(view.getBigInt64(p, true)); break;
        }
        values![base + c] = v;
      }
    }
  }
  return { timestamps, values, strings };
}

function parseStreamHeader(source: ByteSource, id: number, xml: string, offset: number): Stream {
  const field = (name: string) => decodeXml(new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1]?.trim() ?? '');
  const channelCount = Number(field('channel_count'));
  if (!Number.isInteger(channelCount) || channelCount < 1 || channelCount > MAX_CHANNELS) {
    throw formatError(source, `stream ${id} channel_count`, offset, `'${field('channel_count')}' is not a channel count between 1 and ${MAX_CHANNELS}`);
  }
  const nominalRateHz = Number(field('nominal_srate') || '0');
  if (!Number.isFinite(nominalRateHz) || nominalRateHz < 0) throw formatError(source, `stream ${id} nominal_srate`, offset, `'${field('nominal_srate')}' is not a rate`);
  const rateProblem = nominalRateHz > 0 ? sampleRateProblem(nominalRateHz) : null;
  if (rateProblem) throw formatError(source, `stream ${id} nominal_srate`, offset, `'${field('nominal_srate')}' ${rateProblem}`);
  const format = field('channel_format') as ChannelFormat;
  if (!(format in VALUE_BYTES) && format !== 'string') {
    throw formatError(source, `stream ${id} channel_format`, offset, `'${format}' is not one of float32, double64, int8, int16, int32, int64, string`);
  }
  const name = field('name');
  const labels: string[] = [];
  const units: string[] = [];
  const channelsBlock = /<channels>([\s\S]*?)<\/channels>/.exec(xml)?.[1] ?? '';
  for (const match of channelsBlock.matchAll(/<channel>([\s\S]*?)<\/channel>/g)) {
    labels.push(decodeXml(/<label>([^<]*)<\/label>/.exec(match[1])?.[1]?.trim() ?? ''));
    units.push(decodeXml(/<unit>([^<]*)<\/unit>/.exec(match[1])?.[1]?.trim() ?? ''));
  }
  for (let i = 0; i < channelCount; i++) {
    if (!labels[i]) labels[i] = `${name || 'stream'} ${i + 1}`;
    units[i] ??= '';
  }
  labels.length = channelCount;
  units.length = channelCount;
  return { id, header: xml, name, type: field('type'), channelCount, nominalRateHz, format, chunks: [], sampleCount: 0, clockOffsets: [], labels, units };
}

/** Clock resets that go back in time are rare (a recorder restarted); more than this many is a damaged file. */
export const MAX_UNORDERED_CLOCK_SEGMENTS = 256;

/**
 * A function mapping a stream's time stamps onto the recorder's clock: time + offset(time), with the
 * offset a least-squares line over each clock segment. A new segment starts where the offset
 * measurements go back in time or the offset jumps by more than a second (a clock reset).
 */
export function clockCorrection(offsets: readonly { time: number; value: number }[]): (t: number) => number {
  if (offsets.length === 0) return (t) => t;
  const segments: { from: number; to: number; intercept: number; slope: number }[] = [];
  let start = 0;
  const close = (end: number) => {
    const part = offsets.slice(start, end);
    const n = part.length;
    const meanT = part.reduce((s, o) => s + o.time, 0) / n;
    const meanV = part.reduce((s, o) => s + o.value, 0) / n;
    let sxx = 0;
    let sxy = 0;
    for (const o of part) {
      sxx += (o.time - meanT) ** 2;
      sxy += (o.time - meanT) * (o.value - meanV);
    }
    const slope = n > 1 && sxx > 0 ? sxy / sxx : 0;
    segments.push({ from: part[0].time, to: part[n - 1].time, intercept: meanV - slope * meanT, slope });
  };
  for (let i = 1; i < offsets.length; i++) {
    if (offsets[i].time < offsets[i - 1].time || Math.abs(offsets[i].value - offsets[i - 1].value) > 1) {
      close(i);
      start = i;
    }
  }
  close(offsets.length);
  const ordered = segments.every((seg, i) => i === 0 || seg.from >= segments[i - 1].to);
  if (ordered && segments.length > 8) {
    // Segments in time order without overlap (every recording whose clock resets went forwards): the nearest
    // is the last one starting at or before t, or the one after it; found by bisection, not by a scan per sample.
    return (t) => {
      let lo = 0;
      let hi = segments.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (segments[mid].from <= t) lo = mid;
        else hi = mid - 1;
      }
      const distance = (seg: { from: number; to: number }) => (t < seg.from ? seg.from - t : t > seg.to ? t - seg.to : 0);
      const next = segments[lo + 1];
      const best = next && distance(next) < distance(segments[lo]) ? next : segments[lo];
      return t + best.intercept + best.slope * t;
    };
  }
  if (segments.length > MAX_UNORDERED_CLOCK_SEGMENTS) {
    throw new RangeError(`${segments.length} clock segments out of time order`);
  }
  return (t) => {
    // The segment whose span is nearest to the time stamp (inside it, or closest to its ends).
    let best = segments[0];
    let bestDistance = Infinity;
    for (const s of segments) {
      const distance = t < s.from ? s.from - t : t > s.to ? t - s.to : 0;
      if (distance < bestDistance) {
        best = s;
        bestDistance = distance;
      }
    }
    return t + best.intercept + best.slope * t;
  };
}

function streamId(source: ByteSource, body: number, bodyEnd: number): number {
  if (bodyEnd - body < 4) throw formatError(source, 'stream id', body, 'the chunk ends before its stream id');
  return viewOf(readExactly(source, body, 4, 'stream id')).getUint32(0, true);
}

function readUint(source: ByteSource, offset: number, width: number, field: string): number {
  const v = viewOf(readExactly(source, offset, width, field));
  const value = width === 1 ? v.getUint8(0) : width === 4 ? v.getUint32(0, true) : Number(v.getBigUint64(0, true));
  if (!Number.isSafeInteger(value)) throw formatError(source, field, offset, `${value} is not a usable length`);
  return value;
}

function decodeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
