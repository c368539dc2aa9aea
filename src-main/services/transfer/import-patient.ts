// `neurofeat import`: a patient archive checked completely, then its files placed in the data folder and its rows inserted in one transaction under new ids.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { IdChange, PatientImport } from '../../contract/api.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import { checksumSidecarPath, parseChecksumSidecar } from '../../core/formats/checksum-sidecar.ts';
import { writeChecksumSidecar } from '../recordings/checksum.ts';
import { freeName } from '../runs/import-run.ts';
import { sessionRecordingsFolder } from '../runs/run-files.ts';
import { appendAudit } from '../storage/audit.ts';
import { ensureWritableFolder } from '../storage/database.ts';
import { findPatientByCode } from '../storage/patients.ts';
import { archiveTables, MANIFEST_DIGEST_ENTRY, MANIFEST_ENTRY, parseManifest, protocolAttemptIds, remapProtocolAttemptIds, type ArchiveFile, type ArchiveTable, type Manifest, type Row } from './archive-format.ts';
import { ArchiveProblem, entryChunks, entrySha256, readEntry, readUstarEntries, type UstarEntry } from './ustar.ts';

export interface VerifiedArchive {
  manifest: Manifest;
  /** The manifest's SHA-256 (it lists every file's): identifies the archive's content. */
  manifestSha256: string;
  /** Each file of the manifest's entry, by archive path. */
  entries: Map<string, UstarEntry>;
}

const damagedRecovery = 'The archive is damaged or incomplete: copy it again, or export it again on the workstation it came from.';

/** Opens the archive, runs `use`, and turns an archive problem into a refusal naming the archive and the entry. */
async function withArchive<T>(archive: string, use: (handle: FileHandle) => Promise<T>): Promise<T> {
  const handle = await open(archive, 'r');
  try {
    return await use(handle);
  } catch (error) {
    if (error instanceof ArchiveProblem) {
      const recovery = error.kind === 'unknown-version' ? 'Update NeuroFeat on this workstation to the version that wrote the archive, or newer.' : damagedRecovery;
      throw new ApiFailure('bad-input', `${archive}: ${error.message}.`, recovery, detail('archive-refused', { file: archive, entry: error.entry, problem: error.kind }));
    }
    throw error;
  } finally {
    await handle.close();
  }
}

/**
 * The whole check, before anything is written: ustar structure, the manifest first with its SHA-256 second, the
 * manifest's format, version and rows, and every file present once with the size and SHA-256 the manifest lists.
 */
async function verifyOpenArchive(handle: FileHandle): Promise<VerifiedArchive> {
  const all = await readUstarEntries(handle);
  if (all[0]?.name !== MANIFEST_ENTRY) throw new ArchiveProblem(null, `its first entry is ${all[0] ? all[0].name : 'missing'}, not ${MANIFEST_ENTRY}: it is not a NeuroFeat patient archive`, 'not-an-archive');
  if (all[1]?.name !== MANIFEST_DIGEST_ENTRY) throw new ArchiveProblem(MANIFEST_DIGEST_ENTRY, 'is missing (it must follow the manifest)', 'missing-entry');
  const manifestBytes = await readEntry(handle, all[0]);
  const digest = parseChecksumSidecar((await readEntry(handle, all[1])).toString('utf8'));
  if (digest === null) throw new ArchiveProblem(MANIFEST_DIGEST_ENTRY, 'is not a sha256sum line');
  if (createHash('sha256').update(manifestBytes).digest('hex') !== digest) throw new ArchiveProblem(MANIFEST_ENTRY, `its SHA-256 differs from the one in ${MANIFEST_DIGEST_ENTRY} (the manifest was altered)`, 'altered');
  const manifest = parseManifest(manifestBytes);
  const listed = new Map(manifest.files.map((file) => [file.path, file]));
  const entries = new Map<string, UstarEntry>();
  for (const entry of all.slice(2)) {
    const file = listed.get(entry.name);
    if (!file) throw new ArchiveProblem(entry.name, 'is not listed in the manifest', 'altered');
    if (entries.has(entry.name)) throw new ArchiveProblem(entry.name, 'appears twice');
    if (entry.size !== file.size) throw new ArchiveProblem(entry.name, `holds ${entry.size} bytes, the manifest says ${file.size}`, 'altered');
    entries.set(entry.name, entry);
  }
  for (const file of manifest.files) {
    const entry = entries.get(file.path);
    if (!entry) throw new ArchiveProblem(file.path, 'is missing from the archive', 'missing-entry');
    if ((await entrySha256(handle, entry)) !== file.sha256) throw new ArchiveProblem(file.path, 'its SHA-256 differs from the manifest\'s (the file was altered)', 'altered');
  }
  return { manifest, manifestSha256: digest, entries };
}

