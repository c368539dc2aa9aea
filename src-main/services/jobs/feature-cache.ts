// On-disk store of per-trial features, one binary file per (recording checksum, parameter hash) under the data folder.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RejectedTrial, TrialInfo } from '../../core/epochs.ts';
import type { FeatureMethod, TrialFeatures } from '../../core/features/trial-features.ts';
import type { FeatureParameters } from '../../core/features/pipeline.ts';
import { splitFeatureCacheKey, type FeatureCacheDisk, type FeatureCacheIndex, type ReconcileReport } from '../storage/feature-cache-index.ts';

/** What one recording contributes under one parameter set. Trial numbers and recordingIndex are local to it (from 0). */
export interface CachedRecordingFeatures {
  features: TrialFeatures;
  trials: TrialInfo[];
  rejected: RejectedTrial[];
  /** Cues of the classes in this recording, kept or rejected: the offset of the next recording's trial numbers. */
  nCues: number;
}

interface Header {
  method: FeatureMethod;
  channels: string[];
  freqsHz: number[];
  log: boolean;
  classes: string[];
  trials: TrialInfo[];
  rejected: RejectedTrial[];
  nCues: number;
  key: string;
}

const magic = 'NFFC';
const formatVersion = 1;
/** Bytes before the header JSON: magic, version, header length. */
const preambleBytes = 12;

/** Values start at the first multiple of 8 after the header. */
const dataOffsetOf = (headerLength: number): number => Math.ceil((preambleBytes + headerLength) / 8) * 8;

/** The header length a file's first bytes announce; null when they are not a cache entry's. */
function announcedHeaderLength(head: Buffer): number | null {
  if (head.length < preambleBytes || head.toString('latin1', 0, 4) !== magic || head.readUInt32LE(4) !== formatVersion) return null;
  return head.readUInt32LE(8);
}

/**
 * The header from a file's first `preambleBytes + headerLength` bytes, with where its values start and how
 * many each trial has; null when the file (of `fileSize` bytes) is too short to hold them.
 */
function decodeHeader(head: Buffer, headerLength: number, fileSize: number): { header: Header; dataOffset: number; valuesPerTrial: number } | null {
  const header = JSON.parse(head.toString('utf8', preambleBytes, preambleBytes + headerLength)) as Header;
  const dataOffset = dataOffsetOf(headerLength);
  const valuesPerTrial = header.channels.length * header.freqsHz.length;
  return fileSize < dataOffset + header.trials.length * valuesPerTrial * 8 ? null : { header, dataOffset, valuesPerTrial };
}

/** Bytes freed by a clean-up. */
export interface CacheRemoval {
  entries: number;
  bytes: number;
}

/**
 * Layout: "NFFC", u32 version, u32 header length, header JSON (UTF-8), zero padding to a multiple of 8,
 * then float64 little-endian values `[trial][channel][freq]`. Written to a temporary name and renamed, so a
 * crash never leaves a half entry under the real name. With an index (the database), every put, hit and
 * removal is recorded there too; the files stay the truth and `reconcile` repairs a drifted index.
 */
export class FeatureCacheStore implements FeatureCacheDisk {
  readonly dataDir: string;
  readonly directory: string;
  readonly index: FeatureCacheIndex | null;
  /** The last failure to record a hit or put in the index (the cached files themselves were fine), or null. */
  indexError: string | null = null;

  constructor(dataDir: string, index?: FeatureCacheIndex) {
    this.dataDir = dataDir;
    this.directory = path.join(dataDir, 'feature-cache');
    this.index = index ?? null;
  }

  pathOf(key: string): string {
    const [recording, parameters] = key.split('-');
    return path.join(this.directory, recording.slice(0, 2), `${recording}-${parameters}.nffc`);
  }

  /** The path relative to the data folder, `/`-separated, as the index stores it. */
  relativePath(file: string): string {
    return path.relative(this.dataDir, file).split(path.sep).join('/');
  }

