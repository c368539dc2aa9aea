// The common face of every EEG file reader: header facts and events at once, samples on demand by window.
import { normaliseChannelName, type ChannelInfo, type RecordingEvent } from '../recording.ts';

export type FileFormat = 'edf' | 'edf+' | 'bdf' | 'bdf+' | 'gdf' | 'xdf';

/** A contiguous stretch of data (EDF+D files have several; every other file has one). */
export interface Segment {
  /** First sample of the segment in the concatenated data, at the file's `sampleRateHz`. */
  startSample: number;
  nSamples: number;
  /** Seconds from the file's start time at which the segment was recorded. */
  fileOnsetSec: number;
}

/** A file left open by a writer that never finalised it (record count -1, maybe a partial last record). */
export interface Unfinalised {
  /** Complete records found in the file (what a repair keeps). */
  recordsFound: number;
  /** Bytes after the last complete record (a partial record that a repair drops). */
  trailingBytes: number;
  /** Where the record count field lies, so a repair can write it. */
  countFieldOffset: number;
  countFieldLength: number;
  /** Where the data of the last complete record ends: the length a repaired file has. */
  dataEnd: number;
}

export interface SignalFile {
  format: FileFormat;
  /** Format version or subtype as the file states it: `EDF+C`, `EDF+D`, `BDF+C`, `EDF`, `BDF`, `GDF 2.10`, `XDF 1.0`. */
  version: string;
  /** Signal channels (annotation signals are not channels). */
  channels: ChannelInfo[];
  /** The highest channel rate: the timeline of `nSamples`, segments and `readSamples`. */
  sampleRateHz: number;
  /** Samples at `sampleRateHz` (concatenated over segments). */
  nSamples: number;
  durationSec: number;
  /** Recording start as the file states it (ISO 8601, local time of the recording site, no zone), or null. */
  startTime: string | null;
  /** Events in data time: seconds from the first sample of the concatenated data. */
  events: RecordingEvent[];
  segments: Segment[];
  /** Facts a user should know that did not stop the reading (truncated file, odd header values...). */
  warnings: string[];
  /** Set when the file was never finalised by its writer. */
  unfinalised: Unfinalised | null;
  /** Free-text identification fields of the header (patient, recording), as written. */
  header: Record<string, string | number>;
  /**
   * Samples of the listed channels in physical units, for the window [start, start + count) given at
   * `sampleRateHz`; a channel with a lower rate gets the samples of the same time span at its own rate.
   * Reads only the bytes of that window. With `into`, the samples are written into the caller's arrays
   * (one per listed channel, long enough) and views of them are returned, so a stream allocates nothing per window.
   */
  readSamples(channelIndices: readonly number[], start: number, count: number, into?: readonly Float32Array[]): Float32Array[];
}

/** How many samples of a channel at `rateHz` cover [0, baseSamples) at `baseRateHz`. */
export function channelSampleIndex(baseSamples: number, rateHz: number, baseRateHz: number): number {
  return rateHz === baseRateHz ? baseSamples : Math.floor((baseSamples * rateHz) / baseRateHz + 1e-9);
}

/** The output arrays of a window: views of the caller's `into` arrays, or new ones. */
export function windowOutputs(file: Pick<SignalFile, 'channels' | 'sampleRateHz'>, channelIndices: readonly number[], start: number, count: number, into?: readonly Float32Array[]): Float32Array[] {
  return channelIndices.map((c, k) => {
    const rate = file.channels[c].sampleRateHz;
    const n = channelSampleIndex(start + count, rate, file.sampleRateHz) - channelSampleIndex(start, rate, file.sampleRateHz);
    if (!into) return new Float32Array(n);
    if (!into[k] || into[k].length < n) throw new RangeError(`readSamples: into[${k}] holds ${into[k]?.length ?? 0} samples, ${n} are needed`);
    return into[k].subarray(0, n);
  });
}

/** Checks a window request against the file and clamps nothing: out-of-range windows are caller bugs. */
export function checkWindow(file: Pick<SignalFile, 'nSamples' | 'channels'>, channelIndices: readonly number[], start: number, count: number): void {
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > file.nSamples) {
    throw new RangeError(`readSamples: window [${start}, ${start + count}) is outside [0, ${file.nSamples})`);
  }
  for (const index of channelIndices) {
    if (!Number.isInteger(index) || index < 0 || index >= file.channels.length) {
      throw new RangeError(`readSamples: channel index ${index} is outside [0, ${file.channels.length})`);
    }
  }
}

/** Samples per record over record duration, snapped to a whole number of Hz when within rounding error (1/150 s records give 150 Hz, not 149.99999999999997). */
export function rate(samplesPerRecord: number, recordDurationSec: number): number {
  const hz = samplesPerRecord / recordDurationSec;
  const whole = Math.round(hz);
  return Math.abs(hz - whole) <= 1e-9 * Math.max(1, hz) ? whole : hz;
}

/** What EDF/BDF and GDF headers say about one stored signal. */
export interface StoredSignalHeader {
  label: string;
  unit: string;
  samplesPerRecord: number;
  physicalMin: number;
  physicalMax: number;
  digitalMin: number;
  digitalMax: number;
}

/** The channel as the rest of NeuroFeat sees it: original label kept, normalised name for matching. */
export function channelInfoOf(signal: StoredSignalHeader, recordDurationSec: number): ChannelInfo {
  return {
    label: signal.label,
    name: normaliseChannelName(signal.label),
    unit: signal.unit,
    sampleRateHz: rate(signal.samplesPerRecord, recordDurationSec),
    physicalMin: signal.physicalMin,
    physicalMax: signal.physicalMax,
    digitalMin: signal.digitalMin,
    digitalMax: signal.digitalMax,
  };
}

/** physical = digital x gain + offset, the linear map both formats define from the four range fields. */
export function digitalToPhysical(signal: StoredSignalHeader): { gain: number; offset: number } {
  const gain = (signal.physicalMax - signal.physicalMin) / (signal.digitalMax - signal.digitalMin);
  return { gain, offset: signal.physicalMin - signal.digitalMin * gain };
}
