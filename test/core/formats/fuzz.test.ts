// Property-based fuzzing of every reader: random mutations and truncations of valid files end in a
// valid result or a typed error naming the file, the field and the byte offset, quickly, never a crash.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { CoreError } from '../../../src-main/core/errors.ts';
import { BufferSource } from '../../../src-main/core/formats/byte-source.ts';
import { channelStats } from '../../../src-main/core/formats/channel-stats.ts';
import { EdfEncoder } from '../../../src-main/core/formats/edf-writer.ts';
import { openSignalFile } from '../../../src-main/core/formats/index.ts';
import { generateGdf } from '../../support/gdf-generator.ts';
import { sharedDataMissing, xdfExample } from '../../support/shared-data.ts';

/** Cases per seed file; CI runs the default, NEUROFEAT_FUZZ_RUNS raises or lowers it. */
const RUNS = Number(process.env.NEUROFEAT_FUZZ_RUNS ?? 5000);
/** A reader must give up or finish within this, whatever the bytes. */
const TIME_LIMIT_MS = 2000;

function edfSeed(kind: 'EDF' | 'BDF'): Uint8Array {
  const limits = kind === 'BDF' ? { digitalMin: -8388608, digitalMax: 8388607 } : { digitalMin: -32768, digitalMax: 32767 };
  const encoder = new EdfEncoder({
    kind,
    channels: [
      { label: 'C3..', unit: 'uV', sampleRateHz: 16, physicalMin: -500, physicalMax: 500, ...limits },
      { label: 'C4', unit: 'uV', sampleRateHz: 16, physicalMin: -500, physicalMax: 500, ...limits },
      { label: 'Resp', unit: 'mV', sampleRateHz: 8, physicalMin: -5, physicalMax: 5, ...limits },
    ],
    annotationBytesPerRecord: 96,
    start: { year: 2024, month: 5, day: 17, hour: 9, minute: 30, second: 0 },
  });
  const records = 3;
  const bytes = new Uint8Array(encoder.headerLength + records * encoder.recordLength);
  bytes.set(encoder.header(records), 0);
  const data = [0, 1, 2].map((c) => Float32Array.from({ length: 64 }, (_, k) => Math.sin(k + c) * 100));
  for (let r = 0; r < records; r++) {
    const record = new Uint8Array(encoder.recordLength);
    encoder.encodeRecord(r, data, [r * 16, r * 16, r * 8], r === 1 ? [{ onsetSec: 1.25, durationSec: 0.5, label: 'T1' }] : [], record);
    bytes.set(record, encoder.headerLength + r * encoder.recordLength);
  }
  return bytes;
}

function gdfSeed(version: string): Uint8Array {
  return generateGdf({
    version,
    nRecords: 4,
    recordDuration: [1, 4],
    channels: [
      { label: 'C3', unit: 'uV', unitCode: 4275, physicalMin: -100, physicalMax: 100, digitalMin: -32768, digitalMax: 32767, samplesPerRecord: 8, dataType: 3 },
      { label: 'C4', unit: 'uV', unitCode: 4275, physicalMin: -100, physicalMax: 100, digitalMin: -100, digitalMax: 100, samplesPerRecord: 4, dataType: 16 },
    ],
    value: (c, s) => (c === 0 ? (s * 311) % 30000 : Math.sin(s) * 50),
    eventMode: 3,
    eventRate: 32,
    events: [{ position: 1, code: 768, duration: 4 }, { position: 9, code: 769 }, { position: 20, code: 1, duration: 2 }],
    descriptions: ['rest'],
  });
}

const seeds: Record<string, Uint8Array> = {
  'edf+': edfSeed('EDF'),
  'bdf+': edfSeed('BDF'),
  'gdf 1.25': gdfSeed('1.25'),
  'gdf 2.22': gdfSeed('2.22'),
  // The XDF seeds are files of the shared data; without them the other formats are still fuzzed.
  ...(sharedDataMissing ? {} : {
    'xdf minimal': new Uint8Array(readFileSync(xdfExample('minimal.xdf'))),
    'xdf empty streams': new Uint8Array(readFileSync(xdfExample('empty_streams.xdf'))),
  }),
};

type Mutation =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'text'; at: number; text: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicate'; at: number; length: number };

