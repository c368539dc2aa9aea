// `neurofeat export`: a patient's whole record (rows, recordings, models) as one ustar archive, every file checked first.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, linkSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { PatientExport } from '../../contract/api.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import { formatChecksumSidecar } from '../../core/formats/checksum-sidecar.ts';
import { sha256File } from '../recordings/checksum.ts';
import { verifyRunFile } from '../runs/run-files.ts';
import { findAttempt } from '../storage/attempts.ts';
import { appendAudit } from '../storage/audit.ts';
import { schemaVersion } from '../storage/database.ts';
import { findPatientByCode } from '../storage/patients.ts';
import { findRun } from '../storage/runs.ts';
import { verifiedModelFile } from '../training/verified-model.ts';
import { softwareVersion } from '../version.ts';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, archiveEntryName, archiveTables, MANIFEST_DIGEST_ENTRY, MANIFEST_ENTRY, type ArchiveFile, type ArchiveTable, type Manifest, type Row } from './archive-format.ts';
import { ArchiveProblem, UstarWriter } from './ustar.ts';

const sessionTables: ArchiveTable[] = ['runs', 'attempts', 'session_models', 'impedance_measurements', 'assessments'];

/** The patient's rows of every archived table, as stored (columns in the written version's order), by id. */
function patientRows(db: DatabaseSync, patientId: number): Record<ArchiveTable, Row[]> {
  const select = (table: ArchiveTable, where: string, ...params: number[]) => {
    const columns = Object.keys(archiveTables[table]);
    const order = table === 'session_models' ? 'session_id' : 'id';
    return db.prepare(`SELECT ${columns.join(', ')} FROM ${table} WHERE ${where} ORDER BY ${order}`).all(...params) as Row[];
  };
  const inSessions = 'session_id IN (SELECT id FROM sessions WHERE patient_id = ?)';
  const rows = {
    patients: select('patients', 'id = ?', patientId),
    sessions: select('sessions', 'patient_id = ?', patientId),
  } as Record<ArchiveTable, Row[]>;
  for (const table of sessionTables) rows[table] = select(table, inSessions, patientId);
  return rows;
}

/**
 * Writes the archive to a temporary name beside `out` and links it into place only when complete (a failed export
 * leaves nothing); an existing `out` is never replaced. Every recording and model is checked against its stored
 * SHA-256 first, and hashed again as it is written: a file that changed is refused (`file-changed`, naming it).
 */
export async function exportPatient(db: DatabaseSync, dataDir: string, code: string, out: string, now = new Date()): Promise<PatientExport> {
  const patient = findPatientByCode(db, code);
  if (!patient) throw new ApiFailure('not-found', `There is no patient with code ${code} in ${dataDir}.`, 'List the patients with `neurofeat patient list`.', detail('missing', { thing: 'patient', id: code }));
  const target = path.resolve(out);
  if (existsSync(target)) throw outExists(target);
  const tables = patientRows(db, patient.id);
  const unfinished = tables.runs.find((row) => row.sha256 === null);
  if (unfinished) throw new ApiFailure('file-changed', `Run ${unfinished.id} (${unfinished.original_name}) is still being written or awaits repair after a crash.`, 'Open the session in the app (it repairs the recording), then export again.', detail('file-changed', { thing: 'run', id: unfinished.id as number, missing: false }));

  const files: (ArchiveFile & { source: string })[] = [];
  for (const row of tables.runs) {
    const source = await verifyRunFile(dataDir, findRun(db, row.id as number)!);
    files.push({ path: archiveEntryName('recording', row.id as number, row.path as string), size: statSync(source).size, sha256: row.sha256 as string, kind: 'recording', owner: row.id as number, source });
  }
  for (const row of tables.attempts) {
    if (row.model_path === null) continue;
    const source = await verifiedModelFile(dataDir, findAttempt(db, row.id as number)!);
    files.push({ path: archiveEntryName('model', row.id as number, row.model_path as string), size: statSync(source).size, sha256: row.model_sha256 as string, kind: 'model', owner: row.id as number, source });
  }
  const manifest: Manifest = {
    format: ARCHIVE_FORMAT, version: ARCHIVE_VERSION, appVersion: softwareVersion(), schemaVersion: schemaVersion(db), exportedAt: now.toISOString(),
    patientCode: patient.code, tables, files: files.map(({ source: _source, ...file }) => file),
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 1) + '\n', 'utf8');
  const manifestDigest = createHash('sha256').update(manifestBytes).digest('hex');

  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.partial`);
  let handle;
  try {
    handle = await open(temporary, 'wx', 0o600);
  } catch (error) {
    const folder = path.dirname(target);
    throw new ApiFailure('bad-input', `The archive cannot be written in ${folder} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`, 'Choose a folder that exists and that you can write to (a USB stick that is mounted and not read-only).', detail('export-unwritable', { folder }));
  }
  let bytes: number;
  try {
    try {
      const writer = new UstarWriter(handle, now);
      await writer.addBuffer(MANIFEST_ENTRY, manifestBytes);
      await writer.addBuffer(MANIFEST_DIGEST_ENTRY, Buffer.from(formatChecksumSidecar(manifestDigest, MANIFEST_ENTRY), 'utf8'));
      for (const file of files) {
        const written = await writer.addFile(file.path, file.source, file.size);
        if (written !== file.sha256) {
          const what = file.kind === 'recording' ? `Run ${file.owner}` : `The model of attempt ${file.owner}`;
          throw new ApiFailure('file-changed', `${what}: its file ${file.source} changed while it was exported.`, 'Export again once nothing writes to the data folder.', detail('file-changed', { thing: file.kind === 'recording' ? 'run' : 'model', id: file.owner, missing: false }));
        }
      }
      await writer.finish();
      bytes = writer.size;
    } finally {
      await handle.close();
    }
    placeWithoutReplacing(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    if (error instanceof ArchiveProblem) throw new ApiFailure('file-changed', error.message, 'Export again once nothing writes to the data folder.');
    throw error;
  }
  const result: PatientExport = {
    file: target, bytes, patient: patient.code, sessions: tables.sessions.length, runs: tables.runs.length, attempts: tables.attempts.length,
    models: files.filter((f) => f.kind === 'model').length, sha256: await sha256File(target),
  };
  // The patient's data left the workstation: where to, and exactly what (the archive's digest).
  appendAudit(db, {
    action: 'patient.exported', subject: `patient:${patient.id}`,
    details: { patientId: patient.id, code: patient.code, file: target, bytes, sha256: result.sha256, sessions: result.sessions, runs: result.runs, attempts: result.attempts },
  }, now);
  return result;
}

const outExists = (target: string) => new ApiFailure('conflict', `${target} already exists; NeuroFeat never overwrites a file.`, 'Choose another name, or move the existing file away.', detail('already-exists', { thing: 'file', name: target }));

/** A hard link never replaces a file; where the file system has none (FAT on a USB stick), a rename after a last check. */
function placeWithoutReplacing(temporary: string, target: string): void {
  try {
    linkSync(temporary, target);
    unlinkSync(temporary);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw outExists(target);
  }
  if (existsSync(target)) throw outExists(target);
  renameSync(temporary, target);
}
