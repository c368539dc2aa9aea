// The integrity check of a data folder: the audit log's chain, and every recording and model file against what was stored with it.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { AuditVerification, StoredFileProblem } from '../contract/api.ts';
import { sha256File } from './recordings/checksum.ts';
import { verifyAuditChain } from './storage/audit.ts';

/** A stored file compared with its registered digest (and size, when one was registered); null when it holds. */
async function fileProblem(file: string, sha256: string, bytes: number | null): Promise<StoredFileProblem | null> {
  let size: number;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) return 'missing';
    size = stats.size;
  } catch {
    return 'missing';
  }
  if (bytes !== null && size !== bytes) return 'size-changed';
  try {
    // Streamed through one reused buffer: a recording of any length is hashed in constant memory.
    return (await sha256File(file)) === sha256 ? null : 'content-changed';
  } catch {
    // Removed or made unreadable between the stat and the read.
    return 'missing';
  }
}

/**
 * Recomputes the audit chain, then hashes every complete recording (a run still being written has no digest yet
 * and is left out) and every attempt's model file. Files are read one at a time. Nothing is written.
 */
export async function verifyDataFolder(db: DatabaseSync, dataDir: string): Promise<AuditVerification> {
  const started = performance.now();
  const chain = verifyAuditChain(db);
  const recordings: AuditVerification['recordings'] = { checked: 0, intact: 0, changed: [], missing: [] };
  const runs = db.prepare('SELECT id, path, sha256, size_bytes FROM runs WHERE sha256 IS NOT NULL ORDER BY id').all() as unknown as { id: number; path: string; sha256: string; size_bytes: number | null }[];
  for (const run of runs) {
    const problem = await fileProblem(path.join(dataDir, run.path), run.sha256, run.size_bytes);
    recordings.checked++;
    if (problem === null) recordings.intact++;
    else if (problem === 'missing') recordings.missing.push({ runId: run.id, file: run.path, problem });
    else recordings.changed.push({ runId: run.id, file: run.path, problem });
  }
  const models: AuditVerification['models'] = { checked: 0, intact: 0, changed: [], missing: [] };
  const attempts = db.prepare('SELECT id, model_path, model_sha256 FROM attempts WHERE model_path IS NOT NULL AND model_sha256 IS NOT NULL ORDER BY id').all() as unknown as { id: number; model_path: string; model_sha256: string }[];
  for (const attempt of attempts) {
    const problem = await fileProblem(path.join(dataDir, attempt.model_path), attempt.model_sha256, null);
    models.checked++;
    if (problem === null) models.intact++;
    else if (problem === 'missing') models.missing.push({ attemptId: attempt.id, file: attempt.model_path, problem });
    else models.changed.push({ attemptId: attempt.id, file: attempt.model_path, problem });
  }
  return { entries: chain.entries, chain: { intact: chain.intact, firstBroken: chain.firstBroken }, recordings, models, elapsedMs: Math.round(performance.now() - started) };
}
