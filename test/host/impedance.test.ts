// Cyton electrode impedance from the app's API: measured over a pty against the simulator's model, refused where it cannot be, cancelled, and an amplifier lost mid-measurement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHost, type RunningHost } from '../../src-main/host/host-server.ts';
import { connect, newPatientSession, refusalOf, valueOf as value, type TestClient } from '../support/host-client.ts';
import type { AcquisitionStatus, DeviceDescriptor, ImpedanceMeasurement, ImpedanceStatus, Run } from '../../src-main/contract/api.ts';
import { cytonDefaultChannelSettings } from '../../src-main/core/devices/cyton.ts';
import { CytonSimulator } from '../../src-main/engine/devices/simulators/cyton-simulator.ts';
import { createPtyPair, type PtyPair } from '../support/pty-pair.ts';
import { scratchRenderer } from '../support/scratch-renderer.ts';

/** The electrodes the simulator's lead-off model sees (Ω): four under the 10 kΩ threshold, four above it. */
const impedanceOhms = [3000, 6000, 9000, 14000, 25000, 4500, 40000, 7500];
/** The driver's stated accuracy (docs/devices.md): 0.8 kΩ + 3 %. */
const toleranceKOhm = (ohms: number) => (800 + 0.03 * ohms) / 1000;

let host: RunningHost;
let client: TestClient;
let dir: string;
let pty: PtyPair;
let sim: CytonSimulator;



const statuses = () => client.events.filter((e) => e.event === 'acquisition.status').map((e) => e.payload as AcquisitionStatus);
const impedances = () => statuses().map((s) => s.impedance).filter((z): z is ImpedanceStatus => z !== null);
const lastStatus = () => statuses().at(-1) as AcquisitionStatus;

/** Waits for the pushed impedance status to end (done, cancelled or failed); answers it. */
async function measurementEnds(timeoutMs = 40_000): Promise<ImpedanceStatus> {
  await client.waitFor(() => ['done', 'cancelled', 'failed'].includes(impedances().at(-1)?.state ?? ''), timeoutMs);
  return impedances().at(-1) as ImpedanceStatus;
}

/** Waits until `n` more samples per channel than now have been pushed (streaming goes on). */
async function streamsAgain(n = 100): Promise<void> {
  const from = lastStatus().samples;
  await client.waitFor(() => lastStatus().samples >= from + n && lastStatus().state === 'running', 10_000);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nf-impedance-'));
  host = await startHost({ dataDir: path.join(dir, 'data'), rendererDir: scratchRenderer(dir) });
  client = await connect(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
  pty = await createPtyPair();
  sim = new CytonSimulator({ daisy: false, seed: 5, impedanceOhms });
  await sim.listen(pty.device);
});

