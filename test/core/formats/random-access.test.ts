// Opening reads the header and the annotations only; a window reads only its records.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { BufferSource, type ByteSource } from '../../../src-main/core/formats/byte-source.ts';
import { openSignalFile } from '../../../src-main/core/formats/index.ts';
import { physionetRun, sharedDataMissing, xdfExample } from '../../support/shared-data.ts';

/** Counts the bytes a reader asks for. */
class CountingSource implements ByteSource {
  bytesRead = 0;
  private readonly inner: ByteSource;
  constructor(inner: ByteSource) {
    this.inner = inner;
  }
  get name() { return this.inner.name; }
  get size() { return this.inner.size; }
  read(offset: number, length: number): Uint8Array {
    this.bytesRead += length;
    return this.inner.read(offset, length);
  }
}

describe.skipIf(sharedDataMissing)('random access', () => {
  it('EDF+: open reads under 5% of a PhysioNet run, a 1 s window two records', () => {
    const source = new CountingSource(new BufferSource(readFileSync(physionetRun(1, 4)), 'S001R04.edf'));
    const file = openSignalFile(source);
    expect(file.events).toHaveLength(30);
    expect(source.bytesRead).toBeLessThan(source.size * 0.05);
    const before = source.bytesRead;
    const window = file.readSamples([8, 10, 12], 160 * 60 + 80, 160);
    expect(window.map((w) => w.length)).toEqual([160, 160, 160]);
    expect(source.bytesRead - before).toBeLessThanOrEqual(2 * 65 * 160 * 2);
    const whole = file.readSamples([8], 0, file.nSamples)[0];
    expect(Array.from(window[0])).toEqual(Array.from(whole.subarray(160 * 60 + 80, 160 * 61 + 80)));
  });

  it('XDF: a window parses only the chunks that hold it', () => {
    const source = new CountingSource(new BufferSource(readFileSync(xdfExample('clock_resets.xdf')), 'clock_resets.xdf'));
    const file = openSignalFile(source);
    const before = source.bytesRead;
    const window = file.readSamples([0, 7], 20000, 100);
    expect(source.bytesRead - before).toBeLessThan(source.size * 0.05);
    const whole = file.readSamples([0, 7], 0, file.nSamples);
    expect(Array.from(window[1])).toEqual(Array.from(whole[1].subarray(20000, 20100)));
  });
});
