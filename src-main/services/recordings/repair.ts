// Repair of a recording left unfinalised by a crash: writes the record count and drops a partial last record.
import { closeSync, openSync, ftruncateSync, writeSync } from 'node:fs';
import type { Unfinalised } from '../../core/formats/signal-file.ts';
import { sha256File, writeChecksumSidecar } from './checksum.ts';

export interface RepairReport {
  path: string;
  /** Complete records kept (now the file's record count). */
  recordsKept: number;
  /** Bytes of a partial last record that were dropped. */
  bytesDropped: number;
  /** SHA-256 of the repaired file, also written to the sidecar. */
  sha256: string;
}

/** Makes an unfinalised file a finalised one, in place, and keeps its checksum beside it. */
export async function repairUnfinalised(filePath: string, state: Unfinalised): Promise<RepairReport> {
  const count = String(state.recordsFound);
  if (count.length > state.countFieldLength) throw new Error(`${filePath}: ${count} records do not fit the record count field`);
  const fd = openSync(filePath, 'r+');
  try {
    writeSync(fd, Buffer.from(count.padEnd(state.countFieldLength, ' '), 'latin1'), 0, state.countFieldLength, state.countFieldOffset);
    ftruncateSync(fd, state.dataEnd);
  } finally {
    closeSync(fd);
  }
  const sha256 = await sha256File(filePath);
  writeChecksumSidecar(filePath, sha256);
  return { path: filePath, recordsKept: state.recordsFound, bytesDropped: state.trailingBytes, sha256 };
}
