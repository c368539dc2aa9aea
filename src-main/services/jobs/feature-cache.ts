// On-disk store of per-trial features, one binary file per (recording checksum, parameter hash) under the data folder.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RejectedTrial, TrialInfo } from '../../core/epochs.ts';
import type { FeatureMethod, TrialFeatures } from '../../core/features/trial-features.ts';

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

/**
 * Layout: "NFFC", u32 version, u32 header length, header JSON (UTF-8), zero padding to a multiple of 8,
 * then float64 little-endian values `[trial][channel][freq]`. Written to a temporary name and renamed, so a
 * crash never leaves a half entry under the real name.
 */
export class FeatureCacheStore {
  readonly directory: string;

  constructor(dataDir: string) {
    this.directory = path.join(dataDir, 'feature-cache');
  }

  pathOf(key: string): string {
    const [recording, parameters] = key.split('-');
    return path.join(this.directory, recording.slice(0, 2), `${recording}-${parameters}.nffc`);
  }

  get(key: string): CachedRecordingFeatures | null {
    const file = this.pathOf(key);
    if (!existsSync(file)) return null;
    try {
      const bytes = readFileSync(file);
      if (bytes.toString('latin1', 0, 4) !== magic || bytes.readUInt32LE(4) !== formatVersion) return null;
      const headerLength = bytes.readUInt32LE(8);
      const header = JSON.parse(bytes.toString('utf8', 12, 12 + headerLength)) as Header;
      if (header.key !== key) return null;
      const dataOffset = Math.ceil((12 + headerLength) / 8) * 8;
      const size = header.channels.length * header.freqsHz.length;
      const all = new Float64Array(bytes.buffer.slice(bytes.byteOffset + dataOffset, bytes.byteOffset + dataOffset + header.trials.length * size * 8));
      if (all.length !== header.trials.length * size) return null;
      return {
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
      };
    } catch {
      // A damaged entry is a miss: it will be recomputed and overwritten.
      return null;
    }
  }

  put(key: string, entry: CachedRecordingFeatures): string {
    const f = entry.features;
    const header: Header = {
      method: f.method, channels: f.channels, freqsHz: Array.from(f.freqsHz), log: f.log, classes: f.classes,
      trials: entry.trials, rejected: entry.rejected, nCues: entry.nCues, key,
    };
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const dataOffset = Math.ceil((12 + json.length) / 8) * 8;
    const size = f.channels.length * f.freqsHz.length;
    const bytes = Buffer.alloc(dataOffset + f.values.length * size * 8);
    bytes.write(magic, 0, 'latin1');
    bytes.writeUInt32LE(formatVersion, 4);
    bytes.writeUInt32LE(json.length, 8);
    json.copy(bytes, 12);
    f.values.forEach((v, t) => {
      for (let i = 0; i < size; i++) bytes.writeDoubleLE(v[i], dataOffset + (t * size + i) * 8);
    });
    const file = this.pathOf(key);
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, bytes);
    renameSync(temporary, file);
    return file;
  }

  /** Every stored entry with its size, for an index (the lead's SQLite table) or a clean-up. */
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

  /** Removes every entry of a recording (e.g. when it is deleted). */
  dropRecording(recordingSha256: string): number {
    const folder = path.join(this.directory, recordingSha256.slice(0, 2));
    if (!existsSync(folder)) return 0;
    const files = readdirSync(folder).filter((name) => name.startsWith(`${recordingSha256}-`));
    for (const name of files) rmSync(path.join(folder, name), { force: true });
    return files.length;
  }
}
