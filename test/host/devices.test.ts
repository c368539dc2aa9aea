// Every device from the app's API: the list with what each needs, ports, a Cyton over a pty, serial faults as reasons, LSL in and out within the scope, RDA, the remembered choice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { startHost, type RunningHost } from '../../src-main/host/host-server.ts';
import { connect, newPatientSession, refusalOf, valueOf as value, type TestClient } from '../support/host-client.ts';
import type { AcquisitionStatus, DeviceDescriptor, LslDiscovery, Run, SerialPortList, SettingsView } from '../../src-main/contract/api.ts';
import { CytonSimulator } from '../../src-main/engine/devices/simulators/cyton-simulator.ts';
import { SerialLink } from '../../src-main/engine/devices/serial-link.ts';
import { LslInletDevice } from '../../src-main/engine/network/lsl-device.ts';
import { LslOutlet } from '../../src-main/engine/network/lsl-outlet.ts';
import type { DeviceMarker, SampleBlock } from '../../src-main/engine/devices/device.ts';
import { createPtyPair, type PtyPair } from '../support/pty-pair.ts';
import { encodeRdaData32, encodeRdaStart } from '../../src-main/core/network/rda.ts';
import { scratchRenderer } from '../support/scratch-renderer.ts';

/** LSL's ports moved away from the real ones (16571..) and from the other network tests (26571..). */
const network = { scope: 'machine' as const, knownPeers: [], multicastPort: 28571, basePort: 28572 };

let host: RunningHost;
let client: TestClient;
let dir: string;
let dataDir: string;



/** Waits until the acquisition's pushed status says `samples` per channel have arrived. */
async function samplesReach(n: number): Promise<AcquisitionStatus> {
  let last: AcquisitionStatus | null = null;
  await client.waitFor(() => {
    last = client.events.filter((e) => e.event === 'acquisition.status').map((e) => e.payload as AcquisitionStatus).at(-1) ?? null;
    return last !== null && last.samples >= n;
  }, 15_000);
  return last as unknown as AcquisitionStatus;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nf-devices-'));
  dataDir = path.join(dir, 'data');
  host = await startHost({ dataDir, rendererDir: scratchRenderer(dir) });
  client = await connect(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
  await value(client.call('settings.set', { network }));
});

afterAll(async () => {
  client?.close();
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the device list', () => {
  it('offers every device with what it needs, and the serial ports or why they cannot be listed', async () => {
    const devices = await value<DeviceDescriptor[]>(client.call('devices.list', {}));
    const needs = Object.fromEntries(devices.map((d) => [d.id, d.needs]));
    expect(needs).toEqual({ synthetic: 'nothing', cyton: 'port', daisy: 'port', unicorn: 'port', 'openeeg-p2': 'port', 'openeeg-p3': 'port', lsl: 'stream', rda: 'host', replay: 'file' });
    expect(devices.filter((d) => d.configurable).map((d) => d.id)).toEqual(['synthetic']);
    const ports = await value<SerialPortList>(client.call('devices.ports', {}));
    if (ports.error === null) expect(Array.isArray(ports.ports)).toBe(true);
    else expect({ ports: ports.ports, error: ports.error }).toEqual({ ports: [], error: expect.stringMatching(/^serial ports cannot be listed: /) });
  });
});