/** Checks an archive completely without writing anything (what `import` does first). */
export function verifyArchive(archive: string): Promise<VerifiedArchive> {
  return withArchive(archive, verifyOpenArchive);
}

/** A file name from a stored path (either separator), or `fallback` when it is not a plain name. */
function plainName(stored: string, fallback: string): string {
  const name = stored.split(/[\\/]/).pop() ?? '';
  return name === '' || name === '.' || name === '..' || /[\u0000-\u001f]/.test(name) ? fallback : name;
}

function insertRow(db: DatabaseSync, table: ArchiveTable, row: Row, values: Row): number {
  const columns = Object.keys(archiveTables[table]).filter((column) => column !== 'id');
  const result = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
    .run(...columns.map((column) => (column in values ? values[column] : row[column])));
  return Number(result.lastInsertRowid);
}

/** What an import has placed so far, removed again when it fails. */
class Placed {
  readonly files: string[] = [];
  readonly folders: string[] = [];

  folder(dataDir: string, relative: string): string {
    const folder = path.join(dataDir, relative);
    const missing: string[] = [];
    for (let dir = folder; !existsSync(dir) && dir !== dataDir; dir = path.dirname(dir)) missing.push(dir);
    ensureWritableFolder(folder);
    this.folders.push(...missing);
    return folder;
  }

  removeAll(): void {
    for (const file of this.files) rmSync(file, { force: true });
    for (const folder of this.folders) {
      try {
        if (readdirSync(folder).length === 0) rmdirSync(folder);
      } catch {
        // Already gone.
      }
    }
  }
}

/**
 * Verifies the archive, then opens the database (`database`), refuses a patient code the data folder already has,
 * copies the files to a staging folder (hashed again as they are copied), then in ONE transaction inserts every row under new ids (sessions, runs,
 * attempts and their run ids, chosen models, impedance, assessments and their corrections, a protocol run's model attempt) while moving each file to
 * the app's place for it with its new session's id. Any failure rolls the rows back and removes every file placed.
 */
