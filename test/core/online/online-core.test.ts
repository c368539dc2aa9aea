import { describe, expect, it } from 'vitest';
import { SlidingWindow, type AnalysisWindow } from '../../../src-main/core/online/sliding-window.ts';
import { FeedbackDecoder } from '../../../src-main/core/online/feedback-decoder.ts';
import { DeviceTrigger } from '../../../src-main/core/online/device-trigger.ts';
import { defaultGrazProtocol, scheduleGrazRun } from '../../../src-main/core/protocol/graz-protocol.ts';
import { createRandom } from '../../../src-main/core/random.ts';

/** Channel c, sample n has the value c * 1e6 + n: every cut can be checked against the sample numbers. */
function stream(nChannels: number, from: number, n: number): Float64Array {
  const block = new Float64Array(nChannels * n);
  for (let c = 0; c < nChannels; c++) for (let i = 0; i < n; i++) block[c * n + i] = c * 1e6 + from + i;
  return block;
}

describe('SlidingWindow', () => {
  it('cuts exactly the last window every step, whatever the block sizes', () => {
    const random = createRandom(3);
    const sliding = new SlidingWindow(3, 50, 16);
    const windows: AnalysisWindow[] = [];
    let sent = 0;
    while (sent < 1000) {
      const n = 1 + random.int(40);
      windows.push(...sliding.push(stream(3, sent, n), n));
      sent += n;
    }
    expect(windows.map((w) => w.endSample)).toEqual(Array.from({ length: windows.length }, (_, k) => 50 + 16 * k));
    expect(windows.at(-1)!.endSample).toBeGreaterThan(1000 - 16);
    for (const window of windows) {
      for (let c = 0; c < 3; c++) {
        for (let i = 0; i < 50; i++) expect(window.data[c * 50 + i]).toBe(c * 1e6 + window.endSample - 50 + i);
      }
    }
  });

  it('gives several windows from one large block and none before the window is full', () => {
    const sliding = new SlidingWindow(1, 10, 5);
    expect(sliding.push(stream(1, 0, 9), 9)).toEqual([]);
    const windows = sliding.push(stream(1, 9, 21), 21);
    expect(windows.map((w) => w.endSample)).toEqual([10, 15, 20, 25, 30]);
    expect(Array.from(windows[4].data)).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
  });

  it('refuses a block whose size does not match its channels', () => {
    expect(() => new SlidingWindow(2, 10, 5).push(new Float64Array(7), 4)).toThrow(/needs 8 values, got 7/);
  });
});

describe('FeedbackDecoder', () => {
  const fs = 100;
  const schedule = scheduleGrazRun({ ...defaultGrazProtocol, trialsPerClass: 6, feedback: true, baselineSec: 2, seed: 4 }, fs);
  const step = fs / 16;

  /** A classifier that says the cued class with `strength`, plus a constant `bias` towards class 2. */
  function run(strength: number, bias: number, biasTrials: number): FeedbackDecoder {
    const decoder = new FeedbackDecoder(schedule, { biasTrials, smoothOutputs: 4 });
    for (let time = fs; time <= schedule.totalSamples; time += step) {
      const sample = Math.round(time);
      const moment = schedule.trials.find((t) => sample > t.cueSample && sample <= t.endSample);
      const cued = moment ? (moment.classIndex === 1 ? 1 : -1) : 0;
      const p2 = Math.max(0, Math.min(1, 0.5 + bias + (strength * cued) / 2));
      decoder.push(sample, p2);
    }
    decoder.finish(schedule.totalSamples);
    return decoder;
  }

  it('decides every trial by its mean output in the feedback period', () => {
    const decoder = run(0.6, 0, 0);
    expect(decoder.decisions).toHaveLength(12);
    expect(decoder.decisions.map((d) => d.trial)).toEqual(schedule.trials.map((t) => t.index));
    expect(decoder.decisions.every((d) => d.correct)).toBe(true);
    expect(decoder.accuracy).toBe(1);
    for (const d of decoder.decisions) expect(Math.abs(d.meanOutput)).toBeCloseTo(0.6, 10);
  });

  it('removes a constant bias learnt from the first trials, which would otherwise decide every trial as class 2', () => {
    const uncorrected = run(0.3, 0.25, 0);
    expect(uncorrected.decisions.every((d) => d.predictedClass === 1)).toBe(true);
    expect(uncorrected.accuracy).toBe(0.5);
    const corrected = run(0.3, 0.25, 4);
    // The bias is learnt on the first 4 trials: 0.5 from the constant, +-0.3/4 per trial from the class effect.
    const firstClasses = schedule.trials.slice(0, 4).map((t) => t.classIndex);
    const class2 = firstClasses.filter((c) => c === 1).length;
    // Precondition of this fixture (seed 4): the first block does not start with four trials of one class.
    expect(class2).toBeGreaterThan(0);
    expect(class2).toBeLessThan(4);
    expect(corrected.biasEstimate).toBeCloseTo(0.5 + (0.3 * (2 * class2 - 4)) / 4, 1);
    const after = corrected.decisions.filter((d) => !d.biasTrial);
    expect(after).toHaveLength(8);
    expect(after.every((d) => d.correct)).toBe(true);
  });

  it('signs the bar towards the cued class and leaves it at 0 outside the imagery period', () => {
    const decoder = new FeedbackDecoder(schedule, { biasTrials: 0, smoothOutputs: 1 });
    const trial = schedule.trials[0];
    const inside = decoder.push(trial.cueEndSample + 10, trial.classIndex === 1 ? 0.9 : 0.1);
    expect(inside.trial).toBe(0);
    expect(inside.towardsCue).toBeCloseTo(0.8, 10);
    const outside = decoder.push(trial.endSample + 5, 0.9);
    expect(outside.trial).toBeNull();
    expect(outside.towardsCue).toBe(0);
  });
});

