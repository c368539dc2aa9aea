// A ByteSource over an open file handle: random access by positioned reads, nothing loaded ahead.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import type { ByteSource } from '../../core/formats/byte-source.ts';

const SCRATCH_FROM = 64 * 1024;

export class FileSource implements ByteSource {
  readonly name: string;
  readonly size: number;
  readonly path: string;
  private fd: number | null;
  /** Reused for large reads (data chunks), which the ByteSource contract lets a reader keep only until the next read. */
  private scratch = new Uint8Array(0);

  /** The whole file, when it was small enough to read at once (`preloadUpTo`): reads are then views of it. */
  private whole: Uint8Array | null = null;

  /** `preloadUpTo`: read files up to this many bytes in one go at open (for callers that will read them whole). */
  constructor(filePath: string, options: { preloadUpTo?: number } = {}) {
    this.path = filePath;
    this.name = path.basename(filePath);
    this.fd = openSync(filePath, 'r');
    this.size = fstatSync(this.fd).size;
    if (this.size <= (options.preloadUpTo ?? -1)) this.whole = this.readFromFile(0, this.size, false);
  }

  read(offset: number, length: number): Uint8Array {
    if (this.fd === null) throw new Error(`${this.name}: read after close`);
    if (this.whole) {
      const start = Math.max(0, Math.min(offset, this.size));
      return this.whole.subarray(start, Math.min(this.size, start + Math.max(0, length)));
    }
    return this.readFromFile(offset, length, true);
  }

  private readFromFile(offset: number, length: number, mayReuse: boolean): Uint8Array {
    const fd = this.fd!;
    const start = Math.max(0, Math.min(offset, this.size));
    const wanted = Math.max(0, Math.min(length, this.size - start));
    let bytes: Uint8Array;
    if (mayReuse && wanted >= SCRATCH_FROM) {
      if (this.scratch.length < wanted) this.scratch = new Uint8Array(Buffer.allocUnsafeSlow(wanted).buffer, 0, wanted);
      bytes = this.scratch.subarray(0, wanted);
    } else {
      // Not zero-filled: every byte is overwritten by the read (or cut off below).
      bytes = new Uint8Array(Buffer.allocUnsafeSlow(wanted).buffer, 0, wanted);
    }
    let done = 0;
    while (done < wanted) {
      const n = readSync(fd, bytes, done, wanted - done, start + done);
      if (n === 0) break;
      done += n;
    }
    return done === wanted ? bytes : bytes.subarray(0, done);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.whole = null;
  }
}