  /** A hit marks the entry used (indexing it if its row is missing); a miss forgets a stale row. */
  get(key: string): CachedRecordingFeatures | null {
    const file = this.pathOf(key);
    const found = existsSync(file) ? readEntry(file, key) : null;
    this.bookkeep(key, (index, parts) => {
      if (!found) index.forget(parts.recordingSha256, parts.parameterHash);
      else if (!index.touch(parts.recordingSha256, parts.parameterHash)) {
        index.recordPut({
          ...parts, method: found.entry.features.method, path: this.relativePath(file), bytes: found.bytes,
          nTrials: found.entry.trials.length, createdAt: statSync(file).mtime,
        });
      }
    });
    return found?.entry ?? null;
  }

  put(key: string, entry: CachedRecordingFeatures): string {
    const f = entry.features;
    const header: Header = {
      method: f.method, channels: f.channels, freqsHz: Array.from(f.freqsHz), log: f.log, classes: f.classes,
      trials: entry.trials, rejected: entry.rejected, nCues: entry.nCues, key,
    };
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const dataOffset = dataOffsetOf(json.length);
    const size = f.channels.length * f.freqsHz.length;
    const bytes = Buffer.alloc(dataOffset + f.values.length * size * 8);
    bytes.write(magic, 0, 'latin1');
    bytes.writeUInt32LE(formatVersion, 4);
    bytes.writeUInt32LE(json.length, 8);
    json.copy(bytes, preambleBytes);
    f.values.forEach((v, t) => {
      for (let i = 0; i < size; i++) bytes.writeDoubleLE(v[i], dataOffset + (t * size + i) * 8);
    });
    const file = this.pathOf(key);
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, bytes);
    renameSync(temporary, file);
    this.bookkeep(key, (index, parts) => {
      index.recordPut({ ...parts, method: f.method, path: this.relativePath(file), bytes: bytes.length, nTrials: entry.trials.length });
    });
    return file;
  }

  /** Records which parameters a hash stands for (the index's parameter_sets), before entries refer to it. */
  recordParameterSet(parameters: FeatureParameters): void {
    if (!this.index) return;
    try {
      this.index.recordParameterSet(parameters);
    } catch (error) {
      this.indexError = `feature cache index: parameter set not recorded: ${(error as Error).message}`;
    }
  }

  /**
   * Records a hit or a put in the index. The files are the truth, so a database that cannot be written (a
   * full disk, a lock held too long) must not fail the feature job: the error is kept in `indexError` and
   * the next `reconcile` repairs the index.
   */
  private bookkeep(key: string, record: (index: FeatureCacheIndex, parts: { recordingSha256: string; parameterHash: string }) => void): void {
    const parts = this.index ? splitFeatureCacheKey(key) : null;
    if (!this.index || !parts) return;
    try {
      record(this.index, parts);
    } catch (error) {
      this.indexError = `feature cache index not updated for ${key}: ${(error as Error).message}`;
    }
  }

  /** Every stored entry with its size, for the index's reconcile or a clean-up. */
  entries(): { key: string; path: string; bytes: number }[] {
    if (!existsSync(this.directory)) return [];
    const found: { key: string; path: string; bytes: number }[] = [];
    for (const folder of readdirSync(this.directory)) {
      const dir = path.join(this.directory, folder);
      if (!statSync(dir).isDirectory()) continue;
      for (const name of readdirSync(dir)) {
        if (!name.endsWith('.nffc')) continue;
        const file = path.join(dir, name);
        found.push({ key: name.slice(0, -'.nffc'.length), path: file, bytes: statSync(file).size });
      }
    }
    return found;
  }

  /** The header of a cache file (without reading its values), or null when it is not a readable entry. */
  describe(file: string): { key: string; method: FeatureMethod; nTrials: number; modifiedAt: Date } | null {
    let fd: number | undefined;
    try {
      fd = openSync(file, 'r');
      const size = statSync(file).size;
      const preamble = Buffer.alloc(preambleBytes);
      if (readSync(fd, preamble, 0, preambleBytes, 0) !== preambleBytes) return null;
      const headerLength = announcedHeaderLength(preamble);
      if (headerLength === null || preambleBytes + headerLength > size) return null;
      const head = Buffer.alloc(preambleBytes + headerLength);
      readSync(fd, head, 0, head.length, 0);
      const decoded = decodeHeader(head, headerLength, size);
      if (!decoded) return null;
      const { header } = decoded;
      return { key: header.key, method: header.method, nTrials: header.trials.length, modifiedAt: statSync(file).mtime };
    } catch {
      return null;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  removeFile(file: string): void {
    rmSync(file, { force: true });
  }

  /** Makes the index match the files (see `FeatureCacheIndex.reconcile`); null without an index. */
  reconcile(): ReconcileReport | null {
    return this.index ? this.index.reconcile(this) : null;
  }

  /** Removes every entry of a recording (e.g. when it is deleted), files and rows. */
  dropRecording(recordingSha256: string): number {
    this.index?.forgetRecording(recordingSha256);
    const folder = path.join(this.directory, recordingSha256.slice(0, 2));
    if (!existsSync(folder)) return 0;
    const files = readdirSync(folder).filter((name) => name.startsWith(`${recordingSha256}-`));
    for (const name of files) rmSync(path.join(folder, name), { force: true });
    return files.length;
  }

  /** Removes every entry, files and rows. */
  clear(): CacheRemoval {
    const all = this.entries();
    rmSync(this.directory, { recursive: true, force: true });
    this.index?.forgetAll();
    return { entries: all.length, bytes: all.reduce((sum, e) => sum + e.bytes, 0) };
  }

  /**
   * Removes entries last used before `olderThan`, then least recently used ones until the cache holds at
   * most `maxBytes`. Last use comes from the index (reconciled first); without one, from the file's
   * modification time (when it was written).
   */
  prune(options: { olderThan?: Date; maxBytes?: number }): CacheRemoval {
    this.reconcile();
    const byAge = this.index
      ? this.index.list().map((e) => ({ key: e.key, bytes: e.bytes, lastUsed: e.lastUsedAt }))
      : this.entries().map((e) => ({ key: e.key, bytes: e.bytes, lastUsed: statSync(e.path).mtime.toISOString() }));
    byAge.sort((a, b) => (a.lastUsed < b.lastUsed ? -1 : a.lastUsed > b.lastUsed ? 1 : 0));
    let total = byAge.reduce((sum, e) => sum + e.bytes, 0);
    const cutoff = options.olderThan?.toISOString();
    const removed: CacheRemoval = { entries: 0, bytes: 0 };
    for (const e of byAge) {
      const old = cutoff !== undefined && e.lastUsed < cutoff;
      const over = options.maxBytes !== undefined && total > options.maxBytes;
      if (!old && !over) continue;
      this.removeFile(this.pathOf(e.key));
      const parts = splitFeatureCacheKey(e.key);
      if (this.index && parts) this.index.forget(parts.recordingSha256, parts.parameterHash);
      total -= e.bytes;
      removed.entries++;
      removed.bytes += e.bytes;
    }
    return removed;
  }
}

/** Reads a whole entry; null (a miss) when the file is damaged or holds another key. */
function readEntry(file: string, key: string): { entry: CachedRecordingFeatures; bytes: number } | null {
  try {
    const bytes = readFileSync(file);
    const headerLength = announcedHeaderLength(bytes);
    if (headerLength === null) return null;
    const decoded = decodeHeader(bytes, headerLength, bytes.length);
    if (!decoded || decoded.header.key !== key) return null;
    const { header, dataOffset, valuesPerTrial: size } = decoded;
    const all = new Float64Array(bytes.buffer.slice(bytes.byteOffset + dataOffset, bytes.byteOffset + dataOffset + header.trials.length * size * 8));
    return {
      bytes: bytes.length,
      entry: {
        features: {
          method: header.method,
          channels: header.channels,
          freqsHz: Float64Array.from(header.freqsHz),
          log: header.log,
          classes: header.classes,
          values: header.trials.map((_, t) => all.slice(t * size, (t + 1) * size)),
          classIndex: Int32Array.from(header.trials, (t) => t.classIndex),
          trialIndex: Int32Array.from(header.trials, (t) => t.index),
        },
        trials: header.trials,
        rejected: header.rejected,
        nCues: header.nCues,
      },
    };
  } catch {
    // A damaged entry is a miss: it will be recomputed and overwritten.
    return null;
  }
}
