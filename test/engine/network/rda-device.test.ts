// An RDA simulator on 127.0.0.1 (a Recorder stand-in) to our RDA device: setup, scaled samples, markers, lost blocks, stop, reconnection, garbage.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeRdaData32, encodeRdaStart, encodeRdaStop, type RdaMarker } from '../../../src-main/core/network/rda.ts';
import type { DeviceMarker, DeviceStatus, SampleBlock } from '../../../src-main/engine/devices/device.ts';
import { createNetworkDevice } from '../../../src-main/engine/network/network-devices.ts';
import { RdaDevice } from '../../../src-main/engine/network/rda-device.ts';
import { waitFor } from '../../support/wait-for.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const START = { channelNames: ['Fp1', 'Fp2', 'EOG'], samplingIntervalUs: 2000, resolutions: [0.1, 0.1, 0.5] };

/** A Recorder stand-in: sends the start message to every client, then what the test hands it. */
async function simulator(): Promise<{ port: number; clients: net.Socket[]; send: (bytes: Uint8Array) => void }> {
  const clients: net.Socket[] = [];
  const server = net.createServer((socket) => {
    clients.push(socket);
    socket.on('error', () => undefined);
    socket.write(encodeRdaStart(START));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise<void>((resolve) => {
    for (const c of clients) c.destroy();
    server.close(() => resolve());
  }));
  return { port: (server.address() as net.AddressInfo).port, clients, send: (bytes) => clients.at(-1)?.write(bytes) };
}

/** Block `b` of `points` samples: channel c of point i holds 10 * (b * points + i) + c (in resolution units). */
function block(b: number, points: number, markers: RdaMarker[] = []): Uint8Array {
  const values = new Float32Array(points * 3);
  for (let i = 0; i < points; i++) for (let c = 0; c < 3; c++) values[i * 3 + c] = 10 * (b * points + i) + c;
  return encodeRdaData32(b, 3, values, markers);
}

describe('RDA device against a Recorder simulator', () => {
  it('opens with the start message, streams µV, places markers, counts a skipped block, survives stop and a dropped connection', async () => {
    const sim = await simulator();
    const device = createNetworkDevice(`rda:127.0.0.1:${sim.port}`) as RdaDevice;
    expect(device).toBeInstanceOf(RdaDevice);
    expect(device.id).toBe(`rda:127.0.0.1:${sim.port}`);
    cleanup.push(() => device.close());
    const info = await device.open();
    expect(info).toMatchObject({ channels: ['Fp1', 'Fp2', 'EOG'], sampleRateHz: 500 });
    const blocks: SampleBlock[] = [];
    const markers: DeviceMarker[] = [];
    const statuses: DeviceStatus[] = [];
    const faults: string[] = [];
    await device.start({ samples: (b) => blocks.push(b), marker: (m) => markers.push(m), status: (s) => statuses.push(s), fault: (m) => faults.push(m) });
    sim.send(block(0, 10));
    sim.send(block(1, 10, [{ position: 4, points: 1, channel: -1, type: 'Stimulus', description: 'S  1' }, { position: 9, points: 5, channel: -1, type: 'Comment', description: '' }]));
    sim.send(block(3, 10)); // block 2 never came
    await waitFor('3 blocks', () => blocks.length === 3);
    expect(blocks.map((b) => [b.nSamples, b.lostBefore])).toEqual([[10, 0], [10, 0], [10, 10]]);
    // Fp1 of the first block: 0, 10, 20 ... resolution 0.1 µV -> 0, 1, 2 ...; EOG at 0.5 µV: (10 k + 2) * 0.5
    Array.from(blocks[0].samples.subarray(0, 10)).forEach((v, i) => expect(v).toBeCloseTo(i, 4));
    Array.from(blocks[2].samples.subarray(20, 30)).forEach((v, i) => expect(v).toBeCloseTo((10 * (30 + i) + 2) * 0.5, 3));
    expect(markers).toEqual([{ sampleIndex: 14, label: 'S  1', durationSec: 0 }, { sampleIndex: 19, label: 'Comment', durationSec: 0.01 }]);
    sim.send(encodeRdaStop());
    await waitFor('the stop status', () => statuses.some((s) => s.kind === 'info' && /stopped/.test(s.message)));
    sim.clients[0].destroy();
    await waitFor('reconnecting', () => statuses.some((s) => s.kind === 'reconnecting'));
    await waitFor('resumed', () => statuses.some((s) => s.kind === 'resumed'), 5000);
    await waitFor('the new client', () => sim.clients.length === 2);
    sim.send(block(0, 10));
    await waitFor('a block after the reconnection', () => blocks.length === 4);
    expect(blocks[3].nSamples).toBe(10);
    expect(faults).toEqual([]);
  }, 15_000);

  it('faults with a message when the peer sends something that is not RDA, and refuses malformed ids', async () => {
    const sim = await simulator();
    const device = new RdaDevice({ host: '127.0.0.1', port: sim.port });
    cleanup.push(() => device.close());
    await device.open();
    const faults: string[] = [];
    await device.start({ samples: () => undefined, marker: () => undefined, status: () => undefined, fault: (m) => faults.push(m) });
    sim.send(new TextEncoder().encode('HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n'));
    await waitFor('the fault', () => faults.length === 1);
    expect(faults[0]).toMatch(/malformed data.*RDA GUID.*disconnected/);
    const sixteen = await simulator();
    const int16 = new RdaDevice({ host: '127.0.0.1', port: sixteen.port });
    cleanup.push(() => int16.close());
    await int16.open();
    const int16Faults: string[] = [];
    await int16.start({ samples: () => undefined, marker: () => undefined, status: () => undefined, fault: (m) => int16Faults.push(m) });
    const block16 = encodeRdaStop();
    new DataView(block16.buffer).setUint32(20, 2, true); // a (header-only) 16-bit data block
    sixteen.send(block16);
    await waitFor('the 16-bit fault', () => int16Faults.length === 1);
    expect(int16Faults[0]).toMatch(/16-bit blocks; connect to the 32-bit float port 51244/);
    expect(() => createNetworkDevice('rda:')).toThrow(/expected rda:HOST/);
    expect(() => createNetworkDevice('rda:host:99999')).toThrow(/port 99999/);
    expect(() => createNetworkDevice('lsl:')).toThrow(/expected lsl:NAME/);
    expect(() => createNetworkDevice('lsl:EEG;color=red')).toThrow(/unknown parameter 'color=red'/);
    expect(createNetworkDevice('lsl:EEG;markers=Cues')?.id).toBe('lsl:EEG;markers=Cues');
    expect(createNetworkDevice('synthetic')).toBeNull();
  });

  it('fails to open with a clear message when nothing listens or no start message comes', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(new RdaDevice({ host: '127.0.0.1', port }).open()).rejects.toThrow(/ECONNREFUSED/);
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const sockets: net.Socket[] = [];
    silent.on('connection', (s) => sockets.push(s));
    cleanup.push(() => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      silent.close(() => resolve());
    }));
    const device = new RdaDevice({ host: '127.0.0.1', port: (silent.address() as net.AddressInfo).port, openTimeoutMs: 300 });
    await expect(device.open()).rejects.toThrow(/no start message within 0.3 s/);
  });
});
