// The ustar writer and reader of patient archives: round trip, headers as POSIX lays them out, every cut and damage refused with where.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArchiveProblem, checkEntryName, entrySha256, readEntry, readUstarEntries, ustarHeader, UstarWriter } from '../../../src-main/services/transfer/ustar.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'nf-ustar-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** An archive of a small text entry and a 1.5 MB file entry (streamed through more than one chunk). */
async function writeSample(name: string): Promise<{ file: string; big: Buffer }> {
  const big = Buffer.alloc(1_500_001);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7919) % 251;
  const source = path.join(scratch, `${name}.bin`);
  writeFileSync(source, big);
  const file = path.join(scratch, name);
  const handle = await open(file, 'wx');
  const writer = new UstarWriter(handle, new Date('2026-11-30T12:00:00Z'));
  await writer.addBuffer('manifest.json', Buffer.from('{"a":1}\n'));
  expect(await writer.addFile('recordings/run-1.edf', source, big.length)).toBe(sha(big));
  await writer.finish();
  await handle.close();
  return { file, big };
}

async function entriesOf(file: string) {
  const handle = await open(file, 'r');
  try {
    const entries = await readUstarEntries(handle);
    return { entries, text: (await readEntry(handle, entries[0])).toString(), sha256: await entrySha256(handle, entries[1]) };
  } finally {
    await handle.close();
  }
}

async function problemOf(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    await readUstarEntries(handle);
  } catch (error) {
    expect(error).toBeInstanceOf(ArchiveProblem);
    return (error as Error).message;
  } finally {
    await handle.close();
  }
  throw new Error('the archive was accepted');
}

describe('ustar archives', () => {
  it('reads back what it wrote: names, sizes, contents; blocks of 512 bytes and the two-block end marker', async () => {
    const { file, big } = await writeSample('round.tar');
    const { entries, text, sha256 } = await entriesOf(file);
    expect(entries.map((e) => [e.name, e.size, e.dataOffset])).toEqual([['manifest.json', 8, 512], ['recordings/run-1.edf', big.length, 1536]]);
    expect(text).toBe('{"a":1}\n');
    expect(sha256).toBe(sha(big));
    const bytes = readFileSync(file);
    expect(bytes.length).toBe(1536 + Math.ceil(big.length / 512) * 512 + 1024);
    expect(bytes.subarray(bytes.length - 1024).every((b) => b === 0)).toBe(true);
  });

  it('lays the header out as POSIX ustar: magic, version, octal size and mode, checksum over the header with its field as spaces', () => {
    const header = ustarHeader('models/attempt-3.onnx', 1234, 1_796_040_000);
    expect(header.length).toBe(512);
    expect(header.subarray(0, 21).toString('ascii')).toBe('models/attempt-3.onnx');
    expect(header.subarray(100, 108).toString('ascii')).toBe('0000600\0');
    expect(header.subarray(124, 136).toString('ascii')).toBe(`${(1234).toString(8).padStart(11, '0')}\0`);
    expect(header.subarray(156, 157).toString('ascii')).toBe('0');
    expect(header.subarray(257, 265).toString('ascii')).toBe('ustar\u000000');
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i];
    expect(parseInt(header.subarray(148, 155).toString('ascii'), 8)).toBe(sum);
  });

  it('refuses names that are not plain relative paths', () => {
    for (const name of ['/etc/passwd', '../x', 'a/../b', 'a//b', 'a b', 'x'.repeat(101), '']) expect(() => checkEntryName(name), name).toThrow(ArchiveProblem);
    for (const name of ['manifest.json', 'recordings/run-12.edf', 'models/attempt-3.onnx']) expect(() => checkEntryName(name)).not.toThrow();
  });

  it('refuses an archive cut anywhere: in a header, in the data, at an entry boundary, in the end marker', async () => {
    const { file, big } = await writeSample('whole.tar');
    const size = readFileSync(file).length;
    const dataEnd = 1536 + Math.ceil(big.length / 512) * 512;
    const cases: [number, RegExp][] = [
      [0, /^the archive is truncated: it ends at byte 0, without the end-of-archive marker$/],
      [100, /^the archive is truncated: it ends at byte 100, without/],
      [1024, /^the archive is truncated: it ends at byte 1024, after entry manifest.json, without/],
      [1536 + 1000, /^entry recordings\/run-1.edf: is truncated: it needs 1500001 bytes from byte 1536, the archive has 1000$/],
      [dataEnd, /^the archive is truncated: it ends at byte \d+, after entry recordings\/run-1.edf, without the end-of-archive marker$/],
      [size - 512, /end-of-archive marker is incomplete/],
    ];
    for (const [at, expected] of cases) {
      const cut = path.join(scratch, `cut-${at}.tar`);
      writeFileSync(cut, readFileSync(file));
      truncateSync(cut, at);
      expect(await problemOf(cut), `cut at ${at}`).toMatch(expected);
    }
  });

  it('refuses a damaged header (checksum), a link entry and a non-ustar header', async () => {
    const { file } = await writeSample('damaged.tar');
    const bytes = readFileSync(file);
    const flipped = Buffer.from(bytes);
    flipped[1024 + 8] ^= 0x01;
    writeFileSync(path.join(scratch, 'flipped.tar'), flipped);
    expect(await problemOf(path.join(scratch, 'flipped.tar'))).toBe('the header at byte 1024 is damaged (its checksum does not match)');

    const link = Buffer.from(bytes);
    const header = ustarHeader('manifest.json', 8, 0);
    header.write('2', 156, 'ascii');
    header.write('        ', 148, 'ascii');
    let sum = 0;
    for (const b of header) sum += b;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
    header.copy(link, 0);
    writeFileSync(path.join(scratch, 'link.tar'), link);
    expect(await problemOf(path.join(scratch, 'link.tar'))).toBe("entry manifest.json: is not a regular file (type '2')");

    writeFileSync(path.join(scratch, 'text.tar'), Buffer.alloc(2048, 'a'));
    expect(await problemOf(path.join(scratch, 'text.tar'))).toBe('the header at byte 0 has an unreadable checksum field');
  });

  it('refuses a source file that changed size while it was archived', async () => {
    const source = path.join(scratch, 'short.bin');
    writeFileSync(source, Buffer.alloc(100));
    const handle = await open(path.join(scratch, 'short.tar'), 'wx');
    const writer = new UstarWriter(handle, new Date());
    await expect(writer.addFile('recordings/run-1.edf', source, 200)).rejects.toThrow(/shrank while it was archived \(100 of 200 bytes\)/);
    await expect(writer.addFile('recordings/run-2.edf', source, 50)).rejects.toThrow(/grew while it was archived/);
    await handle.close();
  });
});
