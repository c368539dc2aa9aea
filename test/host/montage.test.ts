import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHost, type RunningHost } from '../../src-main/host/host-server.ts';
import { connect, type TestClient } from '../support/host-client.ts';
import { physionetRun } from '../support/shared-data.ts';
import { loadRecording } from '../../src-main/services/recordings/load-recording.ts';
import type { ChannelPosition } from '../../src-main/contract/api.ts';
import { scratchRenderer } from '../support/scratch-renderer.ts';

let host: RunningHost;
let client: TestClient;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nf-montage-'));
  const renderer = scratchRenderer(dir);
  host = await startHost({ dataDir: path.join(dir, 'data'), rendererDir: renderer });
  client = await connect(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
});

afterAll(async () => {
  client?.close();
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('montage.positions over the host', () => {
  it("places every channel of PhysioNet S001 R04 as the recording writes it, with clean labels", async () => {
    const recording = await loadRecording(physionetRun(1, 4));
    const names = recording.channels.map((c) => c.label);
    expect(names).toContain('C3..');
    expect(names).toContain('Fc3.');
    const reply = await client.call<ChannelPosition[]>('montage.positions', { channels: names });
    if (!reply.ok) throw new Error(reply.error.message);
    const positions = reply.value;
    expect(positions.map((p) => p.name)).toEqual(names);
    expect(positions.filter((p) => p.x === null)).toEqual([]);
    const byLabel = new Map(positions.map((p) => [p.label, p]));
    expect(byLabel.get('C3')).toMatchObject({ name: 'C3..' });
    expect(byLabel.get('FC3')).toMatchObject({ name: 'Fc3.' });
    expect(byLabel.get('Cz')).toMatchObject({ x: 0, y: 0, z: 1, mapX: 0, mapY: 0 });
    expect(byLabel.get('C3')!.mapX).toBeCloseTo(-0.2, 12);
    expect(byLabel.get('C4')!.x).toBeGreaterThan(0);
    expect(byLabel.get('Fpz')!.y).toBeGreaterThan(0.9);
    expect(new Set(positions.map((p) => p.label)).size).toBe(64);
  });

  it('answers null coordinates for a label outside the 10-10 system, and refuses a payload that is not a list of names', async () => {
    const reply = await client.call<ChannelPosition[]>('montage.positions', { channels: ['EMG1.', 'Cz'] });
    expect(reply).toMatchObject({ ok: true, value: [{ name: 'EMG1.', label: 'EMG1', x: null, y: null, z: null, mapX: null, mapY: null }, { label: 'Cz', z: 1 }] });
    const bad = await client.call('montage.positions', { channels: 'C3' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    if (!bad.ok) expect(bad.error.message).toMatch(/^montage\.positions: channels: /);
    expect(await client.call('montage.positions', {})).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
  });
});
