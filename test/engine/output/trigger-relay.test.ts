// The rehabilitation-device output against the trigger-sink simulator, over a socat pty and over loopback TCP.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTriggerCommand, parseTriggerOutputSpec } from '../../../src-main/core/online/trigger-output-spec.ts';
import { defaultGrazProtocol, scheduleGrazRun } from '../../../src-main/core/protocol/graz-protocol.ts';
import { SyntheticDevice } from '../../../src-main/engine/devices/synthetic-device.ts';
import { TriggerSinkSimulator } from '../../../src-main/engine/devices/simulators/trigger-sink-simulator.ts';
import { openTriggerOutput, type TriggerOutput } from '../../../src-main/engine/output/trigger-output.ts';
import { TRIGGER_LOST_ANNOTATION, TRIGGER_MARKER_CODE, TriggerRelay, type TriggerRecordedMarker } from '../../../src-main/engine/output/trigger-relay.ts';
import { runProtocol } from '../../../src-main/engine/protocol/protocol-runner.ts';
import { createPtyPair, type PtyPair } from '../../support/pty-pair.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const classes = [{ name: 'left', code: 769 }, { name: 'right', code: 770 }] as const;

/** Waits until `done()` holds, checking every 10 ms, for at most `ms` (then the test's own assertion says what is missing). */
async function until(done: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await sleep(10);
}

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function tcpSink(options: ConstructorParameters<typeof TriggerSinkSimulator>[0] = {}): Promise<{ sink: TriggerSinkSimulator; output: TriggerOutput }> {
  const sink = new TriggerSinkSimulator(options);
  const port = await sink.listenTcp(0);
  const output = await openTriggerOutput(parseTriggerOutputSpec(`tcp:127.0.0.1:${port}`));
  cleanups.push(() => output.close(), () => sink.close());
  return { sink, output };
}

async function ptySink(options: ConstructorParameters<typeof TriggerSinkSimulator>[0] = {}): Promise<{ sink: TriggerSinkSimulator; output: TriggerOutput; pty: PtyPair }> {
  const pty = await createPtyPair();
  cleanups.push(() => pty.close());
  const sink = new TriggerSinkSimulator(options);
  await sink.listenSerial(pty.device, 9600);
  const output = await openTriggerOutput(parseTriggerOutputSpec(`serial:${pty.host}@9600`));
  cleanups.push(() => output.close(), () => sink.close());
  return { sink, output, pty };
}

/**
 * A class-1 output (-0.8) held from sample 100 to 900 at 100 Hz, an output every 10 samples: with a hold of 0.5 s
 * and a refractory time of 2 s, triggers at 150 (hold 100..150), then from 350 (end of refractory) at 400, at 650,
 * and at 900; nothing after the output falls back.
 */
function feed(relay: TriggerRelay): void {
  for (let sample = 0; sample <= 1200; sample += 10) relay.push(sample, sample >= 100 && sample <= 900 ? -0.8 : 0.1, null);
}
const rule = { targetClass: 0 as const, threshold: 0.5, holdSec: 0.5, refractorySec: 2 };
const expectedSamples = [150, 400, 650, 900];

