import { describe, expect, it } from 'vitest';
import { extractEpochs, selectChannels, type SignalSource } from '../../src-main/core/epochs.ts';
import type { CoreError } from '../../src-main/core/errors.ts';
import { rereference } from '../../src-main/core/dsp/reference.ts';
import { welchFeatures } from '../../src-main/core/features/psd.ts';
import { classStatistics } from '../../src-main/core/stats/class-stats.ts';
import { normaliseChannelName, type ChannelInfo, type RecordingEvent } from '../../src-main/core/recording.ts';
import { loadRecording } from '../../src-main/services/recordings/load-recording.ts';
import { physionetRun, sharedDataMissing } from '../support/shared-data.ts';
import { expectClose, loadFixture } from './features/fixtures.ts';

function channel(label: string, sampleRateHz = 100): ChannelInfo {
  return { label, name: normaliseChannelName(label), unit: 'uV', sampleRateHz, physicalMin: -1, physicalMax: 1, digitalMin: -1, digitalMax: 1 };
}

/** Three channels, 100 Hz, 20 s; sample value = channel x 1000 + sample index, so each cut is checkable. */
function ramp(events: RecordingEvent[], labels = ['C3', 'Cz', 'C4'], name = 'ramp.edf'): SignalSource {
  const nSamples = 2000;
  return {
    name,
    sampleRateHz: 100,
    nSamples,
    channels: labels.map((l) => channel(l)),
    events,
    data: labels.map((_, c) => Float64Array.from({ length: nSamples }, (_, i) => c * 1000 + i)),
  };
}

const ev = (onsetSec: number, label: string, code: number | null = null): RecordingEvent => ({ onsetSec, durationSec: 1, code, label });

