// The display-latency correction: each measured cue moved by exactly round(latency x fs / 1000) samples before epochs are cut, nothing else moved.
import { describe, expect, it } from 'vitest';
import { extractEpochs } from '../../../src-main/core/epochs.ts';
import { cueShiftsOf, eventsAtDrawnOnsets } from '../../../src-main/core/protocol/drawn-onsets.ts';
import { normaliseChannelName, type RecordingEvent } from '../../../src-main/core/recording.ts';

const fs = 250;
const at = (sample: number, label: string, code: number | null = null): RecordingEvent => ({ onsetSec: sample / fs, durationSec: 0, code, label });

describe('drawn onsets', () => {
  it('moves each measured cue by its latency in whole samples (half a sample rounds up), skipping the unmeasured', () => {
    expect(cueShiftsOf([
      { sample: 1000, drawnLatencyMs: 20 }, // 5 samples
      { sample: 2000, drawnLatencyMs: 14 }, // 3.5 -> 4
      { sample: 3000, drawnLatencyMs: null },
      { sample: 4000, drawnLatencyMs: -4.1 }, // drawn ahead of its sample: -1
      { sample: 5000, drawnLatencyMs: 1.9 }, // under half a sample: stays
    ], fs)).toEqual([{ sample: 1000, shift: 5 }, { sample: 2000, shift: 4 }, { sample: 4000, shift: -1 }, { sample: 5000, shift: 0 }]);
  });

  it('moves only the cue markers on a shifted cue\u2019s sample, as annotation text or as GDF code', () => {
    const events = [at(750, '785'), at(1000, '769'), at(1000, 'NeuroFeat: samples lost (3)'), at(2000, 'right', 770), at(3000, '769'), at(1000, '800')];
    const moved = eventsAtDrawnOnsets(events, [{ sample: 1000, shift: 5 }, { sample: 2000, shift: -2 }], fs);
    expect(moved.map((e) => [Math.round(e.onsetSec * fs), e.label])).toEqual([[750, '785'], [1005, '769'], [1000, 'NeuroFeat: samples lost (3)'], [1998, 'right'], [3000, '769'], [1000, '800']]);
    // The events given are not changed.
    expect(events[1].onsetSec).toBe(4);
  });

  it('cuts each epoch exactly the stored samples later than its marker', () => {
    // One channel whose value is its sample index: an epoch's first value is the sample it starts at.
    const data = [Float64Array.from({ length: 5000 }, (_, i) => i)];
    const events = [at(1000, '769'), at(2000, '770'), at(3000, '769'), at(4000, '770')];
    const cues = [{ sample: 1000, drawnLatencyMs: 20 }, { sample: 2000, drawnLatencyMs: 13.9 }, { sample: 3000, drawnLatencyMs: null }, { sample: 4000, drawnLatencyMs: 0 }];
    const cut = (list: RecordingEvent[]) => extractEpochs([{ name: 'run.bdf', sampleRateHz: fs, channels: [{ label: 'C3', name: normaliseChannelName('C3'), unit: 'uV', sampleRateHz: fs, physicalMin: -1e6, physicalMax: 1e6, digitalMin: -8388608, digitalMax: 8388607 }], data, nSamples: 5000, events: list }], { classes: ['769', '770'], offsetSec: 0.5, lengthSec: 1 });
    const scheduled = cut(events).trials.map((t) => t.data[0]);
    const drawn = cut(eventsAtDrawnOnsets(events, cueShiftsOf(cues, fs), fs)).trials.map((t) => t.data[0]);
    expect(scheduled).toEqual([1125, 2125, 3125, 4125]);
    expect(drawn).toEqual([1130, 2128, 3125, 4125]);
  });
});