describe('trigger output over TCP (loopback) against the simulated device', () => {
  it('sends one JSON line per trigger decided, each acknowledged, and records a 782 marker at its sample', async () => {
    const { sink, output } = await tcpSink();
    const markers: TriggerRecordedMarker[] = [];
    const relay = new TriggerRelay({ rule, sampleRateHz: 100, classes, output, record: (m) => markers.push(m) });
    feed(relay);
    expect(relay.fired.map((f) => f.sample)).toEqual(expectedSamples);
    // Refractory respected: consecutive triggers at least 2 s (200 samples) apart.
    relay.fired.slice(1).forEach((f, k) => expect(f.sample - relay.fired[k].sample).toBeGreaterThanOrEqual(200));
    await until(() => sink.received.length === 4 && output.acknowledged.size === 4);
    expect(sink.received.map((c) => c.message && { ...c.message, sentAtMs: 0 })).toEqual(
      relay.fired.map((f) => ({ type: 'trigger', class: 'left', code: 769, output: -0.8, sample: f.sample, time: f.sample / 100, sentAtMs: 0, seq: f.seq })),
    );
    expect([...output.acknowledged]).toEqual([1, 2, 3, 4]);
    expect(relay.fired.every((f) => f.sent)).toBe(true);
    expect(markers).toEqual(expectedSamples.map((sample) => ({ sample, label: String(TRIGGER_MARKER_CODE) })));
    expect(TRIGGER_MARKER_CODE).toBe(782);
  });

  it('survives the device going away mid-run: the loss is logged and annotated once, later triggers are recorded as not sent', async () => {
    const { sink, output } = await tcpSink({ goneAfter: 1 });
    const markers: TriggerRecordedMarker[] = [];
    const logged: string[] = [];
    const relay = new TriggerRelay({ rule, sampleRateHz: 100, classes, output, record: (m) => markers.push(m), log: (m) => logged.push(m) });
    for (let sample = 0; sample <= 300; sample += 10) relay.push(sample, sample >= 100 ? -0.8 : 0.1, null);
    await until(() => output.lostReason !== null);
    expect(output.lostReason).toMatch(/the device at 127\.0\.0\.1:\d+ closed the connection/);
    for (let sample = 310; sample <= 1200; sample += 10) relay.push(sample, sample <= 900 ? -0.8 : 0.1, null);
    expect(relay.fired.map((f) => [f.sample, f.sent])).toEqual([[150, true], [400, false], [650, false], [900, false]]);
    expect(sink.received).toHaveLength(1);
    expect(relay.loss?.reason).toBe(output.lostReason);
    expect(relay.loss?.sample).toBe(300);
    expect(markers).toEqual([
      { sample: 150, label: '782' },
      { sample: 300, label: TRIGGER_LOST_ANNOTATION },
      { sample: 400, label: '782' }, { sample: 650, label: '782' }, { sample: 900, label: '782' },
    ]);
    expect(logged).toEqual([expect.stringMatching(/^trigger output tcp:127\.0\.0\.1:\d+ lost: the device .* closed the connection; the run goes on without it$/)]);
  });

  it('says clearly when nothing listens, and when the host is unknown', async () => {
    // A port that was free a moment ago: refused.
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((r) => server.close(() => r()));
    await expect(openTriggerOutput(parseTriggerOutputSpec(`tcp:127.0.0.1:${port}`))).rejects.toThrow(
      new RegExp(`trigger output tcp:127\\.0\\.0\\.1:${port}: connection refused by 127\\.0\\.0\\.1:${port}: nothing listens there`),
    );
    await expect(openTriggerOutput(parseTriggerOutputSpec('tcp:no-such-host.invalid:5005'))).rejects.toThrow(/the host of no-such-host\.invalid:5005 is not known/);
  });
});

