// Files verified when a job was asked for, checked again when it starts: a file changed or removed while the job waited fails it.
import { statSync } from 'node:fs';
import path from 'node:path';
import { CoreError, problem } from '../../core/errors.ts';
import { sha256File } from '../recordings/checksum.ts';

export interface FileStamp {
  file: string;
  bytes: number;
  mtimeMs: number;
}

/** Size and modification time of each file now (just after its SHA-256 was verified). */
export function stampFiles(files: string[]): FileStamp[] {
  return files.map((file) => {
    const stats = statSync(file);
    return { file, bytes: stats.size, mtimeMs: stats.mtimeMs };
  });
}

/**
 * Throws `recording-changed` (`bad-input`; `failed` with `missing` for a file gone) when a file no longer is what was verified:
 * its size differs, or its modification time differs and its SHA-256 too (a file only touched passes).
 */
export async function checkUnchanged(stamps: FileStamp[], checksums: string[]): Promise<void> {
  for (const [i, stamp] of stamps.entries()) {
    let stats;
    try {
      stats = statSync(stamp.file);
    } catch {
      throw new CoreError('failed', `${stamp.file}: the recording went missing after the job was asked for`, { file: stamp.file }, problem('recording-changed', { file: path.basename(stamp.file), missing: true }));
    }
    const changed = stats.size !== stamp.bytes || (stats.mtimeMs !== stamp.mtimeMs && (await sha256File(stamp.file)) !== checksums[i]);
    if (changed) {
      throw new CoreError('bad-input', `${path.basename(stamp.file)}: the recording changed after the job was asked for; a changed file is never used`, { file: stamp.file }, problem('recording-changed', { file: path.basename(stamp.file), missing: false }));
    }
  }
}
