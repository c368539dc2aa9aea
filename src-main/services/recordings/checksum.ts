// SHA-256 of recordings: computed by streaming the file, kept in a `FILE.sha256` sidecar, checked on open.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { checksumSidecarPath, formatChecksumSidecar, parseChecksumSidecar } from '../../core/formats/checksum-sidecar.ts';

/** SHA-256 of a file read through one reused 1 MB buffer (no garbage, whatever the file's size). */
export async function sha256File(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(filePath, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

/** Writes `FILE.sha256` atomically (a temporary file renamed over it): a crash leaves the old sidecar or the new one, never half of one. */
export function writeChecksumSidecar(filePath: string, sha256Hex: string): string {
  const sidecar = checksumSidecarPath(filePath);
  const temporary = `${sidecar}.${process.pid}.partial`;
  writeFileSync(temporary, formatChecksumSidecar(sha256Hex, path.basename(filePath)));
  renameSync(temporary, sidecar);
  return sidecar;
}

export type ChecksumStatus = 'verified' | 'mismatch' | 'no-sidecar' | 'unreadable-sidecar' | 'not-checked';

export interface ChecksumCheck {
  status: ChecksumStatus;
  /** The file's digest as computed now (null when not checked). */
  sha256: string | null;
  /** The digest the sidecar holds, if any. */
  expected: string | null;
}

/** Compares the file with its sidecar, when it has one. */
export async function checkChecksum(filePath: string): Promise<ChecksumCheck> {
  const sidecar = checksumSidecarPath(filePath);
  if (!existsSync(sidecar)) return { status: 'no-sidecar', sha256: null, expected: null };
  const expected = parseChecksumSidecar(readFileSync(sidecar, 'utf8'));
  if (expected === null) return { status: 'unreadable-sidecar', sha256: null, expected: null };
  const sha256 = await sha256File(filePath);
  return { status: sha256 === expected ? 'verified' : 'mismatch', sha256, expected };
}
