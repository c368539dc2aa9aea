// The Cyton and Cyton + Daisy drivers against the simulator over a socat pty: samples equal what was sent; faults reported and survived.
import { afterEach, describe, expect, it } from 'vitest';
import { cytonMicrovoltsPerCount } from '../../../src-main/core/devices/cyton.ts';
import { toneRms } from '../../../src-main/core/devices/signal-quality.ts';
import { CytonDevice } from '../../../src-main/engine/devices/cyton-device.ts';
import type { DeviceMarker, DeviceStatus, SampleBlock } from '../../../src-main/engine/devices/device.ts';
import { checkSignal } from '../../../src-main/engine/devices/signal-check.ts';
import { CytonSimulator } from '../../../src-main/engine/devices/simulators/cyton-simulator.ts';
import { OpenEegSimulator } from '../../../src-main/engine/devices/simulators/openeeg-simulator.ts';
import { createPtyPair, type PtyPair } from '../../support/pty-pair.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Capture {
  /** Received EEG values by stream index: channel values (µV). */
  byIndex: Map<number, Float32Array>;
  lost: number;
  markers: DeviceMarker[];
  statuses: DeviceStatus[];
  faults: string[];
  total: number;
}

function capture(nEeg: number, nAll: number): { capture: Capture; listener: Parameters<CytonDevice['start']>[0] } {
  const c: Capture = { byIndex: new Map(), lost: 0, markers: [], statuses: [], faults: [], total: 0 };
  let index = 0;
  return {
    capture: c,
    listener: {
      samples(block: SampleBlock) {
        index += block.lostBefore;
        c.lost += block.lostBefore;
        for (let i = 0; i < block.nSamples; i++) {
          const v = new Float32Array(nEeg);
          for (let ch = 0; ch < nEeg; ch++) v[ch] = block.samples[ch * block.nSamples + i];
          c.byIndex.set(index + i, v);
        }
        expect(block.samples.length).toBe(nAll * block.nSamples);
        index += block.nSamples;
        c.total = index;
      },
      marker: (m) => c.markers.push(m),
      status: (s) => c.statuses.push(s),
      fault: (f) => c.faults.push(f),
    },
  };
}

/** Every sample the driver received equals, to the float, what the simulator sent at that index. */
function expectFaithful(sim: CytonSimulator, got: Capture, gains: number[]): number {
  let compared = 0;
  for (const sent of sim.sent) {
    const received = got.byIndex.get(sent.index);
    if (!received || sent.counts.length === 0) continue;
    for (let ch = 0; ch < gains.length; ch++) expect(received[ch]).toBe(Math.fround(sent.counts[ch] * cytonMicrovoltsPerCount(gains[ch])));
    compared++;
  }
  return compared;
}

let pty: PtyPair | null = null;
let sim: CytonSimulator | null = null;
let device: CytonDevice | null = null;
afterEach(async () => {
  await device?.close();
  await sim?.close();
  await pty?.close();
  device = null; sim = null; pty = null;
});

