import { describe, expect, it } from 'vitest';
import { useTestHost } from '../support/test-host.ts';
import { physionetRun } from '../support/shared-data.ts';
import { loadRecording } from '../../src-main/services/recordings/load-recording.ts';
import type { ChannelPosition } from '../../src-main/contract/api.ts';

const test = useTestHost('montage');

describe('montage.positions over the host', () => {
  it("places every channel of PhysioNet S001 R04 as the recording writes it, with clean labels", async () => {
    const recording = await loadRecording(physionetRun(1, 4));
    const names = recording.channels.map((c) => c.label);
    expect(names).toContain('C3..');
    expect(names).toContain('Fc3.');
    const reply = await test.client.call<ChannelPosition[]>('montage.positions', { channels: names });
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
    const reply = await test.client.call<ChannelPosition[]>('montage.positions', { channels: ['EMG1.', 'Cz'] });
    expect(reply).toMatchObject({ ok: true, value: [{ name: 'EMG1.', label: 'EMG1', x: null, y: null, z: null, mapX: null, mapY: null }, { label: 'Cz', z: 1 }] });
    const bad = await test.client.call('montage.positions', { channels: 'C3' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    if (!bad.ok) expect(bad.error.message).toMatch(/^montage\.positions: channels: /);
    expect(await test.client.call('montage.positions', {})).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
  });
});
