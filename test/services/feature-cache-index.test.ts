import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { migrate, openDatabase, schemaVersion } from '../../src-main/services/storage/database.ts';
import { migrations } from '../../src-main/services/storage/migrations.ts';
import { listPatients } from '../../src-main/services/storage/patients.ts';
import { FeatureCacheIndex } from '../../src-main/services/storage/feature-cache-index.ts';
import { FeatureCacheStore, type CachedRecordingFeatures } from '../../src-main/services/jobs/feature-cache.ts';
import { runFeatureJob } from '../../src-main/services/jobs/feature-job.ts';
import { defaultFeatureParameters, type FeatureParameters } from '../../src-main/core/features/pipeline.ts';
import { canonicalJson, featureCacheKey, parameterHash } from '../../src-main/core/features/param-hash.ts';
import { loadRecording } from '../../src-main/services/recordings/load-recording.ts';
import { sha256File } from '../../src-main/services/recordings/checksum.ts';
import { main } from '../../src-main/cli/main.ts';
import { physionetRun, sharedDataMissing } from '../support/shared-data.ts';

const folders: string[] = [];
const tempFolder = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nf-cache-index-'));
  folders.push(dir);
  return dir;
};
afterEach(() => folders.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A clock the test moves by hand, so that "later" never depends on how fast the machine is. */
function manualClock(start = '2026-03-01T09:00:00.000Z') {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms: number) => { t += ms; }, iso: () => new Date(t).toISOString() };
}

/** A store over a fresh data folder and its database, on a manual clock. */
function openStore() {
  const dataDir = tempFolder();
  const clock = manualClock();
  const db = openDatabase(dataDir);
  const index = new FeatureCacheIndex(db, { now: clock.now });
  return { dataDir, clock, db, index, store: new FeatureCacheStore(dataDir, index) };
}

/** Synthetic per-recording features: nTrials trials of 2 channels x 3 frequencies. */
function syntheticEntry(nTrials: number, seed = 1): CachedRecordingFeatures {
  const trials = Array.from({ length: nTrials }, (_, i) => ({ index: i, recordingIndex: 0, classIndex: i % 2, onsetSec: 10 * i, firstSample: 1600 * i }));
  return {
    features: {
      method: 'welch', channels: ['C3', 'C4'], freqsHz: Float64Array.from([8, 9, 10]), log: true, classes: ['T1', 'T2'],
      values: trials.map((_, t) => Float64Array.from({ length: 6 }, (_, i) => seed * 100 + t * 6 + i)),
      classIndex: Int32Array.from(trials, (t) => t.classIndex), trialIndex: Int32Array.from(trials, (t) => t.index),
    },
    trials,
    rejected: [],
    nCues: nTrials,
  };
}

const hex = (c: string) => c.repeat(64);

describe('feature cache index: migration', () => {
  it('upgrades a version-1 database in place, keeping its patients', () => {
    const dir = tempFolder();
    const v1 = new DatabaseSync(path.join(dir, 'neurofeat.sqlite'));
    expect(migrate(v1, migrations.filter((m) => m.version === 1))).toEqual([1]);
    // Written as version 1 did (today's createPatient also writes the audit log of migration 5).
    v1.prepare("INSERT INTO patients (code, birth_year, lesion_side, dominant_hand, notes, created_at) VALUES ('P07', 1958, 'right', 'right', '', '2026-01-01T00:00:00.000Z')").run();
    v1.close();

    const db = openDatabase(dir);
    expect(schemaVersion(db)).toBe(Math.max(...migrations.map((m) => m.version)));
    expect(listPatients(db).map((p) => p.code)).toEqual(['P07']);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => (r as { name: string }).name);
    // Migration 2 (the feature cache index) and 3 (runs, attempts, the chosen model) are added, nothing else changes.
    expect(tables).toEqual(expect.arrayContaining(['parameter_sets', 'feature_cache_entries', 'runs', 'attempts', 'session_models']));
    const key = (db.prepare('PRAGMA table_info(feature_cache_entries)').all() as { name: string; pk: number }[])
      .filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    expect(key).toEqual(['recording_sha256', 'parameter_hash']);
    // The upgraded database indexes puts, and an entry cannot name an unknown parameter set.
    const index = new FeatureCacheIndex(db);
    index.recordPut({ recordingSha256: hex('a'), parameterHash: hex('b'), method: 'welch', path: 'feature-cache/aa/x.nffc', bytes: 10, nTrials: 2 });
    expect(index.summary()).toEqual({ entries: 1, bytes: 10, recordings: 1, parameterSets: 1 });
    expect(() => db.prepare("INSERT INTO feature_cache_entries VALUES (?, ?, 'p', 1, 1, 'x', 'x')").run(hex('a'), hex('c'))).toThrow(/FOREIGN KEY/);
    db.close();
  });
});