describe('Cyton over a pty', () => {
  it('handshakes, sends channel settings with tracked gains, and streams exactly what the simulator sent', { timeout: 20000 }, async () => {
    pty = await createPtyPair();
    sim = new CytonSimulator({ daisy: false, keepSent: true });
    await sim.listen(pty.device);
    device = new CytonDevice({ port: pty.host, daisy: false, channelSettings: [{ gain: 8 }, {}, { gain: 2 }] });
    const info = await device.open();
    expect(info.sampleRateHz).toBe(250);
    expect(info.channels).toEqual(['Ch1', 'Ch2', 'Ch3', 'Ch4', 'Ch5', 'Ch6', 'Ch7', 'Ch8', 'AccX', 'AccY', 'AccZ']);
    expect(device.gains).toEqual([8, 24, 2, 24, 24, 24, 24, 24]);
    expect(device.firmware).toBe('v3.1.2');
    const { capture: got, listener } = capture(8, 11);
    await device.start(listener);
    await sleep(1500);
    await device.stop();
    expect(got.lost).toBe(0);
    expect(got.faults).toEqual([]);
    expect(expectFaithful(sim, got, device.gains)).toBeGreaterThan(125);
  });

  it('reports each stream fault (dropped bytes, bad stop byte, counter gap, garbage) and keeps streaming', { timeout: 20000 }, async () => {
    pty = await createPtyPair();
    sim = new CytonSimulator({ daisy: false, keepSent: true });
    await sim.listen(pty.device);
    device = new CytonDevice({ port: pty.host, daisy: false });
    await device.open();
    const { capture: got, listener } = capture(8, 11);
    await device.start(listener);
    await sleep(300);
    sim.inject({ name: 'drop-bytes', atSec: 0, arg: 7 });
    await sleep(200);
    sim.inject({ name: 'bad-stop', atSec: 0 });
    await sleep(200);
    sim.inject({ name: 'counter-gap', atSec: 0, arg: 4 });
    await sleep(200);
    sim.inject({ name: 'garbage', atSec: 0, arg: 50 });
    const afterFaults = sim.sent.length;
    await sleep(400);
    const stats = device.decoderStats;
    await device.stop();
    expect(got.lost).toBe(1 + 1 + 4);
    expect(stats?.lostPackets).toBe(6);
    expect(stats?.resyncs).toBeGreaterThanOrEqual(3);
    expect(got.statuses.filter((s) => s.kind === 'lost').length).toBe(3);
    expect(got.statuses.filter((s) => s.kind === 'resynchronised').length).toBe(stats?.resyncs);
    expect(got.faults).toEqual([]);
    expect(expectFaithful(sim, got, device.gains)).toBeGreaterThan(100);
    // Samples sent after the faults still arrive.
    expect(Math.max(...got.byIndex.keys())).toBeGreaterThan(afterFaults);
  });

  it('passes markers from marker mode at the sample they were sent with', { timeout: 20000 }, async () => {
    pty = await createPtyPair();
    sim = new CytonSimulator({ daisy: false, keepSent: true });
    await sim.listen(pty.device);
    device = new CytonDevice({ port: pty.host, daisy: false, markerMode: true });
    await device.open();
    const { capture: got, listener } = capture(8, 11);
    await device.start(listener);
    await sleep(200);
    await device.insertMarker('L');
    await sleep(200);
    await device.insertMarker('R');
    await sleep(200);
    await device.stop();
    expect(got.markers.map((m) => m.label)).toEqual(['L', 'R']);
    expect(got.markers.map((m) => m.sampleIndex)).toEqual(sim.sentMarkers.map((m) => m.index));
  });

  it('a stream held up for 0.8 s is reported stalled, then resumes untouched: no reset, nothing lost', { timeout: 20000 }, async () => {
    pty = await createPtyPair();
    sim = new CytonSimulator({ daisy: false, keepSent: true });
    await sim.listen(pty.device);
    device = new CytonDevice({ port: pty.host, daisy: false, retryMs: 1000 });
    await device.open();
    const { capture: got, listener } = capture(8, 11);
    await device.start(listener);
    await sleep(400);
    const pausedAt = Date.now();
    sim.inject({ name: 'pause', atSec: 0, arg: 0.8 });
    while (!got.statuses.some((s) => s.kind === 'resumed') && Date.now() - pausedAt < 5000) await sleep(20);
    await sleep(300);
    await device.stop();
    expect(got.statuses.map((s) => s.kind)).toEqual(['stalled', 'resumed']);
    expect(got.lost).toBe(0);
    expect(expectFaithful(sim, got, new Array<number>(8).fill(24))).toBe(got.total);
    expect(got.total).toBeGreaterThan(250 * 1.4);
  });

  it('reports a silent (unplugged) board as stalled, reconnects when it is back, and counts the gap as lost', { timeout: 20000 }, async () => {
    pty = await createPtyPair();
    sim = new CytonSimulator({ daisy: false, keepSent: true });
    await sim.listen(pty.device);
    device = new CytonDevice({ port: pty.host, daisy: false, retryMs: 200 });
    await device.open();
    const { capture: got, listener } = capture(8, 11);
    await device.start(listener);
    await sleep(400);
    const silentAt = Date.now();
    sim.inject({ name: 'unplug', atSec: 0, arg: 1.5 });
    // (How fast silence is reported is a bench figure, not asserted here.)
    while (!got.statuses.some((s) => s.kind === 'resumed') && Date.now() - silentAt < 10000) await sleep(20);
    const kinds = got.statuses.map((s) => s.kind).filter((k) => k !== 'lost');
    expect(kinds[0]).toBe('stalled');
    expect(kinds).toContain('reconnecting');
    expect(kinds.at(-1)).toBe('resumed');
    expect(got.statuses[0].message).toMatch(/cyton on .*: no data for \d+ ms/);
    const before = got.total;
    await sleep(400);
    await device.stop();
    expect(got.total).toBeGreaterThan(before + 20);
    // The board was silent for 1.5 s: at least that much is counted lost (from the wall clock), reconnection adds to it.
    expect(got.lost).toBeGreaterThanOrEqual(Math.floor(250 * 1.5) - 2);
    expect(got.faults).toEqual([]);
  });

  it('survives a reset mid-stream and a port that vanishes and comes back', { timeout: 25000 }, async () => {
    pty = await createPtyPair();
    sim = new CytonSimulator({ daisy: false });
    await sim.listen(pty.device);
    device = new CytonDevice({ port: pty.host, daisy: false, retryMs: 200 });
    await device.open();
    const { capture: got, listener } = capture(8, 11);
    await device.start(listener);
    await sleep(300);
    sim.inject({ name: 'reset', atSec: 0 });
    const t0 = Date.now();
    while (got.statuses.filter((s) => s.kind === 'resumed').length < 1 && Date.now() - t0 < 6000) await sleep(20);
    expect(got.statuses.filter((s) => s.kind === 'resumed').length).toBe(1);
    // The dongle is pulled out: the port disappears, then comes back.
    await sim.close();
    await pty.kill();
    await sleep(600);
    await pty.restart();
    sim = new CytonSimulator({ daisy: false });
    await sim.listen(pty.device);
    const t1 = Date.now();
    while (got.statuses.filter((s) => s.kind === 'resumed').length < 2 && Date.now() - t1 < 8000) await sleep(20);
    expect(got.statuses.filter((s) => s.kind === 'resumed').length).toBe(2);
    const before = got.total;
    await sleep(300);
    expect(got.total).toBeGreaterThan(before + 10);
    expect(got.faults).toEqual([]);
  });

  it('refuses a board that is off, a missing Daisy, a silent port and a garbage stream with clear messages', { timeout: 30000 }, async () => {
    pty = await createPtyPair();
    sim = new CytonSimulator({ daisy: false });
    await sim.listen(pty.device);
    sim.inject({ name: 'board-off', atSec: 0 });
    await expect(new CytonDevice({ port: pty.host, daisy: false }).open()).rejects.toThrow(/answered but the Cyton board did not/);
    sim.inject({ name: 'board-on', atSec: 0 });
    await expect(new CytonDevice({ port: pty.host, daisy: true }).open()).rejects.toThrow(/no Daisy found/);
    sim.inject({ name: 'slow', atSec: 0, arg: 1200 });
    device = new CytonDevice({ port: pty.host, daisy: false });
    expect((await device.open()).sampleRateHz).toBe(250);
    await device.close();
    await sim.close();
    sim = null;
    await expect(new CytonDevice({ port: pty.host, daisy: false, replyTimeoutMs: 800 }).open()).rejects.toThrow(/no reply from .* to the soft reset/);
    await expect(new CytonDevice({ port: `${pty.dir}/nothing`, daisy: false }).open()).rejects.toThrow(/does not exist/);
    // Another amplifier on the port: bytes, but never an OpenBCI reply.
    const other = new OpenEegSimulator({ protocol: 'p2' });
    await other.listen(pty.device);
    try {
      await expect(new CytonDevice({ port: pty.host, daisy: false, replyTimeoutMs: 800 }).open()).rejects.toThrow(/sent \d+ bytes but no OpenBCI reply .* wrong device, or wrong baud rate/);
    } finally {
      await other.close();
    }
  });
});

