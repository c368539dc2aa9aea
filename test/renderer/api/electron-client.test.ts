// The Electron transport over a fake preload bridge and a real MessageChannel for the signal port.
import { describe, expect, it } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { encodeSignalFrame, type PreloadBridge, type Result, type SignalFrame } from '../../../src-main/contract/index.ts';
import { createElectronClient, type PortLike } from '../../../src-renderer/src/api/electron-client.ts';

function fakeBridge() {
  let handler: ((event: string, payload: unknown) => void) | null = null;
  const invoked: Array<[string, unknown]> = [];
  const bridge: PreloadBridge = {
    async invoke(method, params) {
      invoked.push([method, params]);
      if (method === 'boom') throw new Error('ipc broke');
      return { ok: true, value: { echoed: method } } as Result<unknown>;
    },
    subscribe(h) {
      handler = h;
      return () => {
        handler = null;
      };
    },
    chooseFiles: async () => [],
  };
  return { bridge, invoked, push: (event: string, payload: unknown) => handler?.(event, payload), subscribed: () => handler !== null };
}

/** Adapts a Node MessagePort (EventEmitter) to the browser-style `onmessage` the client sets. */
function browserStylePort(port: MessagePort): PortLike {
  const adapted: PortLike = {
    onmessage: null,
    start: () => port.start(),
    close: () => port.close(),
  };
  port.on('message', (data) => adapted.onmessage?.({ data }));
  return adapted;
}

describe('Electron client', () => {
  it('invokes methods through the bridge and turns a thrown IPC failure into an internal error value', async () => {
    const fake = fakeBridge();
    const client = createElectronClient({ bridge: fake.bridge, listenForSignalPort: () => () => {} });
    expect(client.transport).toBe('electron');
    expect(await client.call('devices.list', {})).toEqual({ ok: true, value: { echoed: 'devices.list' } });
    const failed = await client.call('boom' as 'app.info', {});
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error).toMatchObject({ code: 'internal' });
    expect(fake.invoked[0]).toEqual(['devices.list', {}]);
    expect(client.connection().state).toBe('connected');
  });

  it('routes pushed events by name and unsubscribes from the bridge on close', () => {
    const fake = fakeBridge();
    const client = createElectronClient({ bridge: fake.bridge, listenForSignalPort: () => () => {} });
    const seen: unknown[] = [];
    client.on('acquisition.status', (s) => seen.push(s));
    fake.push('acquisition.status', { state: 'running' });
    fake.push('engine.status', { state: 'running' });
    expect(seen).toEqual([{ state: 'running' }]);
    client.close();
    expect(fake.subscribed()).toBe(false);
  });

  it('decodes every ArrayBuffer on the handed-over signal port as a signal frame', async () => {
    const fake = fakeBridge();
    let accept: ((port: PortLike) => void) | null = null;
    const client = createElectronClient({ bridge: fake.bridge, listenForSignalPort: (a) => ((accept = a), () => {}) });
    const frames: SignalFrame[] = [];
    client.onSignal((f) => frames.push(f));
    const channel = new MessageChannel();
    accept!(browserStylePort(channel.port2));
    const bytes = encodeSignalFrame({ nChannels: 1, nSamples: 3, firstSampleIndex: 7, firstSampleTimeMs: 99, lostSamples: 2, sampleRateHz: 500, samples: Float32Array.from([1, 2, 3]) });
    channel.port1.postMessage(bytes, [bytes]);
    channel.port1.postMessage('not a frame');
    const start = Date.now();
    while (frames.length === 0 && Date.now() - start < 2000) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ nChannels: 1, nSamples: 3, firstSampleIndex: 7, lostSamples: 2, sampleRateHz: 500 });
    expect(Array.from(frames[0].samples)).toEqual([1, 2, 3]);
    client.close();
    channel.port1.close();
  });
});
