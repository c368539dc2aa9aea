// Our LSL outlet to our inlet on 127.0.0.1: every channel format in protocols 1.10 and 1.00, time stamps, markers, a dropped connection, hostile peers.
import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { lslTestPattern, encodeSamples110 } from '../../../src-main/core/network/lsl-samples.ts';
import { encodeFeedResponse110 } from '../../../src-main/core/network/lsl-messages.ts';
import { lslChannels, parseStreamInfo, streamInfoXml, type LslChannelFormat } from '../../../src-main/core/network/lsl-stream-info.ts';
import type { DeviceMarker, SampleBlock } from '../../../src-main/engine/devices/device.ts';
import { LslInletDevice } from '../../../src-main/engine/network/lsl-device.ts';
import { LslInlet, type LslChunk } from '../../../src-main/engine/network/lsl-inlet.ts';
import { lslClock } from '../../../src-main/engine/network/lsl-network.ts';
import { LslOutlet, type LslOutletSpec } from '../../../src-main/engine/network/lsl-outlet.ts';
import { LslPublisher, openDecisionOutlet } from '../../../src-main/engine/network/lsl-publisher.ts';
import { lslQuery, resolveLslStreams } from '../../../src-main/engine/network/lsl-resolver.ts';
import { waitFor } from '../../support/wait-for.ts';

/** Ports away from LSL's own (16571...), so that a real LSL program on this machine is neither seen nor disturbed. */
const network = { scope: 'machine' as const, multicastPort: 26571, basePort: 26572, portRange: 24 };
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function openOutlet(spec: LslOutletSpec): Promise<LslOutlet> {
  const outlet = await LslOutlet.open(spec, { network });
  cleanup.push(() => outlet.close());
  return outlet;
}

async function connectInlet(name: string, protocol: 100 | 110, chunks: LslChunk[], faults: string[] = []): Promise<LslInlet> {
  const found = await resolveLslStreams(lslQuery('default', 'name', name), { network, timeoutMs: 3000, minimum: 1 });
  expect(found).toHaveLength(1);
  expect(found[0].address).toBe('127.0.0.1');
  const inlet = new LslInlet(found[0], { network, protocol });
  cleanup.push(() => inlet.close());
  await inlet.open();
  await inlet.start({ chunk: (c) => chunks.push(c), status: () => undefined, fault: (m) => faults.push(m) });
  return inlet;
}

const channels = [{ label: 'C3', unit: 'microvolts', type: 'EEG' }, { label: 'Cz', unit: 'microvolts', type: 'EEG' }, { label: 'C4', unit: 'microvolts', type: 'EEG' }];
const numericFormats: LslChannelFormat[] = ['float32', 'double64', 'int8', 'int16', 'int32', 'int64'];

