// Reader of GDF 1.x and 2.x files (Schlögl, "GDF - A general dataformat for biosignals", arXiv cs/0608052).
import type { ChannelInfo, RecordingEvent } from '../recording.ts';
import { formatError, latin1Text, readExactly, viewOf, type ByteSource } from './byte-source.ts';
import { gdfEventLabel } from './gdf-codes.ts';
import { MAX_CHANNELS, MAX_EVENTS, MAX_RECORD_BYTES, MAX_RECORD_DURATION_SEC, physicalRangeProblem, sampleRateProblem } from './limits.ts';
import { readRecordWindow, type RecordLayout } from './record-window.ts';
import { channelInfoOf, digitalToPhysical, rate, type SignalFile } from './signal-file.ts';

/** Bytes per sample of each GDF data type code; 279 and 535 are the 24-bit integers (255 + bits, 511 + bits). */
export const GDF_TYPE_BYTES: Readonly<Record<number, number>> = {
  1: 1, 2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 7: 8, 8: 8, 16: 4, 17: 8, 279: 3, 535: 3,
};

export interface GdfChannelHeader {
  label: string;
  unit: string;
  unitCode: number;
  physicalMin: number;
  physicalMax: number;
  digitalMin: number;
  digitalMax: number;
  samplesPerRecord: number;
  dataType: number;
  recordOffset: number;
}

/** Data types 16 and 17: floating-point samples, whose digital range may legitimately be as wide as the physical one. */
const FLOAT_TYPES = new Set([16, 17]);

export function looksLikeGdf(first8: Uint8Array): boolean {
  return first8.length >= 8 && latin1Text(first8.subarray(0, 4)) === 'GDF ';
}

