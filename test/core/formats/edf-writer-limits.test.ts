// The EDF/BDF writer refuses header values that do not fit their fields instead of cutting them.
import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../src-main/core/errors.ts';
import { BufferSource } from '../../../src-main/core/formats/byte-source.ts';
import { EdfEncoder, type EdfWriterSpec } from '../../../src-main/core/formats/edf-writer.ts';
import { openSignalFile } from '../../../src-main/core/formats/index.ts';

const channel = { label: 'C3', unit: 'uV', sampleRateHz: 250, physicalMin: -100, physicalMax: 100, digitalMin: -32768, digitalMax: 32767 };
const spec = (over: Partial<EdfWriterSpec> = {}): EdfWriterSpec => ({
  kind: 'EDF', channels: [channel], start: { year: 2024, month: 1, day: 2, hour: 3, minute: 4, second: 5 }, ...over,
});

function refusal(make: () => unknown): CoreError {
  try {
    make();
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('EDF writer limits', () => {
  it('refuses a sample rate no amplifier has (the 1.6e11 Hz of a 1e-9 s record)', () => {
    const e = refusal(() => new EdfEncoder(spec({ channels: [{ ...channel, sampleRateHz: 1.6e11 }] })));
    expect(e.message).toMatch(/^channels\[0\] \(C3\)\.sampleRateHz: gives a sample rate of 1\.60e\+11 Hz, above the 1000000 Hz/);
    expect(e.details.field).toBe('channels[0] (C3).sampleRateHz');
  });

  it('refuses samples per record that the 8-character field cannot hold, and records beyond what readers accept', () => {
    const e = refusal(() => new EdfEncoder(spec({ channels: [{ ...channel, sampleRateHz: 1_000_000 }], recordDurationSec: 100 })));
    expect(e.message).toMatch(/100000000 samples per record, more than the 8-character field holds/);
    const big = refusal(() => new EdfEncoder(spec({ channels: Array.from({ length: 200 }, (_, i) => ({ ...channel, label: `E${i}`, sampleRateHz: 1_000_000 })) })));
    expect(big.message).toMatch(/^recordDurationSec: a data record of \d+ bytes exceeds the 268435456 bytes readers accept/);
  });

  it('refuses record counts, channel counts and texts that do not fit, never cutting them', () => {
    const encoder = new EdfEncoder(spec());
    expect(refusal(() => encoder.header(100_000_000)).message).toMatch(/number of data records: 100000000 does not fit the 8-character field/);
    expect(refusal(() => encoder.recordCountField(-2)).details.field).toBe('number of data records');
    expect(encoder.recordCountField(99_999_999).bytes).toHaveLength(8);
    expect(refusal(() => new EdfEncoder(spec({ channels: Array.from({ length: 4096 }, (_, i) => ({ ...channel, label: `E${i}` })) }))).message)
      .toMatch(/4096 channels and the annotation signal exceed the 4096 signals/);
    expect(refusal(() => new EdfEncoder(spec({ channels: [{ ...channel, transducer: 'x'.repeat(81) }] }))).details.field).toBe('channels[0] (C3).transducer');
    expect(refusal(() => new EdfEncoder(spec({ patientCode: 'P'.repeat(80) }))).details.field).toBe('patientCode');
    expect(refusal(() => new EdfEncoder(spec({ start: { year: 2024, month: 1, day: 123, hour: 3, minute: 4, second: 5 } })).header(1)).message)
      .toMatch(/EDF header \(byte 168\): '123\.01\.24' does not fit the 8-character field/);
  });

  it('writes what fits exactly, and the reader gets it back', () => {
    const encoder = new EdfEncoder(spec({ channels: [{ ...channel, transducer: 't'.repeat(80), prefilter: 'HP:0.1Hz' }], patientCode: 'P'.repeat(72) }));
    const bytes = new Uint8Array(encoder.headerLength + encoder.recordLength);
    bytes.set(encoder.header(1));
    const file = openSignalFile(new BufferSource(bytes, 'ok.edf'));
    expect(file).toMatchObject({ sampleRateHz: 250, nSamples: 250 });
    expect(file.header.patient).toBe(`${'P'.repeat(72)} X X X`);
  });
});
