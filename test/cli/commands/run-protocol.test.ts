import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';
import { defaultGrazProtocol, scheduleGrazRun } from '../../../src-main/core/protocol/graz-protocol.ts';
import type { Device, DeviceInfo, DeviceListener } from '../../../src-main/engine/devices/device.ts';
import { loadModel, predictWindow } from '../../../src-main/engine/inference/onnx-session.ts';
import { runProtocol } from '../../../src-main/engine/protocol/protocol-runner.ts';
import { loadRecording, type LoadedRecording } from '../../../src-main/services/recordings/load-recording.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'neurofeat-protocol-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const run = runCli;

interface RunJson {
  file: string;
  samples: number;
  markers: number;
  aborted: boolean;
  trials: { cue: string; code: number; onsetSample: number; predicted: string | null; correct: boolean | null }[];
  accuracy: number | null;
  latencyMs: { p50: number; p99: number; n: number };
}

/** Plays a recording's samples from `from` on in blocks of 25, as fast as the event loop allows. */
class ReplayDevice implements Device {
  readonly id = 'replay';
  private stopped = false;
  private readonly recording: LoadedRecording;
  private readonly from: number;
  constructor(recording: LoadedRecording, from = 0) {
    this.recording = recording;
    this.from = from;
  }
  async open(): Promise<DeviceInfo> {
    return { channels: this.recording.channels.map((c) => c.label), sampleRateHz: this.recording.sampleRateHz };
  }
  async start(listener: DeviceListener): Promise<void> {
    let at = this.from;
    const { data, nSamples } = this.recording;
    const tick = () => {
      if (this.stopped || at >= nSamples) return;
      const n = Math.min(25, nSamples - at);
      const samples = new Float32Array(data.length * n);
      data.forEach((channel, c) => samples.set(channel.subarray(at, at + n), c * n));
      at += n;
      listener.samples({ samples, nSamples: n, lostBefore: 0, firstSampleTimeMs: 0 });
      setImmediate(tick);
    };
    setImmediate(tick);
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
  async close(): Promise<void> {}
}

const common = ['--device', 'synthetic', '--trials', '10', '--baseline', '2', '--desync', '0.9', '--json'];

describe('neurofeat run-protocol: the closed loop on the simulated amplifier', () => {
  const files = { cal1: path.join(scratch, 'cal1.bdf'), cal2: path.join(scratch, 'cal2.bdf'), online: path.join(scratch, 'online.bdf'), model: path.join(scratch, 'model.onnx') };

  it('two calibration runs, training, then an online run clearly above the p = 0.05 threshold', async () => {
    for (const [file, seed] of [[files.cal1, '1'], [files.cal2, '2']]) {
      const calibration = await run(['run-protocol', ...common, '--mode', 'calibration', '--speed', '50', '--seed', seed, '--out', file]);
      expect(calibration.code, calibration.err).toBe(0);
      const report = JSON.parse(calibration.out) as RunJson;
      expect(report.trials).toHaveLength(20);
      expect(report.accuracy).toBeNull();
      // Every cue marker is in the file at its scheduled sample.
      const recording = await loadRecording(file);
      const cueOnsets = recording.events.filter((e) => e.label === '769' || e.label === '770').map((e) => Math.round(e.onsetSec * recording.sampleRateHz));
      expect(cueOnsets).toEqual(report.trials.map((t) => t.onsetSample));
      expect(recording.events.filter((e) => e.label === '769' || e.label === '770').map((e) => e.label)).toEqual(report.trials.map((t) => String(t.code)));
    }
    const trained = await run(['train', files.cal1, files.cal2, '--classes', '769,770', '--seed', '1', '--out', files.model, '--json']);
    expect(trained.code, trained.err).toBe(0);
    const online = await run(['run-protocol', ...common, '--mode', 'online', '--model', files.model, '--speed', '10', '--seed', '3', '--out', files.online]);
    expect(online.code, online.err).toBe(0);
    const report = JSON.parse(online.out) as RunJson;
    expect(report.trials.every((t) => t.predicted !== null)).toBe(true);
    // 20 trials: chance exceeds 14 correct less than 5% of the time (binomial, p = 0.5).
    const correct = report.trials.filter((t) => t.correct).length;
    expect(correct).toBeGreaterThanOrEqual(15);
    expect(report.accuracy).toBeCloseTo(correct / 20, 10);
    expect(report.latencyMs.n).toBeGreaterThan(1000);
  }, 240_000);

  it('gives, on a replayed recording, the probabilities `neurofeat predict` gives for the same trials', async () => {
    const predicted = await run(['predict', files.model, files.cal1, '--provider', 'cpu', '--json']);
    expect(predicted.code, predicted.err).toBe(0);
    const trials = (JSON.parse(predicted.out) as { trials: { onsetSec: number; probabilities: number[] }[] }).trials;
    const model = await loadModel(files.model, 'cpu');
    const recording = await loadRecording(files.cal1);
    const fs = recording.sampleRateHz;
    // The calibration run's own schedule (seed 1), replayed with an output at every sample for the first trials.
    const schedule = scheduleGrazRun({ ...defaultGrazProtocol, trialsPerClass: 10, baselineSec: 2, seed: 1, feedback: true }, fs);
    // One replay from the recording's first sample (the causal prefilter needs the whole history) with an output at
    // every sample; the model runs only for the windows that are trials (the k-th window ends at sample nSamples + k).
    const nSamples = model.info.nSamples;
    const ends = trials.slice(0, 4).map((trial) => Math.round((trial.onsetSec + model.info.window.offsetSec) * fs) + nSamples);
    const outputs = new Map<number, number>();
    const controller = new AbortController();
    const device = new ReplayDevice(recording);
    let windowsSeen = 0;
    await runProtocol({
      device, info: await device.open(), schedule, signal: controller.signal, outputsPerSecond: fs, biasTrials: 0,
      classifier: {
        channels: model.info.channels, nSamples, sampleRateHz: fs, prefilter: model.info.prefilter,
        classify: (w) => (ends.includes(nSamples + windowsSeen++) ? predictWindow(model, w) : Promise.resolve(Float32Array.of(0.5, 0.5))),
      },
      onOutput: (output) => {
        if (ends.includes(output.sample)) outputs.set(output.sample, output.output);
        if (output.sample >= Math.max(...ends)) controller.abort();
      },
    });
    await model.session.release();
    expect(model.info.prefilter).not.toBeNull();
    expect(outputs.size).toBe(4);
    ends.forEach((end, k) => expect(outputs.get(end)).toBeCloseTo(trials[k].probabilities[1] - trials[k].probabilities[0], 5));
  }, 120_000);

  it('refuses an online run without a model, an unknown device and an existing file, in one line each', async () => {
    const noModel = await run(['run-protocol', '--device', 'synthetic', '--mode', 'online', '--out', path.join(scratch, 'x.bdf')]);
    expect(noModel.code).toBe(2);
    expect(noModel.err).toMatch(/--model: an online run needs the trained model/);
    const device = await run(['run-protocol', '--device', 'gtec', '--mode', 'calibration', '--out', path.join(scratch, 'x.bdf')]);
    expect(device.code).toBe(2);
    expect(device.err).toMatch(/--device 'gtec': expected one of synthetic, cyton, daisy, unicorn, openeeg-p2, openeeg-p3, replay:FILE, lsl:NAME, rda:HOST/);
    const exists = await run(['run-protocol', '--device', 'synthetic', '--mode', 'calibration', '--out', files.cal1]);
    expect(exists.code).toBe(2);
    expect(exists.err).toMatch(/exists; choose another name or add --overwrite/);
  });
});
