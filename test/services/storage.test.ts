import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { migrate, openDatabase, schemaVersion } from '../../src-main/services/storage/database.ts';
import { migrations } from '../../src-main/services/storage/migrations.ts';
import { createPatient, createSession, listPatients, listSessions } from '../../src-main/services/storage/patients.ts';
import { ApiFailure } from '../../src-main/contract/errors.ts';

const folders: string[] = [];
const tempFolder = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nf-storage-'));
  folders.push(dir);
  return dir;
};
afterEach(() => folders.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const patient = (code: string) => ({ code, birthYear: 1961, lesionSide: 'left' as const, dominantHand: 'right' as const, notes: 'ischaemic, 3 months' });

describe('storage', () => {
  it('creates the database with every migration on first start', () => {
    const dir = tempFolder();
    const db = openDatabase(path.join(dir, 'nested', 'data'));
    expect(schemaVersion(db)).toBe(Math.max(...migrations.map((m) => m.version)));
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining(['patients', 'sessions', 'schema_migrations']));
    db.close();
  });

  it('applies only the migrations a database lacks, and keeps its data', () => {
    const dir = tempFolder();
    const db = new DatabaseSync(path.join(dir, 'x.sqlite'));
    expect(migrate(db, migrations.slice(0, 1))).toEqual([1]);
    // A version-1 database's row, written as that version did (today's createPatient also writes the audit log of migration 5).
    db.prepare("INSERT INTO patients (code, lesion_side, dominant_hand, created_at) VALUES ('P01', 'unknown', 'unknown', '2026-01-01T00:00:00.000Z')").run();
    const extra = [...migrations, { version: 99, description: 'test column', sql: 'ALTER TABLE patients ADD COLUMN extra TEXT' }];
    expect(migrate(db, extra)).toEqual([...migrations.slice(1).map((m) => m.version), 99]);
    expect(migrate(db, extra)).toEqual([]);
    expect(listPatients(db).map((p) => p.code)).toEqual(['P01']);
    db.close();
  });

  it('rolls a failing migration back and leaves the version where it was', () => {
    const db = new DatabaseSync(':memory:');
    migrate(db, migrations);
    const before = schemaVersion(db);
    expect(() => migrate(db, [...migrations, { version: 50, description: 'broken', sql: 'CREATE TABLE t (a); INSERT INTO nowhere VALUES (1);' }])).toThrow(/nowhere/);
    expect(schemaVersion(db)).toBe(before);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 't'").get()).toEqual({ n: 0 });
  });

  it('refuses a database written by a newer version', () => {
    const db = new DatabaseSync(':memory:');
    migrate(db, [...migrations, { version: 500, description: 'future', sql: 'SELECT 1' }]);
    expect(() => migrate(db, migrations)).toThrow(/newer NeuroFeat \(schema 500/);
  });

  it('stores patients and sessions, refusing duplicate codes whatever their case', () => {
    const db = openDatabase(tempFolder());
    const p = createPatient(db, patient('RH-004'));
    expect(p).toMatchObject({ code: 'RH-004', birthYear: 1961, lesionSide: 'left', dominantHand: 'right', notes: 'ischaemic, 3 months' });
    expect(() => createPatient(db, patient('rh-004'))).toThrow(/already exists/);
    const s = createSession(db, p.id, 'first calibration');
    expect(listSessions(db, p.id)).toEqual([s]);
    expect(() => listSessions(db, 999)).toThrow(ApiFailure);
    db.close();
  });

  it('says which folder cannot be written', () => {
    const dir = tempFolder();
    const file = path.join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    expect(() => openDatabase(path.join(file, 'data'))).toThrow(/The data folder .*not-a-folder\/data cannot be written/);
    if (process.getuid?.() !== 0) {
      const locked = path.join(dir, 'locked');
      openDatabase(locked).close();
      chmodSync(locked, 0o500);
      expect(() => openDatabase(locked)).toThrow(/cannot be written/);
      chmodSync(locked, 0o700);
    }
  });
});