describe('trigger output over a serial port (socat pty) against the simulated device', () => {
  it('sends the configured text or hex bytes per trigger, at the chosen baud rate', async () => {
    const { sink, output } = await ptySink();
    const markers: TriggerRecordedMarker[] = [];
    const relay = new TriggerRelay({ rule: { ...rule, targetClass: 'either' }, sampleRateHz: 100, classes, output, command: parseTriggerCommand('text:STIM {class} {index} {sample}\\n'), record: (m) => markers.push(m) });
    feed(relay);
    for (let sample = 1300; sample <= 1400; sample += 10) relay.push(sample, 0.9, null);
    expect(relay.fired.map((f) => [f.sample, f.classIndex])).toEqual([[150, 0], [400, 0], [650, 0], [900, 0], [1350, 1]]);
    await until(() => sink.received.length === 5);
    expect(sink.received.map((c) => c.text)).toEqual(['STIM left 1 150', 'STIM left 1 400', 'STIM left 1 650', 'STIM left 1 900', 'STIM right 2 1350']);
    expect(sink.received.every((c) => c.message === null)).toBe(true);
    expect(markers.map((m) => m.sample)).toEqual([150, 400, 650, 900, 1350]);
  });

  it('sends raw bytes (no line end) framed by the device as one command each', async () => {
    const { sink, output } = await ptySink();
    const relay = new TriggerRelay({ rule, sampleRateHz: 100, classes, output, command: parseTriggerCommand('hex:A5 {index} 5A'), record: () => undefined });
    relay.push(0, -0.9, null);
    relay.push(50, -0.9, null);
    await until(() => sink.received.length === 1);
    await sleep(100);
    relay.push(260, -0.9, null);
    relay.push(310, -0.9, null);
    await until(() => sink.received.length === 2);
    expect(sink.received.map((c) => [...c.bytes])).toEqual([[0xa5, 0x01, 0x5a], [0xa5, 0x01, 0x5a]]);
  });

  it('survives the port vanishing mid-run (cable pulled): the loss is annotated, the run goes on', async () => {
    const { output, pty } = await ptySink();
    const markers: TriggerRecordedMarker[] = [];
    const relay = new TriggerRelay({ rule, sampleRateHz: 100, classes, output, record: (m) => markers.push(m) });
    for (let sample = 0; sample <= 200; sample += 10) relay.push(sample, sample >= 100 ? -0.8 : 0.1, null);
    await pty.kill();
    // The kernel reports the loss either by closing the port or by failing the next write: the run goes on meanwhile.
    let sample = 210;
    for (; output.lostReason === null && sample <= 2000; sample += 10) {
      relay.push(sample, -0.8, null);
      await sleep(20);
    }
    expect(output.lostReason).toMatch(/serial port \S+ closed \(device unplugged or switched off\)|serial port \S+: writing failed \(EIO/);
    const lostAt = sample;
    for (; sample <= lostAt + 600; sample += 10) relay.push(sample, sample <= lostAt + 400 ? -0.8 : 0.1, null);
    const sent = relay.fired.map((f) => f.sent);
    expect(sent[0]).toBe(true);
    expect(relay.fired.filter((f) => f.sample > lostAt).length).toBeGreaterThan(0);
    expect(relay.fired.filter((f) => f.sample > lostAt).every((f) => !f.sent)).toBe(true);
    const lost = markers.filter((m) => m.label === TRIGGER_LOST_ANNOTATION);
    expect(lost).toHaveLength(1);
    expect(lost[0].sample).toBeGreaterThanOrEqual(200);
  });

  it('names a missing port', async () => {
    await expect(openTriggerOutput(parseTriggerOutputSpec('serial:/dev/neurofeat-no-such-port@9600'))).rejects.toThrow(
      /trigger output serial:\/dev\/neurofeat-no-such-port@9600: serial port \/dev\/neurofeat-no-such-port does not exist/,
    );
  });
});

describe('trigger output in a protocol run', () => {
  it('commands received equal the triggers decided from the run\'s outputs, with the cued target only inside imagery periods', async () => {
    const { sink, output } = await tcpSink();
    const device = new SyntheticDevice({ nChannels: 4, sampleRateHz: 250, seed: 5, desyncDepth: 0.5 }, { speed: 100 });
    const info = await device.open();
    cleanups.push(() => device.close());
    const schedule = scheduleGrazRun({ ...defaultGrazProtocol, trialsPerClass: 3, baselineSec: 1, seed: 4, feedback: true }, info.sampleRateHz);
    const markers: TriggerRecordedMarker[] = [];
    const relay = new TriggerRelay({ rule: { targetClass: 'cued', threshold: 0.5, holdSec: 1, refractorySec: 3 }, sampleRateHz: info.sampleRateHz, classes: schedule.classes, output, record: (m) => markers.push(m) });
    const outputs: { sample: number; smoothed: number; cued: number | null }[] = [];
    // An oracle classifier: it reads the cue from the schedule (towards the cued class in imagery, undecided elsewhere).
    let windowEnd = 0;
    const step = Math.round(info.sampleRateHz / 16);
    await runProtocol({
      device, info, schedule, biasTrials: 0,
      classifier: {
        channels: info.channels.slice(0, 2), nSamples: 250, sampleRateHz: info.sampleRateHz,
        classify: async () => {
          windowEnd = windowEnd === 0 ? 250 : windowEnd + step;
          const trial = schedule.trials.find((t) => windowEnd > t.cueSample && windowEnd <= t.endSample);
          return trial === undefined ? Float32Array.of(0.5, 0.5) : trial.classIndex === 0 ? Float32Array.of(0.95, 0.05) : Float32Array.of(0.05, 0.95);
        },
      },
      onOutput: (o) => {
        const cued = o.trial === null ? null : schedule.trials[o.trial].classIndex;
        outputs.push({ sample: o.sample, smoothed: o.smoothed, cued });
        relay.push(o.sample, o.smoothed, cued);
      },
    });
    // Every trial's imagery period (5 s) holds the cued class long enough for one trigger (then 3 s refractory).
    expect(relay.fired).toHaveLength(6);
    relay.fired.forEach((f, k) => {
      const trial = schedule.trials[k];
      expect(f.classIndex).toBe(trial.classIndex);
      expect(f.sample).toBeGreaterThan(trial.cueSample);
      expect(f.sample).toBeLessThanOrEqual(trial.endSample);
      // The hold: every output of the last second before the trigger was beyond the threshold towards the cued class.
      const held = outputs.filter((o) => o.sample <= f.sample && o.sample >= f.sample - 250);
      expect(held.every((o) => o.cued === trial.classIndex && (trial.classIndex === 1 ? o.smoothed : -o.smoothed) >= 0.5)).toBe(true);
    });
    await until(() => sink.received.length === 6);
    expect(sink.received.map((c) => c.message && [c.message.seq, c.message.class, c.message.sample])).toEqual(relay.fired.map((f) => [f.seq, schedule.classes[f.classIndex].name, f.sample]));
    expect(markers.map((m) => m.sample)).toEqual(relay.fired.map((f) => f.sample));
  }, 30_000);
});
