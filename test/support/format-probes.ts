// The hand-made files of issue 11's probe: small files whose headers are consistent in structure and absurd in sense.
import { edfBytes, gdfBytes, numericSamples, stringSamples, talRecords, xdfBytes, type EdfSignalSpec } from './absurd-files.ts';

export interface Probe {
  build(): Uint8Array;
  /** `ok`, or the field a typed bad-input error must name. */
  expect: 'ok' | { field: string | RegExp };
}

const eeg = (i: number, spr: string, pmin = '-100', pmax = '100'): EdfSignalSpec => ({
  label: `EEG ${i}`, physicalMin: pmin, physicalMax: pmax, digitalMin: '-32768', digitalMax: '32767', samplesPerRecord: spr,
});

export const probes: Record<string, Probe> = {
  'xdf: 66 KB declaring 65,536 channels': {
    build: () => xdfBytes([
      { tag: 'stream', id: 1, channelCount: '65536', rate: '250', format: 'int8' },
      { tag: 'samples', id: 1, count: 1, body: numericSamples(1, 65536) },
    ]),
    expect: { field: 'stream 1 channel_count' },
  },
  'xdf: 66 KB holding 4,096 int8 channels': {
    build: () => xdfBytes([
      { tag: 'stream', id: 1, channelCount: '4096', rate: '250', format: 'int8' },
      { tag: 'samples', id: 1, count: 16, body: numericSamples(16, 4096) },
    ]),
    expect: 'ok',
  },
  'edf: 1 MB with 4,095 signals': {
    build: () => edfBytes({
      kind: 'EDF', reserved: '', declaredRecords: '2', recordDuration: '1',
      signals: Array.from({ length: 4095 }, (_, i) => eeg(i, '1')), data: 2 * 4095 * 2,
    }),
    expect: 'ok',
  },
  'edf: 912 bytes with 1e-9 s records (a 1.6e11 Hz rate)': {
    build: () => edfBytes({ kind: 'EDF', reserved: '', declaredRecords: '1', recordDuration: '1e-9', signals: [eeg(1, '72'), eeg(2, '160')], data: 912 - 768 }),
    expect: { field: 'duration of a data record' },
  },
  'edf+: 0.000001 s records with 2 samples (2 MHz)': {
    build: () => edfBytes({ kind: 'EDF', reserved: 'EDF+C', declaredRecords: '10', recordDuration: '0.000001', signals: [eeg(1, '2'), { ...eeg(2, '8'), label: 'EDF Annotations' }], data: 200 }),
    expect: { field: 'duration of a data record' },
  },
  'edf: physical range ±1e308': {
    build: () => edfBytes({ kind: 'EDF', reserved: '', declaredRecords: '1', recordDuration: '1', signals: [eeg(1, '4', '-1e308', '1e308')], data: 8 }),
    expect: { field: /^signal 1 physical m(in|ax)imum$/ },
  },
  'bdf: physical range -1e16..1 (beyond any unit)': {
    build: () => edfBytes({ kind: 'BDF', reserved: '24BIT', declaredRecords: '1', recordDuration: '1', signals: [{ ...eeg(1, '4', '-1e16', '1'), digitalMin: '-8388608', digitalMax: '8388607' }], data: 12 }),
    expect: { field: /^signal 1 physical m(in|ax)imum$/ },
  },
  'edf+: 501,000 annotations in 4.7 MB': {
    build: () => {
      const records = 1000;
      const bytesPerRecord = 4700;
      const tals = talRecords(records, bytesPerRecord, 501);
      const data = new Uint8Array(records * bytesPerRecord);
      tals.forEach((t, r) => data.set(t, r * bytesPerRecord));
      return edfBytes({
        kind: 'EDF', reserved: 'EDF+C', declaredRecords: String(records), recordDuration: '1',
        signals: [{ ...eeg(1, String(bytesPerRecord / 2)), label: 'EDF Annotations' }], data,
      });
    },
    expect: { field: 'annotations' },
  },
  'edf: record duration of 1e300 s': {
    build: () => edfBytes({ kind: 'EDF', reserved: '', declaredRecords: '1', recordDuration: '1e300', signals: [eeg(1, '1')], data: 2 }),
    expect: { field: 'duration of a data record' },
  },
  'gdf 2: 8,000,000 events': {
    build: () => gdfBytes({
      version: '2.22', declaredRecords: 1, recordDuration: 1,
      channels: [{ physicalMin: -100, physicalMax: 100, digitalMin: -32768, digitalMax: 32767, samplesPerRecord: 4, dataType: 3 }],
      dataBytes: 8, events: { mode: 1, count: 8_000_000, rate: 4, entryBytes: 8_000_000 * 6 },
    }),
    expect: { field: 'number of events' },
  },
  'gdf 2: physical range ±1e308 on int16 samples': {
    build: () => gdfBytes({
      version: '2.22', declaredRecords: 1, recordDuration: 1,
      channels: [{ physicalMin: -1e308, physicalMax: 1e308, digitalMin: -32768, digitalMax: 32767, samplesPerRecord: 4, dataType: 3 }],
      dataBytes: 8, events: null,
    }),
    expect: { field: 'channel 1 physical maximum' },
  },
  'gdf 1: 1e-9 s records': {
    build: () => gdfBytes({
      version: '1.25', declaredRecords: 1, recordDuration: [1, 1_000_000_000],
      channels: [{ physicalMin: -100, physicalMax: 100, digitalMin: -32768, digitalMax: 32767, samplesPerRecord: 4, dataType: 3 }],
      dataBytes: 8, events: null,
    }),
    expect: { field: 'duration of a record' },
  },
  'xdf: 20 MB in a single samples chunk': {
    build: () => {
      const count = Math.floor((20 << 20) / (1 + 16 * 4 + 8 / 64));
      return xdfBytes([
        { tag: 'stream', id: 1, channelCount: '16', rate: '500', format: 'float32', labels: 16 },
        { tag: 'samples', id: 1, count, body: numericSamples(count, 64, 64) },
      ]);
    },
    expect: 'ok',
  },
  'xdf: nominal_srate 1e12': {
    build: () => xdfBytes([{ tag: 'stream', id: 1, channelCount: '2', rate: '1e12', format: 'float32' }, { tag: 'samples', id: 1, count: 4, body: numericSamples(4, 8) }]),
    expect: { field: 'stream 1 nominal_srate' },
  },
  'xdf: 20,000 forward clock resets under 100,000 markers': {
    build: () => xdfBytes([
      { tag: 'stream', id: 1, channelCount: '2', rate: '100', format: 'int16' },
      { tag: 'samples', id: 1, count: 100, body: numericSamples(100, 4) },
      { tag: 'stream', id: 2, channelCount: '1', rate: '0', format: 'string' },
      { tag: 'samples', id: 2, count: 100_000, body: stringSamples(100_000, 1, 1) },
      ...Array.from({ length: 20_000 }, (_, k) => ({ tag: 'clock' as const, id: 2, time: 100 + k * 5, value: k * 2 })),
    ]),
    expect: 'ok',
  },
  'xdf: 300 clock resets backwards in time': {
    build: () => xdfBytes([
      { tag: 'stream', id: 1, channelCount: '2', rate: '100', format: 'int16' },
      { tag: 'samples', id: 1, count: 100, body: numericSamples(100, 4) },
      ...Array.from({ length: 600 }, (_, k) => ({ tag: 'clock' as const, id: 1, time: 1000 - k, value: 0 })),
    ]),
    expect: { field: 'stream 1 clock offsets' },
  },
  'xdf: a marker stream of 4,096 channels of strings': {
    build: () => xdfBytes([
      { tag: 'stream', id: 1, channelCount: '2', rate: '100', format: 'int16' },
      { tag: 'samples', id: 1, count: 100, body: numericSamples(100, 4) },
      { tag: 'stream', id: 2, channelCount: '4096', rate: '0', format: 'string' },
      { tag: 'samples', id: 2, count: 200, body: stringSamples(200, 4096, 1) },
    ]),
    expect: 'ok',
  },
};
