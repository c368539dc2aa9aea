import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHost, type RunningHost } from '../../src-main/host/host-server.ts';
import { connect, type TestClient } from '../support/host-client.ts';
import type { AcquisitionStatus, EngineStatus, Patient } from '../../src-main/contract/api.ts';
import { scratchRenderer } from '../support/scratch-renderer.ts';

let host: RunningHost;
let client: TestClient;
let dir: string;
const wsUrl = (h: RunningHost, token = h.token) => `ws://127.0.0.1:${h.port}/api?token=${token}`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nf-host-'));
  const renderer = scratchRenderer(dir);
  writeFileSync(path.join(dir, 'secret.txt'), 'outside the renderer');
  host = await startHost({ dataDir: path.join(dir, 'data'), rendererDir: renderer });
  client = await connect(wsUrl(host));
});

afterAll(async () => {
  client?.close();
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('headless host security', () => {
  it('listens on 127.0.0.1 with a long random token in the URL', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('refuses pages and files without the token, serves them with it, with a strict CSP', async () => {
    const base = `http://127.0.0.1:${host.port}`;
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/?token=wrong`)).status).toBe(401);
    expect((await fetch(`${base}/index.html`)).status).toBe(401);
    const page = await fetch(host.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>NeuroFeat</title>');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    // The cookie set with the token lets the page load its own assets.
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
    expect((await fetch(`${base}/index.html`, { headers: { cookie } })).status).toBe(200);
  });

  it('never serves files outside the renderer folder', async () => {
    const response = await fetch(`http://127.0.0.1:${host.port}/..%2Fsecret.txt?token=${host.token}`);
    expect(response.status).toBe(400);
  });

  it('refuses a WebSocket without the right token, or from another origin', async () => {
    await expect(connect(`ws://127.0.0.1:${host.port}/api`)).rejects.toThrow(/401/);
    await expect(connect(wsUrl(host, 'x'.repeat(32)))).rejects.toThrow(/401/);
    await expect(connect(wsUrl(host), { origin: 'http://evil.example' })).rejects.toThrow(/401/);
  });

  it('answers a malformed payload with a clear error value, and keeps serving', async () => {
    client.sendRaw('{"kind":"call","id":"one"');
    expect((await client.nextReply()).result).toEqual({ ok: false, error: { code: 'invalid-payload', message: 'The message is not valid JSON.' } });
    const bad = await client.call('patients.create', { code: 'x', birthYear: 'old' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    if (!bad.ok) expect(bad.error.message).toMatch(/^patients\.create: code: expected/);
    expect(await client.call('no.such.method')).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect((await client.call('app.info')).ok).toBe(true);
  });
});

describe('headless host: patients and live acquisition end to end', () => {
  it('creates a patient and a session, streams synthetic EEG in batched frames, and stops', async () => {
    const created = await client.call<Patient>('patients.create', { code: 'RH-001', birthYear: 1958, lesionSide: 'right', dominantHand: 'right' });
    expect(created.ok).toBe(true);
    const patient = (created as { value: Patient }).value;
    expect(await client.call('patients.create', { code: 'rh-001' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const session = await client.call<{ id: number }>('sessions.create', { patientId: patient.id });
    expect(session.ok).toBe(true);
    const sessionId = (session as { value: { id: number } }).value.id;

    const started = await client.call<AcquisitionStatus>('acquisition.start', { device: 'synthetic', sessionId, config: { seed: 3 } });
    expect(started).toMatchObject({ ok: true, value: { state: 'running', device: 'synthetic', sampleRateHz: 250, sessionId } });
    expect((started as { value: AcquisitionStatus }).value.channels).toHaveLength(16);
    expect(await client.call('acquisition.start', { device: 'synthetic' })).toMatchObject({ ok: false, error: { code: 'already-acquiring' } });

    await client.waitFor(() => client.frames.reduce((n, f) => n + f.nSamples, 0) >= 250);
    const stopped = await client.call<AcquisitionStatus>('acquisition.stop');
    expect(stopped).toMatchObject({ ok: true, value: { state: 'idle', lostSamples: 0 } });
    await new Promise((r) => setTimeout(r, 50));
    const frames = client.frames;
    // Batched: many samples per frame, never one message per sample; contiguous sample indices.
    const total = frames.reduce((n, f) => n + f.nSamples, 0);
    expect(frames.length).toBeLessThan(total / 2);
    for (let i = 1; i < frames.length; i++) expect(frames[i].firstSampleIndex).toBe(frames[i - 1].firstSampleIndex + frames[i - 1].nSamples);
    expect(total).toBe((stopped as { value: AcquisitionStatus }).value.samples);
    expect(frames.every((f) => f.nChannels === 16 && f.sampleRateHz === 250)).toBe(true);
    const values = frames[0].samples;
    expect(values.every((v) => Number.isFinite(v) && Math.abs(v) < 1000)).toBe(true);
    expect(client.events.some((e) => e.event === 'acquisition.status' && (e.payload as AcquisitionStatus).state === 'running')).toBe(true);
    expect(await client.call('acquisition.stop')).toMatchObject({ ok: false, error: { code: 'not-acquiring' } });
  });

  it('refuses an unknown device and a session that does not exist', async () => {
    const unknown = await client.call('acquisition.start', { device: 'cyton9000' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-device' } });
    if (!unknown.ok) expect(unknown.error.message).toContain("Unknown device 'cyton9000'; devices: synthetic");
    expect(await client.call('acquisition.start', { device: 'synthetic', sessionId: 9999 })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('restarts a dead engine, tells the clients, and keeps the stored patients', async () => {
    expect((await client.call('acquisition.start', { device: 'synthetic' })).ok).toBe(true);
    client.events.length = 0;
    process.kill(host.engine.pid as number, 'SIGKILL');
    await client.waitFor(() => client.events.some((e) => e.event === 'engine.status' && (e.payload as EngineStatus).state === 'restarting'));
    const fault = client.events.find((e) => e.event === 'acquisition.status' && (e.payload as AcquisitionStatus).fault);
    expect((fault?.payload as AcquisitionStatus).fault).toMatch(/engine stopped unexpectedly \(signal SIGKILL\)/);
    await client.waitFor(() => client.events.some((e) => e.event === 'engine.status' && (e.payload as EngineStatus).state === 'running'));
    expect(await client.call('engine.status')).toMatchObject({ ok: true, value: { state: 'running', restarts: 1 } });
    expect(await client.call('acquisition.status')).toMatchObject({ ok: true, value: { state: 'idle' } });
    const patients = await client.call<Patient[]>('patients.list');
    expect(patients.ok && patients.value.map((p) => p.code)).toEqual(['RH-001']);
    expect((await client.call('acquisition.start', { device: 'synthetic' })).ok).toBe(true);
    expect((await client.call('acquisition.stop')).ok).toBe(true);
  });
});

describe('headless host with a data folder that cannot be written', () => {
  it('starts, reports the problem in app.info, and refuses to store', async () => {
    const file = path.join(dir, 'plain-file');
    writeFileSync(file, 'not a folder');
    const broken = await startHost({ dataDir: path.join(file, 'data'), rendererDir: path.join(dir, 'renderer') });
    const c = await connect(wsUrl(broken));
    try {
      const info = await c.call<{ storageError: string; storageFailure: unknown }>('app.info');
      expect(info.ok && info.value.storageError).toMatch(/plain-file\/data cannot be written/);
      expect(info.ok && info.value.storageFailure).toMatchObject({ code: 'storage-unwritable', detail: { reason: 'storage-unwritable', params: { folder: path.join(file, 'data') } } });
      const refused = await c.call('patients.create', { code: 'P2' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'storage-unwritable' } });
      if (!refused.ok) expect(refused.error.recovery).toMatch(/--data-dir/);
    } finally {
      c.close();
      await broken.close();
    }
  });
});
