import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { MAX_ACTIVE_JOBS_PER_CLIENT, MAX_CONNECTIONS, MAX_MESSAGE_BYTES, startHost, type RunningHost } from '../../src-main/host/host-server.ts';
import { connect, type TestClient } from '../support/host-client.ts';
import type { AcquisitionStatus, EngineStatus, JobStatus } from '../../src-main/contract/api.ts';
import type { JobFunction } from '../../src-main/services/jobs/job-runner.ts';
import { scratchRenderer } from '../support/scratch-renderer.ts';

let host: RunningHost;
let dir: string;
let renderer: string;
const logs: string[] = [];
const wsUrl = (h: RunningHost, address = '127.0.0.1') => `ws://${address}:${h.port}/api?token=${h.token}`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nf-host-hard-'));
  renderer = scratchRenderer(dir);
  host = await startHost({ dataDir: path.join(dir, 'data'), rendererDir: renderer, log: (line) => logs.push(line) });
});

afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Sends raw bytes to the host and returns everything it answers before closing (or the first response head). */
function rawRequest(port: number, text: string, address = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, address, () => socket.write(text));
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => {
      answer += chunk;
      if (answer.includes('\r\n\r\n')) socket.destroy();
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

const statusLine = (answer: string) => answer.split('\r\n')[0];

/** The host still answers an authorised call. */
async function stillServes(h: RunningHost = host): Promise<void> {
  const c = await connect(wsUrl(h));
  try {
    expect((await c.call('app.info')).ok).toBe(true);
  } finally {
    c.close();
  }
}

/** Opens a raw ws socket and resolves with its close code. */
function closeCodeAfter(send: (ws: WebSocket) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl(host));
    ws.on('error', () => undefined);
    ws.once('open', () => send(ws));
    ws.once('close', (code) => resolve(code));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

describe('the host answers malformed request targets 400 and keeps running', () => {
  const targets = ['//', '//evil.example/x', 'http://[', 'http://127.0.0.1/', '*', 'no-slash', '/%', '/\u00ff'];
  for (const target of targets) {
    it(`GET ${JSON.stringify(target)} without and with Upgrade: websocket`, async () => {
      const plain = await rawRequest(host.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      expect(statusLine(plain)).toMatch(/^HTTP\/1\.1 (400|401)/);
      const upgrade = await rawRequest(
        host.port,
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
      );
      expect(statusLine(upgrade)).toMatch(/^HTTP\/1\.1 (400|401|404)/);
      await stillServes();
    });
  }

  it('answers exactly 400 for the targets URL cannot parse', async () => {
    for (const target of ['//', 'http://[']) {
      expect(statusLine(await rawRequest(host.port, `GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`))).toBe('HTTP/1.1 400 Bad Request');
      expect(statusLine(await rawRequest(host.port, `GET ${target} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`))).toBe('HTTP/1.1 400 Bad Request');
    }
  });

  it('survives garbage that is not HTTP and a socket reset mid-request', async () => {
    expect(statusLine(await rawRequest(host.port, '\x00\x01\x02 garbage\r\n\r\n'))).toMatch(/^HTTP\/1\.1 400/);
    await new Promise<void>((resolve) => {
      const socket = net.connect(host.port, '127.0.0.1', () => {
        socket.write(`GET /api?token=${host.token} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`);
        socket.resetAndDestroy();
        resolve();
      });
    });
    await stillServes();
  });
});

describe('frames that break the protocol close that socket only', () => {
  it('a text frame of invalid UTF-8 closes with 1007', async () => {
    const other = await connect(wsUrl(host));
    const code = await closeCodeAfter((ws) => ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false }));
    expect(code).toBe(1007);
    expect((await other.call('app.info')).ok).toBe(true);
    other.close();
    await stillServes();
  });

  it('a message over the size limit closes with 1009', async () => {
    const code = await closeCodeAfter((ws) => ws.send('x'.repeat(MAX_MESSAGE_BYTES + 1)));
    expect(code).toBe(1009);
    await stillServes();
  });

  it('a message just under the limit is answered as a bad payload', async () => {
    const c = await connect(wsUrl(host));
    c.sendRaw(`"${'x'.repeat(MAX_MESSAGE_BYTES - 2)}"`);
    expect((await c.nextReply()).result).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    c.close();
  });
});