describe('DeviceTrigger', () => {
  it('fires once the output has held beyond the threshold for the hold time, then waits the refractory time', () => {
    const trigger = new DeviceTrigger({ targetClass: 0, threshold: 0.5, holdSec: 1, refractorySec: 2 }, 100);
    const fired: number[] = [];
    // Class 1 (target 0) strongly from sample 100 to 600, with a dip at 150.
    for (let sample = 0; sample <= 800; sample += 10) {
      const output = sample >= 100 && sample <= 600 && sample !== 150 ? -0.8 : 0.1;
      const event = trigger.push(sample, output);
      if (event) fired.push(event.sample);
    }
    // Held from 160: fires at 260; refractory to 460; held again from 460: fires at 560.
    expect(fired).toEqual([260, 560]);
  });

  it('ignores outputs towards the other class', () => {
    const trigger = new DeviceTrigger({ targetClass: 1, threshold: 0.3, holdSec: 0.1, refractorySec: 0 }, 100);
    expect(trigger.push(0, -0.9)).toBeNull();
    expect(trigger.push(20, -0.9)).toBeNull();
    expect(trigger.push(30, 0.4)).toBeNull();
    expect(trigger.push(40, 0.4)).toEqual({ sample: 40, classIndex: 1, output: 0.4 });
  });

  it('holds each direction on its own with the either target', () => {
    const trigger = new DeviceTrigger({ targetClass: 'either', threshold: 0.5, holdSec: 0.2, refractorySec: 0 }, 100);
    expect(trigger.push(0, -0.6)).toBeNull();
    expect(trigger.push(10, 0.6)).toBeNull(); // flipped to class 2: the hold starts again here
    expect(trigger.push(20, 0.6)).toBeNull();
    expect(trigger.push(30, 0.7)).toEqual({ sample: 30, classIndex: 1, output: 0.7 });
    expect(trigger.push(40, -0.6)).toBeNull();
    expect(trigger.push(60, -0.6)).toEqual({ sample: 60, classIndex: 0, output: -0.6 });
  });

  it('with the cued target, fires only towards the cued class and only inside imagery periods', () => {
    const trigger = new DeviceTrigger({ targetClass: 'cued', threshold: 0.5, holdSec: 0.1, refractorySec: 0 }, 100);
    // Outside a trial (cued class null) nothing holds, whatever the output.
    expect(trigger.push(0, -0.9, null)).toBeNull();
    expect(trigger.push(20, -0.9, null)).toBeNull();
    // Class 2 cued but the output is towards class 1: no hold.
    expect(trigger.push(30, -0.9, 1)).toBeNull();
    expect(trigger.push(50, -0.9, 1)).toBeNull();
    // The trial ends in the middle of a hold: it starts again in the next trial.
    expect(trigger.push(60, 0.9, 1)).toBeNull();
    expect(trigger.push(65, 0.9, null)).toBeNull();
    expect(trigger.push(70, -0.8, 0)).toBeNull();
    expect(trigger.push(80, -0.8, 0)).toEqual({ sample: 80, classIndex: 0, output: -0.8 });
  });

  it('treats an output that is not a number as breaking the hold', () => {
    const trigger = new DeviceTrigger({ targetClass: 0, threshold: 0.5, holdSec: 0.2, refractorySec: 0 }, 100);
    expect(trigger.push(0, -0.9)).toBeNull();
    expect(trigger.push(10, Number.NaN)).toBeNull();
    expect(trigger.push(20, -0.9)).toBeNull();
    expect(trigger.push(30, -0.9)).toBeNull();
    expect(trigger.push(40, -0.9)).toEqual({ sample: 40, classIndex: 0, output: -0.9 });
  });

  it('refuses a rule it cannot apply, naming the field', () => {
    expect(() => new DeviceTrigger({ targetClass: 0, threshold: 0, holdSec: 1, refractorySec: 1 }, 100)).toThrow(/threshold must be in \(0, 1\]/);
    expect(() => new DeviceTrigger({ targetClass: 0, threshold: 1.5, holdSec: 1, refractorySec: 1 }, 100)).toThrow(/threshold/);
    expect(() => new DeviceTrigger({ targetClass: 0, threshold: 0.5, holdSec: -1, refractorySec: 1 }, 100)).toThrow(/holdSec and refractorySec/);
    expect(() => new DeviceTrigger({ targetClass: 0, threshold: 0.5, holdSec: 1, refractorySec: Number.NaN }, 100)).toThrow(/holdSec and refractorySec/);
    expect(() => new DeviceTrigger({ targetClass: 2 as unknown as 0, threshold: 0.5, holdSec: 1, refractorySec: 1 }, 100)).toThrow(/targetClass/);
    expect(() => new DeviceTrigger({ targetClass: 0, threshold: 0.5, holdSec: 1, refractorySec: 1 }, 0)).toThrow(/sampleRateHz/);
  });
});