describe.skipIf(sharedDataMissing)('feature cache index: store and job', async () => {
  if (sharedDataMissing) return; // the recording is read while collecting
  const file = physionetRun(1, 4);
  const recording = await loadRecording(file);
  const checksum = await sha256File(file);
  const parameters = defaultFeatureParameters('welch', ['T1', 'T2']);
  const run = (store: FeatureCacheStore, p: FeatureParameters = parameters) => runFeatureJob([recording], p, { threads: 1, cache: { store, checksums: [checksum] } });

  it('records a put with its parameter set, path, size and trial count', async () => {
    const { dataDir, clock, index, store, db } = openStore();
    const hash = index.recordParameterSet(parameters);
    expect(hash).toBe(parameterHash(parameters));
    const first = await run(store);
    expect(first.cacheHits).toBe(0);
    const rows = index.list();
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row).toMatchObject({ recordingSha256: checksum, parameterHash: hash, method: 'welch', nTrials: first.trials.length, createdAt: clock.iso(), lastUsedAt: clock.iso() });
    expect(row.path).toBe(`feature-cache/${checksum.slice(0, 2)}/${checksum}-${hash}.nffc`);
    expect(row.bytes).toBe(statSync(path.join(dataDir, row.path)).size);
    expect(index.summary()).toEqual({ entries: 1, bytes: row.bytes, recordings: 1, parameterSets: 1 });
    // The stored parameters are the canonical JSON that was hashed, so the hash can be checked from the row.
    const set = index.parameterSet(hash)!;
    expect(set.parameters).toEqual(JSON.parse(canonicalJson(parameters)));
    expect(parameterHash(set.parameters)).toBe(hash);
    db.close();
  });

  it('updates last_used_at on a hit, and indexes a hit whose row is missing', async () => {
    const { clock, index, store, db } = openStore();
    await run(store);
    const putAt = clock.iso();
    clock.advance(60_000);
    const second = await run(store);
    expect(second.cacheHits).toBe(1);
    const [row] = index.list();
    expect(row.createdAt).toBe(putAt);
    expect(row.lastUsedAt).toBe(clock.iso());
    expect(row.lastUsedAt > putAt).toBe(true);

    expect(index.forget(checksum, parameterHash(parameters))).toBe(true);
    expect(index.list()).toEqual([]);
    clock.advance(60_000);
    const third = await run(store);
    expect(third.cacheHits).toBe(1);
    expect(index.list()).toEqual([{ ...row, lastUsedAt: clock.iso(), createdAt: statSync(store.pathOf(row.key)).mtime.toISOString() }]);
    db.close();
  });

  it('misses under changed parameters (another key), keeping one row per parameter set', async () => {
    const { index, store, db } = openStore();
    await run(store);
    const changed = { ...parameters, band: { fminHz: 8, fmaxHz: 30 } };
    expect(parameterHash(changed)).not.toBe(parameterHash(parameters));
    const result = await run(store, changed);
    expect(result.cacheHits).toBe(0);
    expect(Array.from(result.features.freqsHz)).toEqual(Array.from({ length: 23 }, (_, i) => 8 + i));
    expect(index.list({ recordingSha256: checksum }).map((e) => e.parameterHash).sort()).toEqual([parameterHash(parameters), parameterHash(changed)].sort());
    expect(index.list({ recordingSha256: hex('0') })).toEqual([]);
    // A row whose file has gone is a miss, and the miss forgets the row until the put writes it again.
    const key = featureCacheKey(checksum, parameterHash(changed));
    rmSync(store.pathOf(key));
    expect(store.get(key)).toBeNull();
    expect(index.find(checksum, parameterHash(changed))).toBeNull();
    db.close();
  });

  it('drops a recording from disk and index', async () => {
    const { index, store, db } = openStore();
    await run(store);
    store.put(featureCacheKey(hex('1'), parameterHash(parameters)), syntheticEntry(4));
    expect(store.dropRecording(checksum)).toBe(1);
    expect(index.list().map((e) => e.recordingSha256)).toEqual([hex('1')]);
    expect(store.entries().map((e) => e.key)).toEqual([featureCacheKey(hex('1'), parameterHash(parameters))]);
    db.close();
  });
});

