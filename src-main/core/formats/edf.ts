// Reader of EDF, EDF+ (continuous and discontinuous), BDF and BDF+ files over a ByteSource (edfplus.info).
import type { ChannelInfo, RecordingEvent } from '../recording.ts';
import { formatError, latin1Text, readExactly, type ByteSource } from './byte-source.ts';
import { readRecordWindow, type RecordLayout } from './record-window.ts';
import { channelInfoOf, digitalToPhysical, rate, type FileFormat, type Segment, type SignalFile, type Unfinalised } from './signal-file.ts';
import { MAX_CHANNELS, MAX_EVENTS, MAX_RECORD_BYTES, MAX_RECORD_DURATION_SEC, physicalRangeProblem, sampleRateProblem } from './limits.ts';
import { parseTalBlock } from './tal.ts';

/** One signal as its header describes it, annotation signals included. */
export interface EdfSignalHeader {
  label: string;
  transducer: string;
  unit: string;
  physicalMin: number;
  physicalMax: number;
  digitalMin: number;
  digitalMax: number;
  prefilter: string;
  samplesPerRecord: number;
  reserved: string;
  isAnnotation: boolean;
  /** Byte offset of this signal's samples inside one data record. */
  recordOffset: number;
}

export interface EdfHeader {
  kind: 'EDF' | 'BDF';
  /** `C` or `D` for EDF+/BDF+ files, null for plain EDF/BDF. */
  plus: 'C' | 'D' | null;
  patient: string;
  recording: string;
  /** `dd.mm.yy` and `hh.mm.ss` as written. */
  startDate: string;
  startTimeOfDay: string;
  headerBytes: number;
  /** As written: -1 while a writer is still recording. */
  declaredRecords: number;
  recordDurationSec: number;
  signals: EdfSignalHeader[];
  bytesPerSample: 2 | 3;
  recordBytes: number;
  /** Complete records present (the declared count, or fewer when the file is truncated or unfinalised). */
  nRecords: number;
  warnings: string[];
  unfinalised: Unfinalised | null;
}

