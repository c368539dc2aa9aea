// `recordings.import`: copies a recording into the data folder, checks that it reads, and registers it as a run.
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { Run } from '../../contract/api.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import { CoreError } from '../../core/errors.ts';
import { checksumSidecarPath } from '../../core/formats/checksum-sidecar.ts';
import { sha256File, writeChecksumSidecar } from '../recordings/checksum.ts';
import { runOnComputeWorker } from '../jobs/compute-job.ts';
import { ensureWritableFolder } from '../storage/database.ts';
import { findSession } from '../storage/patients.ts';
import { findRunBySha256, insertRun, withFileStatus } from '../storage/runs.ts';
import { sessionRecordingsFolder } from './run-files.ts';
import type { RecordingSummary } from './run-summary.ts';

/**
 * The copy is written under a temporary name, hashed and read back; only a file that reads is renamed into place
 * (with its `.sha256` sidecar) and registered. Any failure removes what was written: nothing is left half-imported.
 */
export async function importRun(db: DatabaseSync, dataDir: string, sessionId: number, source: string): Promise<Run> {
  if (!path.isAbsolute(source)) throw new ApiFailure('invalid-payload', `recordings.import: path: expected an absolute path, got '${source}'.`, undefined, detail('invalid-field', { method: 'recordings.import', field: 'path', detail: 'expected an absolute path' }));
  let isFile = false;
  try {
    isFile = statSync(source).isFile();
  } catch {
    // Reported below.
  }
  if (!isFile) throw new ApiFailure('not-found', `recordings.import: there is no recording file ${source}.`, 'Check the path (EDF, EDF+, BDF, BDF+, GDF or XDF).', detail('missing', { thing: 'file', id: source }));
  if (!findSession(db, sessionId)) throw new ApiFailure('not-found', `There is no session with id ${sessionId}.`, 'Open a session for the patient first.', detail('missing', { thing: 'session', id: String(sessionId) }));

  const folder = path.join(dataDir, sessionRecordingsFolder(sessionId));
  ensureWritableFolder(folder);
  const temporary = path.join(folder, `.importing-${process.pid}-${Date.now()}-${path.basename(source)}`);
  let placed: string | null = null;
  try {
    await copyFile(source, temporary);
    const sha256 = await sha256File(temporary);
    const existing = findRunBySha256(db, sessionId, sha256);
    if (existing) {
      throw new ApiFailure('conflict', `${path.basename(source)} is already run ${existing.id} of session ${sessionId} (imported as ${existing.originalName}, same SHA-256).`, 'Use the existing run.', detail('already-exists', { thing: 'run', name: path.basename(source), existingId: existing.id }));
    }
    // Reading every sample for the quality summary is long for a long recording: a worker thread does it.
    const summary = await runOnComputeWorker<RecordingSummary>({ type: 'summary', file: temporary });
    placed = freeName(folder, path.basename(source));
    renameSync(temporary, placed);
    writeChecksumSidecar(placed, sha256);
    const stats = statSync(placed);
    const run = insertRun(db, {
      sessionId, kind: 'imported', file: path.relative(dataDir, placed), originalName: path.basename(source),
      sha256, bytes: stats.size, mtimeMs: stats.mtimeMs, ...summary,
    });
    return withFileStatus(run, 'ok');
  } catch (error) {
    rmSync(temporary, { force: true });
    if (placed) {
      rmSync(placed, { force: true });
      rmSync(checksumSidecarPath(placed), { force: true });
    }
    // The worker's CoreError arrives as one with the same code and message.
    if (error instanceof CoreError && error.code !== 'cancelled') throw new ApiFailure('bad-input', `recordings.import: ${path.basename(source)}: ${error.message}`, 'Choose an EDF, EDF+, BDF, BDF+, GDF or XDF recording.', detail('not-a-recording', { file: path.basename(source), detail: error.message }));
    throw error;
  }
}

/** `NAME`, or `NAME-2`, `NAME-3`... before the extension when the folder already has that name. */
export function freeName(folder: string, name: string): string {
  const extension = path.extname(name);
  const stem = name.slice(0, name.length - extension.length);
  for (let n = 1; ; n++) {
    const candidate = path.join(folder, n === 1 ? name : `${stem}-${n}${extension}`);
    if (!existsSync(candidate) && !existsSync(checksumSidecarPath(candidate))) return candidate;
  }
}