/** Connects once the host has seen earlier test clients go (a 503 while it is still at its limit). */
async function connectWhenFree(): Promise<TestClient> {
  const start = Date.now();
  for (;;) {
    try {
      return await connect(wsUrl(host));
    } catch (error) {
      if (!/503/.test(String(error)) || Date.now() - start > 5000) throw error;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

describe('limits per host and per client', () => {
  it(`refuses connection number ${MAX_CONNECTIONS + 1} with 503, and accepts again once one closes`, async () => {
    const open = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => connect(wsUrl(host))));
    try {
      await expect(connect(wsUrl(host))).rejects.toThrow(/HTTP 503/);
      open.pop()!.close();
      (await connectWhenFree()).close();
    } finally {
      for (const c of open) c.close();
    }
  });

  it(`accepts ${MAX_ACTIVE_JOBS_PER_CLIENT} unfinished jobs per client, refuses the next, and accepts again when they end`, async () => {
    // Every job waits on a gate, so the queue stays full until the test opens it.
    let openGate: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => { openGate = resolve; });
    const jobs = host.api.jobs;
    const original = jobs.start.bind(jobs);
    jobs.start = (kind, run) => original(kind, (async (context) => { await gate; return run(context); }) as JobFunction<never>);
    const notEdf = path.join(dir, 'not-a-recording.edf');
    writeFileSync(notEdf, 'x'.repeat(300));
    const a = await connectWhenFree();
    const b = await connectWhenFree();
    try {
      const params = { files: [notEdf], method: 'welch', classes: ['T1', 'T2'] };
      // One burst: the calls are all read before any reply goes out.
      const replies = await Promise.all(Array.from({ length: MAX_ACTIVE_JOBS_PER_CLIENT + 5 }, () => a.call<JobStatus>('features.start', params)));
      expect(replies.filter((r) => r.ok)).toHaveLength(MAX_ACTIVE_JOBS_PER_CLIENT);
      const refused = replies.filter((r) => !r.ok);
      expect(refused).toHaveLength(5);
      expect(refused[0]).toMatchObject({ ok: false, error: { code: 'conflict' } });
      if (!refused[0].ok) expect(refused[0].error.message).toMatch(new RegExp(`${MAX_ACTIVE_JOBS_PER_CLIENT} jobs queued or running`));
      // Another client is not held up by the first one's jobs.
      expect((await b.call('features.start', params)).ok).toBe(true);
      openGate();
      await a.waitFor(() => jobs.list().every((j) => j.state !== 'queued' && j.state !== 'running'), 20_000);
      expect((await a.call('features.start', params)).ok).toBe(true);
    } finally {
      jobs.start = original;
      openGate();
      a.close();
      b.close();
    }
  });
});

describe('--bind other than loopback', () => {
  it('keeps its own origin and still requires the token', async () => {
    // 127.0.0.2 is another address of the loopback interface on Linux: a stand-in for a LAN address.
    const other = await startHost({ dataDir: path.join(dir, 'data-bind'), rendererDir: renderer, bindAddress: '127.0.0.2' });
    try {
      expect(other.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.2:${other.port}/\\?token=`));
      expect((await fetch(`http://127.0.0.2:${other.port}/`)).status).toBe(401);
      expect((await fetch(other.url)).status).toBe(200);
      const c = await connect(wsUrl(other, '127.0.0.2'), { origin: `http://127.0.0.2:${other.port}` });
      expect((await c.call('app.info')).ok).toBe(true);
      c.close();
      await expect(connect(wsUrl(other, '127.0.0.2'), { origin: `http://127.0.0.1:${other.port}` })).rejects.toThrow(/401/);
      await expect(connect(`ws://127.0.0.2:${other.port}/api?token=${'y'.repeat(32)}`)).rejects.toThrow(/401/);
    } finally {
      await other.close();
    }
  });

  it('on every interface (0.0.0.0) accepts the origin of any local address, with the token', async () => {
    const other = await startHost({ dataDir: path.join(dir, 'data-any'), rendererDir: renderer, bindAddress: '0.0.0.0' });
    try {
      const c = await connect(wsUrl(other), { origin: `http://127.0.0.1:${other.port}` });
      expect((await c.call('app.info')).ok).toBe(true);
      c.close();
      await expect(connect(wsUrl(other), { origin: 'http://evil.example' })).rejects.toThrow(/401/);
      await expect(connect(`ws://127.0.0.1:${other.port}/api`)).rejects.toThrow(/401/);
    } finally {
      await other.close();
    }
  });
});

describe('a hung engine over the host', () => {
  it('is killed and restarted; the clients get engine.status restarting, then running', async () => {
    const watched = await startHost({
      dataDir: path.join(dir, 'data-hung'), rendererDir: renderer,
      engineWatchdog: { heartbeatIntervalMs: 100, heartbeatTimeoutMs: 1000, restartDelaysMs: [50] },
    });
    const c = await connect(wsUrl(watched));
    const hungPid = watched.engine.pid as number;
    try {
      expect((await c.call('acquisition.start', { device: 'synthetic' })).ok).toBe(true);
      process.kill(hungPid, 'SIGSTOP');
      await c.waitFor(() => c.events.some((e) => e.event === 'engine.status' && (e.payload as EngineStatus).state === 'restarting'), 20_000);
      const restarting = c.events.find((e) => e.event === 'engine.status' && (e.payload as EngineStatus).state === 'restarting')!.payload as EngineStatus;
      expect(restarting.lastFailure).toMatch(/hung: no answer to its heartbeat/);
      const fault = c.events.find((e) => e.event === 'acquisition.status' && (e.payload as AcquisitionStatus).fault)?.payload as AcquisitionStatus;
      expect(fault.fault).toMatch(/hung.+Acquisition ended/);
      await c.waitFor(() => c.events.some((e) => e.event === 'engine.status' && (e.payload as EngineStatus).state === 'running'), 30_000);
      expect(await c.call('engine.status')).toMatchObject({ ok: true, value: { state: 'running', restarts: 1 } });
      expect((await c.call('acquisition.start', { device: 'synthetic' })).ok).toBe(true);
      expect((await c.call('acquisition.stop')).ok).toBe(true);
    } finally {
      c.close();
      await watched.close();
      try {
        process.kill(hungPid, 'SIGKILL');
      } catch {
        // Killed by the watchdog, as it should be.
      }
    }
  }, 60_000);
});
