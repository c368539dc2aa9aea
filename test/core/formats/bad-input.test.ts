// Inconsistent headers get messages that say what was found, what was expected, in which field and where.
import { describe, expect, it } from 'vitest';
import { BufferSource } from '../../../src-main/core/formats/byte-source.ts';
import { EdfEncoder } from '../../../src-main/core/formats/edf-writer.ts';
import { openSignalFile } from '../../../src-main/core/formats/index.ts';
import { generateGdf, type GdfSpec } from '../../support/gdf-generator.ts';

function edf(records = 2): Uint8Array {
  const encoder = new EdfEncoder({
    kind: 'EDF',
    channels: [{ label: 'C3', unit: 'uV', sampleRateHz: 10, physicalMin: -100, physicalMax: 100, digitalMin: -32768, digitalMax: 32767 }],
    annotationBytesPerRecord: 64,
    start: { year: 2024, month: 1, day: 2, hour: 3, minute: 4, second: 5 },
  });
  const bytes = new Uint8Array(encoder.headerLength + records * encoder.recordLength);
  bytes.set(encoder.header(records));
  for (let r = 0; r < records; r++) {
    const record = new Uint8Array(encoder.recordLength);
    encoder.encodeRecord(r, [new Float32Array(10 * records)], [r * 10], [], record);
    bytes.set(record, encoder.headerLength + r * encoder.recordLength);
  }
  return bytes;
}

function put(bytes: Uint8Array, offset: number, text: string): Uint8Array {
  const copy = Uint8Array.from(bytes);
  for (let i = 0; i < text.length; i++) copy[offset + i] = text.charCodeAt(i);
  return copy;
}

const open = (bytes: Uint8Array) => openSignalFile(new BufferSource(bytes, 'rec.edf'));

describe('EDF/BDF header problems', () => {
  it('zero or absurd channel counts', () => {
    expect(() => open(put(edf(), 252, '0   '))).toThrow('rec.edf: number of signals (byte 252): the file declares 0 signals');
    expect(() => open(put(edf(), 252, '9999'))).toThrow(/number of signals \(byte 252\): 9999 is outside the allowed range 0\.\.4096/);
    expect(() => open(put(edf(), 252, '3   '))).toThrow(/number of header bytes \(byte 184\): 768 does not add up: 3 signals need 256 \+ 3 x 256 = 1024/);
  });

  it('record sizes that do not add up: truncated files and extra bytes are reported', () => {
    const full = edf(3);
    const truncated = open(full.subarray(0, full.length - 5));
    expect(truncated.nSamples).toBe(20);
    expect(truncated.warnings[0]).toMatch(/truncated: the header declares 3 records, only 2 are complete/);
    const padded = new Uint8Array(full.length + 7);
    padded.set(full);
    expect(open(padded).warnings[0]).toMatch(/7 bytes follow the last declared record/);
  });

  it('sample rates of 0, bad numbers, ranges that cannot scale', () => {
    const spr = 256 + 2 * (16 + 80 + 8 * 5 + 80); // two signals (C3 and the annotations): fields before 'samples per record'
    expect(() => open(put(edf(), spr, '0       '))).toThrow(/signal 1 samples per record \(byte \d+\): 0 is outside the allowed range 1\.\./);
    expect(() => open(put(edf(), 244, '0       '))).toThrow(/duration of a data record \(byte 244\): a record duration of 0 s is allowed only in annotation-only files/);
    expect(() => open(put(edf(), 244, 'abc     '))).toThrow(/duration of a data record \(byte 244\): expected a finite number, found 'abc'/);
    expect(() => open(put(edf(), 256 + 2 * 16 + 2 * 80 + 2 * 8, '1e999   '))).toThrow(/signal 1 physical minimum .*expected a finite number/);
    const dmin = 256 + 2 * (16 + 80 + 8 + 8 + 8);
    expect(() => open(put(put(edf(), dmin, '100     '), dmin + 16, '100     '))).toThrow(/signal 1 digital maximum \(byte \d+\): digital maximum 100 must be above digital minimum 100/);
  });

  it('non-ASCII labels are read and reported', () => {
    const file = open(put(edf(), 256, 'C\u00e9\u00ff'));
    expect(file.channels[0].label).toBe('C\u00e9\u00ff');
    expect(file.warnings[0]).toMatch(/signal 1 label \(byte 256\) has non-ASCII bytes: 'C\\xe9\\xff'/);
  });

  it('an unknown format', () => {
    expect(() => open(new TextEncoder().encode('RIFF....WAVE'))).toThrow(/rec\.edf: magic \(byte 0\): not a recognised EEG file/);
    expect(() => open(new Uint8Array(10).fill(0x30))).toThrow(/rec\.edf: magic \(byte 0\)/);
  });
});

describe('GDF header problems', () => {
  const base: GdfSpec = {
    version: '2.20', nRecords: 2, recordDuration: [1, 1], eventMode: 1, eventRate: 4, events: [], value: () => 0,
    channels: [{ label: 'C3', unit: 'uV', unitCode: 4275, physicalMin: -1, physicalMax: 1, digitalMin: -10, digitalMax: 10, samplesPerRecord: 4, dataType: 3 }],
  };
  const gdf = (spec: Partial<GdfSpec>) => openSignalFile(new BufferSource(generateGdf({ ...base, ...spec }), 'rec.gdf'));

  it('sample rates of 0, unknown types, ranges that cannot scale, events past the end', () => {
    expect(() => gdf({ recordDuration: [0, 1] })).toThrow(/rec\.gdf: duration of a record \(byte 244\): 0 s is not a positive duration/);
    const wrongType = generateGdf(base);
    new DataView(wrongType.buffer).setInt32(256 + 220, 42, true);
    expect(() => openSignalFile(new BufferSource(wrongType, 'rec.gdf'))).toThrow(/channel 1 data type \(byte 476\): unsupported GDF data type 42/);
    expect(() => gdf({ channels: [{ ...base.channels[0], digitalMax: -10 }] })).toThrow(/channel 1 digital maximum .*cannot scale samples/);
    expect(() => gdf({ channels: [{ ...base.channels[0], samplesPerRecord: 0 }] })).toThrow(/samples per record .*every channel has 0 samples per record/);
    const bytes = generateGdf({ ...base, events: [{ position: 1, code: 768 }] });
    const view = new DataView(bytes.buffer);
    const table = bytes.length - 8 - 6;
    bytes[table + 1] = 200; // 200 events announced, 1 present
    expect(() => openSignalFile(new BufferSource(bytes, 'rec.gdf'))).toThrow(new RegExp(`number of events \\(byte ${table + 1}\\): 200 events need 1200 bytes but only 6 follow`));
    view.setUint8(table, 9);
    expect(() => openSignalFile(new BufferSource(bytes, 'rec.gdf'))).toThrow(/event table mode \(byte \d+\): mode 9 is not supported/);
  });
});