describe('Cyton + Daisy over a pty', () => {
  it('detects the Daisy and delivers 16 channels at 125 Hz equal to what was sent, with losses counted', { timeout: 20000 }, async () => {
    pty = await createPtyPair();
    sim = new CytonSimulator({ daisy: true, keepSent: true });
    await sim.listen(pty.device);
    device = new CytonDevice({ port: pty.host, daisy: true, channelSettings: [...new Array(9).fill({}), { gain: 12 }] });
    const info = await device.open();
    expect(info.sampleRateHz).toBe(125);
    expect(info.channels.length).toBe(19);
    const { capture: got, listener } = capture(16, 19);
    await device.start(listener);
    await sleep(800);
    sim.inject({ name: 'counter-gap', atSec: 0, arg: 3 });
    await sleep(700);
    await device.stop();
    expect(got.lost).toBe(2);
    expect(expectFaithful(sim, got, device.gains)).toBeGreaterThan(60);
  });

  it('streams 8 channels at 250 Hz from a board with a Daisy when the 8-channel Cyton is chosen', { timeout: 20000 }, async () => {
    pty = await createPtyPair();
    sim = new CytonSimulator({ daisy: true, keepSent: true });
    await sim.listen(pty.device);
    device = new CytonDevice({ port: pty.host, daisy: false });
    const info = await device.open();
    expect(info.sampleRateHz).toBe(250);
    expect(info.channels.length).toBe(11);
    const { capture: got, listener } = capture(8, 11);
    await device.start(listener);
    await sleep(800);
    await device.stop();
    expect(got.lost).toBe(0);
    expect(expectFaithful(sim, got, device.gains)).toBeGreaterThan(60);
  });

  it('a signal check finds the powered-down channel flat and the others good', { timeout: 20000 }, async () => {
    pty = await createPtyPair();
    sim = new CytonSimulator({ daisy: true });
    await sim.listen(pty.device);
    device = new CytonDevice({ port: pty.host, daisy: true, channelSettings: [{}, {}, {}, {}, { powerDown: true }] });
    const info = await device.open();
    const quality = await checkSignal(device, info, 2);
    expect(quality.map((q) => q.label)).toEqual(info.channels.slice(0, 16));
    expect(quality.filter((q) => !q.go).map((q) => [q.label, q.problems])).toEqual([['Ch5', ['flat']]]);
  });

  it('measures impedance channel by channel and restores the settings', { timeout: 30000 }, async () => {
    pty = await createPtyPair();
    const impedanceOhms = [3000, 12000, 47000, 8000, 5000, 5000, 5000, 5000];
    sim = new CytonSimulator({ daisy: false, impedanceOhms });
    await sim.listen(pty.device);
    device = new CytonDevice({ port: pty.host, daisy: false, channelSettings: [{}, { gain: 24 }, {}] });
    await device.open();
    const result = await device.measureImpedance([1, 2, 3], 0.5, 1);
    expect(result.map((r) => r.channel)).toEqual([1, 2, 3]);
    for (const r of result) expect(Math.abs(r.kOhm * 1000 - impedanceOhms[r.channel - 1])).toBeLessThan(800 + 0.03 * impedanceOhms[r.channel - 1]);
    expect(sim.leadOffChannels).toEqual([]);
    expect(sim.channelSettings[1]).toEqual({ powerDown: false, gain: 24, input: 0, bias: true, srb2: true, srb1: false });
    // Afterwards no lead-off tone remains on channel 3 (it was 295 µV).
    const { capture: got, listener } = capture(8, 11);
    await device.start(listener);
    await sleep(1200);
    await device.stop();
    const ch3 = Float64Array.from([...got.byIndex.values()].map((v) => v[2]));
    expect(ch3.length).toBeGreaterThan(100);
    expect(toneRms(ch3, 31.25, 250)).toBeLessThan(5);
  });
});