describe('LSL outlet to inlet on loopback', () => {
  for (const protocol of [110, 100] as const) {
    for (const format of numericFormats) {
      it(`${format}, protocol ${protocol}: values, labels, transmitted and deduced time stamps`, async () => {
        const name = `nf-${format}-${protocol}`;
        const outlet = await openOutlet({ name, type: 'EEG', channelFormat: format, nominalSrate: 100, channels, sourceId: `src-${name}` });
        const chunks: LslChunk[] = [];
        const inlet = await connectInlet(name, protocol, chunks);
        expect(lslChannels(inlet.info)).toEqual(channels);
        expect(Math.abs(inlet.correction)).toBeLessThan(0.01);
        await waitFor('the consumer', () => outlet.consumerCount === 1);
        const t0 = lslClock();
        // channel-major: channel 0 = 1..5, channel 1 = -1..-5, channel 2 = 100..104 (fits int8)
        const block = [1, 2, 3, 4, 5, -1, -2, -3, -4, -5, 100, 101, 102, 103, 104];
        outlet.pushBlock(block, 5, t0);
        outlet.pushSamples([{ timestamp: t0 + 1, values: [-128 + (format === 'int8' ? 0 : -1000), 0, 127] }]);
        await waitFor('6 samples', () => chunks.reduce((n, c) => n + c.nSamples, 0) === 6);
        const values = chunks.flatMap((c) => Array.from(c.values as Float64Array));
        const expected = [1, -1, 100, 2, -2, 101, 3, -3, 102, 4, -4, 103, 5, -5, 104, format === 'int8' ? -128 : -1128, 0, 127];
        expect(values).toEqual(expected);
        const stamps = chunks.flatMap((c) => Array.from(c.timestamps)).map((t) => t - inlet.correction);
        const pushed = [t0, t0 + 0.01, t0 + 0.02, t0 + 0.03, t0 + 0.04, t0 + 1];
        stamps.forEach((t, i) => expect(t).toBeCloseTo(pushed[i], 9));
        expect(chunks.every((c) => c.lostBefore === 0)).toBe(true);
      });
    }

    it(`string (markers), protocol ${protocol}: short, long and non-ASCII strings with their time stamps`, async () => {
      const name = `nf-string-${protocol}`;
      const outlet = await openOutlet({ name, type: 'Markers', channelFormat: 'string', nominalSrate: 0, channels: [{ label: 'Marker', unit: '', type: 'Marker' }, { label: 'Note', unit: '', type: '' }] });
      const chunks: LslChunk[] = [];
      const inlet = await connectInlet(name, protocol, chunks);
      await waitFor('the consumer', () => outlet.consumerCount === 1);
      const long = 'é'.repeat(400);
      outlet.pushSamples([{ timestamp: 50.5, values: ['left', ''] }, { timestamp: 51.25, values: ['right', long] }]);
      await waitFor('2 markers', () => chunks.reduce((n, c) => n + c.nSamples, 0) === 2);
      expect(chunks.flatMap((c) => c.strings as string[])).toEqual(['left', '', 'right', long]);
      const stamps = chunks.flatMap((c) => Array.from(c.timestamps)).map((t) => t - inlet.correction);
      expect(stamps[0]).toBeCloseTo(50.5, 9);
      expect(stamps[1]).toBeCloseTo(51.25, 9);
    });
  }

  it('lists streams with name, type, channels, rate, format and host; a query narrows them', async () => {
    await openOutlet({ name: 'nf-list-a', type: 'EEG', channelFormat: 'float32', nominalSrate: 250, channels });
    await openOutlet({ name: 'nf-list-b', type: 'Markers', channelFormat: 'string', nominalSrate: 0, channels: [channels[0]] });
    const all = await resolveLslStreams(lslQuery('default'), { network, timeoutMs: 1500 });
    const mine = all.filter((s) => s.info.name.startsWith('nf-list-')).map((s) => [s.info.name, s.info.type, s.info.channelCount, s.info.nominalSrate, s.info.channelFormat]).sort();
    expect(mine).toEqual([['nf-list-a', 'EEG', 3, 250, 'float32'], ['nf-list-b', 'Markers', 1, 0, 'string']]);
    const eeg = await resolveLslStreams("session_id='default' and type='EEG' and starts-with(name, 'nf-list')", { network, timeoutMs: 1500 });
    expect(eeg.map((s) => s.info.name)).toEqual(['nf-list-a']);
  });

  it('as a device: EEG in µV with an LSL marker stream placed on the right samples', async () => {
    const eeg = await openOutlet({ name: 'nf-dev-eeg', type: 'EEG', channelFormat: 'float32', nominalSrate: 100, channels: [{ label: 'C3', unit: 'mV', type: 'EEG' }, { label: 'C4', unit: 'microvolts', type: 'EEG' }] });
    const markers = await openOutlet({ name: 'nf-dev-markers', type: 'Markers', channelFormat: 'string', nominalSrate: 0, channels: [{ label: 'm', unit: '', type: '' }] });
    const device = new LslInletDevice({ stream: 'nf-dev-eeg', markerStream: 'nf-dev-markers', network, resolveTimeoutMs: 3000 });
    cleanup.push(() => device.close());
    const info = await device.open();
    expect(info.channels).toEqual(['C3', 'C4']);
    expect(info.sampleRateHz).toBe(100);
    expect(info.description).toContain("LSL stream 'nf-dev-eeg'");
    const blocks: SampleBlock[] = [];
    const got: DeviceMarker[] = [];
    await device.start({ samples: (b) => blocks.push(b), marker: (m) => got.push(m), status: () => undefined, fault: (m) => { throw new Error(m); } });
    await waitFor('consumers', () => eeg.consumerCount === 1 && markers.consumerCount === 1);
    const t0 = lslClock();
    for (let k = 0; k < 40; k += 10) {
      const block = new Float32Array(20);
      for (let i = 0; i < 10; i++) {
        block[i] = 0.001 * (k + i); // mV
        block[10 + i] = k + i; // µV
      }
      eeg.pushBlock(block, 10, t0 + k / 100);
      await new Promise((r) => setTimeout(r, 20));
    }
    markers.pushSamples([{ timestamp: t0 + 0.25, values: ['left'] }, { timestamp: t0 + 0.37, values: ['right'] }]);
    await waitFor('markers', () => got.length === 2);
    expect(got).toEqual([{ sampleIndex: 25, label: 'left', durationSec: 0 }, { sampleIndex: 37, label: 'right', durationSec: 0 }]);
    await waitFor('40 samples', () => blocks.reduce((n, b) => n + b.nSamples, 0) === 40);
    const c3 = blocks.flatMap((b) => Array.from(b.samples.subarray(0, b.nSamples)));
    const c4 = blocks.flatMap((b) => Array.from(b.samples.subarray(b.nSamples)));
    c3.forEach((v, i) => expect(v).toBeCloseTo(i, 3));
    expect(c4).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(Math.abs(blocks[0].firstSampleTimeMs - (performance.timeOrigin + performance.now() - (lslClock() - t0) * 1000))).toBeLessThan(5);
  });

  it('publishes a device (labels, units, markers at their samples) and classifier decisions', async () => {
    const publisher = await LslPublisher.open('cyton', {
      channels: ['C3', 'AccX'], sampleRateHz: 250, description: 'OpenBCI Cyton',
      channelDetails: [{ label: 'C3', kind: 'eeg', unit: 'uV', physicalMin: -1, physicalMax: 1 }, { label: 'AccX', kind: 'accelerometer', unit: 'g', physicalMin: -4, physicalMax: 4 }],
    }, { name: 'nf-pub', markers: 'nf-pub-markers', network });
    cleanup.push(() => publisher.close());
    const device = new LslInletDevice({ stream: 'nf-pub', markerStream: 'nf-pub-markers', network, resolveTimeoutMs: 3000 });
    cleanup.push(() => device.close());
    const info = await device.open();
    expect(info.channelDetails?.map((d) => [d.label, d.kind, d.unit])).toEqual([['C3', 'eeg', 'uV'], ['AccX', 'aux', 'g']]);
    expect(info.description).toContain('NeuroFeat cyton OpenBCI Cyton');
    const blocks: SampleBlock[] = [];
    const got: DeviceMarker[] = [];
    await device.start({ samples: (b) => blocks.push(b), marker: (m) => got.push(m), status: () => undefined, fault: (m) => { throw new Error(m); } });
    await waitFor('consumers', () => publisher.signal.consumerCount === 1 && publisher.markerOutlet?.consumerCount === 1);
    const start = performance.timeOrigin + performance.now();
    for (let k = 0; k < 50; k += 25) {
      publisher.block({ samples: Float32Array.from({ length: 50 }, (_, i) => (i < 25 ? k + i : 0.5)), nSamples: 25, lostBefore: 0, firstSampleTimeMs: start + (k / 250) * 1000 });
      if (k === 0) publisher.marker({ sampleIndex: 10, label: 'cue-left', durationSec: 0 });
    }
    await waitFor('the marker', () => got.length === 1);
    expect(got[0]).toEqual({ sampleIndex: 10, label: 'cue-left', durationSec: 0 });
    await waitFor('50 samples', () => blocks.reduce((n, b) => n + b.nSamples, 0) === 50);
    expect(blocks.flatMap((b) => Array.from(b.samples.subarray(0, b.nSamples)))).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(publisher.samples).toBe(50);
    const decisions = await openDecisionOutlet('nf-decisions', ['left', 'right'], { network });
    cleanup.push(() => decisions.close());
    const chunks: LslChunk[] = [];
    const inlet = await connectInlet('nf-decisions', 110, chunks);
    expect(lslChannels(inlet.info).map((c) => c.label)).toEqual(['left', 'right']);
    await waitFor('the consumer', () => decisions.consumerCount === 1);
    decisions.pushSamples([{ timestamp: 12.5, values: [0.25, 0.75] }]);
    await waitFor('a decision', () => chunks.length === 1);
    expect(Array.from(chunks[0].values as Float64Array)).toEqual([0.25, 0.75]);
  });

  it('as a device: stop keeps it open, start streams again; close is safe twice', async () => {
    const outlet = await openOutlet({ name: 'nf-restart', type: 'EEG', channelFormat: 'int16', nominalSrate: 100, channels: [channels[0]] });
    const device = new LslInletDevice({ stream: 'nf-restart', network, resolveTimeoutMs: 3000 });
    cleanup.push(() => device.close());
    await device.open();
    for (const round of [1, 2]) {
      const blocks: SampleBlock[] = [];
      await device.start({ samples: (b) => blocks.push(b), marker: () => undefined, status: () => undefined, fault: (m) => { throw new Error(m); } });
      await waitFor(`consumer ${round}`, () => outlet.consumerCount === 1);
      outlet.pushBlock([round, round * 10], 2);
      await waitFor(`samples ${round}`, () => blocks.length > 0);
      expect(Array.from(blocks[0].samples)).toEqual([round, round * 10]);
      await device.stop();
      await waitFor(`disconnect ${round}`, () => outlet.consumerCount === 0);
    }
    await device.close();
    await device.close();
  });

  it('refuses a marker stream as the EEG, and an unknown stream, with messages that say what to do', async () => {
    await openOutlet({ name: 'nf-only-markers', type: 'Markers', channelFormat: 'string', nominalSrate: 0, channels: [channels[0]] });
    await expect(new LslInletDevice({ stream: 'nf-only-markers', network, resolveTimeoutMs: 2000 }).open()).rejects.toThrow(/irregular.*markers=nf-only-markers/);
    await expect(new LslInletDevice({ stream: 'nf-nowhere', network, resolveTimeoutMs: 300 }).open()).rejects.toThrow(/No LSL stream named 'nf-nowhere'.*this machine only/);
  });

  it('recovers a dropped connection: reconnects to the stream when it comes back and counts the samples lost meanwhile', async () => {
    const spec: LslOutletSpec = { name: 'nf-drop', type: 'EEG', channelFormat: 'float32', nominalSrate: 100, channels: [channels[0]], sourceId: 'nf-drop-source' };
    let outlet: LslOutlet | null = await openOutlet(spec);
    const chunks: LslChunk[] = [];
    const statuses: string[] = [];
    const found = await resolveLslStreams(lslQuery('default', 'name', 'nf-drop'), { network, timeoutMs: 3000, minimum: 1 });
    const inlet = new LslInlet(found[0], { network, recoverForMs: 10_000 });
    cleanup.push(() => inlet.close());
    await inlet.open();
    await inlet.start({ chunk: (c) => chunks.push(c), status: (kind) => statuses.push(kind), fault: (m) => statuses.push(`fault ${m}`) });
    await waitFor('the consumer', () => outlet?.consumerCount === 1);
    const t0 = lslClock();
    let k = 0;
    const push = () => {
      outlet?.pushBlock([k], 1, t0 + k / 100);
      k++;
    };
    for (let i = 0; i < 10; i++) push();
    await waitFor('10 samples', () => chunks.reduce((n, c) => n + c.nSamples, 0) === 10);
    await outlet.close();
    outlet = null;
    await waitFor('reconnecting', () => statuses.includes('reconnecting'));
    for (let i = 0; i < 7; i++) push(); // pushed while nothing listens: lost
    const replacement: LslOutlet = await openOutlet(spec);
    outlet = replacement;
    await waitFor('resumed', () => statuses.includes('resumed'), 8000);
    await waitFor('the consumer again', () => replacement.consumerCount === 1);
    for (let i = 0; i < 5; i++) push();
    await waitFor('5 more samples', () => chunks.reduce((n, c) => n + c.nSamples, 0) === 15);
    const values = chunks.flatMap((c) => Array.from(c.values as Float64Array));
    expect(values).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 17, 18, 19, 20, 21]);
    expect(chunks.reduce((n, c) => n + c.lostBefore, 0)).toBe(7);
    expect(statuses.filter((s) => s.startsWith('fault'))).toEqual([]);
  }, 20_000);
});

