// Opens the NeuroFeat database in the data folder, creating it and applying pending migrations.
import { DatabaseSync } from 'node:sqlite';
import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ApiFailure } from '../../contract/errors.ts';
import { migrations as allMigrations, type Migration } from './migrations.ts';

export const DATABASE_FILE = 'neurofeat.sqlite';

/** Makes sure the folder exists and can be written; the error names the folder and the reason. */
export function ensureWritableFolder(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new ApiFailure(
      'storage-unwritable',
      `The data folder ${dataDir} cannot be written (${reason}).`,
      'Choose a folder you can write to with --data-dir or NEUROFEAT_DATA_DIR, or fix its permissions.',
    );
  }
}

export function openDatabase(dataDir: string, migrations: Migration[] = allMigrations): DatabaseSync {
  ensureWritableFolder(dataDir);
  const db = new DatabaseSync(path.join(dataDir, DATABASE_FILE));
  db.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 2000;');
  migrate(db, migrations);
  return db;
}

/** Applies, in one transaction each, the migrations newer than the database's version. Returns the versions applied. */
export function migrate(db: DatabaseSync, migrations: Migration[]): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const current = schemaVersion(db);
  const newest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > newest) {
    throw new ApiFailure('storage-unwritable', `The database was written by a newer NeuroFeat (schema ${current}; this version knows up to ${newest}).`, 'Update NeuroFeat, or choose another data folder.');
  }
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    db.exec('BEGIN');
    try {
      db.exec(migration.sql);
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
