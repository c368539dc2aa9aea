// A small POSIX ustar writer and reader for patient archives: regular files only, contents streamed, every header checked.
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import type { ArchiveProblemKind } from '../../contract/errors.ts';

const BLOCK = 512;
const CHUNK = 1 << 20;
/** An 11-digit octal size field holds up to 8 GiB - 1. */
export const USTAR_MAX_SIZE = 8 ** 11 - 1;

/** A problem with an archive's structure or an entry, named for the user (the entry, or null for the archive) and classed. */
export class ArchiveProblem extends Error {
  readonly entry: string | null;
  readonly kind: ArchiveProblemKind;
  constructor(entry: string | null, problem: string, kind: ArchiveProblemKind = 'damaged') {
    super(entry === null ? problem : `entry ${entry}: ${problem}`);
    this.name = 'ArchiveProblem';
    this.entry = entry;
    this.kind = kind;
  }
}

/** Entry names are plain relative paths of ASCII letters, digits and `._-/`: no `..`, no leading slash, at most 100 characters. */
export function checkEntryName(name: string): void {
  if (!/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(name) || name.split('/').some((part) => part === '.' || part === '..') || name.length > 100) {
    throw new ArchiveProblem(name, 'is not a plain relative name of at most 100 characters');
  }
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

/** The 512-byte ustar header of a regular file (mode 0600, owner 0, the given modification time). */
export function ustarHeader(name: string, size: number, mtimeSec: number): Buffer {
  checkEntryName(name);
  if (!Number.isInteger(size) || size < 0 || size > USTAR_MAX_SIZE) throw new ArchiveProblem(name, `its size ${size} does not fit a ustar header`);
  const header = Buffer.alloc(BLOCK);
  header.write(name, 0, 100, 'ascii');
  header.write(octal(0o600, 8), 100, 'ascii');
  header.write(octal(0, 8), 108, 'ascii');
  header.write(octal(0, 8), 116, 'ascii');
  header.write(octal(size, 12), 124, 'ascii');
  header.write(octal(Math.max(0, Math.floor(mtimeSec)), 12), 136, 'ascii');
  header.write('        ', 148, 'ascii');
  header.write('0', 156, 'ascii');
  header.write('ustar\0', 257, 'ascii');
  header.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(octal(sum, 7) + ' ', 148, 'ascii');
  return header;
}

const padding = (size: number): number => (BLOCK - (size % BLOCK)) % BLOCK;

/** Writes an archive entry by entry into an open file; the caller owns the file's name (temporary, then renamed). */
export class UstarWriter {
  private bytes = 0;
  private readonly handle: FileHandle;
  private readonly mtimeSec: number;

  constructor(handle: FileHandle, mtime: Date) {
    this.handle = handle;
    this.mtimeSec = mtime.getTime() / 1000;
  }

  get size(): number {
    return this.bytes;
  }

  private async write(buffer: Buffer): Promise<void> {
    let done = 0;
    while (done < buffer.length) done += (await this.handle.write(buffer, done, buffer.length - done)).bytesWritten;
    this.bytes += buffer.length;
  }

  async addBuffer(name: string, content: Uint8Array): Promise<void> {
    await this.write(ustarHeader(name, content.length, this.mtimeSec));
    await this.write(Buffer.from(content));
    await this.write(Buffer.alloc(padding(content.length)));
  }

  /**
   * Streams `source` into the entry and answers its SHA-256 as written. The file must still have `size` bytes:
   * one that grew or shrank since it was checked is refused (the archive is then abandoned by the caller).
   */
  async addFile(name: string, source: string, size: number): Promise<string> {
    await this.write(ustarHeader(name, size, this.mtimeSec));
    const hash = createHash('sha256');
    const input = await open(source, 'r');
    try {
      const buffer = Buffer.allocUnsafe(CHUNK);
      let copied = 0;
      for (;;) {
        const { bytesRead } = await input.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        if (copied + bytesRead > size) throw new ArchiveProblem(name, `${source} grew while it was archived (more than ${size} bytes)`);
        const chunk = buffer.subarray(0, bytesRead);
        hash.update(chunk);
        await this.write(chunk);
        copied += bytesRead;
      }
      if (copied !== size) throw new ArchiveProblem(name, `${source} shrank while it was archived (${copied} of ${size} bytes)`);
    } finally {
      await input.close();
    }
    await this.write(Buffer.alloc(padding(size)));
    return hash.digest('hex');
  }

  /** The end-of-archive marker (two zero blocks), then the data is flushed to the disk. */
  async finish(): Promise<void> {
    await this.write(Buffer.alloc(2 * BLOCK));
    await this.handle.sync();
  }
}

/** One regular file of an archive: its name, size and where its data starts. */
export interface UstarEntry {
  name: string;
  size: number;
  dataOffset: number;
}

function field(header: Buffer, offset: number, length: number): string {
  const raw = header.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? length : end).toString('latin1');
}

