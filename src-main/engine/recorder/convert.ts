// Writes any opened signal file as EDF+ or BDF+ with all its events as annotations, streaming window by window.
import { badInput } from '../../core/errors.ts';
import { digitalLimits, edfNumber, edfUnit, type EdfWriterChannel } from '../../core/formats/edf-writer.ts';
import type { SignalFile } from '../../core/formats/signal-file.ts';
import { EdfRecorder, type FinaliseResult } from './edf-recorder.ts';

export interface ConvertResult extends FinaliseResult {
  kind: 'EDF' | 'BDF';
  samplesWritten: number[];
  events: number;
  recordDurationSec: number;
}

/** Seconds of signal read per step: bounded memory whatever the file's length. */
const WINDOW_SEC = 10;

/**
 * Converts `file` into an EDF+ (`kind` EDF) or BDF+ file at `outPath`. Channels keep their physical
 * and digital ranges when the target's digital range holds them; otherwise (float data, 24-bit into
 * 16-bit) the range is the channel's actual minimum and maximum over the whole file, mapped onto the
 * target's full digital range.
 */
export async function convertToEdf(file: SignalFile, outPath: string, kind: 'EDF' | 'BDF', options: { overwrite?: boolean } = {}): Promise<ConvertResult> {
  if (file.channels.length === 0) throw badInput(`${outPath}: the input has no signal channels to write`, { field: 'channels' });
  const recordDurationSec = chooseRecordDuration(file);
  const channels = writerChannels(file, kind);
  const longestLabel = file.events.reduce((m, e) => Math.max(m, new TextEncoder().encode(e.label).length), 0);
  const records = Math.max(1, Math.ceil(file.durationSec / recordDurationSec));
  const annotationBytes = Math.max(256, 64 + longestLabel + Math.ceil((file.events.length * (40 + longestLabel)) / records));
  const start = file.startTime ? new Date(file.startTime) : new Date(0);
  const recorder = EdfRecorder.open(outPath, {
    kind,
    channels,
    recordDurationSec,
    annotationBytesPerRecord: annotationBytes,
    start: Number.isNaN(start.getTime()) ? new Date(0) : start,
    overwrite: options.overwrite,
  });
  try {
    for (const event of file.events) recorder.addAnnotation(event.onsetSec, event.durationSec, event.label);
    const all = file.channels.map((_, i) => i);
    const step = Math.max(1, Math.round(WINDOW_SEC * file.sampleRateHz));
    for (let at = 0; at < file.nSamples; at += step) {
      recorder.appendSamples(file.readSamples(all, at, Math.min(step, file.nSamples - at)));
    }
    const result = await recorder.finalise();
    return { ...result, kind, events: file.events.length, recordDurationSec };
  } catch (error) {
    recorder.close();
    throw error;
  }
}

/** A record duration that makes every channel a whole number of samples, preferring one that needs no padding. */
export function chooseRecordDuration(file: SignalFile): number {
  const candidates = [1, 0.5, 2, 0.25, 0.2, 0.1, 0.05, 4, 5, 10];
  const edfDuration = Number(file.header.recordDurationSec);
  if (Number.isFinite(edfDuration) && edfDuration > 0) candidates.splice(1, 0, edfDuration);
  const fits = (d: number) => edfNumber(d) !== null && Number(edfNumber(d)) === d &&
    file.channels.every((c) => Math.abs(c.sampleRateHz * d - Math.round(c.sampleRateHz * d)) < 1e-9 && c.sampleRateHz * d >= 1);
  const usable = candidates.filter(fits);
  const exact = usable.find((d) => Math.abs(file.nSamples / (file.sampleRateHz * d) - Math.round(file.nSamples / (file.sampleRateHz * d))) < 1e-9);
  const chosen = exact ?? usable[0];
  if (chosen === undefined) {
    throw badInput(`sample rates ${[...new Set(file.channels.map((c) => c.sampleRateHz))].join(', ')} Hz cannot share an EDF record duration`, { field: 'sampleRateHz' });
  }
  return chosen;
}

function writerChannels(file: SignalFile, kind: 'EDF' | 'BDF'): EdfWriterChannel[] {
  const limits = digitalLimits(kind);
  let measured: { min: number; max: number }[] | null = null;
  return file.channels.map((c, i) => {
    const base = { label: asciiLabel(c.label), unit: asciiUnit(c.unit), sampleRateHz: c.sampleRateHz };
    const keepsRange = Number.isInteger(c.digitalMin) && Number.isInteger(c.digitalMax) && c.digitalMin >= limits.min &&
      c.digitalMax <= limits.max && c.digitalMax > c.digitalMin && fitsExactly(c.physicalMin) && fitsExactly(c.physicalMax) &&
      c.physicalMin !== c.physicalMax;
    if (keepsRange) return { ...base, physicalMin: c.physicalMin, physicalMax: c.physicalMax, digitalMin: c.digitalMin, digitalMax: c.digitalMax };
    measured ??= measureRanges(file);
    const { min, max } = widened(measured[i]);
    return { ...base, physicalMin: min, physicalMax: max, digitalMin: limits.min, digitalMax: limits.max };
  });
}

function fitsExactly(value: number): boolean {
  const text = edfNumber(value);
  return text !== null && Number(text) === value;
}

/** The actual minimum and maximum of every channel, in one streaming pass. */
function measureRanges(file: SignalFile): { min: number; max: number }[] {
  const ranges = file.channels.map(() => ({ min: Infinity, max: -Infinity }));
  const all = file.channels.map((_, i) => i);
  const step = Math.max(1, Math.round(WINDOW_SEC * file.sampleRateHz));
  for (let at = 0; at < file.nSamples; at += step) {
    const window = file.readSamples(all, at, Math.min(step, file.nSamples - at));
    window.forEach((values, c) => {
      const r = ranges[c];
      for (let k = 0; k < values.length; k++) {
        const v = values[k];
        if (v < r.min) r.min = v;
        if (v > r.max) r.max = v;
      }
    });
  }
  return ranges;
}

/** A range that holds [min, max] with limits written in 8 characters, rounded outwards. */
function widened(range: { min: number; max: number }): { min: number; max: number } {
  let { min, max } = range;
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { min: -1, max: 1 };
  if (min === max) {
    min -= 1;
    max += 1;
  }
  return { min: roundOut(min, -1), max: roundOut(max, 1) };
}

function roundOut(value: number, direction: -1 | 1): number {
  for (let digits = 7; digits >= 1; digits--) {
    const magnitude = Math.pow(10, Math.floor(Math.log10(Math.abs(value) || 1)) - digits + 1);
    const rounded = direction < 0 ? Math.floor(value / magnitude) * magnitude : Math.ceil(value / magnitude) * magnitude;
    const text = edfNumber(rounded);
    if (text !== null && (direction < 0 ? Number(text) <= value : Number(text) >= value)) return Number(text);
  }
  return direction * 99999999;
}

function asciiLabel(label: string): string {
  return label.replace(/[^\x20-\x7e]/g, '?').slice(0, 16);
}

function asciiUnit(unit: string): string {
  return edfUnit(unit).replace(/[^\x20-\x7e]/g, '?').slice(0, 8);
}
