// `session import`: a new session of a patient with recordings imported as its runs, all of them or none.
import { readdirSync, rmSync, rmdirSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { Run, Session } from '../../contract/api.ts';
import { checksumSidecarPath } from '../../core/formats/checksum-sidecar.ts';
import { createSession, discardImportedSession } from '../storage/patients.ts';
import { importRun } from './import-run.ts';
import { sessionRecordingsFolder } from './run-files.ts';

export interface ImportedSession {
  session: Session;
  runs: Run[];
}

/**
 * Creates the session and imports each file through `recordings.import`'s service (copy, SHA-256, read-back check).
 * When one fails, the runs already imported, their files and the session are removed before the error goes on.
 */
export async function importSession(db: DatabaseSync, dataDir: string, patientId: number, files: string[], notes = ''): Promise<ImportedSession> {
  const session = createSession(db, patientId, notes);
  const runs: Run[] = [];
  try {
    for (const file of files) runs.push(await importRun(db, dataDir, session.id, path.resolve(file)));
    return { session, runs };
  } catch (error) {
    for (const run of runs) {
      const placed = path.join(dataDir, run.file);
      rmSync(placed, { force: true });
      rmSync(checksumSidecarPath(placed), { force: true });
    }
    discardImportedSession(db, session.id, error instanceof Error ? error.message : String(error));
    const folder = path.join(dataDir, sessionRecordingsFolder(session.id));
    try {
      if (readdirSync(folder).length === 0) rmdirSync(folder);
    } catch {
      // No folder was made.
    }
    throw error;
  }
}
