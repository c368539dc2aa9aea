// The database is checked on open, never silently replaced when damaged, private to the user, and safe for concurrent writers.
import { afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ApiFailure } from '../../src-main/contract/errors.ts';
import { main } from '../../src-main/cli/main.ts';
import { DATABASE_FILE, openDatabase } from '../../src-main/services/storage/database.ts';
import { createPatient, createSession, listPatients } from '../../src-main/services/storage/patients.ts';
import { ApiService } from '../../src-main/services/api-service.ts';
import { idleEngine } from '../support/idle-engine.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const folders: string[] = [];
const tempFolder = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nf-db-'));
  folders.push(dir);
  return dir;
};
afterEach(() => folders.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const patient = (code: string, notes = '') => ({ code, birthYear: null, lesionSide: 'unknown' as const, dominantHand: 'unknown' as const, notes });
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function refusal(dataDir: string): ApiFailure {
  try {
    openDatabase(dataDir).close();
  } catch (error) {
    if (error instanceof ApiFailure) return error;
    throw error;
  }
  throw new Error('the database was opened');
}

/** A database with enough patients to span several pages. */
function populated(): { dir: string; file: string } {
  const dir = tempFolder();
  const db = openDatabase(dir);
  for (let i = 0; i < 400; i++) createPatient(db, patient(`P${String(i).padStart(4, '0')}`, 'x'.repeat(100)));
  db.close();
  return { dir, file: path.join(dir, DATABASE_FILE) };
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

describe('read-only recovery in the app (storage.recover)', () => {
  const service = (dataDir: string) => new ApiService({ dataDir, transport: 'host', version: 'test', engine: idleEngine() });

  it('gives back the readable patients and sessions of a damaged database, writing nothing, and is refused while the database works', async () => {
    const { dir, file } = populated();
    const db = openDatabase(dir);
    createSession(db, 1, 'first');
    createSession(db, 1, 'second');
    db.close();
    const working = service(dir);
    expect(await working.call('storage.recover', {})).toMatchObject({ ok: false, error: { code: 'conflict' } });
    working.close();

    const bytes = readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    for (let i = 3 * pageSize; i < 4 * pageSize; i++) bytes[i] = (i * 73 + 11) & 0xff;
    writeFileSync(file, bytes);
    const before = sha(file);
    const damaged = service(dir);
    expect(damaged.storageProblem).toMatch(/is damaged/);
    // The banner's reason travels as a reason code, which the window words in the user's language.
    expect(await damaged.call('app.info', {})).toMatchObject({ ok: true, value: { storageFailure: { code: 'storage-unwritable', detail: { reason: 'database-damaged', params: { file, problem: 'integrity' } } } } });
    // Every refused call says the same, with the same reason.
    expect(await damaged.call('patients.list', {})).toMatchObject({ ok: false, error: { code: 'storage-unwritable', detail: { reason: 'database-damaged', params: { problem: 'integrity' } } } });
    const result = await damaged.call('storage.recover', {});
    damaged.close();
    if (!result.ok) throw new Error(result.error.message);
    const recovery = result.value as { file: string; tables: { table: string; rows: Record<string, unknown>[]; unreadableRows: number }[] };
    expect(recovery.file).toBe(file);
    const [patients, sessions] = recovery.tables;
    expect(patients.rows.length + patients.unreadableRows).toBe(400);
    expect(patients.rows.length).toBeGreaterThan(300);
    expect(sessions.rows.map((r) => [r.patientId, r.notes])).toEqual([[1, 'first'], [1, 'second']]);
    expect(sha(file)).toBe(before);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});

describe('database integrity on open', () => {
  it('refuses a database truncated to 0 bytes and leaves it as it is (no silent empty database)', async () => {
    const { dir, file } = populated();
    writeFileSync(file, '');
    const e = refusal(dir);
    expect(e.error.code).toBe('storage-unwritable');
    expect(e.error.message).toBe(`The database ${file} is damaged: it is empty (0 bytes): it was truncated or replaced. NeuroFeat left it untouched and will not write to it.`);
    expect(e.error.detail).toEqual({ reason: 'database-damaged', params: { file, problem: 'empty' } });
    expect(statSync(file).size).toBe(0);
    const listed = await cli(['patient', 'list', '--data-dir', dir]);
    expect(listed.code).toBe(2);
    expect(listed.out).toBe('');
    expect(listed.err).toMatch(/^neurofeat patient: The database .+ is damaged: it is empty \(0 bytes\).+ Keep a copy of the file for recovery.+\n$/);
    expect(listed.err.split('\n')).toHaveLength(2);
    expect(statSync(file).size).toBe(0);
    const recovered = JSON.parse((await cli(['patient', 'list', '--recover', '--json', '--data-dir', dir])).out);
    expect(recovered.tables[0]).toEqual({ table: 'patients', rows: [], unreadableRows: 0, error: 'the database file is missing or empty' });
    expect(statSync(file).size).toBe(0);
  });

  it('refuses a database whose pages hold garbage (quick_check), without writing to it', async () => {
    const { dir, file } = populated();
    const bytes = readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    expect(bytes.length / pageSize).toBeGreaterThan(6);
    // Page 4 (a b-tree page of the patients table) overwritten with garbage.
    for (let i = 3 * pageSize; i < 4 * pageSize; i++) bytes[i] = (i * 73 + 11) & 0xff;
    writeFileSync(file, bytes);
    const before = sha(file);
    const e = refusal(dir);
    expect(e.error.message).toMatch(/is damaged: (its integrity check failed|it is not a readable SQLite database)/);
    expect(e.error.recovery).toMatch(/Keep a copy/);
    const added = await cli(['patient', 'add', '--code', 'NEW', '--data-dir', dir]);
    expect(added.code).toBe(2);
    expect(added.err).not.toMatch(/\n\s+at /);
    expect(sha(file)).toBe(before);
    expect(existsSync(`${file}-wal`)).toBe(false);

    // Read-only recovery gets the patients back and still writes nothing.
    const recovered = await cli(['patient', 'list', '--recover', '--json', '--data-dir', dir]);
    expect(recovered.code).toBe(0);
    const report = JSON.parse(recovered.out);
    expect(report).toMatchObject({ recovered: true, file });
    const patients = report.tables.find((t: { table: string }) => t.table === 'patients');
    expect(patients.rows.length + patients.unreadableRows).toBe(400);
    expect(patients.rows.length).toBeGreaterThan(300);
    expect(patients.rows[0]).toMatchObject({ id: 1, code: 'P0000', lesionSide: 'unknown', notes: 'x'.repeat(100) });
    expect(sha(file)).toBe(before);
    expect(existsSync(`${file}-wal`)).toBe(false);
    const text = await cli(['patient', 'list', '--recover', '--data-dir', dir]);
    expect(text.out).toMatch(/^Read-only recovery of .+ \(nothing was written to it\):\n  patients: \d+ rows read/);
    expect(text.out).toContain('patient P0399 (id 400, year of birth not recorded, lesion unknown, dominant hand unknown)');
    expect((await cli(['patient', 'add', '--recover', '--code', 'X', '--data-dir', dir])).code).toBe(2);
  });

  it('refuses a file that is not a database at all, and keeps it', () => {
    const dir = tempFolder();
    const file = path.join(dir, DATABASE_FILE);
    writeFileSync(file, 'SQLite format 2\0'.padEnd(8192, 'garbage '));
    const before = sha(file);
    expect(refusal(dir).error.message).toMatch(/is damaged: it is not a readable SQLite database/);
    expect(sha(file)).toBe(before);
  });

  it('keeps the folder and the database files private to the user (0700, 0600)', () => {
    const dir = path.join(tempFolder(), 'data');
    const db = openDatabase(dir);
    createPatient(db, patient('P1'));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const f of [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`]) {
      expect({ f, mode: statSync(path.join(dir, f)).mode & 0o777 }).toEqual({ f, mode: 0o600 });
    }
    db.close();
    expect(existsSync(path.join(dir, DATABASE_FILE))).toBe(true);
  });
});

describe('concurrent command-line writers', () => {
  it('4 processes adding 15 patients each to a new data folder lose nothing', async () => {
    const dir = path.join(tempFolder(), 'shared');
    const writer = path.resolve(here, '../support/patient-writer.ts');
    const run = promisify(execFile);
    const stripTypes = process.features.typescript ? [] : ['--experimental-strip-types', '--no-warnings'];
    const results = await Promise.all(['A', 'B', 'C', 'D'].map((prefix) => run(process.execPath, [...stripTypes, writer, dir, prefix, '15'], { timeout: 120_000 })));
    const failures = results.flatMap((r) => JSON.parse(r.stdout).failures as string[]);
    expect(failures).toEqual([]);
    const db = openDatabase(dir);
    const codes = listPatients(db).map((p) => p.code);
    db.close();
    expect(codes).toHaveLength(60);
    for (const prefix of ['A', 'B', 'C', 'D']) for (let i = 0; i < 15; i++) expect(codes).toContain(`${prefix}-${i}`);
  }, 180_000);
});