describe('feature cache index: reconcile, clear, prune', () => {
  const hashA = hex('a');

  it('removes rows whose file is gone, indexes orphan files from their header, deletes unreadable ones', () => {
    const { dataDir, index, store, db } = openStore();
    const kept = featureCacheKey(hex('1'), hashA);
    const deleted = featureCacheKey(hex('2'), hashA);
    store.put(kept, syntheticEntry(3));
    store.put(deleted, syntheticEntry(5));
    rmSync(store.pathOf(deleted));
    // Written by a store without an index (another version, a copied folder): a file without a row.
    const orphan = featureCacheKey(hex('3'), hex('b'));
    new FeatureCacheStore(dataDir).put(orphan, syntheticEntry(7));
    const garbage = store.pathOf(featureCacheKey(hex('4'), hashA));
    mkdirSync(path.dirname(garbage), { recursive: true });
    writeFileSync(garbage, 'not a cache entry');
    const misnamed = path.join(store.directory, '11', 'stray.nffc');
    writeFileSync(misnamed, 'x');

    expect(store.reconcile()).toEqual({ removedRows: 1, indexedFiles: 1, removedFiles: 2 });
    expect(existsSync(garbage) || existsSync(misnamed)).toBe(false);
    expect(index.list().map((e) => e.key).sort()).toEqual([kept, orphan].sort());
    const row = index.find(hex('3'), hex('b'))!;
    expect(row).toMatchObject({ method: 'welch', nTrials: 7, bytes: statSync(store.pathOf(orphan)).size });
    expect(row.createdAt).toBe(statSync(store.pathOf(orphan)).mtime.toISOString());
    expect(index.parameterSet(hex('b'))).toMatchObject({ parameters: null, method: 'welch' });
    // Nothing left to do.
    expect(store.reconcile()).toEqual({ removedRows: 0, indexedFiles: 0, removedFiles: 0 });
    db.close();
  });

  it('prunes the least recently used first down to maxBytes, and by age', () => {
    const { clock, index, store, db } = openStore();
    const keys = ['1', '2', '3', '4'].map((c) => featureCacheKey(hex(c), hashA));
    for (const key of keys) {
      store.put(key, syntheticEntry(4));
      clock.advance(1000);
    }
    store.get(keys[0]); // now the most recently used
    const size = index.list()[0].bytes;
    expect(index.summary().bytes).toBe(4 * size);
    expect(store.prune({ maxBytes: 2 * size })).toEqual({ entries: 2, bytes: 2 * size });
    expect(index.list().map((e) => e.key)).toEqual([keys[0], keys[3]]);
    expect(store.entries().map((e) => e.key).sort()).toEqual([keys[0], keys[3]].sort());
    expect(store.prune({ olderThan: new Date(Date.parse(index.find(hex('1'), hashA)!.lastUsedAt)) })).toEqual({ entries: 1, bytes: size });
    expect(index.list().map((e) => e.key)).toEqual([keys[0]]);
    expect(store.clear()).toEqual({ entries: 1, bytes: size });
    expect(index.summary()).toEqual({ entries: 0, bytes: 0, recordings: 0, parameterSets: 0 });
    expect(store.entries()).toEqual([]);
    db.close();
  });

  it('keeps `new FeatureCacheStore(dataDir)` working without an index', () => {
    const store = new FeatureCacheStore(tempFolder());
    const key = featureCacheKey(hex('5'), hashA);
    store.put(key, syntheticEntry(2, 3));
    expect(Array.from(store.get(key)!.features.values[1])).toEqual([306, 307, 308, 309, 310, 311]);
    expect(store.reconcile()).toBeNull();
    expect(store.clear()).toMatchObject({ entries: 1 });
    expect(store.get(key)).toBeNull();
  });
});

