// EDF+D: records with gaps between them become segments; samples are concatenated and events mapped onto them.
import { describe, expect, it } from 'vitest';
import { BufferSource } from '../../../src-main/core/formats/byte-source.ts';
import { EdfEncoder } from '../../../src-main/core/formats/edf-writer.ts';
import { openSignalFile } from '../../../src-main/core/formats/index.ts';

/** Four 1 s records recorded at 0, 1, 5 and 6 s (a 3 s gap), with events inside and in the gap. */
function discontinuous(): Uint8Array {
  const encoder = new EdfEncoder({
    kind: 'EDF',
    channels: [{ label: 'Cz', unit: 'uV', sampleRateHz: 4, physicalMin: -100, physicalMax: 100, digitalMin: -1000, digitalMax: 1000 }],
    annotationBytesPerRecord: 120,
    start: { year: 2024, month: 1, day: 1, hour: 0, minute: 0, second: 0 },
  });
  const onsets = [0, 1, 5, 6];
  const bytes = new Uint8Array(encoder.headerLength + onsets.length * encoder.recordLength);
  bytes.set(encoder.header(onsets.length));
  bytes.set(new TextEncoder().encode('EDF+D'), 192);
  const events = [[{ onsetSec: 0.5, durationSec: 0, label: 'A' }], [{ onsetSec: 3, durationSec: 0, label: 'in the gap' }], [{ onsetSec: 5.25, durationSec: 1, label: 'B' }], []];
  onsets.forEach((onset, r) => {
    const record = new Uint8Array(encoder.recordLength);
    // The time-keeping TAL is the record index x 1 s: pass the onset as the index to place the record at that time.
    encoder.encodeRecord(onset, [Float32Array.from({ length: 4 }, (_, k) => r * 10 + k)], [0], events[r], record);
    bytes.set(record, encoder.headerLength + r * encoder.recordLength);
  });
  return bytes;
}

describe('EDF+D', () => {
  it('exposes segments, concatenated samples and events in data time', () => {
    const file = openSignalFile(new BufferSource(discontinuous(), 'gaps.edf'));
    expect(file.version).toBe('EDF+D');
    expect(file.nSamples).toBe(16);
    expect(file.segments).toEqual([
      { startSample: 0, nSamples: 8, fileOnsetSec: 0 },
      { startSample: 8, nSamples: 8, fileOnsetSec: 5 },
    ]);
    const [values] = file.readSamples([0], 0, 16);
    expect(Array.from(values).map((v) => Math.round(v))).toEqual([0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23, 30, 31, 32, 33]);
    expect(file.events.map((e) => [e.label, e.onsetSec, e.durationSec])).toEqual([
      ['A', 0.5, 0],
      ['in the gap', 2, 0], // mapped to the start of the next segment
      ['B', 2.25, 1],
    ]);
  });
});