/** Mutations biased towards headers (where the structure lives) but reaching anywhere in the file. */
function mutation(size: number): fc.Arbitrary<Mutation> {
  const offset = fc.oneof(fc.integer({ min: 0, max: Math.min(size - 1, 1023) }), fc.integer({ min: 0, max: size - 1 }));
  const special = fc.constantFrom(0x00, 0xff, 0x20, 0x2d, 0x2e, 0x30, 0x39, 0x7f, 0x80, 0x14, 0x15, 0x01, 0x08);
  return fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: offset, value: fc.oneof(fc.integer({ min: 0, max: 255 }), special) }),
    fc.record({
      kind: fc.constant('text' as const),
      at: offset,
      text: fc.constantFrom('-1      ', '0       ', '99999999', '1e308   ', '-0.0    ', 'abc     ', '        ', '4096', '0   ', '\u00e9\u00e8', '+0.5\u0014\u0014\u0000', '\u00ff\u00ff\u00ff\u00ff'),
    }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.integer({ min: 0, max: size }) }),
    fc.record({ kind: fc.constant('duplicate' as const), at: offset, length: fc.integer({ min: 1, max: 64 }) }),
  );
}

function apply(seed: Uint8Array, mutations: Mutation[]): Uint8Array {
  let bytes = Uint8Array.from(seed);
  for (const m of mutations) {
    const at = Math.min(m.at, Math.max(0, bytes.length - 1));
    if (m.kind === 'flip') {
      if (bytes.length > 0) bytes[at] = m.value;
    } else if (m.kind === 'text') {
      for (let i = 0; i < m.text.length && at + i < bytes.length; i++) bytes[at + i] = m.text.charCodeAt(i) & 0xff;
    } else if (m.kind === 'truncate') {
      bytes = bytes.slice(0, Math.min(m.at, bytes.length));
    } else {
      const piece = bytes.slice(at, at + m.length);
      const grown = new Uint8Array(bytes.length + piece.length);
      grown.set(bytes.subarray(0, at), 0);
      grown.set(piece, at);
      grown.set(bytes.subarray(at), at + piece.length);
      bytes = grown;
    }
  }
  return bytes;
}

/** Opens the bytes and uses everything the reader offers; returns 'ok' or the typed error it gave. */
function exercise(bytes: Uint8Array, name: string): 'ok' | CoreError {
  try {
    const file = openSignalFile(new BufferSource(bytes, name));
    const all = file.channels.map((_, i) => i);
    const data = file.readSamples(all, 0, file.nSamples);
    for (const values of data) expect(values).toBeInstanceOf(Float32Array);
    if (file.nSamples > 2) file.readSamples(all.slice(0, 1), 1, file.nSamples - 2);
    channelStats(file, 7);
    for (const e of file.events) {
      expect(typeof e.label).toBe('string');
      expect(Number.isFinite(e.onsetSec) || Number.isNaN(e.onsetSec)).toBe(true);
    }
    JSON.stringify(file);
    return 'ok';
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
}

describe('readers under random mutations and truncations', () => {
  for (const [name, seed] of Object.entries(seeds)) {
    it(`${name}: ${RUNS} mutated files give a result or a typed error`, () => {
      expect(exercise(seed, `${name}.seed`)).toBe('ok');
      let errors = 0;
      fc.assert(
        fc.property(fc.array(mutation(seed.length), { minLength: 1, maxLength: 4 }), (mutations) => {
          const bytes = apply(seed, mutations);
          const started = performance.now();
          const outcome = exercise(bytes, 'fuzzed.file');
          const elapsed = performance.now() - started;
          expect(elapsed).toBeLessThan(TIME_LIMIT_MS);
          if (outcome !== 'ok') {
            errors++;
            expect(outcome.code).toBe('bad-input');
            expect(outcome.details.file).toBe('fuzzed.file');
            expect(typeof outcome.details.field).toBe('string');
            expect(Number.isInteger(outcome.details.byteOffset)).toBe(true);
            expect(outcome.message).toMatch(/^fuzzed\.file: .+ \(byte \d+\): /);
          }
        }),
        { numRuns: RUNS, seed: 20240517 + name.length },
      );
      // The mutations must reach the validation, not only pass through it.
      expect(errors).toBeGreaterThan(RUNS / 20);
    });
  }
});