describe('our outlet against a client that speaks liblsl\'s bytes', () => {
  /** Opens a raw TCP connection, sends `request`, and gathers what comes back until `bytes` arrived. */
  async function exchange(port: number, request: string, bytes: number, after?: () => void): Promise<Buffer> {
    const socket = net.connect(port, '127.0.0.1');
    cleanup.push(async () => void socket.destroy());
    const chunks: Buffer[] = [];
    let total = 0;
    let pushed = false;
    await new Promise<void>((resolve, reject) => {
      socket.on('error', reject);
      socket.on('data', (c: Buffer) => {
        chunks.push(c);
        total += c.length;
        if (!pushed && after) {
          pushed = true;
          after();
        }
        if (total >= bytes) resolve();
      });
      socket.write(request);
    });
    return Buffer.concat(chunks);
  }
  const f64 = (v: number) => { const b = Buffer.alloc(8); b.writeDoubleLE(v); return b; };
  const f32 = (v: number) => { const b = Buffer.alloc(4); b.writeFloatLE(v); return b; };

  it('1.10: status and parameters, the two test-pattern samples, then pushed samples, byte for byte', async () => {
    const outlet = await openOutlet({ name: 'nf-raw', type: 'EEG', channelFormat: 'float32', nominalSrate: 100, channels: channels.slice(0, 2) });
    const request = `LSL:streamfeed/110 ${outlet.info.uid}\r\nNative-Byte-Order: 1234\r\nEndian-Performance: 0\r\nHas-IEEE754-Floats: 1\r\nSupports-Subnormals: 1\r\nValue-Size: 4\r\nData-Protocol-Version: 110\r\nMax-Buffer-Length: 1000\r\nMax-Chunk-Length: 0\r\n\r\n`;
    const header = Buffer.from(`LSL/110 200 OK\r\nUID: ${outlet.info.uid}\r\nByte-Order: 1234\r\nSuppress-Subnormals: 0\r\nData-Protocol-Version: 110\r\n\r\n`);
    const patterns = Buffer.concat([Buffer.from([2]), f64(123456.789), f32(4), f32(-5), Buffer.from([2]), f64(123456.789), f32(2), f32(-3)]);
    const sample = Buffer.concat([Buffer.from([2]), f64(1.5), f32(1), f32(2)]);
    const got = await exchange(outlet.info.v4dataPort, request, header.length + patterns.length + sample.length, () => outlet.pushSamples([{ timestamp: 1.5, values: [1, 2] }]));
    expect(got).toEqual(Buffer.concat([header, patterns, sample]));
  });

  it('1.00: the portable archive with the short info, the test pattern, then samples', async () => {
    const outlet = await openOutlet({ name: 'nf-raw-100', type: 'EEG', channelFormat: 'float32', nominalSrate: 100, channels: channels.slice(0, 2) });
    const shortinfo = Buffer.from(streamInfoXml(outlet.info, false));
    const length = shortinfo.length < 256 ? Buffer.from([1, shortinfo.length]) : Buffer.from([2, shortinfo.length & 0xff, shortinfo.length >> 8]);
    const bits = (v: number, bytes: number) => { const b = bytes === 4 ? f32(v) : f64(v); let n = b.length; while (n > 0 && b[n - 1] === 0) n--; return Buffer.concat([Buffer.from([n]), b.subarray(0, n)]); };
    const sample = (t: number, a: number, b: number) => Buffer.concat([Buffer.from([1, 2]), bits(t, 8), bits(a, 4), bits(b, 4)]);
    const expected = Buffer.concat([Buffer.from([0x7f, 1, 9]), length, shortinfo, Buffer.from([0, 0]), sample(123456.789, 4, -5), sample(123456.789, 2, -3), sample(1.5, 1, 2)]);
    const got = await exchange(outlet.info.v4dataPort, 'LSL:streamfeed\r\n1000 0\r\n', expected.length, () => outlet.pushSamples([{ timestamp: 1.5, values: [1, 2] }]));
    expect(got).toEqual(expected);
  });

  it('answers a hand-written shortinfo query and clock probe over UDP', async () => {
    const outlet = await openOutlet({ name: 'nf-raw-udp', type: 'EEG', channelFormat: 'float32', nominalSrate: 100, channels: channels.slice(0, 2) });
    const udp = dgram.createSocket('udp4');
    cleanup.push(() => new Promise<void>((resolve) => udp.close(() => resolve())));
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    const replies: Buffer[] = [];
    udp.on('message', (m) => replies.push(m));
    udp.send(`LSL:shortinfo\r\nsession_id='default' and name='nf-raw-udp'\r\n${udp.address().port} 4242\r\n`, outlet.info.v4servicePort, '127.0.0.1');
    udp.send(`LSL:shortinfo\r\nname='someone else'\r\n${udp.address().port} 4343\r\n`, outlet.info.v4servicePort, '127.0.0.1');
    udp.send('LSL:timedata\r\n77 1000.5\r\n', outlet.info.v4servicePort, '127.0.0.1');
    await waitFor('two replies', () => replies.length === 2);
    await new Promise((r) => setTimeout(r, 100));
    const texts = replies.map((r) => r.toString());
    const info = texts.find((t) => t.startsWith('4242\r\n')) as string;
    expect(parseStreamInfo(info.slice(6)).uid).toBe(outlet.info.uid);
    const time = (texts.find((t) => t.startsWith(' 77 ')) as string).trim().split(' ').map(Number);
    expect(time.slice(0, 2)).toEqual([77, 1000.5]);
    expect(time[3]).toBeGreaterThanOrEqual(time[2]);
    expect(Math.abs(time[2] - lslClock())).toBeLessThan(1);
    expect(texts.some((t) => t.startsWith('4343'))).toBe(false);
  });
});

