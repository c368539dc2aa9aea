// Read-only recovery of what a damaged database still holds: every readable row of the clinical tables, the file never written.
import { DatabaseSync } from 'node:sqlite';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DATABASE_FILE } from './database.ts';

/** The tables whose rows a clinician needs back: patients and their sessions. */
const CLINICAL_TABLES = ['patients', 'sessions'] as const;
/** Row ids probed one by one past the point where a table scan failed. */
const MAX_PROBES = 1_000_000;

export interface RecoveredTable {
  table: (typeof CLINICAL_TABLES)[number];
  /** Readable rows, keys in camelCase (`birth_year` -> `birthYear`), in row id order. */
  rows: Record<string, unknown>[];
  /** Row ids up to the highest known that could not be read (damaged pages). */
  unreadableRows: number;
  /** Why the table could not be read at all, when nothing could. */
  error: string | null;
}

export interface Recovery {
  file: string;
  tables: RecoveredTable[];
}

/**
 * Opens the data folder's database read-only and reads what it can: a full scan of each clinical table,
 * and where the scan breaks on a damaged page, each row id after it on its own. Nothing is written (not
 * even a WAL), so the damaged file stays as evidence and for better tools.
 */
export function recoverReadOnly(dataDir: string): Recovery {
  const file = path.join(dataDir, DATABASE_FILE);
  if (!existsSync(file) || statSync(file).size === 0) {
    return { file, tables: CLINICAL_TABLES.map((table) => ({ table, rows: [], unreadableRows: 0, error: 'the database file is missing or empty' })) };
  }
  let db: DatabaseSync;
  try {
    // `immutable=1`: no locks, no WAL or shared-memory file created beside it; the bytes are only read.
    const url = pathToFileURL(file);
    url.searchParams.set('immutable', '1');
    db = new DatabaseSync(url, { readOnly: true });
  } catch (error) {
    return { file, tables: CLINICAL_TABLES.map((table) => ({ table, rows: [], unreadableRows: 0, error: messageOf(error) })) };
  }
  try {
    return { file, tables: CLINICAL_TABLES.map((table) => recoverTable(db, table)) };
  } finally {
    db.close();
  }
}

function recoverTable(db: DatabaseSync, table: RecoveredTable['table']): RecoveredTable {
  const rows: Record<string, unknown>[] = [];
  let lastId = 0;
  try {
    for (const row of db.prepare(`SELECT rowid AS _rowid, * FROM ${table} ORDER BY rowid`).iterate()) {
      const { _rowid, ...rest } = row as Record<string, unknown>;
      lastId = Number(_rowid);
      rows.push(camelCase(rest));
    }
    return { table, rows, unreadableRows: 0, error: null };
  } catch (scanError) {
    let maxId: number;
    try {
      maxId = Number((db.prepare(`SELECT max(rowid) AS m FROM ${table}`).get() as { m: number | null }).m ?? 0);
    } catch {
      maxId = lastId + MAX_PROBES;
    }
    const probe = db.prepare(`SELECT * FROM ${table} WHERE rowid = ?`);
    let unreadable = 0;
    for (let id = lastId + 1; id <= Math.min(maxId, lastId + MAX_PROBES); id++) {
      try {
        const row = probe.get(id) as Record<string, unknown> | undefined;
        if (row) rows.push(camelCase(row));
      } catch {
        unreadable++;
      }
    }
    return { table, rows, unreadableRows: unreadable, error: rows.length === 0 && unreadable === 0 ? messageOf(scanError) : null };
  }
}

function camelCase(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), value]));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
