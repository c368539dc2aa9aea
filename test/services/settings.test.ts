// The workstation's settings file: defaults, sections replaced whole and kept across reads, an unreadable file kept aside, never per patient.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultWorkstationSettings } from '../../src-main/contract/api.ts';
import { ApiFailure } from '../../src-main/contract/errors.ts';
import { readSettings, settingsPath, updateSettings } from '../../src-main/services/storage/settings.ts';

const root = mkdtempSync(path.join(tmpdir(), 'neurofeat-settings-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const folder = () => path.join(root, `data-${++n}`);

describe('workstation settings', () => {
  it('gives the defaults when nothing was saved: no device, this machine only, no publishing', () => {
    const dir = folder();
    expect(readSettings(dir)).toEqual({ settings: defaultWorkstationSettings, file: path.join(dir, 'settings.json'), problem: null });
    expect(defaultWorkstationSettings.network).toEqual({ scope: 'machine', knownPeers: [] });
    expect(existsSync(dir)).toBe(false);
  });

  it('replaces each section given, keeps the others, and reads back what was written (a private file)', () => {
    const dir = folder();
    updateSettings(dir, { device: { device: 'cyton', source: { port: '/dev/ttyUSB0' } } });
    const second = updateSettings(dir, { network: { scope: 'link', knownPeers: ['10.0.0.7'] } });
    expect(second.settings).toEqual({ ...defaultWorkstationSettings, device: { device: 'cyton', source: { port: '/dev/ttyUSB0' } }, network: { scope: 'link', knownPeers: ['10.0.0.7'] } });
    expect(readSettings(dir)).toEqual({ ...second, problem: null });
    const stored = JSON.parse(readFileSync(settingsPath(dir), 'utf8'));
    expect(stored).toMatchObject({ version: 1, device: { device: 'cyton', source: { port: '/dev/ttyUSB0' } }, network: { scope: 'link' } });
    if (process.platform !== 'win32') expect(statSync(settingsPath(dir)).mode & 0o777).toBe(0o600);
    // null forgets the device; leaving it out keeps it.
    expect(updateSettings(dir, { publish: { enabled: true, signal: 'A', markers: 'B', decisions: 'C' } }).settings.device).toEqual({ device: 'cyton', source: { port: '/dev/ttyUSB0' } });
    expect(updateSettings(dir, { device: null }).settings.device).toBeNull();
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('reads an unreadable file as the defaults with the reason, leaves it as it is, and keeps it aside when saving', () => {
    const dir = folder();
    mkdirSync(dir, { recursive: true });
    writeFileSync(settingsPath(dir), '{"device": {"device": "cyton"', 'utf8');
    const read = readSettings(dir);
    expect(read.settings).toEqual(defaultWorkstationSettings);
    expect(read.problem).toMatch(/settings\.json could not be read \(.*JSON.*\); the defaults are in force/);
    expect(readFileSync(settingsPath(dir), 'utf8')).toBe('{"device": {"device": "cyton"');
    updateSettings(dir, { network: { scope: 'site', knownPeers: [] } });
    expect(readFileSync(`${settingsPath(dir)}.unreadable`, 'utf8')).toBe('{"device": {"device": "cyton"');
    expect(readSettings(dir)).toMatchObject({ problem: null, settings: { network: { scope: 'site' } } });
  });

  it('uses the sections that fit and names the one that does not', () => {
    const dir = folder();
    mkdirSync(dir, { recursive: true });
    writeFileSync(settingsPath(dir), JSON.stringify({ version: 1, device: { device: 'synthetic' }, network: { scope: 'planet', knownPeers: [] } }));
    const read = readSettings(dir);
    expect(read.settings.device).toEqual({ device: 'synthetic' });
    expect(read.settings.network).toEqual(defaultWorkstationSettings.network);
    expect(read.problem).toMatch(/network\.scope: expected one of .*got 'planet'/);
    writeFileSync(settingsPath(dir), '[1, 2]');
    expect(readSettings(dir).problem).toMatch(/does not hold a settings object/);
  });

  it('refuses to save where the data folder cannot be made (a file in its place), naming the settings file', () => {
    const dir = folder();
    writeFileSync(dir, 'not a folder');
    let failure: unknown = null;
    try {
      updateSettings(dir, { device: null });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(ApiFailure);
    expect((failure as ApiFailure).error).toMatchObject({ code: 'storage-unwritable', detail: { reason: 'settings-unwritable', params: { file: settingsPath(dir) } } });
    expect(readFileSync(dir, 'utf8')).toBe('not a folder');
  });
});
