// Byte builders for EDF/BDF, GDF and XDF files with any header values, consistent in structure but not in sense, for probes and fuzzers.
import type { Random } from '../../src-main/core/random.ts';

const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);

// ---------------------------------------------------------------- EDF / BDF

export interface EdfSignalSpec {
  label: string;
  physicalMin: string;
  physicalMax: string;
  digitalMin: string;
  digitalMax: string;
  samplesPerRecord: string;
}

export interface EdfSpec {
  kind: 'EDF' | 'BDF';
  /** Reserved field: `EDF+C`, `EDF+D`, '' ... */
  reserved: string;
  declaredRecords: string;
  recordDuration: string;
  signals: EdfSignalSpec[];
  /** Bytes after the header (filled with a pattern, or given). */
  data: number | Uint8Array;
}

/** An EDF/BDF file with exactly the given header texts (each cut or padded to its field, as a careless writer would). */
export function edfBytes(spec: EdfSpec): Uint8Array {
  const ns = spec.signals.length;
  const headerBytes = 256 * (ns + 1);
  const dataBytes = typeof spec.data === 'number' ? spec.data : spec.data.length;
  const bytes = new Uint8Array(headerBytes + dataBytes).fill(0x20, 0, headerBytes);
  const put = (offset: number, width: number, text: string) => bytes.set(latin1(text.slice(0, width)), offset);
  if (spec.kind === 'BDF') {
    bytes[0] = 0xff;
    put(1, 7, 'BIOSEMI');
  } else put(0, 8, '0');
  put(8, 80, 'X X X X');
  put(88, 80, 'Startdate 02-JAN-2024 X X X');
  put(168, 8, '02.01.24');
  put(176, 8, '03.04.05');
  put(184, 8, String(headerBytes));
  put(192, 44, spec.reserved);
  put(236, 8, spec.declaredRecords);
  put(244, 8, spec.recordDuration);
  put(252, 4, String(ns));
  const widths = [16, 80, 8, 8, 8, 8, 8, 80, 8, 32];
  const values: ((s: EdfSignalSpec) => string)[] = [
    (s) => s.label, () => '', () => 'uV', (s) => s.physicalMin, (s) => s.physicalMax,
    (s) => s.digitalMin, (s) => s.digitalMax, () => '', (s) => s.samplesPerRecord, () => '',
  ];
  let offset = 256;
  widths.forEach((width, f) => {
    spec.signals.forEach((s, i) => put(offset + i * width, width, values[f](s)));
    offset += width * ns;
  });
  if (typeof spec.data === 'number') {
    for (let i = headerBytes; i < bytes.length; i++) bytes[i] = (i * 131) & 0xff;
  } else bytes.set(spec.data, headerBytes);
  return bytes;
}

/** One EDF+ annotation signal's bytes for `records` records of `bytesPerRecord` holding `perRecord` tiny TALs each. */
export function talRecords(records: number, bytesPerRecord: number, perRecord: number): Uint8Array[] {
  return Array.from({ length: records }, (_, r) => {
    let text = `+${r}\x14\x14\x00`;
    for (let k = 0; k < perRecord; k++) text += `+${r}\x14e\x14\x00`;
    const out = new Uint8Array(bytesPerRecord);
    out.set(latin1(text.slice(0, bytesPerRecord)));
    return out;
  });
}

// ---------------------------------------------------------------- GDF

export interface GdfChannelSpec {
  physicalMin: number;
  physicalMax: number;
  digitalMin: number;
  digitalMax: number;
  samplesPerRecord: number;
  dataType: number;
}

export interface GdfEventTableSpec {
  mode: number;
  /** Declared count (uint24 from version 1.94). */
  count: number;
  rate: number;
  /** Bytes of entries actually present after the 8-byte table header. */
  entryBytes: number;
}

export interface GdfRawSpec {
  version: '1.25' | '2.22';
  declaredRecords: number;
  /** Seconds per record (2.22: the float64; 1.25: as numerator / denominator). */
  recordDuration: number | [number, number];
  channels: GdfChannelSpec[];
  dataBytes: number;
  events: GdfEventTableSpec | null;
}

