// patients.export and patients.import over the host: a patient moved from one data folder to another, and every refusal with its reason.
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Patient, PatientExport, PatientImport, Run, Session } from '../../src-main/contract/api.ts';
import { startHost, type RunningHost } from '../../src-main/host/host-server.ts';
import { closeComputeWorkers } from '../../src-main/services/jobs/compute-job.ts';
import { callValue, connect, refusalOf, type TestClient } from '../support/host-client.ts';
import { scratchRenderer } from '../support/scratch-renderer.ts';
import { physionetRun, sharedDataMissing } from '../support/shared-data.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'nf-patient-transfer-'));
const archive = path.join(dir, 'P-07.tar');
const r04 = physionetRun(1, 4);
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const hosts: RunningHost[] = [];
const clients: TestClient[] = [];

async function hostOn(dataDir: string): Promise<TestClient> {
  const host = await startHost({ dataDir, rendererDir: scratchRenderer(dir) });
  hosts.push(host);
  const client = await connect(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
  clients.push(client);
  return client;
}

let source: TestClient;
let target: TestClient;
let patient: Patient;
let session: Session;
let run: Run;

afterAll(async () => {
  for (const client of clients) client.close();
  for (const host of hosts) await host.close();
  await closeComputeWorkers();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(sharedDataMissing)('patients.export and patients.import', () => {
  beforeAll(async () => {
    source = await hostOn(path.join(dir, 'source'));
    target = await hostOn(path.join(dir, 'target'));
    patient = await callValue<Patient>(source, 'patients.create', { code: 'P-07', birthYear: 1961, lesionSide: 'right' });
    session = await callValue<Session>(source, 'sessions.create', { patientId: patient.id, notes: 'first' });
    run = await callValue<Run>(source, 'recordings.import', { sessionId: session.id, path: r04 });
  }, 60_000);

  it('exports the patient to one archive and imports it into another data folder under new ids', async () => {
    const written = await callValue<PatientExport>(source, 'patients.export', { patientId: patient.id, path: archive });
    expect(written).toEqual({ file: archive, bytes: statSync(archive).size, patient: 'P-07', sessions: 1, runs: 1, attempts: 0, models: 0, sha256: sha(archive) });
    // Another patient first, so that the imported ids differ from the archive's.
    await callValue<Patient>(target, 'patients.create', { code: 'Q-01' });
    await callValue<Session>(target, 'sessions.create', { patientId: 1 });
    const imported = await callValue<PatientImport>(target, 'patients.import', { path: archive });
    expect(imported).toMatchObject({ file: archive, patient: { code: 'P-07', from: patient.id, to: 2 }, sessions: [{ from: session.id, to: 2 }], runs: [{ from: run.id, to: 1 }], attempts: [], chosenModels: 0, impedanceMeasurements: 0 });
    const listed = await callValue<Patient[]>(target, 'patients.list', {});
    expect(listed.find((p) => p.code === 'P-07')).toEqual({ ...patient, id: 2 });
    expect(await callValue<Session[]>(target, 'sessions.list', { patientId: 2 })).toEqual([{ ...session, id: 2, patientId: 2 }]);
    const runs = await callValue<Run[]>(target, 'recordings.list', { sessionId: 2 });
    expect(runs).toEqual([{ ...run, id: 1, sessionId: 2, file: path.join('recordings', 'session-2', 'S001R04.edf') }]);
  });

  it('refuses an import with the reason the window words: each problem, the entry, nothing imported', async () => {
    const count = (await callValue<Patient[]>(target, 'patients.list', {})).length;
    const reasonOf = async (file: string) => (await refusalOf(target.call('patients.import', { path: file })));
    expect(await reasonOf(archive)).toMatchObject({ code: 'conflict', message: expect.stringMatching(/^patient P-07 already exists in /), detail: { reason: 'already-exists', params: { thing: 'patient', name: 'P-07' } } });

    const cut = path.join(dir, 'cut.tar');
    copyFileSync(archive, cut);
    truncateSync(cut, statSync(archive).size - 2_000_000);
    expect(await reasonOf(cut)).toMatchObject({ code: 'bad-input', detail: { reason: 'archive-refused', params: { file: cut, entry: 'recordings/run-1.edf', problem: 'truncated' } } });

    const flipped = path.join(dir, 'flipped.tar');
    const bytes = readFileSync(archive);
    bytes[bytes.length - 100_000] ^= 0xff;
    writeFileSync(flipped, bytes);
    expect(await reasonOf(flipped)).toMatchObject({ code: 'bad-input', message: expect.stringContaining('entry recordings/run-1.edf: its SHA-256 differs'), detail: { reason: 'archive-refused', params: { entry: 'recordings/run-1.edf', problem: 'altered' } } });

    expect(await reasonOf(r04)).toMatchObject({ code: 'bad-input', detail: { reason: 'archive-refused', params: { entry: null, problem: 'not-an-archive' } } });
    expect(await reasonOf(path.join(dir, 'absent.tar'))).toMatchObject({ code: 'not-found', detail: { reason: 'missing', params: { thing: 'file' } } });
    expect(await reasonOf('P-07.tar')).toMatchObject({ code: 'invalid-payload', detail: { reason: 'invalid-field', params: { method: 'patients.import', field: 'path' } } });
    expect((await callValue<Patient[]>(target, 'patients.list', {})).length).toBe(count);
    expect(readdirSync(path.join(dir, 'target')).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('refuses an export to an existing file, a missing folder, for an unknown patient, or of a changed recording', async () => {
    const existing = readFileSync(archive);
    const refusal = (params: unknown) => refusalOf(source.call('patients.export', params));
    expect(await refusal({ patientId: patient.id, path: archive })).toMatchObject({ code: 'conflict', detail: { reason: 'already-exists', params: { thing: 'file', name: archive } } });
    expect(readFileSync(archive).equals(existing)).toBe(true);
    const nowhere = path.join(dir, 'no-such-folder', 'P.tar');
    expect(await refusal({ patientId: patient.id, path: nowhere })).toMatchObject({ code: 'bad-input', detail: { reason: 'export-unwritable', params: { folder: path.dirname(nowhere) } } });
    expect(await refusal({ patientId: 99, path: path.join(dir, 'x.tar') })).toMatchObject({ code: 'not-found', detail: { reason: 'missing', params: { thing: 'patient', id: '99' } } });
    expect(await refusal({ patientId: patient.id, path: 'x.tar' })).toMatchObject({ code: 'invalid-payload' });

    const stored = path.join(dir, 'source', run.file);
    appendFileSync(stored, 'x');
    const out = path.join(dir, 'changed.tar');
    expect(await refusal({ patientId: patient.id, path: out })).toMatchObject({ code: 'file-changed', message: expect.stringMatching(/^Run \d+ \(S001R04\.edf\)/), detail: { reason: 'file-changed', params: { thing: 'run', id: run.id, missing: false } } });
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });
});