describe('hostile peers', () => {
  const info = (port: number, format: LslChannelFormat = 'float32') => parseStreamInfo(streamInfoXml({
    ...parseStreamInfo('<info><name>fake</name><channel_count>2</channel_count><channel_format>float32</channel_format><nominal_srate>100</nominal_srate><version>1.1</version><uid>fake-uid</uid></info>'),
    channelFormat: format, v4dataPort: port,
  }, true));

  async function fakeOutlet(answer: (socket: net.Socket) => void): Promise<number> {
    const server = net.createServer((socket) => {
      socket.on('error', () => undefined); // the inlet drops the connection with data unread
      socket.once('data', () => answer(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    return (server.address() as net.AddressInfo).port;
  }

  it('refuses a peer whose test pattern is wrong, or that answers something else than LSL', async () => {
    const wrongPattern = await fakeOutlet((s) => s.write(Buffer.concat([encodeFeedResponse110('fake-uid', 110), encodeSamples110('float32', [lslTestPattern('float32', 2, 4), lslTestPattern('float32', 2, 3)])])));
    const inlet = new LslInlet({ info: info(wrongPattern), address: '127.0.0.1' }, { network });
    await expect(inlet.start({ chunk: () => undefined, status: () => undefined, fault: () => undefined })).rejects.toThrow(/test-pattern samples do not match/);
    const http = await fakeOutlet((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    const other = new LslInlet({ info: info(http), address: '127.0.0.1' }, { network });
    await expect(other.start({ chunk: () => undefined, status: () => undefined, fault: () => undefined })).rejects.toThrow(/malformed response/);
  });

  it('drops a peer that sends a malformed sample or an oversized string, with a message, without throwing', async () => {
    const handshake = (format: LslChannelFormat) => Buffer.concat([encodeFeedResponse110('fake-uid', 110), encodeSamples110(format, [lslTestPattern(format, 2, 4), lslTestPattern(format, 2, 2)])]);
    const badTag = await fakeOutlet((s) => s.write(Buffer.concat([handshake('float32'), Buffer.from([7, 0, 0, 0, 0, 0, 0, 0, 0])])));
    const faults: string[] = [];
    const inlet = new LslInlet({ info: info(badTag), address: '127.0.0.1' }, { network });
    cleanup.push(() => inlet.close());
    await inlet.start({ chunk: () => undefined, status: () => undefined, fault: (m) => faults.push(m) });
    await waitFor('the fault', () => faults.length === 1);
    expect(faults[0]).toMatch(/sample tag 7.*disconnected/);
    const huge = await fakeOutlet((s) => s.write(Buffer.concat([handshake('string'), Buffer.from([1, 8, 0, 0, 0, 0, 0, 0, 0, 1])])));
    const stringFaults: string[] = [];
    const strings = new LslInlet({ info: info(huge, 'string'), address: '127.0.0.1' }, { network });
    cleanup.push(() => strings.close());
    await strings.start({ chunk: () => undefined, status: () => undefined, fault: (m) => stringFaults.push(m) });
    await waitFor('the fault', () => stringFaults.length === 1);
    expect(stringFaults[0]).toMatch(/more than the 1048576 accepted/);
    // Strings each under the limit that add up to an oversized sample: dropped before they fill the memory.
    const piles = await fakeOutlet((s) => s.write(Buffer.concat([handshake('string'), Buffer.from([1, 4, 0, 0, 8, 0]), Buffer.alloc(300_000, 65)])));
    const pileFaults: string[] = [];
    const pile = new LslInlet({ info: info(piles, 'string'), address: '127.0.0.1' }, { network, maxSampleBytes: 100_000 });
    cleanup.push(() => pile.close());
    await pile.start({ chunk: () => undefined, status: () => undefined, fault: (m) => pileFaults.push(m) });
    await waitFor('the fault', () => pileFaults.length === 1);
    expect(pileFaults[0]).toMatch(/bytes without a complete sample, more than the 100000 accepted/);
  });

  it('an outlet ignores garbage datagrams and requests and keeps answering', async () => {
    const outlet = await openOutlet({ name: 'nf-hardy', type: 'EEG', channelFormat: 'float32', nominalSrate: 100, channels });
    const udp = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    for (const garbage of ['LSL:shortinfo\r\n', 'LSL:timedata\r\nx y\r\n', 'hello', '\u0000\u0001']) udp.send(garbage, outlet.info.v4servicePort, '127.0.0.1');
    udp.close();
    const tcp = net.connect(outlet.info.v4dataPort, '127.0.0.1');
    const closed = new Promise<void>((resolve) => tcp.on('close', () => resolve()));
    tcp.on('error', () => undefined);
    tcp.write('GET / HTTP/1.1\r\n\r\n');
    await closed;
    const found = await resolveLslStreams(lslQuery('default', 'name', 'nf-hardy'), { network, timeoutMs: 2000, minimum: 1 });
    expect(found.map((s) => s.info.uid)).toEqual([outlet.info.uid]);
  });
});