function parseOctal(header: Buffer, offset: number, length: number, what: string, at: number): number {
  const text = field(header, offset, length).trim();
  // Unreadable at byte 0: the file is not a tar archive at all.
  if (!/^[0-7]+$/.test(text)) throw new ArchiveProblem(null, `the header at byte ${at} has an unreadable ${what} field`, at === 0 ? 'not-an-archive' : 'damaged');
  return parseInt(text, 8);
}

async function readExactly(handle: FileHandle, length: number, position: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buffer.subarray(0, done);
}

/**
 * The entries of an archive in order, every header checked: checksum, ustar magic, a regular file, a plain name,
 * data inside the file, and the end-of-archive marker present. A cut or altered archive is refused with where.
 */
export async function readUstarEntries(handle: FileHandle): Promise<UstarEntry[]> {
  const fileSize = (await handle.stat()).size;
  const entries: UstarEntry[] = [];
  let position = 0;
  for (;;) {
    const header = await readExactly(handle, BLOCK, position);
    if (header.length < BLOCK) {
      throw new ArchiveProblem(null, `the archive is truncated: it ends at byte ${fileSize}${entries.length > 0 ? `, after entry ${entries[entries.length - 1].name}` : ''}, without the end-of-archive marker`, 'truncated');
    }
    if (header.every((byte) => byte === 0)) {
      const second = await readExactly(handle, BLOCK, position + BLOCK);
      if (second.length < BLOCK || !second.every((byte) => byte === 0)) throw new ArchiveProblem(null, `the archive is truncated or damaged at byte ${position + BLOCK}: its end-of-archive marker is incomplete`, 'truncated');
      return entries;
    }
    const stored = parseOctal(header, 148, 8, 'checksum', position);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i];
    if (sum !== stored) throw new ArchiveProblem(null, `the header at byte ${position} is damaged (its checksum does not match)`, position === 0 ? 'not-an-archive' : 'damaged');
    const name = (field(header, 345, 155) ? `${field(header, 345, 155)}/` : '') + field(header, 0, 100);
    if (field(header, 257, 6) !== 'ustar') throw new ArchiveProblem(name, 'is not a ustar entry', position === 0 ? 'not-an-archive' : 'damaged');
    const type = field(header, 156, 1);
    if (type !== '0' && type !== '') throw new ArchiveProblem(name, `is not a regular file (type '${type}')`);
    checkEntryName(name);
    const size = parseOctal(header, 124, 12, 'size', position);
    const dataOffset = position + BLOCK;
    if (dataOffset + size > fileSize) {
      throw new ArchiveProblem(name, `is truncated: it needs ${size} bytes from byte ${dataOffset}, the archive has ${Math.max(0, fileSize - dataOffset)}`, 'truncated');
    }
    entries.push({ name, size, dataOffset });
    position = dataOffset + size + padding(size);
  }
}

/** The data of one entry in chunks of at most 1 MB (a view of a reused buffer: copy what is kept). */
export async function* entryChunks(handle: FileHandle, entry: UstarEntry): AsyncGenerator<Buffer> {
  const buffer = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(1, entry.size)));
  let done = 0;
  while (done < entry.size) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, entry.size - done), entry.dataOffset + done);
    if (bytesRead === 0) throw new ArchiveProblem(entry.name, `is truncated: it ends after ${done} of ${entry.size} bytes`, 'truncated');
    done += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}

/** An entry's whole data in memory (the manifest). */
export async function readEntry(handle: FileHandle, entry: UstarEntry): Promise<Buffer> {
  const data = await readExactly(handle, entry.size, entry.dataOffset);
  if (data.length !== entry.size) throw new ArchiveProblem(entry.name, `is truncated: it ends after ${data.length} of ${entry.size} bytes`, 'truncated');
  return data;
}

/** The SHA-256 of an entry's data, streamed. */
export async function entrySha256(handle: FileHandle, entry: UstarEntry): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of entryChunks(handle, entry)) hash.update(chunk);
  return hash.digest('hex');
}
