// The host transport against a real WebSocket server: calls and replies, events, binary frames, timeouts, and reconnection after a drop.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import { encodeSignalFrame, type AppInfo, type CallMessage, type SignalFrame } from '../../../src-main/contract/index.ts';
import { createWebSocketClient, type SocketLike } from '../../../src-renderer/src/api/websocket-client.ts';
import type { ConnectionInfo, RendererClient } from '../../../src-renderer/src/api/renderer-client.ts';

const info: AppInfo = { version: '0.1.0', transport: 'host', dataDir: '/tmp/x', storageError: null, storageFailure: null };

interface TestServer {
  server: WebSocketServer;
  port: number;
  sockets: ServerSocket[];
  calls: CallMessage[];
}

async function startServer(port = 0, answer = true): Promise<TestServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const state: TestServer = { server, port: (server.address() as AddressInfo).port, sockets: [], calls: [] };
  server.on('connection', (socket) => {
    state.sockets.push(socket);
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const call = JSON.parse(String(data)) as CallMessage;
      state.calls.push(call);
      if (!answer) return;
      const result = call.method === 'app.info' ? { ok: true, value: info } : { ok: false, error: { code: 'unknown-device', message: `No device ${JSON.stringify(call.params)}` } };
      socket.send(JSON.stringify({ kind: 'reply', id: call.id, result }));
    });
  });
  return state;
}

const nodeSocket = (url: string) => new WebSocket(url) as unknown as SocketLike;
const clients: RendererClient[] = [];
const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
});

function connect(port: number, extra: Partial<Parameters<typeof createWebSocketClient>[0]> = {}) {
  const client = createWebSocketClient({ url: `ws://127.0.0.1:${port}/api?token=t`, createSocket: nodeSocket, backoff: { baseMs: 20, maxMs: 100 }, ...extra });
  clients.push(client);
  return client;
}

const until = async (predicate: () => boolean, timeoutMs = 3000) => {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('WebSocket client', () => {
  it('sends calls as wire messages and resolves them with the matching reply, including error values', async () => {
    const server = await startServer();
    servers.push(server.server);
    const client = connect(server.port);
    expect(client.transport).toBe('host');
    // Calls made before the socket opens are queued, not lost.
    const [a, b] = await Promise.all([client.call('app.info', {}), client.call('acquisition.start', { device: 'nope' })]);
    expect(a).toEqual({ ok: true, value: info });
    expect(b).toEqual({ ok: false, error: { code: 'unknown-device', message: 'No device {"device":"nope"}' } });
    expect(server.calls.map((c) => [c.kind, c.method])).toEqual([['call', 'app.info'], ['call', 'acquisition.start']]);
    expect(new Set(server.calls.map((c) => c.id)).size).toBe(2);
    expect(client.connection().state).toBe('connected');
  });

  it('dispatches pushed events by name and binary frames as decoded signal frames', async () => {
    const server = await startServer();
    servers.push(server.server);
    const client = connect(server.port);
    const engine: unknown[] = [];
    const frames: SignalFrame[] = [];
    const off = client.on('engine.status', (s) => engine.push(s));
    client.onSignal((f) => frames.push(f));
    await until(() => server.sockets.length === 1 && client.connection().state === 'connected');
    const status = { state: 'restarting', restarts: 1, lastFailure: 'exit code 3' };
    server.sockets[0].send(JSON.stringify({ kind: 'event', event: 'engine.status', payload: status }));
    server.sockets[0].send(JSON.stringify({ kind: 'event', event: 'acquisition.status', payload: {} }));
    const samples = Float32Array.from({ length: 8 }, (_, i) => i * 1.5);
    server.sockets[0].send(encodeSignalFrame({ nChannels: 2, nSamples: 4, firstSampleIndex: 40, firstSampleTimeMs: 1234.5, lostSamples: 0, sampleRateHz: 250, samples }));
    await until(() => engine.length === 1 && frames.length === 1);
    expect(engine[0]).toEqual(status);
    expect(frames[0]).toMatchObject({ nChannels: 2, nSamples: 4, firstSampleIndex: 40, firstSampleTimeMs: 1234.5, sampleRateHz: 250 });
    expect(Array.from(frames[0].samples)).toEqual(Array.from(samples));
    off();
    server.sockets[0].send(JSON.stringify({ kind: 'event', event: 'engine.status', payload: status }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(engine).toHaveLength(1);
  });

  it('answers a call the host never replies to with engine-unavailable after the timeout', async () => {
    const server = await startServer(0, false);
    servers.push(server.server);
    const client = connect(server.port, { callTimeoutMs: 100 });
    const result = await client.call('app.info', {});
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('engine-unavailable');
      expect(result.error.message).toContain('app.info');
    }
  });

  it('reports the drop, fails the call in flight, reconnects with backoff and works again', async () => {
    const first = await startServer(0, false);
    const port = first.port;
    const client = connect(port);
    const states: ConnectionInfo[] = [];
    client.onConnection((i) => states.push(i));
    await until(() => client.connection().state === 'connected');
    const inFlight = client.call('app.info', {});
    await until(() => first.calls.length === 1);
    for (const s of first.sockets) s.terminate();
    await new Promise((resolve) => first.server.close(resolve));
    const lost = await inFlight;
    expect(lost.ok).toBe(false);
    if (!lost.ok) expect(lost.error.message).toMatch(/lost/);
    await until(() => states.some((s) => s.state === 'reconnecting' && s.attempt >= 2));
    const reconnecting = states.find((s) => s.state === 'reconnecting')!;
    expect(reconnecting.retryAtMs).not.toBeNull();
    // The host comes back on the same port.
    const second = await startServer(port);
    servers.push(second.server);
    await until(() => client.connection().state === 'connected', 5000);
    expect(client.connection().attempt).toBe(0);
    expect(await client.call('app.info', {})).toEqual({ ok: true, value: info });
  });

  it('fails pending calls and stops reconnecting once closed', async () => {
    const server = await startServer(0, false);
    servers.push(server.server);
    const client = connect(server.port);
    const pending = client.call('app.info', {});
    client.close();
    expect((await pending).ok).toBe(false);
    expect((await client.call('app.info', {})).ok).toBe(false);
  });
});
