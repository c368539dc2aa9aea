// EDF+/BDF+ reader against MNE-Python's read_raw_edf/read_raw_bdf on real files: samples within half a digital step, same annotations.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BufferSource } from '../../../src-main/core/formats/byte-source.ts';
import { openSignalFile } from '../../../src-main/core/formats/index.ts';
import type { SignalFile } from '../../../src-main/core/formats/signal-file.ts';
import { formatSample, physionetRun, sharedDataMissing } from '../../support/shared-data.ts';
import { pythonMissing } from '../../support/prerequisites.ts';
import { mneEdfUnitScale, readWithMne, type MneReading } from '../../support/mne.ts';

const physionet = [[1, 1], [1, 4], [1, 8], [1, 12], [1, 14], [2, 4], [5, 8], [10, 12]].map(([s, r]) => physionetRun(s, r));
const samples = ['chtypes_edf.edf', 'subsecond_starttime.edf', 'test_utf8_annotations.edf', 'test_reduced.edf',
  'multiple_annotation_chans.bdf', 'test_bdf_stim_channel.bdf'].map(formatSample);
const files = [...physionet, ...samples];
const missing = sharedDataMissing ?? pythonMissing;
const references = new Map<string, MneReading>(missing ? [] : readWithMne(files).map((r) => [r.file, r]));

function open(file: string): SignalFile {
  return openSignalFile(new BufferSource(readFileSync(file), path.basename(file)));
}

/** Compares every channel read at its own rate where MNE did not resample it. */
function expectSameSamples(ours: SignalFile, mne: MneReading): void {
  expect(ours.channels.map((c) => c.label)).toEqual(mne.ch_names);
  expect(ours.sampleRateHz).toBe(mne.sfreq);
  expect(ours.nSamples).toBe(mne.n_times);
  const all = ours.readSamples(ours.channels.map((_, i) => i), 0, ours.nSamples);
  ours.channels.forEach((channel, c) => {
    if (channel.sampleRateHz !== ours.sampleRateHz) return; // MNE resamples these by FFT: not a reading to compare.
    const scale = mneEdfUnitScale(channel.unit);
    const step = Math.abs((channel.physicalMax - channel.physicalMin) / (channel.digitalMax - channel.digitalMin)) * scale;
    const ref = mne.data[c];
    let worst = 0;
    for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(all[c][i] * scale - ref[i]));
    expect(worst, `${mne.file} channel ${channel.label}`).toBeLessThanOrEqual(step / 2);
  });
}

describe.skipIf(missing)('EDF/BDF reader equals MNE read_raw_edf/read_raw_bdf', () => {
  for (const file of files) {
    it(path.basename(file), () => {
      const mne = references.get(file)!;
      expect(mne.error).toBeUndefined();
      const ours = open(file);
      expectSameSamples(ours, mne);
      const end = ours.durationSec;
      // MNE drops annotations that start after the data; ours keeps them all.
      const ourAnnotations = ours.events.filter((e) => e.onsetSec < end || mne.annotations.length === 0)
        .map((e) => [e.onsetSec, e.durationSec, e.label]);
      expect(ourAnnotations.length).toBe(mne.annotations.length);
      ourAnnotations.forEach((a, i) => {
        const m = mne.annotations[i];
        // MNE keeps onsets to the microsecond.
        expect(Math.abs((a[0] as number) - m[0])).toBeLessThanOrEqual(1.5e-6);
        expect(Math.abs((a[1] as number) - m[1])).toBeLessThanOrEqual(1.5e-6);
        expect(a[2]).toBe(m[2]);
      });
    });
  }

  it('PhysioNet facts: EDF+C, 64 channels at 160 Hz, T0/T1/T2 as labels without codes', () => {
    const file = open(physionetRun(1, 4));
    expect(file.format).toBe('edf+');
    expect(file.version).toBe('EDF+C');
    expect(file.channels).toHaveLength(64);
    expect(file.channels[8]).toMatchObject({ label: 'C3..', name: 'c3', unit: 'uV', sampleRateHz: 160 });
    expect(file.events.length).toBe(30);
    expect(new Set(file.events.map((e) => e.label))).toEqual(new Set(['T0', 'T1', 'T2']));
    expect(file.events.every((e) => e.code === null)).toBe(true);
  });
});
