// The audit log from the app's API (audit.list, audit.verify, bad input) and `neurofeat audit verify` as a process over a data folder with an imported PhysioNet run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHost, type RunningHost } from '../../src-main/host/host-server.ts';
import type { AuditEntry, AuditVerification, Run, Session } from '../../src-main/contract/api.ts';
import { closeComputeWorkers } from '../../src-main/services/jobs/compute-job.ts';
import { callValue, connect, refusalOf, type TestClient } from '../support/host-client.ts';
import { physionetRun, repositoryRoot, sharedDataMissing } from '../support/shared-data.ts';
import { scratchRenderer } from '../support/scratch-renderer.ts';

const cli = path.join(repositoryRoot, 'bin', 'neurofeat.js');
const source = physionetRun(1, 4);
const sha256Of = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

let dir: string;
let dataDir: string;
let host: RunningHost | null = null;
let client: TestClient;
let patientId: number;
let sessionId: number;
let run: Run;
let sourceSha256: string;

const value = <T>(method: string, params: unknown): Promise<T> => callValue<T>(client, method, params);

function auditVerify(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, 'audit', 'verify', ...args], { encoding: 'utf8', env: { ...process.env, NEUROFEAT_DATA_DIR: path.join(dir, 'unused') } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  if (sharedDataMissing) return;
  sourceSha256 = sha256Of(source);
  dir = mkdtempSync(path.join(tmpdir(), 'nf-audit-host-'));
  dataDir = path.join(dir, 'data');
  host = await startHost({ dataDir, rendererDir: scratchRenderer(dir) });
  client = await connect(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
  patientId = (await value<{ id: number }>('patients.create', { code: 'AU-001' })).id;
  sessionId = (await value<Session>('sessions.create', { patientId, notes: '' })).id;
  run = await value<Run>('recordings.import', { sessionId, path: source });
  // A second patient, whose entries patientId filters out.
  await value('patients.create', { code: 'AU-002' });
});

afterAll(async () => {
  client?.close();
  await host?.close();
  await closeComputeWorkers();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(sharedDataMissing)('audit.list and audit.verify from the app', () => {
  it('audit.list: newest first, the app as actor, filtered by patient, limited', async () => {
    const all = await value<AuditEntry[]>('audit.list', {});
    expect(all.map((e) => e.action)).toEqual(['patient.created', 'run.registered', 'session.created', 'patient.created', 'audit.started']);
    expect(all.every((e) => e.actor === 'app')).toBe(true);
    const mine = await value<AuditEntry[]>('audit.list', { patientId, limit: 2 });
    expect(mine).toEqual([
      expect.objectContaining({ action: 'run.registered', subject: `run:${run.id}`, details: expect.objectContaining({ patientId, sessionId, kind: 'imported', originalName: 'S001R04.edf', sha256: sourceSha256, bytes: run.bytes }) }),
      expect.objectContaining({ action: 'session.created', subject: `session:${sessionId}` }),
    ]);
  });

  it('audit.list refuses bad input naming the field: limit 0, a patientId not an integer, an unknown patient', async () => {
    expect(await refusalOf(client.call('audit.list', { limit: 0 }))).toMatchObject({ code: 'invalid-payload', detail: { reason: 'invalid-field', params: { method: 'audit.list', field: 'limit' } } });
    expect(await refusalOf(client.call('audit.list', { limit: 1001 }))).toMatchObject({ code: 'invalid-payload', detail: { params: { field: 'limit' } } });
    expect(await refusalOf(client.call('audit.list', { patientId: 1.5 }))).toMatchObject({ code: 'invalid-payload', detail: { params: { field: 'patientId' } } });
    expect(await refusalOf(client.call('audit.list', { patientId: 'one' }))).toMatchObject({ code: 'invalid-payload', detail: { params: { field: 'patientId' } } });
    expect(await refusalOf(client.call('audit.list', { patient: 1 }))).toMatchObject({ code: 'invalid-payload' });
    expect(await refusalOf(client.call('audit.list', { patientId: 999 }))).toMatchObject({ code: 'not-found', detail: { reason: 'missing', params: { thing: 'patient', id: '999' } } });
    expect(await refusalOf(client.call('audit.verify', { deep: true }))).toMatchObject({ code: 'invalid-payload' });
  });

  it('audit.verify: the chain and the imported recording hold', async () => {
    const result = await value<AuditVerification>('audit.verify', {});
    expect(result).toMatchObject({
      entries: 5, chain: { intact: true, firstBroken: null },
      recordings: { checked: 1, intact: 1, changed: [], missing: [] }, models: { checked: 0, intact: 0, changed: [], missing: [] },
    });
    expect(result.elapsedMs).toBeGreaterThanOrEqual(0);
  });
});

describe.skipIf(sharedDataMissing)('neurofeat audit verify (a process)', () => {
  it('exits 0 with a summary, and with --json the same result as the app', async () => {
    await host?.close();
    host = null;
    const text = auditVerify('--data-dir', dataDir);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/audit log: 5 entries, chain intact/);
    expect(text.stdout).toMatch(/recordings: 1 checked, 1 intact/);
    expect(text.stdout).toMatch(/Everything holds/);
    const json = auditVerify('--data-dir', dataDir, '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ entries: 5, chain: { intact: true, firstBroken: null }, recordings: { checked: 1, intact: 1 } });
  });

  it('exits 1 naming the run and its file when one byte of the copied recording is flipped; the original is untouched', () => {
    const copy = path.join(dataDir, run.file);
    expect(path.resolve(copy)).not.toBe(path.resolve(source));
    const bytes = readFileSync(copy);
    bytes[bytes.length - 100] ^= 0x01;
    writeFileSync(copy, bytes);
    const text = auditVerify('--data-dir', dataDir);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`run ${run.id} (${run.file}): changed (another SHA-256 than registered)`);
    const json = auditVerify('--data-dir', dataDir, '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).recordings).toEqual({ checked: 1, intact: 0, changed: [{ runId: run.id, file: run.file, problem: 'content-changed' }], missing: [] });
    expect(sha256Of(source)).toBe(sourceSha256);
  });

  it('exits 2 with a one-line reason naming the folder when it holds no database, and on bad usage', () => {
    const empty = path.join(dir, 'empty');
    const none = auditVerify('--data-dir', empty);
    expect(none.code).toBe(2);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    expect(none.stderr).toContain(`there is no NeuroFeat database (neurofeat.sqlite) in ${empty}`);
    expect(auditVerify('--data-dir', dataDir, 'extra').code).toBe(2);
    const help = spawnSync(process.execPath, [cli, 'audit', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Usage: neurofeat audit verify/);
  });
});
