// A real full disk for tests: a tiny tmpfs mounted on a folder, where this process may mount one (root with the capability).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Whether this process can mount a tmpfs (probed once with a 16 kB one). */
export const canMountSmallDisk: boolean = (() => {
  if (process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(path.join(tmpdir(), 'neurofeat-mount-probe-'));
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', probe]).status === 0;
  if (ok) spawnSync('umount', [probe]);
  rmSync(probe, { recursive: true, force: true });
  return ok;
})();

/** Mounts a tmpfs of `size` (e.g. '96k') on the existing folder `folder`; returns the unmount. */
export function mountSmallDisk(folder: string, size: string): () => void {
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', folder]);
  if (mounted.status !== 0) throw new Error(`mount tmpfs on ${folder}: ${mounted.stderr.toString().trim()}`);
  return () => {
    spawnSync('umount', ['-l', folder]);
  };
}
