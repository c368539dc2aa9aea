// The Unicorn and ModularEEG drivers against their simulators over a socat pty: samples equal what was sent; faults survived.
import { afterEach, describe, expect, it } from 'vitest';
import { UNICORN_EEG_UV_PER_COUNT } from '../../../src-main/core/devices/unicorn.ts';
import type { DeviceListener, DeviceStatus } from '../../../src-main/engine/devices/device.ts';
import { OpenEegDevice } from '../../../src-main/engine/devices/openeeg-device.ts';
import type { SerialDevice } from '../../../src-main/engine/devices/serial-device.ts';
import { OpenEegSimulator } from '../../../src-main/engine/devices/simulators/openeeg-simulator.ts';
import type { SerialSimulator } from '../../../src-main/engine/devices/simulators/serial-simulator.ts';
import { UnicornSimulator } from '../../../src-main/engine/devices/simulators/unicorn-simulator.ts';
import { UnicornDevice } from '../../../src-main/engine/devices/unicorn-device.ts';
import { createPtyPair, type PtyPair } from '../../support/pty-pair.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function collector(nChannels: number, firstIndex = 0) {
  const byIndex = new Map<number, Float32Array>();
  const statuses: DeviceStatus[] = [];
  const faults: string[] = [];
  let index = firstIndex;
  let lost = 0;
  const listener: DeviceListener = {
    samples(block) {
      index += block.lostBefore;
      lost += block.lostBefore;
      for (let i = 0; i < block.nSamples; i++) byIndex.set(index + i, Float32Array.from({ length: nChannels }, (_, ch) => block.samples[ch * block.nSamples + i]));
      index += block.nSamples;
    },
    marker: () => undefined,
    status: (s) => statuses.push(s),
    fault: (f) => faults.push(f),
  };
  return { listener, byIndex, statuses, faults, lost: () => lost };
}

let pty: PtyPair | null = null;
let sim: SerialSimulator | null = null;
let device: SerialDevice | null = null;
afterEach(async () => {
  await device?.close();
  await sim?.close();
  await pty?.close();
  device = null; sim = null; pty = null;
});

