// Runs `neurofeat` as a process without root's privileges, so permission errors can be produced: as root through
// `setpriv` as the user `nobody` (65534), otherwise as the current user (who cannot read what it made mode 000).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from './shared-data.ts';

const NOBODY = '65534';
const isRoot = process.getuid?.() === 0;

/** Why unprivileged runs are impossible here, or null (root without `setpriv`; a platform without uids). */
export const unprivilegedUnavailable: string | null =
  process.getuid === undefined ? 'this platform has no Unix user ids'
    : isRoot && !existsSync('/usr/bin/setpriv') ? 'running as root and /usr/bin/setpriv (util-linux) is missing'
      : null;

export interface ProcessRun {
  code: number;
  out: string;
  err: string;
}

/** `neurofeat ARGV...` as an unprivileged user; files it must write go to folders it may write (mode 777). */
export function runCliUnprivileged(argv: string[], timeoutMs = 30_000): Promise<ProcessRun> {
  const cli = [path.join(repositoryRoot, 'bin/neurofeat.js'), ...argv];
  const [command, args] = isRoot
    ? ['/usr/bin/setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, ...cli]]
    : [process.execPath, cli];
  return new Promise((resolve) => {
    execFile(command, args, { cwd: repositoryRoot, timeout: timeoutMs, env: { ...process.env, HOME: '/nonexistent' } }, (error, out, err) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, out, err });
    });
  });
}
