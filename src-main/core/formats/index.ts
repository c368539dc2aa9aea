// Opens any supported EEG file by its first bytes: EDF/EDF+/BDF/BDF+, GDF 1.x/2.x, XDF.
import { formatError, type ByteSource } from './byte-source.ts';
import { looksLikeEdf, openEdf } from './edf.ts';
import { looksLikeGdf, openGdf } from './gdf.ts';
import { looksLikeXdf, openXdf } from './xdf.ts';
import type { SignalFile } from './signal-file.ts';

export type { ByteSource } from './byte-source.ts';
export { BufferSource } from './byte-source.ts';
export type { FileFormat, Segment, SignalFile, Unfinalised } from './signal-file.ts';

/** Detects the format from the magic bytes and opens the file; unknown formats get a typed error. */
export function openSignalFile(source: ByteSource): SignalFile {
  const first = source.read(0, 8);
  if (looksLikeEdf(first)) return openEdf(source);
  if (looksLikeGdf(first)) return openGdf(source);
  if (looksLikeXdf(first)) return openXdf(source);
  // The bytes found are not quoted: the path may name any file (a password file), whose contents must not reach an error.
  throw formatError(source, 'magic', 0, "not a recognised EEG file: its first bytes are not those of EDF ('0       '), BDF (0xFF 'BIOSEMI'), GDF ('GDF x.yz') or XDF ('XDF:')");
}