export function gdfBytes(spec: GdfRawSpec): Uint8Array {
  const ns = spec.channels.length;
  const v2 = spec.version === '2.22';
  const headerBytes = 256 * (ns + 1);
  const eventBytes = spec.events ? 8 + spec.events.entryBytes : 0;
  const bytes = new Uint8Array(headerBytes + spec.dataBytes + eventBytes);
  const view = new DataView(bytes.buffer);
  bytes.set(latin1(`GDF ${spec.version}`), 0);
  if (v2) {
    view.setUint16(184, headerBytes / 256, true);
    view.setUint16(252, ns, true);
  } else {
    bytes.set(latin1('2020010112300000'), 168);
    view.setBigInt64(184, BigInt(headerBytes), true);
    view.setUint32(252, ns, true);
  }
  view.setBigInt64(236, BigInt(spec.declaredRecords), true);
  if (v2) view.setFloat64(244, typeof spec.recordDuration === 'number' ? spec.recordDuration : spec.recordDuration[0] / spec.recordDuration[1], true);
  else {
    const [num, den] = typeof spec.recordDuration === 'number' ? [Math.round(spec.recordDuration * 1000), 1000] : spec.recordDuration;
    view.setUint32(244, num >>> 0, true);
    view.setUint32(248, den >>> 0, true);
  }
  const base = 256;
  spec.channels.forEach((c, i) => {
    bytes.set(latin1(`C${i + 1}`), base + i * 16);
    view.setFloat64(base + ns * 104 + i * 8, c.physicalMin, true);
    view.setFloat64(base + ns * 112 + i * 8, c.physicalMax, true);
    if (v2) {
      view.setFloat64(base + ns * 120 + i * 8, c.digitalMin, true);
      view.setFloat64(base + ns * 128 + i * 8, c.digitalMax, true);
    } else {
      view.setBigInt64(base + ns * 120 + i * 8, BigInt(Math.trunc(Math.max(-9e18, Math.min(9e18, c.digitalMin)))), true);
      view.setBigInt64(base + ns * 128 + i * 8, BigInt(Math.trunc(Math.max(-9e18, Math.min(9e18, c.digitalMax)))), true);
    }
    view.setInt32(base + ns * 216 + i * 4, c.samplesPerRecord | 0, true);
    view.setInt32(base + ns * 220 + i * 4, c.dataType, true);
  });
  for (let p = headerBytes; p < headerBytes + spec.dataBytes; p++) bytes[p] = (p * 97) & 0xff;
  if (spec.events) {
    const at = headerBytes + spec.dataBytes;
    const { mode, count, rate } = spec.events;
    view.setUint8(at, mode);
    bytes[at + 1] = count & 0xff;
    bytes[at + 2] = (count >> 8) & 0xff;
    bytes[at + 3] = (count >> 16) & 0xff;
    view.setFloat32(at + 4, rate, true);
    // Positions 1, 2, 3 ... and codes 0x300 + k: a plausible table of any length.
    const n = Math.min(count, Math.floor(spec.events.entryBytes / 6));
    for (let k = 0; k < n; k++) {
      view.setUint32(at + 8 + k * 4, k + 1, true);
      if (8 + count * 4 + k * 2 + 2 <= 8 + spec.events.entryBytes) view.setUint16(at + 8 + count * 4 + k * 2, 0x300 + (k % 4), true);
    }
  }
  return bytes;
}

// ---------------------------------------------------------------- XDF

export type XdfChunk =
  | { tag: 'stream'; id: number; channelCount: string; rate: string; format: string; labels?: number }
  | { tag: 'samples'; id: number; count: number; body: Uint8Array }
  | { tag: 'clock'; id: number; time: number; value: number }
  | { tag: 'raw'; bytes: Uint8Array };

function xdfChunk(tag: number, content: Uint8Array): Uint8Array {
  const length = content.length + 2;
  const out = new Uint8Array(1 + 4 + length);
  out[0] = 4;
  new DataView(out.buffer).setUint32(1, length, true);
  new DataView(out.buffer).setUint16(5, tag, true);
  out.set(content, 7);
  return out;
}

/** Samples of a numeric stream: each with an 8-byte time stamp every `stampEvery` samples, values from the pattern. */
export function numericSamples(count: number, valueBytes: number, stampEvery = 1): Uint8Array {
  const stamped = Math.ceil(count / stampEvery);
  const out = new Uint8Array(count * (1 + valueBytes) + stamped * 8);
  const view = new DataView(out.buffer);
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (i % stampEvery === 0) {
      out[p++] = 8;
      view.setFloat64(p, 100 + i / 250, true);
      p += 8;
    } else out[p++] = 0;
    for (let b = 0; b < valueBytes; b++) out[p++] = (i * 7 + b * 13) & 0x7f;
  }
  return out;
}

