// Byte builder for EDF+ and BDF+ files: the header, data records, and the TAL annotation signal of each record.
import { badInput } from '../errors.ts';
import type { ChannelInfo } from '../recording.ts';
import { MAX_CHANNELS, MAX_RECORD_BYTES, sampleRateProblem } from './limits.ts';
import { encodeTal, encodeTimeKeepingTal, type TalAnnotation } from './tal.ts';

/** The largest integer an 8-character header field holds. */
const MAX_FIELD_INTEGER = 99_999_999;

/** A channel as written: a recording's channel (unit `uV` for EEG) without the matching name, plus header texts. */
export interface EdfWriterChannel extends Omit<ChannelInfo, 'name'> {
  transducer?: string;
  prefilter?: string;
}

export interface EdfWriterSpec {
  kind: 'EDF' | 'BDF';
  channels: EdfWriterChannel[];
  /** Seconds per data record (default 1): every channel's rate x this must be a whole number of samples. */
  recordDurationSec?: number;
  /** Bytes of the annotation signal in each record (default 1024). */
  annotationBytesPerRecord?: number;
  /** EDF+ patient field subfields: code (no spaces) or `X` when unknown. */
  patientCode?: string;
  /** Free text put in the EDF+ recording field after `Startdate dd-MMM-yyyy`, spaces become `_`. */
  recordingInfo?: string;
  /** Local wall-clock start of the recording. */
  start: { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

/** Physical and digital ranges NeuroFeat uses by default: BDF 1/32 µV steps over ±262 mV, EDF 0.1 µV steps over ±3.3 mV. */
export function defaultRange(kind: 'EDF' | 'BDF'): Pick<EdfWriterChannel, 'physicalMin' | 'physicalMax' | 'digitalMin' | 'digitalMax'> {
  return kind === 'BDF'
    ? { physicalMin: -262144, physicalMax: 262144, digitalMin: -8388608, digitalMax: 8388607 }
    : { physicalMin: -3276.8, physicalMax: 3276.7, digitalMin: -32768, digitalMax: 32767 };
}

/** The largest digital range of a kind. */
export function digitalLimits(kind: 'EDF' | 'BDF'): { min: number; max: number } {
  return kind === 'BDF' ? { min: -8388608, max: 8388607 } : { min: -32768, max: 32767 };
}

interface ChannelLayout {
  samplesPerRecord: number;
  recordOffset: number;
  gain: number;
  offset: number;
  digitalMin: number;
  digitalMax: number;
}

/**
 * Lays out a file and encodes its parts. Physical limits are rounded to what the 8-character header
 * fields can hold first, and samples are encoded with those written values, so a reader gets exactly
 * the scale the encoder used.
 */
export class EdfEncoder {
  readonly spec: Readonly<EdfWriterSpec>;
  readonly bytesPerSample: 2 | 3;
  readonly recordDurationSec: number;
  readonly headerLength: number;
  readonly recordLength: number;
  readonly annotationBytes: number;
  readonly samplesPerRecord: number[];
  private readonly layout: ChannelLayout[];
  private readonly annotationOffset: number;
  private readonly writtenPhysical: { min: string; max: string }[];
  private readonly units: string[];

  constructor(spec: EdfWriterSpec) {
    this.spec = spec;
    this.bytesPerSample = spec.kind === 'BDF' ? 3 : 2;
    this.recordDurationSec = spec.recordDurationSec ?? 1;
    const duration = this.recordDurationSec;
    if (!(duration > 0) || edfNumber(duration) === null || Number(edfNumber(duration)) !== duration) {
      throw badInput(`recordDurationSec: ${duration} must be a positive number that fits 8 characters exactly`, { field: 'recordDurationSec' });
    }
    if (spec.channels.length === 0) throw badInput('channels: a recording needs at least one channel', { field: 'channels' });
    if (spec.channels.length + 1 > MAX_CHANNELS) {
      throw badInput(`channels: ${spec.channels.length} channels and the annotation signal exceed the ${MAX_CHANNELS} signals a file may have`, { field: 'channels' });
    }
    const limits = digitalLimits(spec.kind);
    let position = 0;
    this.writtenPhysical = [];
    this.units = spec.channels.map((channel) => edfUnit(channel.unit));
    this.layout = spec.channels.map((channel, i) => {
      const where = `channels[${i}] (${channel.label})`;
      checkHeaderText(channel.label, 16, `${where}.label`);
      checkHeaderText(edfUnit(channel.unit), 8, `${where}.unit`);
      checkHeaderText(channel.transducer ?? '', 80, `${where}.transducer`);
      checkHeaderText(channel.prefilter ?? '', 80, `${where}.prefilter`);
      const rateProblem = sampleRateProblem(channel.sampleRateHz);
      if (rateProblem) throw badInput(`${where}.sampleRateHz: ${rateProblem}`, { field: `${where}.sampleRateHz` });
      const spr = channel.sampleRateHz * duration;
      if (!(spr >= 1) || Math.abs(spr - Math.round(spr)) > 1e-9) {
        throw badInput(`${where}.sampleRateHz: ${channel.sampleRateHz} Hz x ${duration} s records is not a whole number of samples`, { field: `${where}.sampleRateHz` });
      }
      if (spr > MAX_FIELD_INTEGER) {
        throw badInput(`${where}.sampleRateHz: ${channel.sampleRateHz} Hz x ${duration} s records is ${spr} samples per record, more than the 8-character field holds`, { field: `${where}.sampleRateHz` });
      }
      if (!Number.isInteger(channel.digitalMin) || !Number.isInteger(channel.digitalMax) || channel.digitalMin < limits.min ||
        channel.digitalMax > limits.max || channel.digitalMax <= channel.digitalMin) {
        throw badInput(`${where}: digital range ${channel.digitalMin}..${channel.digitalMax} must be integers within ${limits.min}..${limits.max}, max above min`, { field: `${where}.digitalMin` });
      }
      const min = edfNumber(channel.physicalMin);
      const max = edfNumber(channel.physicalMax);
      if (min === null || max === null || Number(min) === Number(max)) {
        throw badInput(`${where}: physical range ${channel.physicalMin}..${channel.physicalMax} must be two different finite numbers`, { field: `${where}.physicalMin` });
      }
      this.writtenPhysical.push({ min, max });
      const gain = (Number(max) - Number(min)) / (channel.digitalMax - channel.digitalMin);
      const entry: ChannelLayout = {
        samplesPerRecord: Math.round(spr),
        recordOffset: position,
        gain,
        offset: Number(min) - channel.digitalMin * gain,
        digitalMin: channel.digitalMin,
        digitalMax: channel.digitalMax,
      };
      position += entry.samplesPerRecord * this.bytesPerSample;
      return entry;
    });
    const wanted = Math.max(64, spec.annotationBytesPerRecord ?? 1024);
    this.annotationBytes = Math.ceil(wanted / this.bytesPerSample) * this.bytesPerSample;
    this.annotationOffset = position;
    this.recordLength = position + this.annotationBytes;
    if (this.recordLength > MAX_RECORD_BYTES || this.annotationBytes / this.bytesPerSample > MAX_FIELD_INTEGER) {
      throw badInput(`recordDurationSec: a data record of ${this.recordLength} bytes exceeds the ${MAX_RECORD_BYTES} bytes readers accept; use shorter records`, { field: 'recordDurationSec' });
    }
    for (const [text, width, field] of [[`${subfield(spec.patientCode)} X X X`, 80, 'patientCode'], [recordingField(spec), 80, 'recordingInfo']] as const) {
      if (text.length > width) throw badInput(`${field}: the header's ${width}-character field cannot hold '${text}'`, { field });
    }
    this.headerLength = 256 * (spec.channels.length + 2);
    this.samplesPerRecord = this.layout.map((l) => l.samplesPerRecord);
  }

  /** The physical value a sample reads back as after encoding (for tests and for reporting the written scale). */
  scale(channel: number): { gain: number; offset: number } {
    return { gain: this.layout[channel].gain, offset: this.layout[channel].offset };
  }

  /** The whole header; `nRecords` is -1 while recording. */
  header(nRecords: number): Uint8Array {
    const spec = this.spec;
    const ns = spec.channels.length + 1;
    const bytes = new Uint8Array(this.headerLength).fill(0x20);
    // A value that does not fit its field is refused, never cut: a truncated number would be read as another value.
    const put = (offset: number, width: number, text: string) => {
      if (text.length > width) throw badInput(`EDF header (byte ${offset}): '${text}' does not fit the ${width}-character field`, { field: 'header', byteOffset: offset });
      for (let i = 0; i < text.length; i++) bytes[offset + i] = text.charCodeAt(i) & 0xff;
    };
    checkRecordCount(nRecords);
    if (spec.kind === 'BDF') {
      bytes[0] = 0xff;
      put(1, 7, 'BIOSEMI');
    } else {
      put(0, 8, '0');
    }
    const s = spec.start;
    const two = (n: number) => String(n).padStart(2, '0');
    put(8, 80, `${subfield(spec.patientCode)} X X X`);
    put(88, 80, recordingField(spec));
    put(168, 8, `${two(s.day)}.${two(s.month)}.${two(s.year % 100)}`);
    put(176, 8, `${two(s.hour)}.${two(s.minute)}.${two(s.second)}`);
    put(184, 8, String(this.headerLength));
    put(192, 44, `${spec.kind}+C`);
    put(236, 8, String(nRecords));
    put(244, 8, edfNumber(this.recordDurationSec)!);
    put(252, 4, String(ns));
    const annotationLabel = `${spec.kind} Annotations`;
    const limits = digitalLimits(spec.kind);
    const fields: ((i: number) => string)[] = [
      (i) => (i < spec.channels.length ? spec.channels[i].label : annotationLabel),
      (i) => (i < spec.channels.length ? spec.channels[i].transducer ?? '' : ''),
      (i) => (i < spec.channels.length ? this.units[i] : ''),
      (i) => (i < spec.channels.length ? this.writtenPhysical[i].min : '-1'),
      (i) => (i < spec.channels.length ? this.writtenPhysical[i].max : '1'),
      (i) => String(i < spec.channels.length ? spec.channels[i].digitalMin : limits.min),
      (i) => String(i < spec.channels.length ? spec.channels[i].digitalMax : limits.max),
      (i) => (i < spec.channels.length ? spec.channels[i].prefilter ?? '' : ''),
      (i) => String(i < spec.channels.length ? this.layout[i].samplesPerRecord : this.annotationBytes / this.bytesPerSample),
      () => '',
    ];
    const widths = [16, 80, 8, 8, 8, 8, 8, 80, 8, 32];
    let offset = 256;
    fields.forEach((value, f) => {
      for (let i = 0; i < ns; i++) put(offset + i * widths[f], widths[f], ascii(value(i)));
      offset += widths[f] * ns;
    });
    return bytes;
  }

  /** The record count field, as it is patched when the file is finalised. */
  recordCountField(nRecords: number): { offset: number; bytes: Uint8Array } {
    checkRecordCount(nRecords);
    const text = String(nRecords).padEnd(8, ' ');
    return { offset: 236, bytes: Uint8Array.from(text, (c) => c.charCodeAt(0)) };
  }

  /** How many bytes an annotation takes in a record, so callers can reject texts that can never fit. */
  annotationCapacity(recordOnsetSec: number): number {
    return this.annotationBytes - encodeTimeKeepingTal(recordOnsetSec).length;
  }

  /**
   * Encodes one data record into `target` (length `recordLength`). `data[c]` holds channel c's samples
   * starting at `offsets[c]`; annotations are taken in order while they fit. Returns how many
   * annotations were written and how many samples were clipped to the digital range.
   */
  encodeRecord(recordIndex: number, data: readonly Float32Array[], offsets: readonly number[], annotations: readonly TalAnnotation[], target: Uint8Array): { annotationsWritten: number; clipped: number } {
    let clipped = 0;
    const three = this.bytesPerSample === 3;
    for (let c = 0; c < this.layout.length; c++) {
      const { samplesPerRecord, recordOffset, gain, offset, digitalMin, digitalMax } = this.layout[c];
      const source = data[c];
      let s = offsets[c];
      let p = recordOffset;
      const inverse = 1 / gain;
      for (let i = 0; i < samplesPerRecord; i++, s++) {
        let value = Math.round((source[s] - offset) * inverse);
        if (!(value >= digitalMin)) {
          // NaN lands here too: it is written as the digital minimum and counted.
          value = digitalMin;
          clipped++;
        } else if (value > digitalMax) {
          value = digitalMax;
          clipped++;
        }
        target[p++] = value & 0xff;
        target[p++] = (value >> 8) & 0xff;
        if (three) target[p++] = (value >> 16) & 0xff;
      }
    }
    const annotationArea = target.subarray(this.annotationOffset, this.annotationOffset + this.annotationBytes);
    annotationArea.fill(0);
    const timeKeeping = encodeTimeKeepingTal(recordIndex * this.recordDurationSec);
    annotationArea.set(timeKeeping, 0);
    let used = timeKeeping.length;
    let annotationsWritten = 0;
    for (const annotation of annotations) {
      const tal = encodeTal(annotation);
      if (used + tal.length > this.annotationBytes) break;
      annotationArea.set(tal, used);
      used += tal.length;
      annotationsWritten++;
    }
    return { annotationsWritten, clipped };
  }
}

/** A number as the shortest text of at most 8 characters that keeps the most precision, or null if none fits. */
export function edfNumber(value: number): string | null {
  if (!Number.isFinite(value)) return null;
  const plain = String(value);
  if (plain.length <= 8 && !/e/i.test(plain)) return plain;
  for (let digits = 8; digits >= 1; digits--) {
    const text = Number(value.toPrecision(digits)).toString();
    if (text.length <= 8 && !/e/i.test(text)) return text;
  }
  return null;
}

/** `µV` (micro sign or Greek mu) as the ASCII `uV` that EDF headers hold. */
export function edfUnit(unit: string): string {
  return unit.replace(/^[\u00b5\u03bc]/, 'u');
}

/** The EDF+ recording field: `Startdate dd-MMM-yyyy info X NeuroFeat`. */
function recordingField(spec: EdfWriterSpec): string {
  const months = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
  const s = spec.start;
  return `Startdate ${String(s.day).padStart(2, '0')}-${months[s.month - 1]}-${s.year} ${subfield(spec.recordingInfo)} X NeuroFeat`;
}

/** A record count the 8-character field holds (-1 while recording). */
function checkRecordCount(nRecords: number): void {
  if (!Number.isInteger(nRecords) || nRecords < -1 || nRecords > MAX_FIELD_INTEGER) {
    throw badInput(`number of data records: ${nRecords} does not fit the 8-character field (-1 to ${MAX_FIELD_INTEGER})`, { field: 'number of data records' });
  }
}

function subfield(text: string | undefined): string {
  const cleaned = ascii(text ?? '').trim().replace(/\s+/g, '_');
  return cleaned === '' ? 'X' : cleaned;
}

/** Header text is printable ASCII: other characters become `?`. */
function ascii(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}

function checkHeaderText(text: string, width: number, field: string): void {
  if (text.length > width) throw badInput(`${field}: '${text}' is longer than the ${width} characters the header allows`, { field });
  if (/[^\x20-\x7e]/.test(text)) throw badInput(`${field}: '${text}' has characters outside printable ASCII, which EDF headers cannot hold`, { field });
}