const ANNOTATION_LABELS = new Set(['EDF Annotations', 'BDF Annotations']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** True when the bytes start like an EDF (`0` + 7 spaces) or BDF (`0xFF BIOSEMI`) file. */
export function looksLikeEdf(first8: Uint8Array): boolean {
  if (first8.length < 8) return false;
  if (first8[0] === 0xff) return latin1Text(first8.subarray(1, 8)) === 'BIOSEMI';
  return latin1Text(first8) === '0       ';
}

/** Parses and checks the fixed and per-signal headers; reads nothing of the data records. */
export function parseEdfHeader(source: ByteSource): EdfHeader {
  const fixed = readExactly(source, 0, 256, 'fixed header');
  const warnings: string[] = [];
  const text = (offset: number, length: number) => latin1Text(fixed.subarray(offset, offset + length));
  const field = (name: string, offset: number, length: number) => ({ name, offset, raw: text(offset, length) });

  let kind: 'EDF' | 'BDF';
  if (fixed[0] === 0xff && text(1, 7) === 'BIOSEMI') kind = 'BDF';
  else if (text(0, 8).trim() === '0') kind = 'EDF';
  else throw formatError(source, 'version', 0, `expected '0' (EDF) or 0xFF 'BIOSEMI' (BDF), found '${printable(text(0, 8))}'`);

  const integer = (f: { name: string; offset: number; raw: string }, min: number, max: number): number => {
    const trimmed = f.raw.trim();
    const value = Number(trimmed);
    if (!/^[+-]?\d+$/.test(trimmed) || !Number.isSafeInteger(value)) {
      throw formatError(source, f.name, f.offset, `expected an integer, found '${printable(f.raw.trim())}'`);
    }
    if (value < min || value > max) {
      throw formatError(source, f.name, f.offset, `${value} is outside the allowed range ${min}..${max}`);
    }
    return value;
  };
  const decimal = (f: { name: string; offset: number; raw: string }): number => {
    const trimmed = f.raw.trim();
    if (!NUMBER.test(trimmed) || !Number.isFinite(Number(trimmed))) throw formatError(source, f.name, f.offset, `expected a finite number, found '${printable(trimmed)}'`);
    return Number(trimmed);
  };

  const reserved = text(192, 44).trim();
  const plusMatch = /^(EDF|BDF)\+([CD])/.exec(reserved);
  const plus = plusMatch ? (plusMatch[2] as 'C' | 'D') : null;
  if (kind === 'BDF' && reserved !== '' && !reserved.startsWith('24BIT') && !plusMatch) {
    warnings.push(`reserved field is '${printable(reserved)}', expected '24BIT' or 'BDF+C'/'BDF+D'`);
  }

  const ns = integer(field('number of signals', 252, 4), 0, MAX_CHANNELS);
  if (ns === 0) throw formatError(source, 'number of signals', 252, 'the file declares 0 signals; an EDF/BDF file needs at least one');
  const headerBytes = integer(field('number of header bytes', 184, 8), 0, Number.MAX_SAFE_INTEGER);
  if (headerBytes !== 256 * (ns + 1)) {
    throw formatError(source, 'number of header bytes', 184,
      `${headerBytes} does not add up: ${ns} signals need 256 + ${ns} x 256 = ${256 * (ns + 1)} header bytes`);
  }
  const declaredRecords = integer(field('number of data records', 236, 8), -1, Number.MAX_SAFE_INTEGER);
  const recordDurationSec = decimal(field('duration of a data record', 244, 8));
  if (!(recordDurationSec >= 0) || !Number.isFinite(recordDurationSec)) {
    throw formatError(source, 'duration of a data record', 244, `${recordDurationSec} s is not a valid duration`);
  }
  if (recordDurationSec > MAX_RECORD_DURATION_SEC) {
    throw formatError(source, 'duration of a data record', 244, `${recordDurationSec} s is longer than the ${MAX_RECORD_DURATION_SEC} s (a day) any record lasts`);
  }

  const signalHeader = readExactly(source, 256, ns * 256, 'signal headers');
  const signals: EdfSignalHeader[] = [];
  // Per-signal fields are stored field by field: all labels, then all transducers, ...
  const widths = [16, 80, 8, 8, 8, 8, 8, 80, 8, 32];
  const names = ['label', 'transducer type', 'physical dimension', 'physical minimum', 'physical maximum',
    'digital minimum', 'digital maximum', 'prefiltering', 'samples per record', 'reserved'];
  const starts: number[] = [];
  let position = 0;
  for (const width of widths) {
    starts.push(position);
    position += width * ns;
  }
  const signalField = (which: number, i: number) => {
    const offset = starts[which] + i * widths[which];
    return {
      name: `signal ${i + 1} ${names[which]}`,
      offset: 256 + offset,
      raw: latin1Text(signalHeader.subarray(offset, offset + widths[which])),
    };
  };
  const bytesPerSample = kind === 'BDF' ? 3 : 2;
  const digitalLimit = kind === 'BDF' ? 8388608 : 32768;
  let recordBytes = 0;
  for (let i = 0; i < ns; i++) {
    const labelField = signalField(0, i);
    if (/[^\x20-\x7e]/.test(labelField.raw)) {
      warnings.push(`${labelField.name} (byte ${labelField.offset}) has non-ASCII bytes: '${printable(labelField.raw.trim())}'`);
    }
    const label = labelField.raw.trim();
    const isAnnotation = plus !== null && ANNOTATION_LABELS.has(label);
    const samplesPerRecord = integer(signalField(8, i), 1, MAX_RECORD_BYTES);
    const physicalMin = decimal(signalField(3, i));
    const physicalMax = decimal(signalField(4, i));
    const digitalMin = integer(signalField(5, i), -digitalLimit, digitalLimit - 1);
    const digitalMax = integer(signalField(6, i), -digitalLimit, digitalLimit - 1);
    if (!isAnnotation) {
      if (digitalMax <= digitalMin) {
        const f = signalField(6, i);
        throw formatError(source, f.name, f.offset, `digital maximum ${digitalMax} must be above digital minimum ${digitalMin}`);
      }
      const rangeProblem = physicalRangeProblem(physicalMin, physicalMax, digitalMin, digitalMax);
      if (rangeProblem) {
        const f = signalField(Math.abs(physicalMax) > Math.abs(physicalMin) ? 4 : 3, i);
        throw formatError(source, f.name, f.offset, rangeProblem);
      }
      if (recordDurationSec > 0) {
        const rateProblem = sampleRateProblem(samplesPerRecord / recordDurationSec);
        if (rateProblem) throw formatError(source, 'duration of a data record', 244, `${recordDurationSec} s with ${samplesPerRecord} samples per record (signal ${i + 1}) ${rateProblem}`);
      }
      if (physicalMax === physicalMin) {
        warnings.push(`signal ${i + 1} (${label}): physical minimum equals physical maximum (${physicalMin}); its values are all ${physicalMin}`);
      }
    }
    signals.push({
      label,
      transducer: signalField(1, i).raw.trim(),
      unit: signalField(2, i).raw.trim(),
      physicalMin,
      physicalMax,
      digitalMin,
      digitalMax,
      prefilter: signalField(7, i).raw.trim(),
      samplesPerRecord,
      reserved: signalField(9, i).raw.trim(),
      isAnnotation,
      recordOffset: recordBytes,
    });
    recordBytes += samplesPerRecord * bytesPerSample;
    if (recordBytes > MAX_RECORD_BYTES) {
      const f = signalField(8, i);
      throw formatError(source, f.name, f.offset, `a data record would exceed ${MAX_RECORD_BYTES} bytes; the samples per record do not add up to a plausible file`);
    }
  }
  if (recordDurationSec === 0 && signals.some((s) => !s.isAnnotation)) {
    throw formatError(source, 'duration of a data record', 244, 'a record duration of 0 s is allowed only in annotation-only files (sample rate would be infinite)');
  }

  const available = Math.floor((source.size - headerBytes) / recordBytes);
  const trailingBytes = (source.size - headerBytes) % recordBytes;
  let nRecords: number;
  let unfinalised: Unfinalised | null = null;
  if (declaredRecords === -1) {
    nRecords = Math.max(0, available);
    unfinalised = {
      recordsFound: nRecords,
      trailingBytes: Math.max(0, trailingBytes),
      countFieldOffset: 236,
      countFieldLength: 8,
      dataEnd: headerBytes + nRecords * recordBytes,
    };
    warnings.push(`the file was not finalised (record count -1): ${nRecords} complete records found` +
      (trailingBytes > 0 ? `, ${trailingBytes} bytes of a partial record after them` : ''));
  } else if (declaredRecords > available) {
    nRecords = Math.max(0, available);
    warnings.push(`the file is truncated: the header declares ${declaredRecords} records, only ${nRecords} are complete`);
  } else {
    nRecords = declaredRecords;
    const extra = source.size - headerBytes - declaredRecords * recordBytes;
    if (extra > 0) warnings.push(`${extra} bytes follow the last declared record and are ignored`);
  }

  return {
    kind,
    plus,
    patient: text(8, 80).trim(),
    recording: text(88, 80).trim(),
    startDate: text(168, 8).trim(),
    startTimeOfDay: text(176, 8).trim(),
    headerBytes,
    declaredRecords,
    recordDurationSec,
    signals,
    bytesPerSample,
    recordBytes,
    nRecords,
    warnings,
    unfinalised,
  };
}

/** Opens an EDF/EDF+/BDF/BDF+ file: parses the header and the annotations, and serves sample windows. */
export function openEdf(source: ByteSource): SignalFile {
  const header = parseEdfHeader(source);
  const dataSignals = header.signals.map((s, index) => ({ s, index })).filter(({ s }) => !s.isAnnotation);
  const annotationSignals = header.signals.filter((s) => s.isAnnotation);
  const maxSpr = dataSignals.reduce((m, { s }) => Math.max(m, s.samplesPerRecord), 0);
  const sampleRateHz = maxSpr > 0 ? rate(maxSpr, header.recordDurationSec) : 0;
  const nSamples = header.nRecords * maxSpr;

  const channels: ChannelInfo[] = dataSignals.map(({ s }) => channelInfoOf(s, header.recordDurationSec));
  const scales = dataSignals.map(({ s }) => digitalToPhysical(s));

  const { events, recordOnsets, warnings: talWarnings } = readAnnotations(source, header, annotationSignals);
  const segments = buildSegments(header, recordOnsets, maxSpr);
  if (segments.length > 8 && events.length * segments.length > 1e7 && !inTimeOrder(segments, sampleRateHz)) {
    // EDF+ requires records in time order; mapping many events over many disordered segments would take quadratic time.
    throw formatError(source, 'record onsets', header.headerBytes,
      `the ${segments.length} discontinuous segments are not in time order (EDF+D requires increasing record onsets); ${events.length} annotations cannot be placed`);
  }
  const mappedEvents = segments.length > 1 ? events.map((e) => ({ ...e, onsetSec: toDataTime(e.onsetSec, segments, sampleRateHz) })) : events;

  const format: FileFormat = header.kind === 'EDF' ? (header.plus ? 'edf+' : 'edf') : (header.plus ? 'bdf+' : 'bdf');
  const version = header.plus ? `${header.kind}+${header.plus}` : header.kind;

  const layout: RecordLayout = {
    dataOffset: header.headerBytes,
    recordBytes: header.recordBytes,
    maxSamplesPerRecord: maxSpr,
    samplesPerRecord: (c) => dataSignals[c].s.samplesPerRecord,
  };
  const file: SignalFile = {
    format,
    version,
    channels,
    sampleRateHz,
    nSamples,
    durationSec: sampleRateHz > 0 ? nSamples / sampleRateHz : header.nRecords * header.recordDurationSec,
    startTime: edfStartTime(header.startDate, header.startTimeOfDay),
    events: mappedEvents,
    segments,
    warnings: [...header.warnings, ...talWarnings],
    unfinalised: header.unfinalised,
    header: {
      patient: header.patient,
      recording: header.recording,
      recordDurationSec: header.recordDurationSec,
      nRecords: header.nRecords,
      declaredRecords: header.declaredRecords,
      headerBytes: header.headerBytes,
    },
    readSamples(channelIndices, start, count, into) {
      let int16: Int16Array | null = null;
      return readRecordWindow(file, source, layout, channelIndices, start, count, into, (chunk, c, record, first, n, out, o) => {
        const signal = dataSignals[c].s;
        const { gain, offset } = scales[c];
        const byteStart = record * header.recordBytes + signal.recordOffset + first * header.bytesPerSample;
        if (int16) {
          // EDF records hold whole 16-bit samples, so every sample of an aligned chunk is aligned too.
          // The native int16 -> float32 copy, then the scale in place (skipped when it is the identity).
          const q = byteStart >> 1;
          out.set(int16.subarray(q, q + n), o);
          if (gain !== 1 || offset !== 0) for (let i = o; i < o + n; i++) out[i] = out[i] * gain + offset;
        } else {
          decodeRun(chunk, header.bytesPerSample, byteStart, n, gain, offset, out, o);
        }
      }, (chunk) => {
        int16 = header.bytesPerSample === 2 && chunk.byteOffset % 2 === 0 ? new Int16Array(chunk.buffer, chunk.byteOffset, chunk.byteLength >> 1) : null;
      });
    },
  };
  return file;
}

/** Decodes `n` consecutive little-endian samples (16 or 24 bits) at `byteStart` into `out` at `outOffset`, scaled. */
function decodeRun(chunk: Uint8Array, bytesPerSample: 2 | 3, byteStart: number, n: number, gain: number, offset: number, out: Float32Array, outOffset: number): void {
  let o = outOffset;
  if (bytesPerSample === 2) {
    for (let i = 0, p = byteStart; i < n; i++, p += 2) out[o++] = (((chunk[p] | (chunk[p + 1] << 8)) << 16) >> 16) * gain + offset;
  } else {
    for (let i = 0, p = byteStart; i < n; i++, p += 3) out[o++] = (((chunk[p] | (chunk[p + 1] << 8) | (chunk[p + 2] << 16)) << 8) >> 8) * gain + offset;
  }
}

/**
 * Reads every annotation signal of every record: the events, and the onset of each record from its
 * time-keeping TAL. Onsets are made relative to the first record's onset, as MNE does.
 */
function readAnnotations(source: ByteSource, header: EdfHeader, annotationSignals: EdfSignalHeader[]) {
  const events: RecordingEvent[] = [];
  const warnings: string[] = [];
  const recordOnsets = annotationSignals.length > 0 ? new Float64Array(header.nRecords).fill(NaN) : null;
  if (annotationSignals.length === 0 || header.nRecords === 0) return { events, recordOnsets, warnings };

  const first = annotationSignals[0];
  // Small reads of the annotation bytes alone beat reading whole records when annotations are a small part of them.
  const annotationBytes = annotationSignals.reduce((sum, a) => sum + a.samplesPerRecord * header.bytesPerSample, 0);
  const perRecordReads = header.recordBytes >= 4096 && annotationBytes * 4 < header.recordBytes;
  const recordsPerChunk = perRecordReads ? 1 : Math.max(1, Math.floor((4 * 1024 * 1024) / header.recordBytes));
  const raw: { onsetSec: number; durationSec: number; label: string }[] = [];
  for (let r0 = 0; r0 < header.nRecords; r0 += recordsPerChunk) {
    const nr = Math.min(recordsPerChunk, header.nRecords - r0);
    const chunkStart = header.headerBytes + r0 * header.recordBytes;
    const chunk = perRecordReads ? null : readExactly(source, chunkStart, nr * header.recordBytes, `data record ${r0 + 1}`);
    for (let r = r0; r < r0 + nr; r++) {
      for (const signal of annotationSignals) {
        const length = signal.samplesPerRecord * header.bytesPerSample;
        const at = header.headerBytes + r * header.recordBytes + signal.recordOffset;
        const bytes = chunk
          ? chunk.subarray(at - chunkStart, at - chunkStart + length)
          : readExactly(source, at, length, `record ${r + 1} annotations`);
        const block = parseTalBlock(bytes);
        for (const problem of block.problems) {
          if (warnings.length < 20) warnings.push(`record ${r + 1} annotations (byte ${at + problem.byteOffset}): ${problem.message}`);
        }
        if (signal === first && recordOnsets && block.recordOnsetSec !== null) recordOnsets[r] = block.recordOnsetSec;
        for (const a of block.annotations) raw.push(a);
        if (raw.length > MAX_EVENTS) {
          throw formatError(source, 'annotations', at, `the file holds more than ${MAX_EVENTS} annotations, more than NeuroFeat reads from one recording`);
        }
      }
    }
  }
  const origin = recordOnsets && Number.isFinite(recordOnsets[0]) ? recordOnsets[0] : 0;
  for (const a of raw) events.push({ onsetSec: a.onsetSec - origin, durationSec: a.durationSec, code: null, label: a.label });
  // A stable sort keeps the order of the file among annotations with the same onset.
  events.sort((a, b) => a.onsetSec - b.onsetSec);
  if (recordOnsets) for (let r = 0; r < recordOnsets.length; r++) recordOnsets[r] -= origin;
  return { events, recordOnsets, warnings };
}

/** Contiguous runs of records: one for EDF/EDF+C, one per gap-free run for EDF+D. */
function buildSegments(header: EdfHeader, recordOnsets: Float64Array | null, maxSpr: number): Segment[] {
  const n = header.nRecords;
  if (n === 0) return [];
  if (header.plus !== 'D' || !recordOnsets) return [{ startSample: 0, nSamples: n * maxSpr, fileOnsetSec: 0 }];
  const segments: Segment[] = [];
  const d = header.recordDurationSec;
  let segmentStart = 0;
  for (let r = 1; r <= n; r++) {
    const expected = recordOnsets[r - 1] + d;
    const onset = r < n ? recordOnsets[r] : NaN;
    const continues = r < n && Number.isFinite(onset) && Math.abs(onset - expected) <= 1e-6 * Math.max(1, Math.abs(expected));
    if (!continues) {
      segments.push({
        startSample: segmentStart * maxSpr,
        nSamples: (r - segmentStart) * maxSpr,
        fileOnsetSec: Number.isFinite(recordOnsets[segmentStart]) ? recordOnsets[segmentStart] : segmentStart * d,
      });
      segmentStart = r;
    }
  }
  return segments;
}

/**
 * Maps a file-time onset onto the concatenated data: inside a segment exactly, in a gap to the next segment's start.
 * Segments in time order (every well-formed EDF+D) are searched by bisection, so many events over many
 * segments stay fast; segments out of order are walked in file order.
 */
export function toDataTime(fileSec: number, segments: Segment[], sampleRateHz: number): number {
  if (segments.length > 8 && inTimeOrder(segments, sampleRateHz)) {
    // The first segment that ends after fileSec: the event lies in it or in the gap before it.
    let lo = 0;
    let hi = segments.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const s = segments[mid];
      if (fileSec < s.fileOnsetSec + s.nSamples / sampleRateHz) hi = mid;
      else lo = mid + 1;
    }
    if (lo < segments.length) {
      const segment = segments[lo];
      if (fileSec < segment.fileOnsetSec) return segment.startSample / sampleRateHz;
      return segment.startSample / sampleRateHz + (fileSec - segment.fileOnsetSec);
    }
  } else {
    for (const segment of segments) {
      const segmentDuration = segment.nSamples / sampleRateHz;
      if (fileSec < segment.fileOnsetSec) return segment.startSample / sampleRateHz;
      if (fileSec < segment.fileOnsetSec + segmentDuration) return segment.startSample / sampleRateHz + (fileSec - segment.fileOnsetSec);
    }
  }
  const last = segments[segments.length - 1];
  return last ? (last.startSample + last.nSamples) / sampleRateHz + (fileSec - last.fileOnsetSec - last.nSamples / sampleRateHz) : fileSec;
}