/** Opens a GDF 1.x or 2.x file: header, event table and the tagged header section; samples on demand. */
export function openGdf(source: ByteSource): SignalFile {
  const fixed = readExactly(source, 0, 256, 'fixed header');
  const view = viewOf(fixed);
  const versionText = latin1Text(fixed.subarray(0, 8));
  const version = Number(versionText.slice(4).trim());
  if (!/^GDF \d\.\d+\s*$/.test(versionText) || !Number.isFinite(version)) {
    throw formatError(source, 'version', 0, `expected 'GDF x.yz', found '${versionText.replace(/[^\x20-\x7e]/g, '?')}'`);
  }
  const v2 = version > 1.9;
  const warnings: string[] = [];

  const ns = v2 ? view.getUint16(252, true) : view.getUint32(252, true);
  if (ns === 0) throw formatError(source, 'number of channels', 252, 'the file declares 0 channels');
  if (ns > MAX_CHANNELS) throw formatError(source, 'number of channels', 252, `${ns} channels is not plausible (at most ${MAX_CHANNELS})`);
  const headerBytes = v2 ? view.getUint16(184, true) * 256 : Number(view.getBigInt64(184, true));
  if (!(headerBytes >= 256 * (ns + 1)) || headerBytes > source.size) {
    throw formatError(source, 'header length', 184,
      `${headerBytes} bytes does not add up: ${ns} channels need at least ${256 * (ns + 1)} and the file has ${source.size}`);
  }
  const declaredRecords = Number(view.getBigInt64(236, true));
  if (declaredRecords < -1) throw formatError(source, 'number of records', 236, `${declaredRecords} is negative`);
  let recordDurationSec: number;
  if (version >= 2.21) {
    recordDurationSec = view.getFloat64(244, true);
  } else {
    const numerator = view.getUint32(244, true);
    const denominator = view.getUint32(248, true);
    recordDurationSec = denominator === 0 ? NaN : numerator / denominator;
  }
  if (!(recordDurationSec > 0) || !Number.isFinite(recordDurationSec)) {
    throw formatError(source, 'duration of a record', 244, `${recordDurationSec} s is not a positive duration (sample rates would be 0 or infinite)`);
  }
  if (recordDurationSec > MAX_RECORD_DURATION_SEC) {
    throw formatError(source, 'duration of a record', 244, `${recordDurationSec} s is longer than the ${MAX_RECORD_DURATION_SEC} s (a day) any record lasts`);
  }

  const variable = readExactly(source, 256, ns * 256, 'channel headers');
  const vview = viewOf(variable);
  const channelsRaw: GdfChannelHeader[] = [];
  // Field offsets (per-channel arrays) of the variable header.
  const at = (bytesBefore: number, i: number, width: number) => ns * bytesBefore + i * width;
  let recordBytes = 0;
  for (let i = 0; i < ns; i++) {
    const labelBytes = variable.subarray(at(0, i, 16), at(0, i, 16) + 16);
    const label = cString(labelBytes).trim();
    if (/[^\x20-\x7e]/.test(label)) warnings.push(`channel ${i + 1} label (byte ${256 + at(0, i, 16)}) has non-ASCII bytes: '${label.replace(/[^\x20-\x7e]/g, '?')}'`);
    let unit: string;
    let unitCode = 0;
    let physicalMin: number;
    let physicalMax: number;
    let digitalMin: number;
    let digitalMax: number;
    let spr: number;
    let dataType: number;
    if (v2) {
      const unitText = cString(variable.subarray(at(96, i, 6), at(96, i, 6) + 6)).trim();
      unitCode = vview.getUint16(at(102, i, 2), true);
      unit = unitFromCode(unitCode) ?? unitText;
      physicalMin = vview.getFloat64(at(104, i, 8), true);
      physicalMax = vview.getFloat64(at(112, i, 8), true);
      digitalMin = vview.getFloat64(at(120, i, 8), true);
      digitalMax = vview.getFloat64(at(128, i, 8), true);
      spr = vview.getInt32(at(216, i, 4), true);
      dataType = vview.getInt32(at(220, i, 4), true);
    } else {
      unit = cString(variable.subarray(at(96, i, 8), at(96, i, 8) + 8)).trim();
      physicalMin = vview.getFloat64(at(104, i, 8), true);
      physicalMax = vview.getFloat64(at(112, i, 8), true);
      digitalMin = Number(vview.getBigInt64(at(120, i, 8), true));
      digitalMax = Number(vview.getBigInt64(at(128, i, 8), true));
      spr = vview.getUint32(at(216, i, 4), true);
      dataType = vview.getUint32(at(220, i, 4), true);
    }
    const typeBytes = GDF_TYPE_BYTES[dataType];
    if (typeBytes === undefined) {
      throw formatError(source, `channel ${i + 1} data type`, 256 + at(220, i, 4), `unsupported GDF data type ${dataType} (supported: ${Object.keys(GDF_TYPE_BYTES).join(', ')})`);
    }
    if (!(spr >= 0) || spr > MAX_RECORD_BYTES) {
      throw formatError(source, `channel ${i + 1} samples per record`, 256 + at(216, i, 4), `${spr} is not a valid number of samples`);
    }
    if (spr > 0 && (![physicalMin, physicalMax, digitalMin, digitalMax].every(Number.isFinite) || digitalMax === digitalMin)) {
      throw formatError(source, `channel ${i + 1} digital maximum`, 256 + at(128, i, 8),
        `the channel's range ${physicalMin}..${physicalMax} (physical), ${digitalMin}..${digitalMax} (digital) cannot scale samples`);
    }
    if (spr > 0) {
      // Integer samples scale through the physical range, which must be sane; float samples need only a finite scale.
      const problem = FLOAT_TYPES.has(dataType) && isFiniteScale(physicalMin, physicalMax, digitalMin, digitalMax)
        ? null
        : physicalRangeProblem(physicalMin, physicalMax, digitalMin, digitalMax);
      if (problem) {
        throw formatError(source, `channel ${i + 1} physical maximum`, 256 + at(112, i, 8), problem);
      }
      const rateProblem = sampleRateProblem(spr / recordDurationSec);
      if (rateProblem) {
        throw formatError(source, 'duration of a record', 244, `${recordDurationSec} s with ${spr} samples per record (channel ${i + 1}) ${rateProblem}`);
      }
    }
    channelsRaw.push({ label, unit, unitCode, physicalMin, physicalMax, digitalMin, digitalMax, samplesPerRecord: spr, dataType, recordOffset: recordBytes });
    recordBytes += spr * typeBytes;
    if (recordBytes > MAX_RECORD_BYTES) {
      throw formatError(source, `channel ${i + 1} samples per record`, 256 + at(216, i, 4), `a record would exceed ${MAX_RECORD_BYTES} bytes; samples per record do not add up`);
    }
  }
  if (recordBytes === 0) throw formatError(source, 'samples per record', 256 + ns * 216, 'every channel has 0 samples per record: the file holds no signal');

  const eventDescriptions = v2 ? readTagDescriptions(source, 256 * (ns + 1), headerBytes, warnings) : [];

  const available = Math.floor((source.size - headerBytes) / recordBytes);
  let nRecords = declaredRecords;
  if (declaredRecords === -1) {
    nRecords = available;
    warnings.push(`the number of records is unknown (-1): ${available} complete records read, no event table`);
  } else if (declaredRecords > available) {
    nRecords = available;
    warnings.push(`the file is truncated: the header declares ${declaredRecords} records, only ${available} are complete`);
  }

  const kept = channelsRaw.map((c, index) => ({ c, index })).filter(({ c }) => c.samplesPerRecord > 0);
  if (kept.length < channelsRaw.length) warnings.push(`${channelsRaw.length - kept.length} channels with 0 samples per record (sparse sampling) are not read`);
  const maxSpr = kept.reduce((m, { c }) => Math.max(m, c.samplesPerRecord), 0);
  const sampleRateHz = rate(maxSpr, recordDurationSec);
  const channels: ChannelInfo[] = kept.map(({ c }) => channelInfoOf(c, recordDurationSec));

  const scales = kept.map(({ c }) => digitalToPhysical(c));
  const layout: RecordLayout = {
    dataOffset: headerBytes,
    recordBytes,
    maxSamplesPerRecord: maxSpr,
    samplesPerRecord: (c) => kept[c].c.samplesPerRecord,
  };

  const eventTableAt = headerBytes + nRecords * recordBytes;
  const events = declaredRecords === -1 || nRecords < declaredRecords
    ? []
    : readEventTable(source, eventTableAt, version, sampleRateHz, eventDescriptions, warnings);

  const file: SignalFile = {
    format: 'gdf',
    version: versionText.trim(),
    channels,
    sampleRateHz,
    nSamples: nRecords * maxSpr,
    durationSec: sampleRateHz > 0 ? (nRecords * maxSpr) / sampleRateHz : 0,
    startTime: v2 ? gdf2StartTime(view.getBigUint64(168, true)) : gdf1StartTime(latin1Text(fixed.subarray(168, 184))),
    events,
    segments: nRecords > 0 ? [{ startSample: 0, nSamples: nRecords * maxSpr, fileOnsetSec: 0 }] : [],
    warnings,
    unfinalised: null,
    header: {
      patient: cString(fixed.subarray(8, v2 ? 74 : 88)).trim(),
      recording: cString(fixed.subarray(88, v2 ? 152 : 168)).trim(),
      recordDurationSec,
      nRecords,
      declaredRecords,
      headerBytes,
    },
    readSamples(channelIndices, start, count, into) {
      // One sample reader per channel and chunk (over that chunk's bytes).
      let readers: ((p: number) => number)[] = [];
      let view: DataView | null = null;
      return readRecordWindow(file, source, layout, channelIndices, start, count, into, (_chunk, c, record, first, n, out, o) => {
        const channel = kept[c].c;
        const size = GDF_TYPE_BYTES[channel.dataType];
        const read = (readers[c] ??= sampleReader(view!, channel.dataType));
        const { gain, offset } = scales[c];
        for (let i = 0, p = record * recordBytes + channel.recordOffset + first * size; i < n; i++, p += size) out[o + i] = read(p) * gain + offset;
      }, (chunk) => {
        view = viewOf(chunk);
        readers = [];
      });
    },
  };
  return file;
}