afterAll(async () => {
  client?.close();
  await host?.close();
  await sim?.close();
  await pty?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('electrode impedance from the app', () => {
  it('is refused with no amplifier open, for a device without impedance, and while recording', { timeout: 60_000 }, async () => {
    // The device list says which devices measure impedance.
    const devices = await value<DeviceDescriptor[]>(client.call('devices.list', {}));
    expect(devices.filter((d) => d.impedance).map((d) => d.id)).toEqual(['cyton', 'daisy']);
    expect(await refusalOf(client.call('acquisition.impedance', {}))).toMatchObject({ code: 'not-acquiring' });
    expect(await refusalOf(client.call('acquisition.impedance', { thresholdKOhm: -1 }))).toMatchObject({ code: 'invalid-payload', detail: { reason: 'invalid-field', params: { field: 'thresholdKOhm' } } });
    expect(await refusalOf(client.call('acquisition.impedanceCancel', {}))).toMatchObject({ code: 'not-acquiring' });

    await value(client.call('acquisition.start', { device: 'synthetic', record: false }));
    const synthetic = await refusalOf(client.call('acquisition.impedance', {}));
    expect(synthetic).toMatchObject({ code: 'bad-input', detail: { reason: 'impedance-refused', params: { device: 'synthetic', why: 'unsupported' } } });
    expect(synthetic.message).toMatch(/synthetic amplifier cannot measure electrode impedance/);
    await value(client.call('acquisition.stop', {}));

    const sessionId = await newPatientSession(client, 'IMP-001');
    await value(client.call('acquisition.start', { device: 'cyton', sessionId, source: { port: pty.host } }));
    const recording = await refusalOf(client.call('acquisition.impedance', { sessionId }));
    expect(recording).toMatchObject({ code: 'conflict', detail: { reason: 'impedance-refused', params: { device: 'cyton', why: 'recording' } } });
    await value(client.call('acquisition.stop', { sessionId }));
    expect(sim.leadOffChannels).toEqual([]);
    expect(await value(client.call('sessions.impedance', { sessionId }))).toEqual([]);
    // A run recorded with no measurement before it carries none.
    const [run] = await value<Run[]>(client.call('recordings.list', { sessionId }));
    expect(run.quality.impedance).toBeUndefined();
  });

  it('measures every channel one at a time, as the simulator\'s model implies, restores the settings and saves it with the session', { timeout: 90_000 }, async () => {
    const sessionId = await newPatientSession(client, 'IMP-002');
    const other = await newPatientSession(client, 'IMP-003');
    await value(client.call('acquisition.start', { device: 'cyton', sessionId, record: false, source: { port: pty.host } }));
    await streamsAgain();
    expect(await refusalOf(client.call('acquisition.impedance', { sessionId: other }))).toMatchObject({ code: 'already-acquiring', detail: { reason: 'amplifier-busy' } });
    expect(await refusalOf(client.call('acquisition.impedance', { sessionId, channels: [9] }))).toMatchObject({
      code: 'bad-input', detail: { reason: 'impedance-refused', params: { device: 'cyton', why: 'channel', channel: 9, channels: 8 } },
    });

    client.events.length = 0;
    const started = await value<AcquisitionStatus>(client.call('acquisition.impedance', { sessionId }));
    expect(started.impedance).toMatchObject({ state: 'measuring', total: 8, thresholdKOhm: 10 });
    expect(await refusalOf(client.call('acquisition.impedance', { sessionId }))).toMatchObject({ code: 'conflict', detail: { reason: 'impedance-refused', params: { why: 'measuring' } } });
    // A protocol run would record the lead-off current: refused, and no run is left behind.
    expect(await refusalOf(client.call('protocol.start', { sessionId, kind: 'calibration' }))).toMatchObject({ code: 'conflict', detail: { reason: 'impedance-refused', params: { device: 'cyton', why: 'measuring' } } });
    expect(await value(client.call('recordings.list', { sessionId }))).toEqual([]);
    const ended = await measurementEnds();
    expect(ended.state, ended.error ?? '').toBe('done');

    // Progress said "channel k of 8" for each channel in turn, with its label.
    const steps = [...new Set(impedances().filter((z) => z.state === 'measuring' && z.channel !== null).map((z) => `${z.index}/${z.total} ${z.channel}`))];
    expect(steps).toEqual(['1/8 Ch1', '2/8 Ch2', '3/8 Ch3', '4/8 Ch4', '5/8 Ch5', '6/8 Ch6', '7/8 Ch7', '8/8 Ch8']);
    const result = ended.result as ImpedanceMeasurement;
    expect(result).toMatchObject({ device: 'cyton', sessionId, thresholdKOhm: 10, go: false });
    expect(result.channels.map((c) => c.channel)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const c of result.channels) {
      const ohms = impedanceOhms[c.channel - 1];
      expect(Math.abs(c.kOhm - ohms / 1000), `channel ${c.channel}: ${c.kOhm} kΩ for ${ohms} Ω`).toBeLessThan(toleranceKOhm(ohms));
      expect(c.go).toBe(ohms <= 10_000);
    }
    // The board is as it was: no lead-off current, every channel at its settings; acquisition streams again.
    expect(sim.leadOffChannels).toEqual([]);
    for (const settings of sim.channelSettings.slice(0, 8)) expect(settings).toEqual({ ...cytonDefaultChannelSettings });
    await streamsAgain();
    expect(lastStatus().impedance?.state).toBe('done');
    const saved = await value<ImpedanceMeasurement[]>(client.call('sessions.impedance', { sessionId }));
    expect(saved).toEqual([result]);
    expect(await value(client.call('sessions.impedance', { sessionId: other }))).toEqual([]);
    expect(await refusalOf(client.call('sessions.impedance', { sessionId: 999 }))).toMatchObject({ code: 'not-found' });

    // A chosen channel and another threshold (dry electrodes): one value, a go.
    client.events.length = 0;
    await value(client.call('acquisition.impedance', { sessionId, channels: [5], thresholdKOhm: 750 }));
    const dry = await measurementEnds();
    // Saved before "done" was pushed: asked at once, it is there.
    expect((await value<ImpedanceMeasurement[]>(client.call('sessions.impedance', { sessionId })))[0]).toEqual(dry.result);
    expect(dry.result).toMatchObject({ thresholdKOhm: 750, go: true, channels: [{ channel: 5, label: 'Ch5', go: true }] });
    expect((await value<ImpedanceMeasurement[]>(client.call('sessions.impedance', { sessionId }))).map((m) => m.thresholdKOhm)).toEqual([750, 10]);
    await value(client.call('acquisition.stop', { sessionId }));

    // The session's next recording keeps the last measurement beside its signal quality.
    await value(client.call('acquisition.start', { device: 'cyton', sessionId, source: { port: pty.host } }));
    await streamsAgain(250);
    await value(client.call('acquisition.stop', { sessionId }));
    const [run] = await value<Run[]>(client.call('recordings.list', { sessionId }));
    expect(run.quality.impedance).toEqual(dry.result);
  });

  it('measures the Daisy\'s channels too (9-16), during a signal check outside any session (shown, not saved)', { timeout: 60_000 }, async () => {
    const daisyPty = await createPtyPair();
    const daisyOhms = Array.from({ length: 16 }, (_, i) => 2000 + 1500 * i);
    const daisy = new CytonSimulator({ daisy: true, seed: 6, impedanceOhms: daisyOhms });
    try {
      await daisy.listen(daisyPty.device);
      await value(client.call('acquisition.start', { device: 'daisy', record: false, source: { port: daisyPty.host } }));
      await streamsAgain(50);
      expect(await refusalOf(client.call('acquisition.impedance', { channels: [17] }))).toMatchObject({ code: 'invalid-payload' });
      client.events.length = 0;
      await value(client.call('acquisition.impedance', { channels: [3, 12] }));
      const ended = await measurementEnds();
      expect(ended.state, ended.error ?? '').toBe('done');
      expect(ended.result).toMatchObject({ device: 'daisy', sessionId: null });
      expect(ended.result!.channels.map((c) => [c.channel, c.label])).toEqual([[3, 'Ch3'], [12, 'Ch12']]);
      for (const c of ended.result!.channels) expect(Math.abs(c.kOhm - daisyOhms[c.channel - 1] / 1000)).toBeLessThan(toleranceKOhm(daisyOhms[c.channel - 1]));
      expect(ended.result!.channels.map((c) => c.go)).toEqual([true, false]);
      expect(daisy.leadOffChannels).toEqual([]);
      await value(client.call('acquisition.stop', {}));
    } finally {
      await daisy.close();
      await daisyPty.close();
    }
  });

  it('cancels between channels with the channel under way restored, and a stop during a measurement ends it first', { timeout: 60_000 }, async () => {
    const sessionId = await newPatientSession(client, 'IMP-004');
    await value(client.call('acquisition.start', { device: 'cyton', sessionId, record: false, source: { port: pty.host } }));
    await streamsAgain();
    client.events.length = 0;
    await value(client.call('acquisition.impedance', { sessionId }));
    await client.waitFor(() => impedances().some((z) => z.index === 2), 15_000);
    const cancelling = await value<AcquisitionStatus>(client.call('acquisition.impedanceCancel', { sessionId }));
    expect(cancelling.impedance?.state).toBe('measuring');
    const ended = await measurementEnds();
    expect(ended).toMatchObject({ state: 'cancelled', error: null, result: null });
    expect(ended.channels.length).toBeLessThan(8);
    expect(sim.leadOffChannels).toEqual([]);
    await streamsAgain();
    expect(await value(client.call('sessions.impedance', { sessionId }))).toEqual([]);

    // Stop while measuring: the measurement is cancelled and restored, then the amplifier closes.
    client.events.length = 0;
    await value(client.call('acquisition.impedance', { sessionId }));
    await client.waitFor(() => impedances().some((z) => z.index === 1), 15_000);
    const stopped = await value<AcquisitionStatus>(client.call('acquisition.stop', { sessionId }));
    expect(stopped.state).toBe('idle');
    expect(impedances().at(-1)?.state).toBe('cancelled');
    expect(sim.leadOffChannels).toEqual([]);
  });

  it('reports a measurement the unplugged amplifier interrupted, reopens it with its settings, or ends acquisition when it stays gone', { timeout: 90_000 }, async () => {
    const sessionId = await newPatientSession(client, 'IMP-005');
    await value(client.call('acquisition.start', { device: 'cyton', sessionId, record: false, source: { port: pty.host } }));
    await streamsAgain();
    client.events.length = 0;
    await value(client.call('acquisition.impedance', { sessionId, channels: [2, 3] }));
    await client.waitFor(() => impedances().some((z) => z.index === 1), 15_000);
    sim.inject({ name: 'unplug', atSec: 0, arg: 1.5 });
    const failed = await measurementEnds();
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/went silent|no reply/);
    // Reopened (soft reset, then its settings): streaming for the same session, no lead-off left.
    await streamsAgain();
    expect(lastStatus()).toMatchObject({ state: 'running', sessionId, fault: null });
    expect(sim.leadOffChannels).toEqual([]);
    expect(await value(client.call('sessions.impedance', { sessionId }))).toEqual([]);

    // Gone for good: the amplifier cannot be reopened, so acquisition ends with a fault that says its settings are unknown.
    client.events.length = 0;
    await value(client.call('acquisition.impedance', { sessionId, channels: [1] }));
    await client.waitFor(() => impedances().some((z) => z.index === 1), 15_000);
    sim.inject({ name: 'unplug', atSec: 0, arg: 60 });
    await client.waitFor(() => lastStatus().state === 'idle', 40_000);
    expect(lastStatus()).toMatchObject({ faultReason: 'device-lost', impedance: { state: 'failed' } });
    expect(lastStatus().fault).toMatch(/could not be opened again, so its settings are unknown/);
  });
});
