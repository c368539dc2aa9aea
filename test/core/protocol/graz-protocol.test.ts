import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../src-main/core/errors.ts';
import {
  GDF,
  balancedOrder,
  defaultGrazProtocol,
  markersBetween,
  protocolClasses,
  protocolMomentAt,
  scheduleGrazRun,
  type GrazProtocolConfig,
} from '../../../src-main/core/protocol/graz-protocol.ts';

const config = (overrides: Partial<GrazProtocolConfig> = {}): GrazProtocolConfig => ({ ...defaultGrazProtocol, ...overrides });

describe('balancedOrder', () => {
  it('keeps the classes balanced within every block and in total', () => {
    for (const seed of [1, 2, 3, 99]) {
      const order = balancedOrder(20, 5, seed);
      expect(order).toHaveLength(40);
      for (let block = 0; block < 4; block++) {
        const part = order.slice(block * 10, block * 10 + 10);
        expect(part.filter((c) => c === 0)).toHaveLength(5);
      }
    }
  });

  it('balances a last block that is shorter than the others', () => {
    const order = balancedOrder(7, 3, 5);
    expect(order).toHaveLength(14);
    expect(order.slice(12).sort()).toEqual([0, 1]);
    expect(order.filter((c) => c === 1)).toHaveLength(7);
  });

  it('is the same for the same seed and differs between seeds', () => {
    expect(balancedOrder(20, 5, 42)).toEqual(balancedOrder(20, 5, 42));
    expect(balancedOrder(20, 5, 42)).not.toEqual(balancedOrder(20, 5, 43));
  });
});

describe('scheduleGrazRun', () => {
  it('places each phase at its configured time, in samples of the device clock', () => {
    const fs = 250;
    const schedule = scheduleGrazRun(config({ trialsPerClass: 3, baselineSec: 10, interTrialSec: { min: 2, max: 2 } }), fs);
    expect(schedule.trials).toHaveLength(6);
    const [first, second] = schedule.trials;
    expect(first.startSample).toBe(10 * fs);
    expect(first.beepSample).toBe(12 * fs);
    expect(first.cueSample).toBe(13 * fs);
    expect(first.cueEndSample).toBe(Math.round(14.25 * fs));
    expect(first.endSample).toBe(18 * fs);
    expect(first.nextSample).toBe(20 * fs);
    expect(second.startSample).toBe(first.nextSample);
    expect(schedule.totalSamples).toBe(schedule.trials[5].nextSample);
    // 10 s of baseline then six trials of 8 s and 2 s of pause.
    expect(schedule.totalSamples).toBe((10 + 6 * 10) * fs);
  });

  it('writes the GDF markers of every trial, the cue code of its class, and a new-run marker first', () => {
    const schedule = scheduleGrazRun(config({ trialsPerClass: 4 }), 500);
    expect(schedule.markers[0]).toMatchObject({ sample: 0, code: GDF.newRun });
    expect(GDF.newRun).toBe(32766);
    for (const trial of schedule.trials) {
      const codes = schedule.markers.filter((m) => m.trial === trial.index).map((m) => m.code);
      expect(codes).toEqual([768, 786, 785, schedule.classes[trial.classIndex].code, 800]);
      const cue = schedule.markers.find((m) => m.trial === trial.index && (m.code === 769 || m.code === 770));
      expect(cue?.sample).toBe(trial.cueSample);
    }
    const samples = schedule.markers.map((m) => m.sample);
    expect([...samples].sort((a, b) => a - b)).toEqual(samples);
  });

  it('adds a feedback marker (781) at the end of the cue in online runs only', () => {
    const online = scheduleGrazRun(config({ trialsPerClass: 2, feedback: true }), 250);
    const feedback = online.markers.filter((m) => m.code === GDF.feedbackContinuous);
    expect(feedback.map((m) => m.sample)).toEqual(online.trials.map((t) => t.cueEndSample));
    const calibration = scheduleGrazRun(config({ trialsPerClass: 2 }), 250);
    expect(calibration.markers.some((m) => m.code === 781)).toBe(false);
  });

  it('draws pauses within the configured range, reproducibly', () => {
    const fs = 1000;
    const a = scheduleGrazRun(config({ interTrialSec: { min: 1.5, max: 3.5 }, seed: 7 }), fs);
    const pauses = a.trials.map((t) => (t.nextSample - t.endSample) / fs);
    for (const pause of pauses) {
      expect(pause).toBeGreaterThanOrEqual(1.5);
      expect(pause).toBeLessThanOrEqual(3.5);
    }
    expect(new Set(pauses.map((p) => p.toFixed(3))).size).toBeGreaterThan(10);
    expect(scheduleGrazRun(config({ seed: 7 }), fs)).toEqual(a);
  });

  it('cues imagery of the chosen hand against rest in the mi-rest mode', () => {
    expect(protocolClasses('mi-rest', 'right')).toEqual([
      { name: 'right hand', code: 769, symbol: 'arrow-right' },
      { name: 'rest', code: 770, symbol: 'rest' },
    ]);
    expect(protocolClasses('left-right').map((c) => c.symbol)).toEqual(['arrow-left', 'arrow-right']);
  });

  it('refuses impossible settings with a message naming the field', () => {
    expect(() => scheduleGrazRun(config({ trialsPerClass: 0 }), 250)).toThrow(/trialsPerClass/);
    expect(() => scheduleGrazRun(config({ cueSec: 6, imagerySec: 5 }), 250)).toThrow(/cueSec.*imagerySec/);
    expect(() => scheduleGrazRun(config({ interTrialSec: { min: 3, max: 2 } }), 250)).toThrow(/interTrialSec/);
    expect(() => scheduleGrazRun(config({ fixationSec: Number.NaN }), 250)).toThrow(/fixationSec/);
    expect(() => scheduleGrazRun(config(), 0)).toThrow(CoreError);
  });
});

