// Random access to the bytes of a file, so parsers in core read only what they need and never touch I/O themselves.
import { badInput, type CoreError } from '../errors.ts';

/**
 * A random-access, synchronous view of a file's bytes. `read` returns exactly `length` bytes
 * (or fewer only past the end), in a fresh array or in a view the caller must not keep past its
 * next read (a file source reuses one buffer for large reads): parsers copy what they keep.
 */
export interface ByteSource {
  /** Shown in error messages: the file name, or a description of the buffer. */
  readonly name: string;
  readonly size: number;
  read(offset: number, length: number): Uint8Array;
}

/** A whole file already in memory. */
export class BufferSource implements ByteSource {
  readonly name: string;
  readonly size: number;
  private readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array, name = 'buffer') {
    this.bytes = bytes;
    this.size = bytes.length;
    this.name = name;
  }

  read(offset: number, length: number): Uint8Array {
    const start = Math.max(0, Math.min(offset, this.size));
    return this.bytes.subarray(start, Math.min(this.size, start + Math.max(0, length)));
  }
}

/**
 * A typed bad-input error for a file: the message names the file, the field and the byte offset,
 * and the same facts are in `details` for programs.
 */
export function formatError(source: { name: string }, field: string, byteOffset: number, problem: string): CoreError {
  return badInput(`${source.name}: ${field} (byte ${byteOffset}): ${problem}`, {
    file: source.name,
    field,
    byteOffset,
  });
}

/** Reads exactly `length` bytes or throws a typed error naming the field that lies past the end of the file. */
export function readExactly(source: ByteSource, offset: number, length: number, field: string): Uint8Array {
  if (offset < 0 || length < 0 || offset + length > source.size) {
    throw formatError(source, field, offset, `the file ends at byte ${source.size}, ${length} bytes were expected here (truncated file?)`);
  }
  const bytes = source.read(offset, length);
  if (bytes.length !== length) {
    throw formatError(source, field, offset, `could read only ${bytes.length} of ${length} bytes`);
  }
  return bytes;
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Bytes as text, one byte one character (header fields of EDF/GDF are ASCII; stray bytes stay visible). */
export function latin1Text(bytes: Uint8Array): string {
  return latin1.decode(bytes);
}

export function utf8Text(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** A DataView over exactly the given bytes. */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
