// Opens the NeuroFeat database in the data folder: private to the user, checked for damage, never silently replaced, migrated.
import { DatabaseSync } from 'node:sqlite';
import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, constants, existsSync, linkSync, mkdirSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { ApiFailure, detail, type ErrorReasons } from '../../contract/errors.ts';
import type { AuditActor } from '../../contract/api.ts';
import { setAuditActor } from './audit.ts';
import { migrations as allMigrations, type Migration } from './migrations.ts';

export const DATABASE_FILE = 'neurofeat.sqlite';
/** How long a statement waits for another process's write lock (CLI commands and the app share the file). */
export const BUSY_TIMEOUT_MS = 10_000;
/** The data folder and the database files are the user's alone (pseudonymous, but clinical). */
const FOLDER_MODE = 0o700;
const FILE_MODE = 0o600;

/** Makes sure the folder exists and can be written; the error names the folder and the reason. */
export function ensureWritableFolder(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: FOLDER_MODE });
    accessSync(dataDir, constants.W_OK);
    if (process.platform !== 'win32' && (statSync(dataDir).mode & 0o077) !== 0) chmodSync(dataDir, FOLDER_MODE);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new ApiFailure(
      'storage-unwritable',
      `The data folder ${dataDir} cannot be written (${reason}).`,
      'Choose a folder you can write to with --data-dir or NEUROFEAT_DATA_DIR, or fix its permissions.',
      detail('storage-unwritable', { folder: dataDir }),
    );
  }
}

/**
 * Opens (or creates) the database. The busy timeout is set before anything else touches the file, so that
 * concurrent openers wait for each other instead of failing with "database is locked". A file that exists
 * but is empty, is not a database, or fails `PRAGMA quick_check` is refused with `storage-unwritable` and
 * left exactly as it is: NeuroFeat never starts a new database over one that held data.
 */
export function openDatabase(dataDir: string, actor: AuditActor = 'app', migrations: Migration[] = allMigrations): DatabaseSync {
  ensureWritableFolder(dataDir);
  const file = path.join(dataDir, DATABASE_FILE);
  if (!existsSync(file)) createDatabaseFile(file, migrations, actor);
  if (statSync(file).size === 0) {
    throw damaged(file, 'empty', 'it is empty (0 bytes): it was truncated or replaced');
  }
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(file);
  } catch (error) {
    throw damaged(file, 'unopenable', `it cannot be opened (${describeSqliteError(error)})`);
  }
  // Every audit entry written through this connection names who wrote it (the app, or a command of the CLI).
  setAuditActor(db, actor);
  try {
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    privatise(file);
    checkIntegrity(db, file);
    db.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;');
    for (const companion of [`${file}-wal`, `${file}-shm`]) if (existsSync(companion)) privatise(companion);
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof ApiFailure) throw error;
    if (isSqliteCorruption(error)) throw damaged(file, 'not-sqlite', `it is not a readable SQLite database (${describeSqliteError(error)})`);
    throw error;
  }
}

/**
 * A new database is built under a temporary name and linked into place (link never replaces a file), so the
 * real name never holds a half-made database: an empty file there always means damage, never a race.
 */
function createDatabaseFile(file: string, migrations: Migration[], actor: AuditActor): void {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.new`;
  try {
    const db = new DatabaseSync(temporary);
    setAuditActor(db, actor);
    try {
      privatise(temporary);
      migrate(db, migrations);
    } finally {
      db.close();
    }
    try {
      linkSync(temporary, file);
    } catch (error) {
      // Another process created it first: theirs is used.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  } finally {
    if (existsSync(temporary)) unlinkSync(temporary);
  }
}

/** `PRAGMA quick_check`: structure and page checks, without the cost of a full integrity check. */
function checkIntegrity(db: DatabaseSync, file: string): void {
  const rows = db.prepare('PRAGMA quick_check').all() as Array<Record<string, unknown>>;
  const problems = rows.map((row) => String(Object.values(row)[0])).filter((text) => text !== 'ok');
  if (problems.length > 0) {
    throw damaged(file, 'integrity', `its integrity check failed (${problems.length} problem${problems.length === 1 ? '' : 's'}, first: ${problems[0]})`);
  }
}

function damaged(file: string, kind: ErrorReasons['database-damaged']['problem'], problem: string): ApiFailure {
  return new ApiFailure(
    'storage-unwritable',
    `The database ${file} is damaged: ${problem}. NeuroFeat left it untouched and will not write to it.`,
    'Keep a copy of the file for recovery (`neurofeat patient list --recover` reads what it still holds, read-only), then restore it from a backup or choose another data folder (--data-dir or NEUROFEAT_DATA_DIR).',
    detail('database-damaged', { file, problem: kind }),
  );
}

function privatise(file: string): void {
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, FILE_MODE);
}

/** SQLite's own errors carry a numeric `errcode`; 11 is SQLITE_CORRUPT, 26 SQLITE_NOTADB. */
function isSqliteCorruption(error: unknown): boolean {
  const code = (error as { errcode?: unknown } | null)?.errcode;
  return code === 11 || code === 26 || (error instanceof Error && /malformed|not a database|corrupt/i.test(error.message));
}

function describeSqliteError(error: unknown): string {
  return error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error);
}

/** Applies, in one transaction each, the migrations newer than the database's version. Returns the versions applied. */
export function migrate(db: DatabaseSync, migrations: Migration[]): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const current = schemaVersion(db);
  const newest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > newest) {
    throw new ApiFailure('storage-unwritable', `The database was written by a newer NeuroFeat (schema ${current}; this version knows up to ${newest}).`, 'Update NeuroFeat, or choose another data folder.', detail('database-newer', { schema: current, known: newest }));
  }
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    // IMMEDIATE takes the write lock first (waiting out the busy timeout), then the version is read again:
    // another process opening the same database at the same moment may have applied this migration already.
    db.exec('BEGIN IMMEDIATE');
    if (schemaVersion(db) >= migration.version) {
      db.exec('COMMIT');
      continue;
    }
    try {
      db.exec(migration.sql);
      migration.after?.(db);
      db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.description, new Date().toISOString());
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    applied.push(migration.version);
  }
  return applied;
}

export function schemaVersion(db: DatabaseSync): number {
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null } | undefined;
  return row?.version ?? 0;
}