describe('extractEpochs', () => {
  it('cuts round((onset + offset) x fs) .. + round(length x fs), numbers trials by file then onset', () => {
    const a = ramp([ev(5.004, 'T2'), ev(1.236, 'T1'), ev(9, 'T1'), ev(12, 'T0'), ev(14, 'T2')]);
    const b = ramp([ev(2, 'T1'), ev(3, 'T2')]);
    const epochs = extractEpochs([a, b], { classes: ['T1', 'T2'], offsetSec: 0.5, lengthSec: 2.004 });
    expect(epochs.nSamples).toBe(200);
    expect(epochs.trials.map((t) => [t.index, t.recordingIndex, t.classIndex, t.firstSample])).toEqual([
      [0, 0, 0, 174], [1, 0, 1, 550], [2, 0, 0, 950], [3, 0, 1, 1450], [4, 1, 0, 250], [5, 1, 1, 350],
    ]);
    const t1 = epochs.trials[1];
    expect(t1.data[0]).toBe(550);
    expect(t1.data[199]).toBe(749);
    expect(t1.data[200]).toBe(1550); // channel 1 starts at row 1
  });

  it('cuts into the memory the caller allocates (a job passes shared memory), also when selecting channels', () => {
    const given: Float64Array[] = [];
    const allocate = (length: number) => {
      const data = new Float64Array(new SharedArrayBuffer(length * 8));
      given.push(data);
      return data;
    };
    const epochs = extractEpochs([ramp([ev(2, 'T1'), ev(5, 'T2'), ev(8, 'T1'), ev(11, 'T2')])], { classes: ['T1', 'T2'], offsetSec: 0, lengthSec: 1, allocate });
    expect(given).toHaveLength(4);
    epochs.trials.forEach((t, i) => expect(t.data).toBe(given[i]));
    expect(Array.from(epochs.trials[1].data.subarray(100, 102))).toEqual([1500, 1501]);
    const picked = selectChannels(epochs, ['C4'], normaliseChannelName, allocate);
    expect(given).toHaveLength(8);
    expect(picked.trials[1].data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(picked.trials[1].data.subarray(0, 2))).toEqual([2500, 2501]);
  });

  it('matches numeric cue codes and labels, and rejects out-of-bounds, NaN and amplitude with reasons', () => {
    const rec = ramp([ev(1, 'OVTK_GDF_Left', 769), ev(3, 'OVTK_GDF_Right', 770), ev(5, 'OVTK_GDF_Left', 769), ev(7, 'OVTK_GDF_Right', 770),
      ev(9, 'OVTK_GDF_Left', 769), ev(11, 'OVTK_GDF_Right', 770), ev(13, 'OVTK_GDF_Left', 769), ev(18.5, 'OVTK_GDF_Right', 770)]);
    (rec.data[1] as Float64Array)[1050] = NaN; // inside the cue at 9 s
    (rec.data[2] as Float64Array).fill(0, 300, 400);
    (rec.data[2] as Float64Array)[350] = 1e6; // inside the cue at 3 s
    const epochs = extractEpochs([rec], { classes: ['769', '770'], offsetSec: 0, lengthSec: 2, amplitudeThreshold: 5000 });
    expect(epochs.rejected.map((r) => [r.index, r.reason])).toEqual([[1, 'amplitude'], [4, 'nan'], [7, 'out-of-bounds']]);
    expect(epochs.rejected[1].detail).toMatch(/NaN in channel Cz/);
    expect(epochs.trials.map((t) => t.index)).toEqual([0, 2, 3, 5, 6]);
  });

  it('rejects a window that crosses a gap between EDF+D segments', () => {
    const rec = { ...ramp([ev(1, 'T1'), ev(3, 'T2'), ev(5, 'T1'), ev(7, 'T2'), ev(9.5, 'T1')]), segments: [{ startSample: 0, nSamples: 1000 }, { startSample: 1000, nSamples: 1000 }] };
    const epochs = extractEpochs([rec], { classes: ['T1', 'T2'], offsetSec: 0, lengthSec: 1 });
    expect(epochs.rejected.map((r) => [r.index, r.reason])).toEqual([[4, 'gap']]);
    expect(epochs.rejected[0].detail).toMatch(/cross the recording gap before sample 1000/);
  });

  it('rejects infinite samples as non-finite data', () => {
    const rec = ramp([ev(1, 'T1'), ev(3, 'T2'), ev(5, 'T1'), ev(7, 'T2'), ev(9, 'T1')]);
    (rec.data[0] as Float64Array)[950] = Infinity;
    const epochs = extractEpochs([rec], { classes: ['T1', 'T2'], offsetSec: 0, lengthSec: 1 });
    expect(epochs.rejected.map((r) => [r.index, r.reason, r.detail])).toEqual([[4, 'nan', 'infinite values in channel C3']]);
  });

  it('names the unknown class and lists the events present', () => {
    const rec = ramp([ev(1, 'T1'), ev(3, 'T2')]);
    expect(() => extractEpochs([rec], { classes: ['T1', '770'], offsetSec: 0, lengthSec: 1 })).toThrow(/class '770' matches no event; events present: T1, T2/);
  });

  it('refuses a class with fewer than two usable trials and explains a window outside the recording', () => {
    const rec = ramp([ev(1, 'T1'), ev(3, 'T2'), ev(5, 'T1'), ev(7, 'T2')]);
    expect(() => extractEpochs([rec], { classes: ['T1', 'T2'], offsetSec: 18, lengthSec: 3 }))
      .toThrow(/class 'T1': 0 usable trial\(s\), at least 2 are needed; 4 trial\(s\) fall outside the recording with window 18:21 s/);
    expect(() => extractEpochs([ramp([ev(1, 'T1'), ev(3, 'T2'), ev(5, 'T2')])], { classes: ['T1', 'T2'], offsetSec: 0, lengthSec: 1 }))
      .toThrow(/class 'T1': 1 usable trial/);
  });

  it('refuses runs with different channel sets or rates, naming the file and the channels', () => {
    const a = ramp([ev(1, 'T1')]);
    const b = ramp([ev(1, 'T2')], ['C3', 'Cz', 'Pz'], 'other.edf');
    expect(() => extractEpochs([a, b], { classes: ['T1', 'T2'], offsetSec: 0, lengthSec: 1 }))
      .toThrow(/other.edf: channel set differs from ramp.edf \(missing: c4; extra: pz\)/);
    const c = { ...ramp([ev(1, 'T2')], undefined, 'fast.edf'), sampleRateHz: 200 };
    expect(() => extractEpochs([a, c], { classes: ['T1', 'T2'], offsetSec: 0, lengthSec: 1 })).toThrow(/fast.edf: sample rate 200 Hz differs from 100 Hz/);
    // The same problems as reasons with parameters (the app words them in the user's language), files named without their folders.
    const problemOf = (run: () => unknown) => { try { run(); } catch (error) { return (error as CoreError).problem; } return undefined; };
    expect(problemOf(() => extractEpochs([a, { ...b, name: '/runs/other.edf' }], { classes: ['T1', 'T2'], offsetSec: 0, lengthSec: 1 })))
      .toEqual({ reason: 'recordings-differ', params: { first: 'ramp.edf', second: 'other.edf', what: 'channels' } });
    expect(problemOf(() => extractEpochs([a, c], { classes: ['T1', 'T2'], offsetSec: 0, lengthSec: 1 })))
      .toEqual({ reason: 'recordings-differ', params: { first: 'ramp.edf', second: 'fast.edf', what: 'sample-rate' } });
    expect(problemOf(() => extractEpochs([{ ...a, name: undefined }, { ...c, name: 'C:\\runs\\fast.edf' }], { classes: ['T1', 'T2'], offsetSec: 0, lengthSec: 1 })))
      .toEqual({ reason: 'recordings-differ', params: { first: 'recording 0', second: 'fast.edf', what: 'sample-rate' } });
  });

  it('selects channels by normalised name and references with CAR, bipolar and Laplacian', () => {
    const rec = ramp([ev(1, 'T1'), ev(3, 'T2'), ev(5, 'T1'), ev(7, 'T2')]);
    const epochs = extractEpochs([rec], { classes: ['T1', 'T2'], offsetSec: 0, lengthSec: 1 });
    const car = rereference(epochs, { kind: 'car' });
    // mean of c*1000 + i over c = 0,1,2 is 1000 + i: channel 0 becomes -1000 everywhere.
    expect(car.trials[0].data[0]).toBe(-1000);
    expect(car.trials[0].data[250]).toBe(1000);
    const bip = rereference(epochs, { kind: 'bipolar', pairs: [['C4', 'C3']] });
    expect(bip.channels).toEqual(['C4-C3']);
    expect(bip.trials[2].data[17]).toBe(2000);
    const lap = rereference(epochs, { kind: 'laplacian', neighbours: { Cz: ['C3', 'C4'] } });
    expect(lap.trials[1].data[5]).toBe(0);
    expect(() => rereference(epochs, { kind: 'bipolar', pairs: [['C3', 'Fz']] })).toThrow(/channel 'Fz' not in the recording/);
    const sel = selectChannels(epochs, ['c4..', 'C3'], normaliseChannelName);
    expect(sel.channels).toEqual(['C4', 'C3']);
    expect(sel.trials[0].data[0]).toBe(2100);
  });
});

