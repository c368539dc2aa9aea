// The one check every command runs on a file it will read: it exists, is a regular file and can be read, else exit 2 naming it.
import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { UsageError } from './command.ts';
import { terminalSafe } from './terminal-text.ts';

/** What a path is when it is not a regular file (a FIFO would make a reader wait forever). */
function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'is a folder';
  if (stats.isFIFO()) return 'is a named pipe (FIFO)';
  if (stats.isSocket()) return 'is a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'is a device';
  return 'is not a regular file';
}

const reasons: Record<string, string> = {
  ENOENT: 'no such file',
  ENOTDIR: 'a part of the path is not a folder',
  ELOOP: 'too many symbolic links (a symlink loop?)',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENAMETOOLONG: 'the path is too long',
};

/** The one-line reason a path cannot be read, from a Node system error; null for anything else. */
export function fileErrorReason(error: unknown): string | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') return null;
  if (code === 'EISDIR') return 'is a folder';
  return reasons[code] ?? null;
}

/**
 * Checks, before anything opens it, that `file` names a readable regular file; throws a UsageError
 * (exit 2) with one line naming the path otherwise. `what` describes the file expected (a recording, a model).
 */
export function checkInputFile(file: string, what = 'a recording file'): void {
  const named = terminalSafe(file);
  let stats;
  try {
    stats = statSync(file);
  } catch (error) {
    throw new UsageError(`${named}: ${fileErrorReason(error) ?? `cannot be read (${(error as Error).message})`}`);
  }
  if (!stats.isFile()) throw new UsageError(`${named}: ${kindOf(stats)}, expected ${what}`);
  try {
    accessSync(file, constants.R_OK);
  } catch (error) {
    throw new UsageError(`${named}: ${fileErrorReason(error) ?? 'cannot be read'}`);
  }
}