export async function importPatientArchive(database: () => DatabaseSync, dataDir: string, archive: string): Promise<PatientImport> {
  const file = path.resolve(archive);
  return withArchive(file, async (handle) => {
    const { manifest, manifestSha256, entries } = await verifyOpenArchive(handle);
    // The database is opened only for an archive that passed: a refused one does not even create a new data folder.
    const db = database();
    const refuseExisting = () => {
      if (findPatientByCode(db, manifest.patientCode)) {
        throw new ApiFailure('conflict', `patient ${manifest.patientCode} already exists in ${dataDir}; nothing was imported.`, 'Import into another data folder, or keep the patient already there.', detail('already-exists', { thing: 'patient', name: manifest.patientCode }));
      }
    };
    refuseExisting();
    ensureWritableFolder(dataDir);
    const staging = path.join(dataDir, `.import-${process.pid}-${randomBytes(4).toString('hex')}`);
    mkdirSync(staging, { mode: 0o700 });
    const placed = new Placed();
    try {
      const staged = new Map<string, string>();
      for (const [i, archived] of manifest.files.entries()) staged.set(archived.path, await stage(handle, entries.get(archived.path)!, archived, path.join(staging, String(i))));
      db.exec('BEGIN IMMEDIATE');
      try {
        refuseExisting();
        const summary = insertAll(db, dataDir, manifest, staged, placed);
        // One entry for the whole import, in its transaction: the rows never exist without it.
        appendAudit(db, {
          action: 'patient.imported',
          subject: `patient:${summary.patient.to}`,
          details: {
            patientId: summary.patient.to, code: summary.patient.code, archive: path.basename(file), manifestSha256, exportedAt: manifest.exportedAt,
            sourcePatientId: summary.patient.from, sessionIds: summary.sessions.map((s) => s.to), runIds: summary.runs.map((r) => r.to), attemptIds: summary.attempts.map((a) => a.to),
            assessmentIds: summary.assessments.map((a) => a.to), archiveVersion: manifest.version,
          },
        });
        db.exec('COMMIT');
        return { file, ...summary };
      } catch (error) {
        db.exec('ROLLBACK');
        // A value only the database's checks refuse (a threshold of 0 kΩ): the archive's fault, not this folder's.
        if ((error as { code?: unknown }).code === 'ERR_SQLITE_ERROR' && /constraint/i.test((error as Error).message)) {
          throw new ArchiveProblem(MANIFEST_ENTRY, `a row does not fit the database (${(error as Error).message})`, 'invalid-manifest');
        }
        throw error;
      }
    } catch (error) {
      placed.removeAll();
      throw error;
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  });
}

/** Copies one entry to the staging folder, hashing it again: an archive changed since it was verified is refused. */
async function stage(handle: FileHandle, entry: UstarEntry, archived: ArchiveFile, target: string): Promise<string> {
  const hash = createHash('sha256');
  const output = await open(target, 'wx', 0o600);
  try {
    for await (const chunk of entryChunks(handle, entry)) {
      hash.update(chunk);
      let done = 0;
      while (done < chunk.length) done += (await output.write(chunk, done, chunk.length - done)).bytesWritten;
    }
    await output.sync();
  } finally {
    await output.close();
  }
  if (hash.digest('hex') !== archived.sha256) throw new ArchiveProblem(archived.path, 'changed while it was imported (its SHA-256 differs from the manifest\'s)', 'altered');
  return target;
}

function insertAll(db: DatabaseSync, dataDir: string, manifest: Manifest, staged: Map<string, string>, placed: Placed): Omit<PatientImport, 'file'> {
  const { tables } = manifest;
  const fileOf = (kind: ArchiveFile['kind'], owner: number) => manifest.files.find((f) => f.kind === kind && f.owner === owner)!;
  const move = (archived: ArchiveFile, folderRelative: string, name: string): string => {
    const folder = placed.folder(dataDir, folderRelative);
    const target = freeName(folder, name);
    renameSync(staged.get(archived.path)!, target);
    placed.files.push(target);
    return target;
  };

  const source = tables.patients[0];
  const patientId = insertRow(db, 'patients', source, {});
  const sessions = new Map<number, number>();
  for (const row of tables.sessions) sessions.set(row.id as number, insertRow(db, 'sessions', row, { patient_id: patientId }));

  const runs = new Map<number, number>();
  const runFiles: (IdChange & { file: string })[] = [];
  for (const row of tables.runs) {
    const sessionId = sessions.get(row.session_id as number)!;
    const archived = fileOf('recording', row.id as number);
    const target = move(archived, sessionRecordingsFolder(sessionId), plainName(row.path as string, path.basename(archived.path)));
    placed.files.push(checksumSidecarPath(target));
    writeChecksumSidecar(target, archived.sha256);
    const relative = path.relative(dataDir, target);
    const id = insertRow(db, 'runs', row, { session_id: sessionId, path: relative, mtime_ms: statSync(target).mtimeMs });
    runs.set(row.id as number, id);
    runFiles.push({ from: row.id as number, to: id, file: relative });
  }

  const attempts = new Map<number, number>();
  const attemptChanges: PatientImport['attempts'] = [];
  for (const row of tables.attempts) {
    const sessionId = sessions.get(row.session_id as number)!;
    let model: string | null = null;
    if (row.model_path !== null) {
      const archived = fileOf('model', row.id as number);
      model = path.relative(dataDir, move(archived, path.join('models', `session-${sessionId}`), plainName(row.model_path as string, path.basename(archived.path))));
    }
    const runIds = (JSON.parse(row.run_ids_json as string) as number[]).map((id) => runs.get(id)!);
    const id = insertRow(db, 'attempts', row, { session_id: sessionId, run_ids_json: JSON.stringify(runIds), model_path: model });
    attempts.set(row.id as number, id);
    attemptChanges.push({ from: row.id as number, to: id, model });
  }

  // A protocol run names the attempt whose model it ran: known only now that the attempts have their new ids.
  for (const row of tables.runs) {
    if (protocolAttemptIds(row.settings_json as string | null).length === 0) continue;
    db.prepare('UPDATE runs SET settings_json = ? WHERE id = ?').run(remapProtocolAttemptIds(row.settings_json as string, attempts), runs.get(row.id as number)!);
  }
  for (const row of tables.session_models) {
    db.prepare('INSERT INTO session_models (session_id, attempt_id, chosen_at) VALUES (?, ?, ?)').run(sessions.get(row.session_id as number)!, attempts.get(row.attempt_id as number)!, row.chosen_at);
  }
  for (const row of tables.impedance_measurements) insertRow(db, 'impedance_measurements', row, { session_id: sessions.get(row.session_id as number)! });
  // By source id: a correction comes after the assessment it replaces (parseManifest checks it), so that one has its new id.
  const assessments = new Map<number, number>();
  for (const row of [...tables.assessments].sort((a, b) => (a.id as number) - (b.id as number))) {
    const replaces = row.replaces === null ? null : assessments.get(row.replaces as number)!;
    assessments.set(row.id as number, insertRow(db, 'assessments', row, { session_id: sessions.get(row.session_id as number)!, replaces }));
  }

  return {
    patient: { code: source.code as string, from: source.id as number, to: patientId },
    sessions: [...sessions].map(([from, to]) => ({ from, to })),
    runs: runFiles,
    attempts: attemptChanges,
    chosenModels: tables.session_models.length,
    impedanceMeasurements: tables.impedance_measurements.length,
    assessments: [...assessments].map(([from, to]) => ({ from, to })),
  };
}