describe('a serial amplifier started from the app', () => {
  let pty: PtyPair | null = null;
  let sim: CytonSimulator | null = null;
  afterAll(async () => {
    await sim?.close();
    await pty?.close();
  });

  it('records a Cyton over a pty into the session, remembers the device and port, and names each serial fault', { timeout: 60_000 }, async () => {
    pty = await createPtyPair();
    sim = new CytonSimulator({ daisy: false, seed: 3 });
    await sim.listen(pty.device);
    const sessionId = await newPatientSession(client, 'DEV-001');

    // Nothing chosen yet: the port is what is missing.
    const noPort = await refusalOf(client.call('acquisition.start', { device: 'cyton', sessionId }));
    expect(noPort).toMatchObject({ code: 'device-unavailable', detail: { reason: 'device-failed', params: { device: 'cyton', problem: 'needs-port' } } });
    // A port that does not exist.
    const missing = await refusalOf(client.call('acquisition.start', { device: 'cyton', sessionId, source: { port: path.join(dir, 'ttyNOPE') } }));
    expect(missing).toMatchObject({ code: 'device-unavailable', detail: { reason: 'device-failed', params: { problem: 'port-missing', target: path.join(dir, 'ttyNOPE') } } });
    expect(missing.message).toMatch(/does not exist/);
    // A port another program holds (serialport locks it).
    const holder = await SerialLink.open(pty.host, 115200);
    try {
      const busy = await refusalOf(client.call('acquisition.start', { device: 'cyton', sessionId, source: { port: pty.host } }));
      expect(busy).toMatchObject({ code: 'device-unavailable', detail: { reason: 'device-failed', params: { problem: 'port-busy', target: pty.host } } });
    } finally {
      await holder.close();
    }
    // None of the refusals left a run behind.
    expect(await value<Run[]>(client.call('recordings.list', { sessionId }))).toEqual([]);

    client.events.length = 0;
    const started = await value<AcquisitionStatus>(client.call('acquisition.start', { device: 'cyton', sessionId, source: { port: pty.host } }));
    expect(started).toMatchObject({ state: 'running', device: 'cyton', sampleRateHz: 250, publishing: null });
    expect(started.channels).toEqual(['Ch1', 'Ch2', 'Ch3', 'Ch4', 'Ch5', 'Ch6', 'Ch7', 'Ch8', 'AccX', 'AccY', 'AccZ']);
    await samplesReach(300);
    expect(started.deviceState).toBe('streaming');
    // Unplugged for 1.5 s: the status says the amplifier is silent, then streaming again; the gap is counted as lost.
    sim.inject({ name: 'unplug', atSec: 0, arg: 1.5 });
    const states = () => client.events.filter((e) => e.event === 'acquisition.status').map((e) => (e.payload as AcquisitionStatus).deviceState);
    await client.waitFor(() => states().includes('stalled'), 10_000);
    await client.waitFor(() => states().lastIndexOf('streaming') > states().indexOf('stalled'), 20_000);
    expect(states().filter((s, i, all) => s !== all[i - 1])).toEqual([null, 'streaming', 'stalled', 'reconnecting', 'streaming']); // null: starting
    const resumed = await samplesReach((client.events.filter((e) => e.event === 'acquisition.status').map((e) => e.payload as AcquisitionStatus).at(-1)?.samples ?? 0) + 100);
    expect(resumed.lostSamples).toBeGreaterThan(0);
    await value(client.call('acquisition.stop', { sessionId }));
    const runs = await value<Run[]>(client.call('recordings.list', { sessionId }));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ device: 'cyton', sampleRateHz: 250, settings: { source: { port: pty.host } } });
    expect(runs[0].lostSamples).toBe(resumed.lostSamples);
    expect(runs[0].durationSec).toBeGreaterThanOrEqual(1);

    // Remembered for this workstation: the next session preselects it.
    const settings = await value<SettingsView>(client.call('settings.get', {}));
    expect(settings.settings.device).toEqual({ device: 'cyton', source: { port: pty.host } });
    expect(settings.file).toBe(path.join(dataDir, 'settings.json'));

    // The board switched off: the dongle answers for it.
    sim.inject({ name: 'board-off', atSec: 0 });
    const off = await refusalOf(client.call('acquisition.start', { device: 'cyton', sessionId, source: { port: pty.host }, record: false }));
    expect(off).toMatchObject({ code: 'device-unavailable', detail: { reason: 'device-failed', params: { problem: 'board-off', target: pty.host } } });
    // A failed start does not replace the remembered choice.
    expect((await value<SettingsView>(client.call('settings.get', {}))).settings.device).toEqual({ device: 'cyton', source: { port: pty.host } });
  });

  it('names a silent port and a device that sends garbage', { timeout: 30_000 }, async () => {
    const silent = await createPtyPair();
    try {
      const noAnswer = await refusalOf(client.call('acquisition.start', { device: 'cyton', source: { port: silent.host }, record: false }));
      expect(noAnswer).toMatchObject({ detail: { reason: 'device-failed', params: { problem: 'no-answer', target: silent.host } } });
      // Another device's bytes on the port: bytes, but no OpenBCI reply.
      const link = await SerialLink.open(silent.device, 115200);
      const timer = setInterval(() => void link.write(new Uint8Array(64).fill(0x55)).catch(() => undefined), 20);
      try {
        const wrong = await refusalOf(client.call('acquisition.start', { device: 'cyton', source: { port: silent.host }, record: false }));
        expect(wrong).toMatchObject({ detail: { reason: 'device-failed', params: { problem: 'wrong-device', target: silent.host } } });
      } finally {
        clearInterval(timer);
        await link.close();
      }
    } finally {
      await silent.close();
    }
  });
});