interface PhysioNetFixture {
  nTrials: number[];
  onsetsSec: number[];
  labels: number[];
  channels: string[];
  trials: number[];
  welchPsd: { shape: number[]; values: number[] };
  r2Bins1to40: number[];
  signedR2Bins1to40: number[];
}

describe.skipIf(sharedDataMissing)('PhysioNet S001 runs 4, 8, 12, T1 vs T2, window 1:4 s, CAR', async () => {
  if (sharedDataMissing) return; // the recordings are read while collecting
  const fixture = loadFixture<PhysioNetFixture>('physionet-s001.json');
  const recordings = await Promise.all([4, 8, 12].map((run) => loadRecording(physionetRun(1, run))));
  const epochs = rereference(extractEpochs(recordings, { classes: ['T1', 'T2'], offsetSec: 1, lengthSec: 3 }), { kind: 'car' });

  it('finds the 45 trials MNE finds, with the same classes, onsets and order', () => {
    expect(epochs.trials.length).toBe(fixture.nTrials[0] + fixture.nTrials[1]);
    expect(epochs.trials.map((t) => t.classIndex)).toEqual(fixture.labels);
    expectClose(epochs.trials.map((t) => t.onsetSec), fixture.onsetsSec, 1e-9, 1, 'onsets');
    expect(epochs.rejected).toEqual([]);
  });

  it('gives scipy.signal.welch PSDs of MNE-read, CAR-referenced epochs to 1e-6', () => {
    const features = welchFeatures(selectChannels(epochs, fixture.channels, normaliseChannelName), { fminHz: 0, fmaxHz: 80, log: false });
    const actual: number[] = [];
    for (const t of fixture.trials) actual.push(...features.values[t]);
    expectClose(actual, fixture.welchPsd.values, 1e-6, 0, 'psd');
  });

  it('gives the R² and signed R² of scipy.stats.pointbiserialr on log10 power, bins 1..40 Hz', () => {
    const stats = classStatistics(welchFeatures(selectChannels(epochs, fixture.channels, normaliseChannelName), { fminHz: 1, fmaxHz: 40 }));
    expectClose(stats.r2, fixture.r2Bins1to40, 1e-6, 1e-6, 'r2');
    expectClose(stats.signedR2, fixture.signedR2Bins1to40, 1e-6, 1e-6, 'signed r2');
  });
});