/** Whether each segment starts after the previous one ended (the order bisection needs); computed once per segments array. */
const orderedSegments = new WeakMap<Segment[], boolean>();
function inTimeOrder(segments: Segment[], sampleRateHz: number): boolean {
  let ordered = orderedSegments.get(segments);
  if (ordered === undefined) {
    ordered = true;
    for (let i = 1; i < segments.length && ordered; i++) {
      ordered = segments[i].fileOnsetSec >= segments[i - 1].fileOnsetSec + segments[i - 1].nSamples / sampleRateHz;
    }
    orderedSegments.set(segments, ordered);
  }
  return ordered;
}

/** `dd.mm.yy` + `hh.mm.ss` as ISO 8601 (years 85-99 are 1985-1999, per the EDF specification), or null. */
function edfStartTime(date: string, time: string): string | null {
  const d = /^(\d\d)\.(\d\d)\.(\d\d)$/.exec(date);
  const t = /^(\d\d)\.(\d\d)\.(\d\d)$/.exec(time);
  if (!d || !t) return null;
  const yy = Number(d[3]);
  const year = yy >= 85 ? 1900 + yy : 2000 + yy;
  return `${year}-${d[2]}-${d[1]}T${t[1]}:${t[2]}:${t[3]}`;
}

/** Control and non-ASCII characters shown as escapes in messages. */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