describe('Unicorn over a pty', () => {
  it('start is acknowledged, frames arrive equal to what was sent, counter gaps and bad frames are counted', { timeout: 20000 }, async () => {
    pty = await createPtyPair();
    const unicorn = new UnicornSimulator({ keepSent: true });
    sim = unicorn;
    await unicorn.listen(pty.device);
    device = new UnicornDevice({ port: pty.host });
    const info = await device.open();
    expect(info.channels).toEqual(['Fz', 'C3', 'Cz', 'C4', 'Pz', 'PO7', 'Oz', 'PO8', 'AccX', 'AccY', 'AccZ', 'GyrX', 'GyrY', 'GyrZ', 'Battery', 'Counter']);
    const got = collector(16);
    await device.start(got.listener);
    await sleep(500);
    unicorn.inject({ name: 'counter-gap', atSec: 0, arg: 3 });
    await sleep(200);
    unicorn.inject({ name: 'bad-stop', atSec: 0 });
    await sleep(200);
    unicorn.inject({ name: 'drop-bytes', atSec: 0, arg: 4 });
    await sleep(400);
    await device.stop();
    expect(got.lost()).toBe(5);
    expect(got.faults).toEqual([]);
    let compared = 0;
    for (const sent of unicorn.sent) {
      const received = got.byIndex.get(sent.index);
      if (!received || sent.counts.length === 0) continue;
      for (let ch = 0; ch < 8; ch++) expect(received[ch]).toBe(Math.fround(sent.counts[ch] * UNICORN_EEG_UV_PER_COUNT));
      expect(received[15]).toBe(sent.index);
      expect(received[10]).toBe(1);
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('an unplugged Unicorn is reported stalled and streams again when it is back', { timeout: 20000 }, async () => {
    pty = await createPtyPair();
    const unicorn = new UnicornSimulator();
    sim = unicorn;
    await unicorn.listen(pty.device);
    device = new UnicornDevice({ port: pty.host, retryMs: 200 });
    await device.open();
    const got = collector(16);
    await device.start(got.listener);
    await sleep(300);
    const at = Date.now();
    unicorn.inject({ name: 'unplug', atSec: 0, arg: 1 });
    while (!got.statuses.some((s) => s.kind === 'resumed') && Date.now() - at < 10000) await sleep(20);
    const kinds = got.statuses.map((s) => s.kind).filter((k) => k !== 'lost');
    expect(kinds[0]).toBe('stalled');
    expect(kinds.at(-1)).toBe('resumed');
    const count = got.byIndex.size;
    await sleep(300);
    await device.stop();
    expect(got.byIndex.size).toBeGreaterThan(count + 10);
    expect(got.lost()).toBeGreaterThanOrEqual(250 - 2);
    expect(got.faults).toEqual([]);
  });

  it('says clearly when nothing acknowledges start', { timeout: 20000 }, async () => {
    pty = await createPtyPair();
    const unicorn = new UnicornSimulator();
    sim = unicorn;
    await unicorn.listen(pty.device);
    unicorn.inject({ name: 'board-off', atSec: 0 });
    device = new UnicornDevice({ port: pty.host, replyTimeoutMs: 600 });
    await device.open();
    await expect(device.start(collector(16).listener)).rejects.toThrow(/no acknowledgement from the Unicorn/);
  });
});

describe('OpenEEG ModularEEG over a pty', () => {
  for (const protocol of ['p2', 'p3'] as const) {
    it(`${protocol.toUpperCase()}: free-running packets equal to what was sent, faults counted`, { timeout: 20000 }, async () => {
      pty = await createPtyPair();
      const modular = new OpenEegSimulator({ protocol, keepSent: true });
      sim = modular;
      await modular.listen(pty.device);
      device = new OpenEegDevice({ port: pty.host, protocol, retryMs: 200 });
      const info = await device.open();
      expect(info.sampleRateHz).toBe(256);
      const got = collector(6);
      await device.start(got.listener);
      await sleep(400);
      modular.inject({ name: 'counter-gap', atSec: 0, arg: 2 });
      await sleep(200);
      modular.inject({ name: 'bad-stop', atSec: 0 });
      await sleep(300);
      await device.stop();
      expect(got.lost()).toBe(3);
      // Indices: the stream index of the first sample received is the simulator's counter at that time.
      const offsets = new Set<number>();
      let compared = 0;
      const sentBy = new Map(modular.sent.map((s) => [s.index, s.counts]));
      const firstSent = [...got.byIndex.entries()][0];
      for (const [index, counts] of sentBy) {
        if (counts.length > 0 && counts.every((c, ch) => Math.fround((c - 512) * 0.5) === firstSent[1][ch])) offsets.add(index - firstSent[0]);
      }
      expect(offsets.size).toBe(1);
      const offset = [...offsets][0];
      for (const [index, values] of got.byIndex) {
        const counts = sentBy.get(index + offset);
        if (!counts || counts.length === 0) continue;
        expect(Array.from(values)).toEqual(Array.from(counts, (c) => Math.fround((c - 512) * 0.5)));
        compared++;
      }
      expect(compared).toBeGreaterThan(60);
      expect(got.faults).toEqual([]);
    });
  }

  it('refuses a port where no packet of the chosen protocol arrives', { timeout: 20000 }, async () => {
    pty = await createPtyPair();
    const modular = new OpenEegSimulator({ protocol: 'p3' });
    sim = modular;
    await modular.listen(pty.device);
    await expect(new OpenEegDevice({ port: pty.host, protocol: 'p2', replyTimeoutMs: 600 }).open()).rejects.toThrow(/bytes arrived but no P2 packet/);
  });
});
