// Opens recordings from disk: any supported format by its magic bytes, crash repair, checksum check, loading to memory.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { CoreError, problem } from '../../core/errors.ts';
import { openSignalFile } from '../../core/formats/index.ts';
import { channelSampleIndex, type FileFormat, type Segment, type SignalFile } from '../../core/formats/signal-file.ts';
import type { ChannelInfo, Recording } from '../../core/recording.ts';
import { checkChecksum, type ChecksumCheck } from './checksum.ts';
import { FileSource } from './file-source.ts';
import { repairUnfinalised, type RepairReport } from './repair.ts';

export interface LoadedRecording extends Recording {
  format: FileFormat;
  /** `EDF+C`, `BDF+C`, `GDF 2.10`, `XDF 1.0`, ... */
  version: string;
  fileName: string;
  path: string;
  durationSec: number;
  startTime: string | null;
  /** Contiguous stretches of the data (several only for EDF+D). Event onsets are in data time. */
  segments: Segment[];
  /** Channels of the file left out of `data` because their rate is not `sampleRateHz`. */
  skippedChannels: { label: string; sampleRateHz: number }[];
  warnings: string[];
  checksum: ChecksumCheck;
  /** Set when the file had been left unfinalised and was repaired on this open. */
  repair: RepairReport | null;
}

export interface OpenOptions {
  /** Read files up to this size in one go when opening (loadRecording: 64 MB); larger ones are read by window. */
  preloadUpTo?: number;
  /**
   * Repair an unfinalised file in place (record count written, partial record dropped, sidecar written). Off by
   * default: files outside the app's data folder are never modified, an unfinalised one is read as it is, in
   * memory only. `neurofeat inspect` asks for it (documented, and refused with --no-repair).
   */
  repair?: boolean;
  /** Compare with the `FILE.sha256` sidecar (default true); a mismatch is an error unless `allowChecksumMismatch`. */
  verifyChecksum?: boolean;
  allowChecksumMismatch?: boolean;
}

/** A file opened for random access: header and events at once, samples by window. Close it when done. */
export interface OpenedRecording {
  file: SignalFile;
  path: string;
  checksum: ChecksumCheck;
  repair: RepairReport | null;
  close(): void;
}

/** Opens a recording without loading its samples (bounded memory whatever the file's size). */
export async function openRecording(filePath: string, options: OpenOptions = {}): Promise<OpenedRecording> {
  let source = new FileSource(filePath, { preloadUpTo: options.preloadUpTo });
  try {
    let file = openSignalFile(source);
    let repair: RepairReport | null = null;
    if (file.unfinalised && options.repair === true && isWritable(filePath)) {
      source.close();
      repair = await repairUnfinalised(filePath, file.unfinalised);
      source = new FileSource(filePath, { preloadUpTo: options.preloadUpTo });
      file = openSignalFile(source);
      file.warnings.unshift(`the file had not been finalised (crash or power loss?): repaired, ${repair.recordsKept} complete records kept` +
        (repair.bytesDropped > 0 ? `, ${repair.bytesDropped} bytes of a partial record dropped` : ''));
    }
    let checksum: ChecksumCheck = { status: 'not-checked', sha256: null, expected: null };
    if (options.verifyChecksum !== false) {
      checksum = repair ? { status: 'verified', sha256: repair.sha256, expected: repair.sha256 } : await checkChecksum(filePath);
      if (checksum.status === 'mismatch') {
        const message = `${path.basename(filePath)}: the file's SHA-256 ${checksum.sha256} differs from its sidecar ${checksum.expected}: it was changed after it was recorded`;
        if (!options.allowChecksumMismatch) throw new CoreError('bad-input', message, { file: filePath, field: 'sha256' }, problem('recording-changed', { file: path.basename(filePath), missing: false }));
        file.warnings.push(message);
      }
    }
    const opened = source;
    return { file, path: filePath, checksum, repair, close: () => opened.close() };
  } catch (error) {
    source.close();
    throw error;
  }
}

/**
 * Loads a whole recording into memory in physical units. Channels sharing the most common rate are
 * kept (ties: the higher rate); others are listed in `skippedChannels`.
 */
export async function loadRecording(filePath: string, options: OpenOptions = {}): Promise<LoadedRecording> {
  const opened = await openRecording(filePath, { preloadUpTo: 64 * 1024 * 1024, ...options });
  try {
    const { file } = opened;
    const rate = dominantRate(file.channels);
    const kept: number[] = [];
    const skippedChannels: { label: string; sampleRateHz: number }[] = [];
    file.channels.forEach((c, i) => (c.sampleRateHz === rate ? kept.push(i) : skippedChannels.push({ label: c.label, sampleRateHz: c.sampleRateHz })));
    // One allocation for all channels: each channel is a view of its own stretch.
    const nSamples = kept.length > 0 ? channelSampleIndex(file.nSamples, rate, file.sampleRateHz) : 0;
    const block = new Float32Array(nSamples * kept.length);
    const data = file.readSamples(kept, 0, file.nSamples, kept.map((_, k) => block.subarray(k * nSamples, (k + 1) * nSamples)));
    return {
      sampleRateHz: rate,
      nSamples,
      channels: kept.map((i) => file.channels[i]),
      events: file.events,
      data,
      format: file.format,
      version: file.version,
      fileName: path.basename(filePath),
      path: filePath,
      durationSec: file.durationSec,
      startTime: file.startTime,
      segments: file.segments,
      skippedChannels,
      warnings: file.warnings,
      checksum: opened.checksum,
      repair: opened.repair,
    };
  } finally {
    opened.close();
  }
}

function dominantRate(channels: ChannelInfo[]): number {
  const counts = new Map<number, number>();
  for (const c of channels) counts.set(c.sampleRateHz, (counts.get(c.sampleRateHz) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [rate, count] of counts) {
    if (count > bestCount || (count === bestCount && rate > best)) {
      best = rate;
      bestCount = count;
    }
  }
  return best;
}

function isWritable(filePath: string): boolean {
  try {
    accessSync(filePath, constants.W_OK);
    // Root passes access checks on read-only files; respect the file's own write bits too.
    return (statSync(filePath).mode & 0o222) !== 0;
  } catch {
    return false;
  }
}