describe('protocolMomentAt', () => {
  const schedule = scheduleGrazRun(config({ trialsPerClass: 2, feedback: true, interTrialSec: { min: 2, max: 2 } }), 100);
  const [first] = schedule.trials;

  it('walks through baseline, fixation, beep, cue, imagery and pause', () => {
    expect(protocolMomentAt(schedule, 0).phase).toBe('baseline');
    expect(protocolMomentAt(schedule, first.startSample - 1).phase).toBe('baseline');
    expect(protocolMomentAt(schedule, first.startSample)).toMatchObject({ phase: 'fixation', trial: first, cue: null });
    expect(protocolMomentAt(schedule, first.beepSample).phase).toBe('beep');
    const cue = protocolMomentAt(schedule, first.cueSample);
    expect(cue.phase).toBe('cue');
    expect(cue.cue).toEqual(schedule.classes[first.classIndex]);
    expect(cue.showFeedback).toBe(false);
    expect(protocolMomentAt(schedule, first.cueEndSample)).toMatchObject({ phase: 'imagery', showFeedback: true });
    expect(protocolMomentAt(schedule, first.endSample)).toMatchObject({ phase: 'pause', cue: null, showFeedback: false });
    expect(protocolMomentAt(schedule, first.nextSample).trial).toBe(schedule.trials[1]);
    expect(protocolMomentAt(schedule, schedule.totalSamples)).toMatchObject({ phase: 'done', progress: 1 });
  });

  it('never shows feedback in a calibration run', () => {
    const calibration = scheduleGrazRun(config({ trialsPerClass: 1 }), 100);
    expect(protocolMomentAt(calibration, calibration.trials[0].cueEndSample + 10).showFeedback).toBe(false);
  });
});

describe('markersBetween', () => {
  it('hands out every marker exactly once when the samples arrive in blocks', () => {
    const schedule = scheduleGrazRun(config({ trialsPerClass: 5 }), 250);
    const seen = [];
    for (let from = 0; from < schedule.totalSamples; from += 37) seen.push(...markersBetween(schedule, from, from + 37));
    expect(seen).toEqual(schedule.markers);
  });
});
