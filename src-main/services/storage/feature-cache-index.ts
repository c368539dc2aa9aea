// The database index of the on-disk feature cache: parameter sets and one row per (recording, parameter hash) file.
import type { DatabaseSync } from 'node:sqlite';
import { canonicalJson, featureCodeVersion, parameterHash } from '../../core/features/param-hash.ts';
import type { FeatureParameters } from '../../core/features/pipeline.ts';

/** One cached file as the index knows it. `path` is relative to the data folder, with `/` separators. */
export interface FeatureCacheEntry {
  key: string;
  recordingSha256: string;
  parameterHash: string;
  method: string;
  path: string;
  bytes: number;
  nTrials: number;
  createdAt: string;
  lastUsedAt: string;
}

/** A parameter set; `parameters` is null when it is known only from a cache file's header. */
export interface ParameterSet {
  hash: string;
  parameters: unknown;
  codeVersion: number | null;
  method: string;
  createdAt: string;
}

/** What the index needs to record a stored file. */
export interface FeatureCachePut {
  recordingSha256: string;
  parameterHash: string;
  method: string;
  path: string;
  bytes: number;
  nTrials: number;
  /** Default: now. */
  createdAt?: Date;
  /** Default: now. */
  lastUsedAt?: Date;
}

/** The cache on disk as reconcile sees it (`FeatureCacheStore` is one). */
export interface FeatureCacheDisk {
  /** Every cache file, keyed by its name. */
  entries(): { key: string; path: string; bytes: number }[];
  /** The file's header, or null when it cannot be read as a cache entry. */
  describe(file: string): { key: string; method: string; nTrials: number; modifiedAt: Date } | null;
  removeFile(file: string): void;
  /** The path as the index stores it (relative to the data folder). */
  relativePath(file: string): string;
}

export interface ReconcileReport {
  /** Rows whose file was gone. */
  removedRows: number;
  /** Files without a row, indexed from their header. */
  indexedFiles: number;
  /** Files without a row that could not be read, deleted. */
  removedFiles: number;
}

interface EntryRow {
  recording_sha256: string;
  parameter_hash: string;
  method: string;
  path: string;
  bytes: number;
  n_trials: number;
  created_at: string;
  last_used_at: string;
}

interface ParameterSetRow {
  hash: string;
  parameters_json: string | null;
  code_version: number | null;
  method: string;
  created_at: string;
}

const keyPattern = /^([0-9a-f]{64})-([0-9a-f]{64})$/;

/** Splits a cache key `<recording sha256>-<parameter hash>`; null when it is not one. */
export function splitFeatureCacheKey(key: string): { recordingSha256: string; parameterHash: string } | null {
  const match = keyPattern.exec(key);
  return match ? { recordingSha256: match[1], parameterHash: match[2] } : null;
}

const toEntry = (row: EntryRow): FeatureCacheEntry => ({
  key: `${row.recording_sha256}-${row.parameter_hash}`,
  recordingSha256: row.recording_sha256,
  parameterHash: row.parameter_hash,
  method: row.method,
  path: row.path,
  bytes: row.bytes,
  nTrials: row.n_trials,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
});

const entryColumns = 'e.recording_sha256, e.parameter_hash, p.method, e.path, e.bytes, e.n_trials, e.created_at, e.last_used_at';

export class FeatureCacheIndex {
  readonly db: DatabaseSync;
  private readonly now: () => Date;

  /** `db` must be migrated to version 2 or later (`openDatabase`). `now` is the clock (tests fix it). */
  constructor(db: DatabaseSync, options: { now?: () => Date } = {}) {
    this.db = db;
    this.now = options.now ?? (() => new Date());
  }

  /** Records the canonical JSON of a parameter set (filled in when the set was known only by hash); returns its hash. */
  recordParameterSet(parameters: FeatureParameters): string {
    const hash = parameterHash(parameters);
    this.db.prepare(`
      INSERT INTO parameter_sets (hash, parameters_json, code_version, method, created_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (hash) DO UPDATE SET
        parameters_json = COALESCE(parameter_sets.parameters_json, excluded.parameters_json),
        code_version = COALESCE(parameter_sets.code_version, excluded.code_version)
    `).run(hash, canonicalJson(parameters), featureCodeVersion, parameters.method, this.now().toISOString());
    return hash;
  }

  parameterSet(hash: string): ParameterSet | null {
    const row = this.db.prepare('SELECT * FROM parameter_sets WHERE hash = ?').get(hash) as unknown as ParameterSetRow | undefined;
    if (!row) return null;
    return {
      hash: row.hash,
      parameters: row.parameters_json === null ? null : JSON.parse(row.parameters_json),
      codeVersion: row.code_version,
      method: row.method,
      createdAt: row.created_at,
    };
  }