describe('small Laplacian from the montage', async () => {
  const { montageNeighbours } = await import('../../src-main/core/dsp/reference.ts');
  it('gives C3 its four 10-10 neighbours and edge channels fewer', () => {
    const labels = ['Fc3.', 'C1..', 'C3..', 'C5..', 'Cp3.', 'Cz..', 'Xyz'];
    const n = montageNeighbours(labels);
    expect(new Set(n['C3..'])).toEqual(new Set(['Fc3.', 'C1..', 'C5..', 'Cp3.']));
    expect(n.Xyz).toBeUndefined();
    expect(n['Cz..']).toEqual(['C1..']);
    expect(montageNeighbours(['T7', 'C5', 'FT7', 'TP7', 'Fc5'])['T7']).toEqual(['FT7', 'C5', 'TP7']);
  });

  it.skipIf(sharedDataMissing)('re-references PhysioNet C3 as C3 minus the mean of FC3, C1, C5, CP3', async () => {
    const rec = await loadRecording(physionetRun(1, 4));
    const epochs = extractEpochs([rec], { classes: ['T1', 'T2'], offsetSec: 1, lengthSec: 3 });
    const lap = rereference(epochs, { kind: 'laplacian' });
    // Iz is not on the 10-10 grid rows: it is the one channel left out.
    expect(lap.channels.length).toBe(63);
    expect(lap.channelNames).not.toContain('iz');
    const row = (e: typeof epochs, name: string) => e.channelNames.indexOf(name);
    const n = epochs.nSamples;
    const raw = epochs.trials[0].data;
    const at = (name: string, i: number) => raw[row(epochs, name) * n + i];
    const expected = at('c3', 10) - (at('fc3', 10) + at('c1', 10) + at('c5', 10) + at('cp3', 10)) / 4;
    expect(lap.trials[0].data[row(lap, 'c3') * n + 10]).toBeCloseTo(expected, 9);
  });
});

describe('reference parsing', async () => {
  const { parseReference, parseFeatureReference } = await import('../../src-main/core/dsp/reference.ts');
  it('keeps laplacian to feature extraction (models implement car and none only)', () => {
    expect(parseReference('car')).toEqual({ kind: 'car' });
    expect(() => parseReference('laplacian')).toThrow(/allowed: car, none$/);
    expect(parseFeatureReference('laplacian')).toEqual({ kind: 'laplacian' });
    expect(() => parseFeatureReference('avg')).toThrow(/reference: 'avg' is not known; allowed: car, none, laplacian/);
  });
});