describe.skipIf(sharedDataMissing)('neurofeat features --cache', () => {
  const file = physionetRun(1, 4);
  const cli = async (dataDir: string) => {
    let out = '';
    let err = '';
    const code = await main(['features', file, '--cache', '--data-dir', dataDir, '--json'], { out: (t) => { out += t; }, err: (t) => { err += t; } });
    return { code, err, json: JSON.parse(out) as { cacheHits: number; r2: number[][]; trials: unknown[] } };
  };

  it('hits on the second run, and the data folder database holds the row and the parameter set', async () => {
    const dataDir = tempFolder();
    const first = await cli(dataDir);
    const second = await cli(dataDir);
    for (const r of [first, second]) {
      expect(r.code).toBe(0);
      expect(r.err).toBe('');
    }
    expect(first.json.cacheHits).toBe(0);
    expect(second.json.cacheHits).toBe(1);
    expect(second.json.r2).toEqual(first.json.r2);
    const db = openDatabase(dataDir);
    const index = new FeatureCacheIndex(db);
    const rows = index.list();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ recordingSha256: await sha256File(file), method: 'welch', nTrials: first.json.trials.length });
    expect(rows[0].lastUsedAt >= rows[0].createdAt).toBe(true);
    expect(index.parameterSet(rows[0].parameterHash)?.parameters).toMatchObject({ method: 'welch', classes: ['T1', 'T2'] });
    db.close();
  });

  it('warns once and computes without the cache when the data folder cannot be written', async () => {
    const blocker = path.join(tempFolder(), 'a-file');
    writeFileSync(blocker, 'x');
    const r = await cli(path.join(blocker, 'data'));
    expect(r.code).toBe(0);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/--cache: computing without the cache: The data folder .*a-file\/data.* cannot be written/);
    expect(r.json.cacheHits).toBe(0);
    expect(r.json.trials.length).toBeGreaterThan(0);
  });
});

describe('feature cache index: a database that cannot be written', () => {
  it('does not fail puts or hits; the error is kept and reconcile repairs the index afterwards', () => {
    const { dataDir, db, store } = openStore();
    const key = featureCacheKey(hex('a'), parameterHash(defaultFeatureParameters('welch', ['T1', 'T2'])));
    db.close(); // every statement now throws
    expect(() => store.put(key, syntheticEntry(4))).not.toThrow();
    expect(store.indexError).toMatch(new RegExp(`feature cache index not updated for ${key}`));
    expect(store.get(key)?.trials.length).toBe(4);

    const reopened = openDatabase(dataDir);
    const repaired = new FeatureCacheStore(dataDir, new FeatureCacheIndex(reopened));
    expect(repaired.index!.list()).toHaveLength(0);
    repaired.reconcile();
    expect(repaired.index!.list().map((e) => e.key)).toEqual([key]);
    reopened.close();
  });
});

describe('feature cache files cut short', () => {
  it('are a miss when read and are removed, not indexed, by reconcile', () => {
    const { db, store } = openStore();
    const key = featureCacheKey(hex('c'), parameterHash(defaultFeatureParameters('welch', ['T1', 'T2'])));
    const file = store.put(key, syntheticEntry(4));
    const whole = statSync(file).size;
    truncateSync(file, whole - 8); // the last value is gone: the header still parses
    expect(store.describe(file)).toBeNull();
    expect(store.get(key)).toBeNull();
    expect(store.reconcile()).toMatchObject({ indexedFiles: 0, removedFiles: 1 });
    expect(existsSync(file)).toBe(false);
    db.close();
  });
});
