// `neurofeat run-protocol` on real-device drivers (the Cyton simulator over a socat pty) and with the device trigger (loopback TCP, pty).
import { createServer } from 'node:net';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cytonMicrovoltsPerCount } from '../../../src-main/core/devices/cyton.ts';
import { defaultGrazProtocol, scheduleGrazRun } from '../../../src-main/core/protocol/graz-protocol.ts';
import { CytonSimulator } from '../../../src-main/engine/devices/simulators/cyton-simulator.ts';
import { TriggerSinkSimulator } from '../../../src-main/engine/devices/simulators/trigger-sink-simulator.ts';
import { REPLAYED_MARKER_PREFIX } from '../../../src-main/cli/commands/run-protocol.ts';
import { TRIGGER_LOST_ANNOTATION } from '../../../src-main/engine/output/trigger-relay.ts';
import { loadRecording } from '../../../src-main/services/recordings/load-recording.ts';
import { runCli } from '../../support/cli.ts';
import { createPtyPair } from '../../support/pty-pair.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'neurofeat-protocol-devices-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface TriggerJson {
  output: string;
  fired: { seq: number; sample: number; timeSec: number; class: string; output: number; sent: boolean; acknowledged: boolean }[];
  lost: { sample: number; reason: string } | null;
}
interface RunJson {
  samples: number;
  markers: number;
  fault: string | null;
  channels: string[];
  sampleRateHz: number;
  trials: { cue: string; code: number; onsetSample: number }[];
  trigger: TriggerJson | null;
}

/** Onsets (in samples) of the file's annotations with this text. */
async function annotationSamples(file: string, label: string): Promise<number[]> {
  const recording = await loadRecording(file);
  return recording.events.filter((e) => e.label === label).map((e) => Math.round(e.onsetSec * recording.sampleRateHz));
}

