// Packets lost mid-run, in the CLI's runner and in the app's controller (one path, ProtocolRun): every marker stays on the amplifier's sample clock, the lost stretch is held and annotated, and the online runtime counts the lost samples too.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { protocolDefaults, type FinishedRecording } from '../../../src-main/contract/api.ts';
import { GDF, defaultGrazProtocol, scheduleGrazRun, type ScheduledMarker } from '../../../src-main/core/protocol/graz-protocol.ts';
import type { FeedbackOutput } from '../../../src-main/core/online/feedback-decoder.ts';
import type { AcquisitionTap } from '../../../src-main/engine/acquisition.ts';
import type { Device, DeviceInfo, DeviceListener, SampleBlock } from '../../../src-main/engine/devices/device.ts';
import { ProtocolController } from '../../../src-main/engine/protocol/protocol-controller.ts';
import { ProtocolRun, type OnlineClassifier } from '../../../src-main/engine/protocol/protocol-run.ts';
import { runProtocol, type RunSink } from '../../../src-main/engine/protocol/protocol-runner.ts';
import { LOST_ANNOTATION } from '../../../src-main/engine/recorder/device-recording.ts';
import { openRecording } from '../../../src-main/services/recordings/load-recording.ts';

const fs = 250;
const dir = mkdtempSync(path.join(tmpdir(), 'nf-lost-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const config = { ...defaultGrazProtocol, trialsPerClass: 2, baselineSec: 1, interTrialSec: { min: 0.5, max: 0.5 } };
const schedule = scheduleGrazRun(config, fs);
const cueSamples = schedule.trials.map((t) => t.cueSample);

/**
 * The amplifier's stream: sample n of the single channel is n (its true index), sent in blocks of 20; the packets
 * holding the samples in `lostRanges` never arrive, and the next block says how many were lost (a counter gap).
 */
function lossyBlocks(total: number, lostRanges: [number, number][]): { block: SampleBlock; first: number }[] {
  const blocks: { block: SampleBlock; first: number }[] = [];
  let lost = 0;
  for (let start = 0; start < total; start += 20) {
    const n = Math.min(20, total - start);
    if (lostRanges.some(([a, b]) => start >= a && start < b)) {
      lost += n;
      continue;
    }
    const samples = Float32Array.from({ length: n }, (_, i) => start + i);
    blocks.push({ block: { samples, nSamples: n, lostBefore: lost, firstSampleTimeMs: 1e6 + (start * 1000) / fs }, first: start });
    lost = 0;
  }
  return blocks;
}
// Lost: 60 samples in the baseline, 40 just before the first cue (its packet included), 20 in the second trial's imagery.
const packetOf = (sample: number) => sample - (sample % 20);
const lostRanges: [number, number][] = [[100, 160], [packetOf(cueSamples[0]) - 20, packetOf(cueSamples[0]) + 20], [packetOf(cueSamples[1] + 500), packetOf(cueSamples[1] + 500) + 20]];
const totalLost = lostRanges.reduce((sum, [a, b]) => sum + (b - a), 0);
const stream = lossyBlocks(schedule.totalSamples + 200, lostRanges);

/** What a sink was given: the samples in order (the held ones included), the lost notes and the markers. */
function memorySink() {
  const values: number[] = [];
  const lost: { count: number; at: number }[] = [];
  const markers: ScheduledMarker[] = [];
  const sink: RunSink = {
    samples: (block) => values.push(...block.samples.subarray(0, block.nSamples)),
    lost: (count, onsetSec) => lost.push({ count, at: Math.round(onsetSec * fs) }),
    marker: (marker) => markers.push(marker),
  };
  return { sink, values, lost, markers };
}

/** The device the CLI's runner is given: the stream as it comes, losses unhidden. */
function lossyDevice(): Device {
  let stopped = false;
  return {
    id: 'lossy',
    open: async (): Promise<DeviceInfo> => ({ channels: ['C3'], sampleRateHz: fs }),
    async start(listener: DeviceListener) {
      let k = 0;
      const tick = () => {
        if (stopped || k >= stream.length) return;
        listener.samples(stream[k++].block);
        setImmediate(tick);
      };
      setImmediate(tick);
    },
    stop: async () => {
      stopped = true;
    },
    close: async () => undefined,
  };
}

/** Checks what a run recorded: the stream's true samples at their indices, the lost ones held, each cue on its true sample. */
function expectOnTheAmplifiersClock(values: ArrayLike<number>, cueMarkers: number[]) {
  expect(values.length).toBe(schedule.totalSamples);
  for (let i = 0; i < values.length; i++) {
    const heldFrom = lostRanges.find(([a, b]) => i >= a && i < b)?.[0];
    if (values[i] !== (heldFrom === undefined ? i : heldFrom - 1)) throw new Error(`sample ${i}: ${values[i]}`);
  }
  // Every cue marker lands on the amplifier's sample at which the cue was due (within one sample asked; here exactly),
  // the first cue's own packet lost included.
  expect(cueMarkers).toHaveLength(cueSamples.length);
  cueMarkers.forEach((sample, k) => expect(Math.abs(sample - cueSamples[k])).toBeLessThanOrEqual(1));
  expect(cueMarkers).toEqual(cueSamples);
}

describe('packets lost mid-run', () => {
  it('the runner (CLI, bench): markers on their samples, the stretch held and noted where it was lost', async () => {
    const memory = memorySink();
    const result = await runProtocol({ device: lossyDevice(), info: { channels: ['C3'], sampleRateHz: fs }, schedule, sink: memory.sink });
    expect(result).toMatchObject({ aborted: false, samples: schedule.totalSamples });
    const cues = memory.markers.filter((m) => m.code === GDF.cueClass1 || m.code === GDF.cueClass2).map((m) => m.sample);
    expectOnTheAmplifiersClock(memory.values, cues);
    expect(memory.lost).toEqual(lostRanges.map(([a, b]) => ({ count: b - a, at: a })));
  });

  it('the app\u2019s controller: the run\u2019s BDF+ file has each cue on its sample, the lost stretches held and annotated, the loss counted', async () => {
    const taps = new Set<AcquisitionTap>();
    const acquisition = {
      current: () => ({ state: 'running', sessionId: 1 }),
      deviceInfo: () => ({ channels: ['C3'], sampleRateHz: fs }),
      tap(listener: AcquisitionTap) {
        taps.add(listener);
        return () => taps.delete(listener);
      },
      queueCue: () => undefined,
    };
    const finished: FinishedRecording[] = [];
    const controller = new ProtocolController(acquisition, { onStatus: () => undefined, onRecordingFinished: (f) => finished.push(f) });
    await controller.start({
      sessionId: 1, kind: 'calibration', patientCode: 'P1', settings: { ...protocolDefaults, ...config },
      target: { path: path.join(dir, 'lossy.bdf'), file: 'lossy.bdf', runId: 1 },
    });
    for (const { block, first } of stream) {
      if (finished.length > 0) break;
      for (const tap of [...taps]) tap.samples(block, first);
      // The file's writes and finalising (I/O) given their turn, as between a device's packets.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await controller.shutDown();
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({ error: null, lostSamples: totalLost, samples: schedule.totalSamples, protocol: { aborted: false } });
    const opened = await openRecording(finished[0].path);
    const values = opened.file.readSamples([0], 0, schedule.totalSamples)[0];
    const events = opened.file.events;
    opened.close();
    const cues = events.filter((e) => e.label === '769' || e.label === '770').map((e) => Math.round(e.onsetSec * fs));
    expectOnTheAmplifiersClock(Array.from(values, (v) => Math.round(v)), cues);
    expect(finished[0].protocol!.cues.map((c) => c.sample)).toEqual(cueSamples);
    expect(events.filter((e) => e.label.startsWith(LOST_ANNOTATION)).map((e) => [Math.round(e.onsetSec * fs), e.label])).toEqual(lostRanges.map(([a, b]) => [a, `${LOST_ANNOTATION} (${b - a})`]));
  });

  it('the online runtime counts the lost samples: the same windows at the same samples as the held stream delivered whole', async () => {
    // A classifier that reads the window: p(class 2) from its last sample, so a window moved by one sample is seen.
    const lastSeen: number[] = [];
    const classifier: OnlineClassifier = {
      channels: ['C3'], nSamples: 250, sampleRateHz: fs,
      classify: async (w) => {
        lastSeen.push(w[w.length - 1]);
        return Float32Array.of(0, (w[w.length - 1] % 1000) / 1000);
      },
    };
    const outputsOf = async (blocks: SampleBlock[]) => {
      lastSeen.length = 0;
      const outputs: FeedbackOutput[] = [];
      const run = new ProtocolRun({ info: { channels: ['C3'], sampleRateHz: fs }, schedule: scheduleGrazRun({ ...config, feedback: true }, fs), classifier, onOutput: (o) => outputs.push(o) });
      for (const block of blocks) run.push(block);
      await run.finish();
      return outputs.map((o) => [o.sample, o.output]);
    };
    const lossy = await outputsOf(stream.map((s) => s.block));
    const seenLossy = [...lastSeen];
    // The stream as the amplifier took it, each lost stretch held at the value before it, delivered without a gap.
    const held = Float32Array.from({ length: stream.at(-1)!.first + 20 }, (_, i) => {
      const heldFrom = lostRanges.find(([a, b]) => i >= a && i < b)?.[0];
      return heldFrom === undefined ? i : heldFrom - 1;
    });
    const whole = await outputsOf([{ samples: held, nSamples: held.length, lostBefore: 0, firstSampleTimeMs: 1e6 }]);
    expect(lossy.length).toBeGreaterThan(100);
    expect(lossy).toEqual(whole);
    // An output at sample s saw the window ending at sample s - 1: the amplifier's sample s - 1 (or the value held there).
    expect(seenLossy).toEqual(lossy.map(([sample]) => held[sample - 1]));
  });
});