describe('settings', () => {
  it('keeps the network scope and publishing, refuses a scope or peer that does not exist', async () => {
    const saved = await value<SettingsView>(client.call('settings.set', { publish: { enabled: true, signal: 'Lab-EEG', markers: 'Lab-Markers', decisions: 'Lab-Decisions' } }));
    expect(saved.settings.network).toEqual(network);
    expect(saved.settings.publish).toEqual({ enabled: true, signal: 'Lab-EEG', markers: 'Lab-Markers', decisions: 'Lab-Decisions' });
    expect(await refusalOf(client.call('settings.set', { network: { scope: 'world', knownPeers: [] } }))).toMatchObject({ code: 'invalid-payload', detail: { reason: 'invalid-field', params: { field: 'network.scope' } } });
    expect(await refusalOf(client.call('settings.set', { network: { scope: 'machine', knownPeers: ['http://lab pc'] } }))).toMatchObject({ code: 'invalid-payload' });
    expect(await refusalOf(client.call('settings.set', { publish: { enabled: true, signal: '', markers: 'M', decisions: 'D' } }))).toMatchObject({ code: 'invalid-payload' });
    // Nothing of the refused calls was stored.
    expect((await value<SettingsView>(client.call('settings.get', {}))).settings.network).toEqual(network);
  });
});

describe('LSL from the app', () => {
  it('publishes the signal and markers (cues included) as outlets bound to this machine, found by discovery and read by an inlet', { timeout: 40_000 }, async () => {
    const sessionId = await newPatientSession(client, 'DEV-002');
    const started = await value<AcquisitionStatus>(client.call('acquisition.start', {
      device: 'synthetic', sessionId, record: false, config: { nChannels: 4, seed: 1 }, publish: { signal: 'NF-Test-EEG', markers: 'NF-Test-Markers', decisions: 'NF-Test-Decisions' },
    }));
    try {
      expect(started.publishing).toEqual({ signal: 'NF-Test-EEG', markers: 'NF-Test-Markers', decisions: 'NF-Test-Decisions', scope: 'machine', knownPeers: [] });
      const found = await value<LslDiscovery>(client.call('devices.discover', { timeoutSec: 1 }));
      expect(found.network).toEqual(network);
      const eeg = found.streams.find((s) => s.name === 'NF-Test-EEG');
      expect(eeg).toMatchObject({ type: 'EEG', channels: 4, sampleRateHz: 250, format: 'float32', address: '127.0.0.1', sourceId: 'neurofeat:synthetic' });
      expect(found.streams.find((s) => s.name === 'NF-Test-Markers')).toMatchObject({ type: 'Markers', format: 'string', sampleRateHz: 0 });

      // Read by an inlet (within the same scope): samples, and a cue sent from the app as a marker.
      const inlet = new LslInletDevice({ stream: 'NF-Test-EEG', markerStream: 'NF-Test-Markers', network, resolveTimeoutMs: 3000 });
      const received: SampleBlock[] = [];
      const markers: DeviceMarker[] = [];
      try {
        const info = await inlet.open();
        expect(info.channels).toHaveLength(4);
        await inlet.start({ samples: (b) => received.push(b), marker: (m) => markers.push(m), status: () => undefined, fault: () => undefined });
        await client.waitFor(() => received.reduce((n, b) => n + b.nSamples, 0) >= 100, 10_000);
        await value(client.call('acquisition.cue', { cue: 'left', sessionId }));
        await client.waitFor(() => markers.length > 0, 10_000);
        expect(markers[0].label).toBe('769');
      } finally {
        await inlet.close();
      }

      // Bound to 127.0.0.1: the data port refuses the machine's own network address.
      const { v4dataPort } = await dataPortOf('NF-Test-EEG');
      expect(await tryConnect('127.0.0.1', v4dataPort)).toBe('connected');
      const external = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
      if (external) expect(await tryConnect(external.address, v4dataPort)).toBe('ECONNREFUSED');
    } finally {
      await value(client.call('acquisition.stop', { sessionId }));
    }
    // Stopped: the outlets are gone.
    const after = await value<LslDiscovery>(client.call('devices.discover', { timeoutSec: 0.6 }));
    expect(after.streams.map((s) => s.name)).not.toContain('NF-Test-EEG');
  });

  it('starts an LSL stream as the session\'s device, and names a stream that does not answer', { timeout: 40_000 }, async () => {
    const outlet = await LslOutlet.open({
      name: 'NF-Test-In', type: 'EEG', channelFormat: 'float32', nominalSrate: 100,
      channels: ['C3', 'Cz', 'C4'].map((label) => ({ label, unit: 'microvolts', type: 'EEG' })), sourceId: 'test:in',
    }, { network });
    let n = 0;
    const pusher = setInterval(() => {
      const values = new Float32Array(3 * 5).map((_, i) => i);
      outlet.pushBlock(values, 5);
      n += 5;
    }, 50);
    const sessionId = await newPatientSession(client, 'DEV-003');
    try {
      client.events.length = 0;
      const started = await value<AcquisitionStatus>(client.call('acquisition.start', { device: 'lsl', sessionId, source: { stream: 'NF-Test-In' } }));
      expect(started).toMatchObject({ state: 'running', device: 'lsl', channels: ['C3', 'Cz', 'C4'], sampleRateHz: 100 });
      await samplesReach(50);
      await value(client.call('acquisition.stop', { sessionId }));
      const runs = await value<Run[]>(client.call('recordings.list', { sessionId }));
      expect(runs[0]).toMatchObject({ device: 'lsl', channels: ['C3', 'Cz', 'C4'], settings: { source: { stream: 'NF-Test-In' } } });
      expect((await value<SettingsView>(client.call('settings.get', {}))).settings.device).toEqual({ device: 'lsl', source: { stream: 'NF-Test-In' } });
    } finally {
      clearInterval(pusher);
      await outlet.close();
    }
    expect(n).toBeGreaterThan(0);
    const notFound = await refusalOf(client.call('acquisition.start', { device: 'lsl', sessionId, source: { stream: 'NF-No-Such-Stream' }, record: false }));
    expect(notFound).toMatchObject({ code: 'device-unavailable', detail: { reason: 'device-failed', params: { problem: 'stream-not-found', target: 'NF-No-Such-Stream' } } });
    expect(notFound.message).toMatch(/this machine only/);
  });
});