/** Samples of a string stream with `channels` strings each of `length` bytes. */
export function stringSamples(count: number, channels: number, length: number): Uint8Array {
  const one = 9 + channels * (2 + length);
  const out = new Uint8Array(count * one);
  const view = new DataView(out.buffer);
  for (let i = 0, p = 0; i < count; i++) {
    out[p++] = 8;
    view.setFloat64(p, 100 + i, true);
    p += 8;
    for (let c = 0; c < channels; c++) {
      out[p++] = 1;
      out[p++] = length;
      out.fill(0x61 + (i % 26), p, p + length);
      p += length;
    }
  }
  return out;
}

export function xdfBytes(chunks: XdfChunk[]): Uint8Array {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [latin1('XDF:'), xdfChunk(1, encoder.encode('<?xml version="1.0"?><info><version>1.0</version></info>'))];
  for (const c of chunks) {
    if (c.tag === 'raw') {
      parts.push(c.bytes);
      continue;
    }
    const id = new Uint8Array(4);
    new DataView(id.buffer).setUint32(0, c.id, true);
    if (c.tag === 'stream') {
      const labels = Array.from({ length: c.labels ?? 0 }, (_, i) => `<channel><label>L${i}</label><unit>uV</unit></channel>`).join('');
      const xml = `<?xml version="1.0"?><info><name>S${c.id}</name><type>EEG</type><channel_count>${c.channelCount}</channel_count>` +
        `<nominal_srate>${c.rate}</nominal_srate><channel_format>${c.format}</channel_format><desc><channels>${labels}</channels></desc></info>`;
      parts.push(xdfChunk(2, concat([id, encoder.encode(xml)])));
    } else if (c.tag === 'samples') {
      const count = new Uint8Array(9);
      count[0] = 8;
      new DataView(count.buffer).setBigUint64(1, BigInt(c.count), true);
      parts.push(xdfChunk(3, concat([id, count, c.body])));
    } else {
      const v = new Uint8Array(16);
      new DataView(v.buffer).setFloat64(0, c.time, true);
      new DataView(v.buffer).setFloat64(8, c.value, true);
      parts.push(xdfChunk(4, concat([id, v])));
    }
  }
  return concat(parts);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// ---------------------------------------------------------------- structure-aware random headers

const pick = <T>(random: Random, items: readonly T[]): T => items[random.int(items.length)];
/** Mostly a sane value (so that files get past one field and reach the checks of the next), sometimes an absurd one. */
const mostly = <T>(random: Random, sane: readonly T[], absurd: readonly T[]): T => (random.next() < 0.75 ? pick(random, sane) : pick(random, absurd));

/** An EDF/BDF whose every field is valid on its own, drawn so that together they are often absurd. */
export function randomEdf(random: Random): Uint8Array {
  const kind = random.next() < 0.7 ? 'EDF' : 'BDF';
  const ns = pick(random, [1, 2, 3, 17, 255, 1024, 4096]);
  const plus = random.next() < 0.5;
  const spr = () => mostly(random, ['1', '2', '7', '256'], ['4096', '65536', '1000000', '99999999']);
  const range = () => mostly(random, [['-100', '100'], ['-.5', '.5'], ['0', '0']], [['-1e308', '1e308'], ['-1e15', '1e15'], ['-1e16', '1'], ['1e-300', '2e-300']]);
  const digital = kind === 'EDF' ? pick(random, [['-32768', '32767'], ['0', '1'], ['-1', '0']]) : pick(random, [['-8388608', '8388607'], ['0', '1']]);
  const signals: EdfSignalSpec[] = Array.from({ length: ns }, (_, i) => {
    const [pmin, pmax] = range();
    return { label: `S${i}`, physicalMin: pmin, physicalMax: pmax, digitalMin: digital[0], digitalMax: digital[1], samplesPerRecord: spr() };
  });
  if (plus) signals[ns - 1] = { label: `${kind} Annotations`, physicalMin: '-1', physicalMax: '1', digitalMin: digital[0], digitalMax: digital[1], samplesPerRecord: pick(random, ['30', '512', '65536']) };
  const data = pick(random, [0, 1, 100, 4096, 65536, 1 << 20, 4 << 20]);
  return edfBytes({
    kind,
    reserved: plus ? `${kind}+${random.next() < 0.5 ? 'C' : 'D'}` : '',
    declaredRecords: pick(random, ['-1', '0', '1', '3', '1000', '99999999']),
    recordDuration: mostly(random, ['1', '0.25', '.001', '86400'], ['0', '1e-9', '0.000001', '86401', '99999999', '1e300']),
    signals,
    data,
  });
}

/** A GDF 1.25 or 2.22 with independently valid, jointly absurd channel, record and event table values. */
export function randomGdf(random: Random): Uint8Array {
  const version = random.next() < 0.5 ? '1.25' : '2.22';
  const ns = pick(random, [1, 2, 5, 255, 4096]);
  const channels: GdfChannelSpec[] = Array.from({ length: ns }, () => {
    const [pmin, pmax] = mostly(random, [[-100, 100], [0, 0]], [[-1e308, 1e308], [-1e15, 1e15], [-Infinity, Infinity], [1e-300, 2e-300]]);
    const [dmin, dmax] = mostly(random, [[-32768, 32767], [-100, 100]], [[0, 1], [-1e308, 1e308]]);
    return {
      physicalMin: pmin, physicalMax: pmax, digitalMin: dmin, digitalMax: dmax,
      samplesPerRecord: mostly(random, [1, 8, 256], [0, 65536, 1 << 24]),
      dataType: pick(random, [1, 3, 5, 16, 17, 279, 8]),
    };
  });
  const dataBytes = pick(random, [0, 16, 4096, 1 << 20, 4 << 20]);
  return gdfBytes({
    version,
    declaredRecords: pick(random, [-1, 0, 1, 4, 1 << 20]),
    recordDuration: mostly(random, [1, 0.25, 86_400], [1e-9, 1e-6, 1e300]),
    channels,
    dataBytes,
    events: random.next() < 0.7
      ? { mode: pick(random, [1, 3, 5, 2]), count: pick(random, [0, 1, 100, 1 << 16, (1 << 24) - 1]), rate: pick(random, [0, 250, 1e-30, 3e38]), entryBytes: pick(random, [0, 600, 1 << 20, 6 << 20]) }
      : null,
  });
}

/** An XDF whose streams declare any channel count, rate and format, with chunks whose counts may or may not fit. */
export function randomXdf(random: Random): Uint8Array {
  const chunks: XdfChunk[] = [];
  // Sample bytes actually written, over all chunks: the files stay small, only the declarations are absurd.
  let budget = 8 << 20;
  const nStreams = 1 + random.int(3);
  for (let id = 1; id <= nStreams; id++) {
    const format = pick(random, ['float32', 'int8', 'int16', 'double64', 'string', 'int64']);
    const channels = mostly(random, [1, 2, 64], [4096, 4097, 65536]);
    chunks.push({ tag: 'stream', id, channelCount: String(channels), rate: mostly(random, ['0', '250', '1000000'], ['1e-9', '1e12', '0.001']), format, labels: pick(random, [0, Math.min(channels, 64)]) });
    const valueBytes = format === 'string' ? 0 : channels * ({ float32: 4, int8: 1, int16: 2, double64: 8, int64: 8 } as Record<string, number>)[format];
    const nChunks = pick(random, [0, 1, 3, 200]);
    for (let k = 0; k < nChunks; k++) {
      const stringChannels = Math.min(channels, 4);
      const stringLength = pick(random, [0, 1, 200]);
      const perSample = format === 'string' ? 9 + stringChannels * (2 + stringLength) : 9 + valueBytes;
      const actual = Math.max(0, Math.min(pick(random, [0, 1, 10, 1000, 100_000]), Math.floor(budget / perSample)));
      budget -= actual * perSample;
      const body = format === 'string' ? stringSamples(actual, stringChannels, stringLength) : numericSamples(actual, valueBytes, pick(random, [1, 7, 1_000_000]));
      const declared = mostly(random, [actual], [actual + 1, actual * 2, 0, 2 ** 40]);
      chunks.push({ tag: 'samples', id, count: declared, body });
    }
    for (let k = pick(random, [0, 2, 1000]); k > 0; k--) chunks.push({ tag: 'clock', id, time: k, value: random.next() < 0.1 ? 1e300 : -0.01 * k });
  }
  if (random.next() < 0.2) chunks.push({ tag: 'raw', bytes: Uint8Array.of(8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f, 0) });
  return xdfBytes(chunks);
}