function sampleReader(view: DataView, type: number): (p: number) => number {
  switch (type) {
    case 1: return (p) => view.getInt8(p);
    case 2: return (p) => view.getUint8(p);
    case 3: return (p) => view.getInt16(p, true);
    case 4: return (p) => view.getUint16(p, true);
    case 5: return (p) => view.getInt32(p, true);
    case 6: return (p) => view.getUint32(p, true);
    case 7: return (p) => Number(view.getBigInt64(p, true));
    case 8: return (p) => Number(view.getBigUint64(p, true));
    case 16: return (p) => view.getFloat32(p, true);
    case 17: return (p) => view.getFloat64(p, true);
    case 279: return (p) => ((view.getUint8(p) | (view.getUint8(p + 1) << 8) | (view.getUint8(p + 2) << 16)) << 8) >> 8;
    case 535: return (p) => view.getUint8(p) | (view.getUint8(p + 1) << 8) | (view.getUint8(p + 2) << 16);
    default: throw new Error(`GDF data type ${type} has no reader`);
  }
}

/**
 * The event table after the data: mode (1 or 3, with bit 2 set when time stamps follow), then for v >= 1.94 a uint24 count and a float32 rate,
 * before that a uint24 rate and a uint32 count; positions (uint32, 1-based samples), types (uint16),
 * and in mode 3 channels (uint16) and durations (uint32, samples).
 */
