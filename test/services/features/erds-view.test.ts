// ERD/ERS% maps of the app's view (erdsView) against SciPy's spectrogram on real EEG (fixture from tools/reference/erds-reference.py).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadRecording } from '../../../src-main/services/recordings/load-recording.ts';
import { defaultFeatureParameters } from '../../../src-main/core/features/pipeline.ts';
import { erdsView } from '../../../src-main/services/features/feature-views.ts';
import { physionetRun, sharedDataMissing } from '../../support/shared-data.ts';

interface Fixture {
  channels: string[];
  classes: string[];
  nTrials: number[];
  timesSec: number[];
  freqsHz: number[];
  baselineSec: [number, number];
  /** `[class][channel][time][freq]`, %. */
  values: number[][][][];
}
const fixture = JSON.parse(readFileSync(new URL('../../../tools/reference/features-fixtures/erds-s001.json', import.meta.url), 'utf8')) as Fixture;

describe.skipIf(sharedDataMissing)('ERD/ERS view on PhysioNet S001 runs 4, 8, 12 (C3, C4, 8-30 Hz)', () => {
  it('equals SciPy\'s spectrogram-based ERD/ERS% within 1e-6 relative (MNE reading, common average, -2 to -0.5 s baseline)', async () => {
    const recordings = await Promise.all([4, 8, 12].map((run) => loadRecording(physionetRun(1, run))));
    const parameters = { ...defaultFeatureParameters('welch', ['T1', 'T2']), band: { fminHz: 8, fmaxHz: 30 }, channels: ['C3', 'C4'] };
    const view = erdsView(recordings, parameters, fixture.baselineSec);
    expect(view.channels.map((c) => c.replace(/\.+$/, '').toUpperCase())).toEqual(fixture.channels);
    expect(view.freqsHz).toEqual(fixture.freqsHz);
    expect(view.timesSec.length).toBe(fixture.timesSec.length);
    view.timesSec.forEach((t, i) => expect(t).toBeCloseTo(fixture.timesSec[i], 12));
    let worst = 0;
    let checked = 0;
    fixture.values.forEach((perClass, k) => perClass.forEach((perChannel, c) => perChannel.forEach((row, t) => row.forEach((expected, f) => {
      const actual = view.values[k][c][t][f];
      worst = Math.max(worst, Math.abs(actual - expected) / Math.max(1, Math.abs(expected)));
      checked++;
    }))));
    expect(checked).toBe(2 * 2 * 33 * 23);
    expect(worst).toBeLessThan(1e-6);
    // Real numbers, not a flat map: motor imagery desynchronises mu/beta somewhere after the cue.
    const after = view.values.flatMap((perClass) => perClass.flatMap((perChannel) => perChannel.filter((_, t) => view.timesSec[t] > 0.5).flat()));
    expect(Math.min(...after)).toBeLessThan(-20);
  });
});
