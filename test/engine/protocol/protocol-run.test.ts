// ProtocolRun fed block by block: markers at their samples, pause held at a trial's end and shifting what follows, abort, the sample clock.
import { describe, expect, it } from 'vitest';
import { defaultGrazProtocol, GDF, scheduleGrazRun, type ScheduledMarker } from '../../../src-main/core/protocol/graz-protocol.ts';
import type { SampleBlock } from '../../../src-main/engine/devices/device.ts';
import { ProtocolRun, type RunSink } from '../../../src-main/engine/protocol/protocol-run.ts';

const fs = 250;
const schedule = () => scheduleGrazRun({ ...defaultGrazProtocol, trialsPerClass: 3, baselineSec: 1, interTrialSec: { min: 0.5, max: 1 } }, fs);
const info = { channels: ['C3', 'C4'], sampleRateHz: fs };

/** A recorder in memory: every sample value (channel 0 is the sample's index) and every marker. */
function memorySink() {
  const values: number[] = [];
  const markers: ScheduledMarker[] = [];
  const sink: RunSink = {
    samples: (block) => values.push(...block.samples.subarray(0, block.nSamples)),
    marker: (marker) => markers.push(marker),
  };
  return { sink, values, markers };
}

/** Blocks of `n` samples, channel 0 counting samples from `first`, timed as a 250 Hz device that started at t0. */
function block(first: number, n: number, t0 = 1_000_000): SampleBlock {
  const samples = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) samples[i] = first + i;
  return { samples, nSamples: n, lostBefore: 0, firstSampleTimeMs: t0 + (first * 1000) / fs };
}

function feed(run: ProtocolRun, from: number, to: number, size = 10): number {
  let at = from;
  while (at < to && run.state !== 'complete') {
    run.push(block(at, Math.min(size, to - at)));
    at += Math.min(size, to - at);
  }
  return at;
}

describe('ProtocolRun', () => {
  it('records exactly the run and stamps every marker at its scheduled sample', async () => {
    const s = schedule();
    const memory = memorySink();
    const run = new ProtocolRun({ info, schedule: s, sink: memory.sink });
    feed(run, 0, s.totalSamples + 500, 17);
    const result = await run.finish();
    expect(result).toMatchObject({ samples: s.totalSamples, markers: s.markers.length, aborted: false, pausedSamples: 0, trialsDone: 6 });
    expect(memory.values).toEqual(Array.from({ length: s.totalSamples }, (_, i) => i));
    expect(memory.markers.map((m) => [m.sample, m.code])).toEqual(s.markers.map((m) => [m.sample, m.code]));
  });

  it('holds a pause asked mid-trial at the end of that trial, records through it, and shifts every later marker by its length', async () => {
    const s = schedule();
    const memory = memorySink();
    const run = new ProtocolRun({ info, schedule: s, sink: memory.sink });
    const trial = s.trials[1];
    let at = feed(run, 0, trial.cueSample + 5);
    expect(run.pause()).toBe(true);
    expect(run.state).toBe('pausing');
    at = feed(run, at, trial.endSample + 41);
    expect(run.state).toBe('paused');
    expect(run.protocolSample).toBe(trial.endSample + 1);
    expect(run.resume()).toBe(true);
    const pausedSamples = run.pausedSamples;
    expect(pausedSamples).toBe(40);
    feed(run, at, s.totalSamples + pausedSamples + 100);
    const result = await run.finish();
    expect(result).toMatchObject({ samples: s.totalSamples + 40, aborted: false, pausedSamples: 40 });
    expect(memory.values).toEqual(Array.from({ length: s.totalSamples + 40 }, (_, i) => i));
    const expected = s.markers.map((m) => [m.sample <= trial.endSample ? m.sample : m.sample + 40, m.code]);
    expect(memory.markers.map((m) => [m.sample, m.code])).toEqual(expected);
    // The end-of-trial marker of the held trial comes before the pause, the next trial's start after it.
    expect(memory.markers.find((m) => m.code === GDF.endOfTrial && m.trial === 1)?.sample).toBe(trial.endSample);
    expect(memory.markers.find((m) => m.code === GDF.trialStart && m.trial === 2)?.sample).toBe(s.trials[2].startSample + 40);
  });

  it('pauses at once between trials, cancels a pause not reached, and refuses pause or resume out of turn', () => {
    const s = schedule();
    const run = new ProtocolRun({ info, schedule: s });
    expect(run.resume()).toBe(false);
    feed(run, 0, 100);
    expect(run.pause()).toBe(true);
    expect(run.state).toBe('paused');
    expect(run.pause()).toBe(false);
    expect(run.resume()).toBe(true);
    feed(run, 100, s.trials[0].cueSample);
    expect(run.pause()).toBe(true);
    expect(run.state).toBe('pausing');
    expect(run.resume()).toBe(true);
    expect(run.state).toBe('running');
  });

  it('ends early on abort, keeping what was recorded and marking the result aborted', async () => {
    const s = schedule();
    const memory = memorySink();
    const run = new ProtocolRun({ info, schedule: s, sink: memory.sink });
    feed(run, 0, s.trials[2].cueSample + 3);
    run.end();
    run.push(block(s.trials[2].cueSample + 3, 10));
    const result = await run.finish();
    expect(result.aborted).toBe(true);
    expect(result.samples).toBe(s.trials[2].cueSample + 3);
    expect(memory.values).toHaveLength(result.samples);
    expect(memory.markers.every((m) => m.sample < result.samples)).toBe(true);
    expect(result.trialsDone).toBe(2);
  });

  it('announces each trial\'s simulated cue when the trial starts, on the device\'s clock, pauses included', () => {
    const s = schedule();
    const announced: { cue: string; sample: number }[] = [];
    const run = new ProtocolRun({ info, schedule: s, firstDeviceSample: 1000, announceCue: (cue, sample) => announced.push({ cue, sample }) });
    let at = feed(run, 0, s.trials[0].endSample - 1);
    run.pause();
    at = feed(run, at, s.trials[0].endSample + 26);
    run.resume();
    feed(run, at, s.trials[1].startSample + 25 + 1);
    const cue = (i: number) => (s.classes[s.trials[i].classIndex].symbol === 'arrow-left' ? 'left' : 'right');
    expect(announced).toEqual([
      { cue: cue(0), sample: 1000 + s.trials[0].cueSample }, { cue: 'none', sample: 1000 + s.trials[0].endSample },
      { cue: cue(1), sample: 1000 + s.trials[1].cueSample + 25 }, { cue: 'none', sample: 1000 + s.trials[1].endSample + 25 },
    ]);
  });

  it('knows the wall-clock time of any sample from the device\'s block times', () => {
    const s = schedule();
    const run = new ProtocolRun({ info, schedule: s });
    expect(run.timeOfSample(0)).toBeNull();
    feed(run, 0, 500, 25);
    expect(run.timeOfSample(1000)).toBeCloseTo(1_000_000 + 4000, 6);
    expect(run.timeOfSample(0)).toBeCloseTo(1_000_000, 6);
  });
});