function readEventTable(source: ByteSource, offset: number, version: number, sampleRateHz: number, descriptions: string[], warnings: string[]): RecordingEvent[] {
  if (offset >= source.size) return [];
  if (offset + 8 > source.size) {
    warnings.push(`the event table at byte ${offset} is cut short (${source.size - offset} bytes); no events read`);
    return [];
  }
  const head = viewOf(readExactly(source, offset, 8, 'event table header'));
  const mode = head.getUint8(0);
  const uint24 = head.getUint8(1) | (head.getUint8(2) << 8) | (head.getUint8(3) << 16);
  let count: number;
  let eventRate: number;
  if (version >= 1.94) {
    count = uint24;
    eventRate = head.getFloat32(4, true);
  } else {
    eventRate = uint24;
    count = head.getUint32(4, true);
  }
  // Bit 0: positions and types; bit 1: channels and durations follow; bit 2: 8-byte time stamps follow (biosig 2.5x, not needed here).
  if (mode !== 1 && mode !== 3 && mode !== 5 && mode !== 7) throw formatError(source, 'event table mode', offset, `mode ${mode} is not supported (1, 3, 5 or 7)`);
  const withDurations = (mode & 2) !== 0;
  const entryBytes = (withDurations ? 12 : 6) + (mode & 4 ? 8 : 0);
  if (count > MAX_EVENTS) {
    throw formatError(source, 'number of events', offset + (version >= 1.94 ? 1 : 4), `${count} events are more than the ${MAX_EVENTS} NeuroFeat reads from one recording`);
  }
  if (count * entryBytes > source.size - offset - 8) {
    throw formatError(source, 'number of events', offset + (version >= 1.94 ? 1 : 4),
      `${count} events need ${count * entryBytes} bytes but only ${source.size - offset - 8} follow`);
  }
  if (!(eventRate > 0) || !Number.isFinite(eventRate)) {
    if (count > 0) warnings.push(`the event table's sample rate is ${eventRate}; event positions are read at the signal rate ${sampleRateHz} Hz`);
    eventRate = sampleRateHz;
  }
  const table = viewOf(readExactly(source, offset + 8, count * entryBytes, 'event table'));
  const events: RecordingEvent[] = [];
  for (let i = 0; i < count; i++) {
    const position = table.getUint32(i * 4, true);
    const code = table.getUint16(count * 4 + i * 2, true);
    const duration = withDurations ? table.getUint32(count * 8 + i * 4, true) : 0;
    events.push({ onsetSec: (position - 1) / eventRate, durationSec: duration / eventRate, code, label: gdfEventLabel(code, descriptions) });
  }
  return events;
}

/** Tag 1 of the tagged header section (GDF >= 2.10): NUL-separated texts of user event codes, the i-th for code i. */
function readTagDescriptions(source: ByteSource, start: number, end: number, warnings: string[]): string[] {
  if (end <= start) return [];
  const bytes = readExactly(source, start, end - start, 'tagged header');
  let position = 0;
  while (position + 4 <= bytes.length) {
    const tag = bytes[position];
    if (tag === 0) break;
    const length = bytes[position + 1] | (bytes[position + 2] << 8) | (bytes[position + 3] << 16);
    const valueStart = position + 4;
    if (valueStart + length > bytes.length) {
      warnings.push(`tagged header: tag ${tag} at byte ${start + position} claims ${length} bytes past the header's end; ignored`);
      break;
    }
    if (tag === 1) return latin1Text(bytes.subarray(valueStart, valueStart + length)).split('\0');
    position = valueStart + length;
  }
  return [];
}

function isFiniteScale(physicalMin: number, physicalMax: number, digitalMin: number, digitalMax: number): boolean {
  const gain = (physicalMax - physicalMin) / (digitalMax - digitalMin);
  return Number.isFinite(gain) && Number.isFinite(physicalMin - digitalMin * gain);
}

/** Text up to the first NUL. */
function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return latin1Text(end < 0 ? bytes : bytes.subarray(0, end));
}

const PREFIXES: Record<number, string> = {
  0: '', 1: 'da', 2: 'h', 3: 'k', 4: 'M', 5: 'G', 6: 'T', 7: 'P', 8: 'E', 9: 'Z', 10: 'Y',
  16: 'd', 17: 'c', 18: 'm', 19: 'u', 20: 'n', 21: 'p', 22: 'f', 23: 'a', 24: 'z', 25: 'y',
};
const BASE_UNITS: Record<number, string> = { 4256: 'V', 4288: 'Ohm', 6048: 'degC', 3872: 'Hz', 512: '' };

/** GDF 2 physical dimension code (ISO 11073 base unit + decimal prefix in the low 5 bits), or null if unknown. */
export function unitFromCode(code: number): string | null {
  if (code === 0) return null;
  if (code === 512) return '';
  const base = BASE_UNITS[code & ~31];
  const prefix = PREFIXES[code & 31];
  return base === undefined || prefix === undefined ? null : prefix + base;
}

/** GDF 1: `YYYYMMDDhhmmsscc` as ISO 8601. */
function gdf1StartTime(text: string): string | null {
  const m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)/.exec(text);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}` : null;
}

/** GDF 2: days since year 0 as a 32.32 fixed-point number (0 = unknown). */
function gdf2StartTime(raw: bigint): string | null {
  if (raw === 0n) return null;
  const days = Number(raw) / 2 ** 32;
  const epoch = new Date(0);
  epoch.setUTCFullYear(1, 0, 1);
  const ms = epoch.getTime() + (days - 367) * 86400000;
  const date = new Date(Math.round(ms));
  if (Number.isNaN(date.getTime())) return null;
  return date.toISOString().slice(0, 19);
}
