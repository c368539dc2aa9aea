// `neurofeat inspect` and `neurofeat convert` through the CLI entry: JSON fields of CLI.md, exit codes, round trip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src-main/cli/main.ts';
import { formatSample, physionetRun, sharedDataMissing } from '../support/shared-data.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'neurofeat-cli-files-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('neurofeat inspect', () => {
  it.skipIf(sharedDataMissing)('prints the CLI.md fields for a PhysioNet run', async () => {
    const { code, out } = await run('inspect', physionetRun(1, 4), '--json');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ format: 'edf+', version: 'EDF+C', sampleRateHz: 160, durationSec: 125, nSamples: 20000 });
    expect(report.channels).toHaveLength(64);
    expect(Object.keys(report.channels[0])).toEqual(expect.arrayContaining(['label', 'unit', 'sampleRateHz', 'physicalMin', 'physicalMax']));
    expect(report.events).toHaveLength(30);
    expect(report.events[1]).toEqual({ onsetSec: 4.2, durationSec: 4.1, code: null, label: 'T2' });
    expect(report.stats).toHaveLength(64);
    const c3 = report.stats[8];
    expect(c3.label).toBe('C3..');
    expect(c3.min).toBeLessThan(c3.mean);
    expect(c3.max).toBeGreaterThan(c3.mean);
    expect(c3.std).toBeGreaterThan(0);
  });

  it('exits 2 naming the file for a missing or non-EEG file', async () => {
    const missing = await run('inspect', path.join(dir, 'nope.edf'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nope\.edf: no such file/);
    const bad = path.join(dir, 'bad.edf');
    writeFileSync(bad, '0       ' + 'x'.repeat(300));
    const result = await run('inspect', bad, '--json');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/bad\.edf: number of signals \(byte 252\)/);
    expect(result.out).toBe('');
  });
});

describe('neurofeat convert', () => {
  it.skipIf(sharedDataMissing)('writes BDF+ from GDF with the same events, and refuses to overwrite', async () => {
    const out = path.join(dir, 'run.bdf');
    const source = formatSample('test_1ch.gdf');
    const { code, out: stdout } = await run('convert', source, out, '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ samplesWritten: 4500, events: 0, format: 'bdf+' });
    const again = await run('inspect', out, '--json');
    const inspected = JSON.parse(again.out);
    expect(inspected).toMatchObject({ format: 'bdf+', nSamples: 4500, sampleRateHz: 150, checksum: { status: 'verified' } });
    const refused = await run('convert', source, out);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/exists already/);
  });

  it.skipIf(sharedDataMissing)('EDF+ -> EDF+ keeps every annotation', async () => {
    const copy = path.join(dir, 'S001R04.edf');
    copyFileSync(physionetRun(1, 4), copy);
    const out = path.join(dir, 'S001R04-copy.edf');
    const { code, out: stdout } = await run('convert', copy, out, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ samplesWritten: 20000, events: 30 });
    const a = JSON.parse((await run('inspect', copy, '--json')).out);
    const b = JSON.parse((await run('inspect', out, '--json')).out);
    expect(b.events).toEqual(a.events);
    expect(b.stats).toEqual(a.stats);
  });

  it.skipIf(sharedDataMissing)('rejects an output that is neither .edf nor .bdf', async () => {
    const result = await run('convert', physionetRun(1, 4), path.join(dir, 'x.gdf'));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/must end in \.edf \(EDF\+\) or \.bdf \(BDF\+\)/);
  });
});