  /** Records a stored file, replacing the row of an entry written again. */
  recordPut(put: FeatureCachePut): void {
    const now = this.now();
    const created = (put.createdAt ?? now).toISOString();
    const used = (put.lastUsedAt ?? now).toISOString();
    this.db.prepare('INSERT INTO parameter_sets (hash, method, created_at) VALUES (?, ?, ?) ON CONFLICT (hash) DO NOTHING')
      .run(put.parameterHash, put.method, created);
    this.db.prepare(`
      INSERT INTO feature_cache_entries (recording_sha256, parameter_hash, path, bytes, n_trials, created_at, last_used_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (recording_sha256, parameter_hash) DO UPDATE SET
        path = excluded.path, bytes = excluded.bytes, n_trials = excluded.n_trials,
        created_at = excluded.created_at, last_used_at = excluded.last_used_at
    `).run(put.recordingSha256, put.parameterHash, put.path, put.bytes, put.nTrials, created, used);
  }

  /** Marks an entry used now; false when it has no row. */
  touch(recordingSha256: string, parameterHash: string): boolean {
    const result = this.db.prepare('UPDATE feature_cache_entries SET last_used_at = ? WHERE recording_sha256 = ? AND parameter_hash = ?')
      .run(this.now().toISOString(), recordingSha256, parameterHash);
    return Number(result.changes) > 0;
  }

  find(recordingSha256: string, parameterHash: string): FeatureCacheEntry | null {
    const row = this.db.prepare(`SELECT ${entryColumns} FROM feature_cache_entries e JOIN parameter_sets p ON p.hash = e.parameter_hash WHERE e.recording_sha256 = ? AND e.parameter_hash = ?`)
      .get(recordingSha256, parameterHash) as unknown as EntryRow | undefined;
    return row ? toEntry(row) : null;
  }

  /** Entries, most recently used first; only one recording's when given. */
  list(filter: { recordingSha256?: string } = {}): FeatureCacheEntry[] {
    const where = filter.recordingSha256 !== undefined ? 'WHERE e.recording_sha256 = ?' : '';
    const statement = this.db.prepare(`SELECT ${entryColumns} FROM feature_cache_entries e JOIN parameter_sets p ON p.hash = e.parameter_hash ${where} ORDER BY e.last_used_at DESC, e.recording_sha256, e.parameter_hash`);
    const rows = (filter.recordingSha256 !== undefined ? statement.all(filter.recordingSha256) : statement.all()) as unknown as EntryRow[];
    return rows.map(toEntry);
  }

  /** Totals for "cache: N entries, X MB". */
  summary(): { entries: number; bytes: number; recordings: number; parameterSets: number } {
    return this.db.prepare(`
      SELECT count(*) AS entries, coalesce(sum(bytes), 0) AS bytes, count(DISTINCT recording_sha256) AS recordings,
             count(DISTINCT parameter_hash) AS parameterSets
      FROM feature_cache_entries
    `).get() as unknown as { entries: number; bytes: number; recordings: number; parameterSets: number };
  }

  forget(recordingSha256: string, parameterHash: string): boolean {
    const result = this.db.prepare('DELETE FROM feature_cache_entries WHERE recording_sha256 = ? AND parameter_hash = ?').run(recordingSha256, parameterHash);
    return Number(result.changes) > 0;
  }

  /** Removes a recording's rows; returns how many. */
  forgetRecording(recordingSha256: string): number {
    return Number(this.db.prepare('DELETE FROM feature_cache_entries WHERE recording_sha256 = ?').run(recordingSha256).changes);
  }

  /** Removes every entry row (parameter sets stay: they describe extractions, not files). */
  forgetAll(): number {
    return Number(this.db.prepare('DELETE FROM feature_cache_entries').run().changes);
  }

  /**
   * Makes the rows match the files: rows whose file is gone are removed, sizes are refreshed, files without
   * a row are indexed from their header (created and last used = the file's modification time), or deleted
   * when they cannot be read.
   */
  reconcile(disk: FeatureCacheDisk): ReconcileReport {
    const report: ReconcileReport = { removedRows: 0, indexedFiles: 0, removedFiles: 0 };
    const files = new Map(disk.entries().map((f) => [f.key, f]));
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const known = new Set<string>();
      for (const row of this.list()) {
        const file = files.get(row.key);
        if (!file) {
          this.forget(row.recordingSha256, row.parameterHash);
          report.removedRows++;
          continue;
        }
        known.add(row.key);
        if (file.bytes !== row.bytes || disk.relativePath(file.path) !== row.path) {
          this.db.prepare('UPDATE feature_cache_entries SET bytes = ?, path = ? WHERE recording_sha256 = ? AND parameter_hash = ?')
            .run(file.bytes, disk.relativePath(file.path), row.recordingSha256, row.parameterHash);
        }
      }
      for (const file of files.values()) {
        if (known.has(file.key)) continue;
        const parts = splitFeatureCacheKey(file.key);
        const header = parts ? disk.describe(file.path) : null;
        if (!parts || !header || header.key !== file.key) {
          disk.removeFile(file.path);
          report.removedFiles++;
          continue;
        }
        this.recordPut({
          ...parts, method: header.method, path: disk.relativePath(file.path), bytes: file.bytes, nTrials: header.nTrials,
          createdAt: header.modifiedAt, lastUsedAt: header.modifiedAt,
        });
        report.indexedFiles++;
      }
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
    return report;
  }
}