describe('neurofeat run-protocol: bad input, one clear line each, nothing written', () => {
  const out = path.join(scratch, 'never.bdf');
  it.each([
    [['--device', 'synthetic', '--mode', 'calibration', '--trigger', 'tcp:127.0.0.1:5005'], /--trigger: triggers follow the classifier, so they need an online run/],
    [['--device', 'synthetic', '--mode', 'calibration', '--trigger-hold', '1'], /--trigger-hold: needs --trigger serial:PATH\[@BAUD\] or tcp:HOST:PORT/],
    [['--device', 'synthetic', '--mode', 'online', '--model', 'm.onnx', '--trigger', 'udp:1.2.3.4:5'], /--trigger: trigger output 'udp:1\.2\.3\.4:5': expected serial:PATH\[@BAUD\] or tcp:HOST:PORT/],
    [['--device', 'synthetic', '--mode', 'online', '--model', 'm.onnx', '--trigger', 'serial:/dev/ttyUSB0@300'], /baud rate '300' is not one of/],
    [['--device', 'synthetic', '--mode', 'online', '--model', 'm.onnx', '--trigger', 'tcp:h:1', '--trigger-command', 'hex:ZZ'], /--trigger-command: trigger command 'hex:ZZ': 'ZZ' is not a byte/],
    [['--device', 'synthetic', '--mode', 'online', '--model', 'm.onnx', '--trigger', 'tcp:h:1', '--trigger-threshold', '0'], /--trigger-threshold: expected a number above 0 and at most 1/],
    [['--device', 'synthetic', '--mode', 'online', '--model', 'm.onnx', '--trigger', 'tcp:h:1', '--trigger-hold=-1'], /--trigger-hold: expected a number between 0 and 60/],
    [['--device', 'cyton', '--mode', 'calibration'], /--device cyton needs --port PATH/],
    [['--device', 'cyton', '--port', '/dev/x', '--mode', 'calibration', '--desync', '0.5'], /--desync: only the simulated amplifier \(--device synthetic\) takes it; 'cyton' records what the patient's brain does/],
    [['--device', 'unicorn', '--port', '/dev/x', '--mode', 'calibration', '--speed', '10'], /--speed: 'unicorn' streams in real time; only synthetic and replay:FILE run faster/],
    [['--device', 'rda:localhost', '--mode', 'calibration', '--channels', '8'], /--channels: only the simulated amplifier/],
    [['--device', 'lsl:EEG', '--mode', 'calibration', '--speed', '2'], /--speed: 'lsl:EEG' streams in real time/],
    [['--device', 'rda:', '--mode', 'calibration'], /device 'rda:': expected rda:HOST or rda:HOST:PORT/],
    [['--device', 'gtec', '--mode', 'calibration'], /--device 'gtec': expected one of synthetic, cyton, daisy/],
    [['--device', 'replay:', '--mode', 'calibration'], /--device replay:FILE needs the file to play/],
  ])('%j', async (flags, message) => {
    const result = await runCli(['run-protocol', ...flags, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.err.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it('names a serial port that does not exist, and writes no file', async () => {
    const result = await runCli(['run-protocol', '--device', 'cyton', '--port', path.join(scratch, 'no-such-port'), '--mode', 'calibration', '--out', out]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/serial port .*no-such-port does not exist: check the cable or dongle/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('neurofeat run-protocol on the Cyton driver (simulator over a socat pty, real time)', () => {
  it('records the amplifier\'s samples with each marker at its scheduled sample of the amplifier\'s clock, 5 lost packets held', async () => {
    const pty = await createPtyPair();
    const simulator = new CytonSimulator({ daisy: false, seed: 7, keepSent: true });
    try {
      await simulator.listen(pty.device);
      const out = path.join(scratch, 'cyton.bdf');
      // 5 packets lost after the 400th sample (1.6 s; the first cue is at 3.5 s).
      const gap = setInterval(() => {
        if (simulator.sent.length >= 400) {
          clearInterval(gap);
          simulator.inject({ name: 'counter-gap', atSec: 0, arg: 5 });
        }
      }, 5);
      // One trial per class, half a second of baseline: about 20 s in real time.
      const result = await runCli(['run-protocol', '--device', 'cyton', '--port', pty.host, '--mode', 'calibration', '--trials', '1', '--baseline', '0.5', '--seed', '4', '--out', out, '--json']);
      expect(result.code, result.err).toBe(0);
      const report = JSON.parse(result.out) as RunJson;
      const schedule = scheduleGrazRun({ ...defaultGrazProtocol, trialsPerClass: 1, baselineSec: 0.5, seed: 4, feedback: false }, 250);
      expect(report.sampleRateHz).toBe(250);
      expect(report.channels.slice(0, 8)).toEqual(['Ch1', 'Ch2', 'Ch3', 'Ch4', 'Ch5', 'Ch6', 'Ch7', 'Ch8']);
      expect(report.samples).toBe(schedule.totalSamples);
      expect(report.fault).toBeNull();
      expect(report.markers).toBe(schedule.markers.length);
      const recording = await loadRecording(out);
      expect(recording.nSamples).toBeGreaterThanOrEqual(schedule.totalSamples);
      // Every scheduled marker is in the file at its sample.
      const recorded = recording.events.filter((e) => /^\d+$/.test(e.label)).map((e) => [e.label, Math.round(e.onsetSec * 250)]);
      expect(recorded).toEqual(schedule.markers.map((m) => [String(m.code), m.sample]));
      // The file's sample k is the k-th sample the amplifier sent (so sample k of a marker is the amplifier's sample k):
      // checked around each cue and at the start and end.
      const sent = new Map(simulator.sent.map((s) => [s.index, s.counts]));
      const uvPerCount = cytonMicrovoltsPerCount(24);
      const probes = [0, 1, schedule.totalSamples - 1, ...schedule.trials.flatMap((t) => [t.cueSample - 1, t.cueSample, t.cueSample + 1])];
      for (const k of probes) {
        const counts = sent.get(k);
        expect(counts, `sample ${k} was sent`).toBeDefined();
        for (let ch = 0; ch < 8; ch++) expect(Math.abs(recording.data[ch][k] - (counts as Int32Array)[ch] * uvPerCount)).toBeLessThan(uvPerCount);
      }
      // The lost packets: held at the last value received, annotated, counted by the schedule (so the cues above land right).
      const lost = simulator.sent.filter((s) => s.counts.length === 0).map((s) => s.index);
      expect(lost).toHaveLength(5);
      expect(lost[4] - lost[0]).toBe(4);
      expect(lost[4]).toBeLessThan(schedule.trials[0].cueSample);
      for (const k of lost) for (let ch = 0; ch < 8; ch++) expect(recording.data[ch][k]).toBe(recording.data[ch][lost[0] - 1]);
      expect(recording.events.filter((e) => e.label === 'NeuroFeat: samples lost (5)').map((e) => [Math.round(e.onsetSec * 250), Math.round(e.durationSec * 250)])).toEqual([[lost[0], 5]]);
    } finally {
      await simulator.close();
      await pty.close();
    }
  }, 60_000);
});

describe('neurofeat run-protocol on a network source (an LSL stream from `neurofeat stream`, real time)', () => {
  it('runs on lsl:NAME: every sample of the schedule recorded, every marker at its sample, the stream\'s channels', async () => {
    // LSL ports away from the defaults and from the other LSL tests.
    const ports = ['--multicast-port', '27671', '--base-port', '27672'];
    const streaming = runCli(['stream', '--device', 'synthetic', '--channels', '4', '--rate', '250', '--lsl', 'nf-protocol-eeg', '--duration', '25', ...ports, '--json']);
    const out = path.join(scratch, 'lsl.bdf');
    try {
      const result = await runCli(['run-protocol', '--device', 'lsl:nf-protocol-eeg', ...ports, '--mode', 'calibration', '--trials', '1', '--baseline', '0.5', '--seed', '4', '--out', out, '--json']);
      expect(result.code, result.err).toBe(0);
      const report = JSON.parse(result.out) as RunJson;
      const schedule = scheduleGrazRun({ ...defaultGrazProtocol, trialsPerClass: 1, baselineSec: 0.5, seed: 4, feedback: false }, 250);
      expect(report.channels).toEqual(['Fp1', 'Fp2', 'F3', 'Fz']);
      expect(report.samples).toBe(schedule.totalSamples);
      const recording = await loadRecording(out);
      expect(recording.events.filter((e) => /^\d+$/.test(e.label)).map((e) => [e.label, Math.round(e.onsetSec * 250)])).toEqual(schedule.markers.map((m) => [String(m.code), m.sample]));
    } finally {
      await streaming;
    }
  }, 60_000);
});

describe('neurofeat run-protocol --trigger: the device trigger of an online run', () => {
  const model = path.join(scratch, 'model.onnx');
  const online = ['--device', 'synthetic', '--mode', 'online', '--model', model, '--trials', '3', '--baseline', '1', '--desync', '0.9', '--speed', '20', '--trigger-threshold', '0.3', '--trigger-hold', '0.5', '--trigger-refractory', '2', '--json'];

  beforeAll(async () => {
    const calibration = path.join(scratch, 'calibration.bdf');
    const cal = await runCli(['run-protocol', '--device', 'synthetic', '--mode', 'calibration', '--trials', '8', '--baseline', '1', '--desync', '0.9', '--speed', '100', '--seed', '1', '--out', calibration, '--json']);
    expect(cal.code, cal.err).toBe(0);
    const trained = await runCli(['train', calibration, '--classes', '769,770', '--seed', '1', '--out', model, '--json']);
    expect(trained.code, trained.err).toBe(0);
  }, 120_000);

  it('over TCP: the commands the device receives equal the triggers decided, each a 782 marker at its sample, refractory respected', async () => {
    const sink = new TriggerSinkSimulator();
    const port = await sink.listenTcp(0);
    try {
      const out = path.join(scratch, 'online-tcp.bdf');
      const result = await runCli(['run-protocol', ...online, '--seed', '3', '--trigger', `tcp:127.0.0.1:${port}`, '--out', out]);
      expect(result.code, result.err).toBe(0);
      const trigger = (JSON.parse(result.out) as RunJson).trigger as TriggerJson;
      expect(trigger.output).toBe(`tcp:127.0.0.1:${port}`);
      expect(trigger.fired.length).toBeGreaterThanOrEqual(2);
      expect(trigger.lost).toBeNull();
      expect(trigger.fired.every((f) => f.sent && f.acknowledged)).toBe(true);
      trigger.fired.slice(1).forEach((f, k) => expect(f.sample - trigger.fired[k].sample).toBeGreaterThanOrEqual(2 * 250));
      expect(sink.received.map((c) => c.message && [c.message.seq, c.message.class, c.message.sample])).toEqual(trigger.fired.map((f) => [f.seq, f.class, f.sample]));
      expect(await annotationSamples(out, '782')).toEqual(trigger.fired.map((f) => f.sample));
    } finally {
      await sink.close();
    }
  }, 60_000);

  it('over a serial port, the device gone after its first command: the run goes on, the loss is reported and annotated', async () => {
    const pty = await createPtyPair();
    const sink = new TriggerSinkSimulator({ goneAfter: 1 });
    try {
      await sink.listenSerial(pty.device, 9600);
      // The device switched off: the sink closes its end and the cable goes with it.
      const unplugged = new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (sink.received.length >= 1) {
            clearInterval(poll);
            void pty.kill().then(resolve);
          }
        }, 20);
      });
      const out = path.join(scratch, 'online-serial.bdf');
      const result = await runCli(['run-protocol', ...online, '--seed', '5', '--trigger', `serial:${pty.host}@9600`, '--trigger-command', 'text:FES {index}\\n', '--out', out]);
      expect(result.code, result.err).toBe(0);
      expect(sink.received).toHaveLength(1);
      await unplugged;
      const trigger = (JSON.parse(result.out) as RunJson).trigger as TriggerJson;
      expect(sink.received.map((c) => c.text)).toEqual([`FES ${trigger.fired[0].class === 'left' ? 1 : 2}`]);
      expect(trigger.lost?.reason).toMatch(/serial port .* closed \(device unplugged or switched off\)/);
      expect(result.err).toMatch(/run-protocol: trigger output serial:.*@9600 lost: serial port .* closed .*; the run goes on without it/);
      expect(trigger.fired[0].sent).toBe(true);
      expect(trigger.fired.filter((f) => f.sample > (trigger.lost as { sample: number }).sample).every((f) => !f.sent)).toBe(true);
      expect(await annotationSamples(out, TRIGGER_LOST_ANNOTATION)).toEqual([trigger.lost?.sample]);
      expect(await annotationSamples(out, '782')).toEqual(trigger.fired.map((f) => f.sample));
    } finally {
      await sink.close();
      await pty.close();
    }
  }, 60_000);

  it('with nothing listening: one clear line, the run goes on without the output, the loss annotated at the start', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((r) => server.close(() => r()));
    const out = path.join(scratch, 'online-refused.bdf');
    const result = await runCli(['run-protocol', ...online, '--trials', '1', '--speed', '50', '--seed', '3', '--trigger', `tcp:127.0.0.1:${port}`, '--out', out]);
    expect(result.code, result.err).toBe(0);
    expect(result.err).toMatch(new RegExp(`run-protocol: trigger output tcp:127\\.0\\.0\\.1:${port}: connection refused by 127\\.0\\.0\\.1:${port}: nothing listens there .*; the run goes on without it`));
    const trigger = (JSON.parse(result.out) as RunJson).trigger as TriggerJson;
    expect(trigger.lost?.sample).toBe(0);
    expect(trigger.fired.every((f) => !f.sent)).toBe(true);
    expect(await annotationSamples(out, TRIGGER_LOST_ANNOTATION)).toEqual([0]);
  }, 60_000);

  it('replay:FILE at --speed: the run\'s markers at their samples over the replayed signal, the file\'s own markers kept apart', async () => {
    const source = path.join(scratch, 'calibration.bdf');
    const out = path.join(scratch, 'replayed.bdf');
    const result = await runCli(['run-protocol', '--device', `replay:${source}`, '--speed', '100', '--mode', 'calibration', '--trials', '2', '--baseline', '1', '--seed', '9', '--out', out, '--json']);
    expect(result.code, result.err).toBe(0);
    const schedule = scheduleGrazRun({ ...defaultGrazProtocol, trialsPerClass: 2, baselineSec: 1, seed: 9, feedback: false }, 250);
    const [played, original] = [await loadRecording(out), await loadRecording(source)];
    expect(played.events.filter((e) => /^\d+$/.test(e.label)).map((e) => [e.label, Math.round(e.onsetSec * 250)])).toEqual(schedule.markers.map((m) => [String(m.code), m.sample]));
    const replayed = played.events.filter((e) => e.label.startsWith(REPLAYED_MARKER_PREFIX));
    expect(replayed.length).toBeGreaterThan(0);
    expect(replayed.map((e) => [e.label, e.onsetSec])).toEqual(original.events.filter((e) => e.onsetSec * 250 < schedule.totalSamples).map((e) => [`${REPLAYED_MARKER_PREFIX}${e.label}`, e.onsetSec]));
    // Sample k of the run is sample k of the replayed file: equal within one step of the 24-bit scale (the file's range is
    // kept, its digital range made symmetric, so a value may round to the neighbouring step); a shift of one sample would
    // differ by microvolts.
    const step = (played.channels[0].physicalMax - played.channels[0].physicalMin) / (played.channels[0].digitalMax - played.channels[0].digitalMin);
    for (const k of [0, 1234, schedule.totalSamples - 1]) for (const ch of [0, 7, 15]) expect(Math.abs(played.data[ch][k] - original.data[ch][k])).toBeLessThanOrEqual(step * 1.01);
  }, 60_000);

  it('refuses a model the device cannot feed (its rate, its channels) before writing anything', async () => {
    const out = path.join(scratch, 'unfed.bdf');
    const rate = await runCli(['run-protocol', '--device', 'synthetic', '--rate', '500', '--mode', 'online', '--model', model, '--out', out]);
    expect(rate.code).toBe(2);
    expect(rate.err).toMatch(/The model was trained at 250 Hz but the device runs at 500 Hz/);
    const pty = await createPtyPair();
    const simulator = new CytonSimulator({ daisy: false, seed: 7 });
    try {
      await simulator.listen(pty.device);
      const channels = await runCli(['run-protocol', '--device', 'cyton', '--port', pty.host, '--mode', 'online', '--model', model, '--out', out]);
      expect(channels.code).toBe(2);
      expect(channels.err).toMatch(/The model needs channels the device does not have: Fp1, Fp2, .*, C3, .* \(device: Ch1, Ch2, .*AccZ\)/);
    } finally {
      await simulator.close();
      await pty.close();
    }
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('refuses a trigger class the protocol does not have, naming the ones it has', async () => {
    const result = await runCli(['run-protocol', ...online, '--trigger', 'tcp:127.0.0.1:1', '--trigger-class', 'foot', '--out', path.join(scratch, 'x.bdf')]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/--trigger-class: expected cued, either, 1, 2, 'left' or 'right'; got 'foot'/);
    expect(existsSync(path.join(scratch, 'x.bdf'))).toBe(false);
  });
});