describe('RDA from the app', () => {
  it('records a Recorder stand-in into the session: its channels, rate and markers; the host and port remembered', { timeout: 30_000 }, async () => {
    const start = { channelNames: ['Fp1', 'Fp2', 'EOG'], samplingIntervalUs: 2000, resolutions: [0.1, 0.1, 0.5] };
    const clients: net.Socket[] = [];
    let blockNumber = 0;
    const server = net.createServer((socket) => {
      clients.push(socket);
      socket.on('error', () => undefined);
      socket.write(encodeRdaStart(start));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    // 25 points every 50 ms (500 Hz), a stimulus in block 10.
    const timer = setInterval(() => {
      const markers = blockNumber === 10 ? [{ position: 3, points: 1, channel: -1, type: 'Stimulus', description: 'S  7' }] : [];
      for (const c of clients) c.write(encodeRdaData32(blockNumber, 3, new Float32Array(25 * 3).fill(100), markers));
      blockNumber++;
    }, 50);
    const sessionId = await newPatientSession(client, 'DEV-004');
    try {
      client.events.length = 0;
      const started = await value<AcquisitionStatus>(client.call('acquisition.start', { device: 'rda', sessionId, source: { host: '127.0.0.1', rdaPort: port } }));
      expect(started).toMatchObject({ state: 'running', device: 'rda', channels: ['Fp1', 'Fp2', 'EOG'], sampleRateHz: 500 });
      await client.waitFor(() => blockNumber > 14, 10_000);
      await samplesReach(300);
      await value(client.call('acquisition.stop', { sessionId }));
    } finally {
      clearInterval(timer);
      for (const c of clients) c.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    const runs = await value<Run[]>(client.call('recordings.list', { sessionId }));
    expect(runs[0]).toMatchObject({ device: 'rda', channels: ['Fp1', 'Fp2', 'EOG'], sampleRateHz: 500, settings: { source: { host: '127.0.0.1', rdaPort: port } } });
    expect(runs[0].events.map((e) => e.event)).toContain('S  7');
    expect((await value<SettingsView>(client.call('settings.get', {}))).settings.device).toEqual({ device: 'rda', source: { host: '127.0.0.1', rdaPort: port } });
  });

  it('names a Recorder computer that does not answer, and what is missing without a host', async () => {
    const closedPort = await freePort();
    const refused = await refusalOf(client.call('acquisition.start', { device: 'rda', source: { host: '127.0.0.1', rdaPort: closedPort }, record: false }));
    expect(refused).toMatchObject({ code: 'device-unavailable', detail: { reason: 'device-failed', params: { device: 'rda', problem: 'host-unreachable', target: '127.0.0.1' } } });
    expect(await refusalOf(client.call('acquisition.start', { device: 'rda', record: false }))).toMatchObject({ detail: { params: { problem: 'needs-host' } } });
    expect(await refusalOf(client.call('acquisition.start', { device: 'rda', source: { host: 'a host; rm' }, record: false }))).toMatchObject({ code: 'invalid-payload' });
  });
});

/** The data port a stream announces (its full info over the resolver). */
async function dataPortOf(name: string): Promise<{ v4dataPort: number }> {
  const { resolveLslStreams, lslQuery } = await import('../../src-main/engine/network/lsl-resolver.ts');
  const found = await resolveLslStreams(lslQuery('default', 'name', name), { network, timeoutMs: 2000, minimum: 1, graceMs: 100 });
  return { v4dataPort: found[0].info.v4dataPort };
}

function tryConnect(address: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port, timeout: 2000 });
    socket.once('connect', () => { socket.destroy(); resolve('connected'); });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    socket.once('timeout', () => { socket.destroy(); resolve('timeout'); });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
