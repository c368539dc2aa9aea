// `neurofeat audit verify` in this process: exit 1 for a damaged database or a broken chain, 2 for bad usage, and the actor of what the CLI writes.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../support/cli.ts';
import { DATABASE_FILE, openDatabase } from '../../../src-main/services/storage/database.ts';
import { listAudit } from '../../../src-main/services/storage/audit.ts';

const folders: string[] = [];
const tempFolder = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nf-audit-cli-'));
  folders.push(dir);
  return dir;
};
afterEach(() => folders.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('neurofeat audit verify', () => {
  it('records patients the CLI adds with actor cli, and verifies them (exit 0)', async () => {
    const dataDir = tempFolder();
    expect((await runCli(['patient', 'add', '--code', 'CLI-001', '--data-dir', dataDir])).code).toBe(0);
    const result = await runCli(['audit', 'verify', '--data-dir', dataDir, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ entries: 2, chain: { intact: true, firstBroken: null }, recordings: { checked: 0 }, models: { checked: 0 } });
    const db = openDatabase(dataDir);
    expect(listAudit(db, { limit: 10 }).map((e) => [e.action, e.actor])).toEqual([['patient.created', 'cli'], ['audit.started', 'cli']]);
    db.close();
  });

  it('exits 1 naming the first broken entry when the log was edited behind its triggers', async () => {
    const dataDir = tempFolder();
    await runCli(['patient', 'add', '--code', 'CLI-001', '--data-dir', dataDir]);
    await runCli(['patient', 'add', '--code', 'CLI-002', '--data-dir', dataDir]);
    const db = openDatabase(dataDir);
    db.exec('DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 2;');
    db.close();
    const text = await runCli(['audit', 'verify', '--data-dir', dataDir]);
    expect(text.code).toBe(1);
    expect(text.out).toContain('audit log: 2 entries, chain broken at entry 3: the entry before it is missing');
    expect(text.out).toContain('Something does not hold');
  });

  it('exits 1 with one line for a damaged database, and leaves it as it is', async () => {
    const dataDir = tempFolder();
    const garbage = Buffer.alloc(8192, 0x5a);
    writeFileSync(path.join(dataDir, DATABASE_FILE), garbage);
    const result = await runCli(['audit', 'verify', '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    expect(result.err.trim().split('\n')).toHaveLength(1);
    expect(result.err).toMatch(/^neurofeat audit: The database .* is damaged/);
    expect(readFileSync(path.join(dataDir, DATABASE_FILE)).equals(garbage)).toBe(true);
  });

  it('exits 2 on bad usage', async () => {
    const dataDir = tempFolder();
    expect((await runCli(['audit', '--data-dir', dataDir])).err).toMatch(/expected 'verify', got nothing/);
    expect((await runCli(['audit', 'check', '--data-dir', dataDir])).code).toBe(2);
    expect((await runCli(['audit', 'verify', '--deep', '--data-dir', dataDir])).code).toBe(2);
    const none = await runCli(['audit', 'verify', '--data-dir', dataDir]);
    expect(none).toMatchObject({ code: 2, err: `neurofeat audit: there is no NeuroFeat database (neurofeat.sqlite) in ${dataDir}\n` });
  });
});
