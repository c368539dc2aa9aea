// `session import`, `export` and `import` on real recordings: a patient's record moved to an empty data folder equal modulo ids and paths, and every bad archive or flag refused with the target unchanged.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attempt, AuditEntry, JobStatus, Patient, Run, Session } from '../../../src-main/contract/api.ts';
import { startHost } from '../../../src-main/host/host-server.ts';
import { closeComputeWorkers } from '../../../src-main/services/jobs/compute-job.ts';
import { openDatabase } from '../../../src-main/services/storage/database.ts';
import { listAudit } from '../../../src-main/services/storage/audit.ts';
import { migrations } from '../../../src-main/services/storage/migrations.ts';
import { saveImpedanceMeasurement } from '../../../src-main/services/storage/impedance.ts';
import { addAssessment } from '../../../src-main/services/storage/assessments.ts';
import { archiveTableNames, MANIFEST_DIGEST_ENTRY, MANIFEST_ENTRY, type Manifest, type Row } from '../../../src-main/services/transfer/archive-format.ts';
import { readEntry, readUstarEntries, UstarWriter } from '../../../src-main/services/transfer/ustar.ts';
import { formatChecksumSidecar } from '../../../src-main/core/formats/checksum-sidecar.ts';
import { runCli } from '../../support/cli.ts';
import { callValue, connect, jobFinished } from '../../support/host-client.ts';
import { scratchRenderer } from '../../support/scratch-renderer.ts';
import { physionetRun, sharedDataMissing } from '../../support/shared-data.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'nf-transfer-'));
const source = path.join(scratch, 'source');
const target = path.join(scratch, 'target');
const archive = path.join(scratch, 'P-01.tar');
const [r04, r08, r12] = [4, 8, 12].map((run) => physionetRun(1, run));
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

afterAll(async () => {
  await closeComputeWorkers();
  rmSync(scratch, { recursive: true, force: true });
});

interface SessionImportJson {
  patient: string;
  session: { id: number; startedAt: string };
  runs: { id: number; file: string; originalName: string; sha256: string; trialsPerClass: Record<string, number> }[];
}

interface ImportJson {
  dataDir: string;
  file: string;
  patient: { code: string; from: number; to: number };
  sessions: { from: number; to: number }[];
  runs: { from: number; to: number; file: string }[];
  attempts: { from: number; to: number; model: string | null }[];
  chosenModels: number;
  impedanceMeasurements: number;
  assessments: { from: number; to: number }[];
}

/** Every row of the archived tables, by table, ordered by id (read-only). */
function rowsOf(dataDir: string): Record<string, Row[]> {
  const db = new DatabaseSync(path.join(dataDir, 'neurofeat.sqlite'), { readOnly: true });
  try {
    return Object.fromEntries(archiveTableNames.map((table) => [table, db.prepare(`SELECT * FROM ${table} ORDER BY ${table === 'session_models' ? 'session_id' : 'id'}`).all() as Row[]]));
  } finally {
    db.close();
  }
}

/** The audit log's entries in order (read-only). */
function auditOf(dataDir: string): Row[] {
  const db = new DatabaseSync(path.join(dataDir, 'neurofeat.sqlite'), { readOnly: true });
  try {
    return db.prepare('SELECT * FROM audit_log ORDER BY id').all() as Row[];
  } finally {
    db.close();
  }
}

/** What a refused command must leave as it was: every file (by its SHA-256) and every row of the database. */
/** The `patient.exported` entries of a data folder's audit log, oldest first. */
function exportEntries(dataDir: string): AuditEntry[] {
  const db = openDatabase(dataDir);
  try {
    return listAudit(db, { limit: 1000 }).filter((e) => e.action === 'patient.exported').reverse();
  } finally {
    db.close();
  }
}

function snapshot(dataDir: string): unknown {
  if (!existsSync(dataDir)) return null;
  const files: [string, string][] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      // The database (and its write-ahead log, which a reader may create) is compared by its rows.
      else if (!entry.name.startsWith('neurofeat.sqlite')) files.push([path.relative(dataDir, full), sha(full)]);
    }
  };
  walk(dataDir);
  const database = existsSync(path.join(dataDir, 'neurofeat.sqlite'));
  return { files: files.sort(), rows: database ? rowsOf(dataDir) : null, audit: database ? auditOf(dataDir).length : null };
}

/** A copy of the archive whose manifest `change` altered, with a consistent digest and every file kept. */
async function rewritten(name: string, change: (manifest: Manifest & Record<string, unknown>) => void): Promise<string> {
  const file = path.join(scratch, name);
  const input = await open(archive, 'r');
  const out = await open(file, 'wx');
  try {
    const entries = await readUstarEntries(input);
    const manifest = JSON.parse((await readEntry(input, entries[0])).toString('utf8')) as Manifest & Record<string, unknown>;
    change(manifest);
    const text = Buffer.from(JSON.stringify(manifest));
    const writer = new UstarWriter(out, new Date());
    await writer.addBuffer(MANIFEST_ENTRY, text);
    await writer.addBuffer(MANIFEST_DIGEST_ENTRY, Buffer.from(formatChecksumSidecar(createHash('sha256').update(text).digest('hex'), MANIFEST_ENTRY)));
    for (const entry of entries.slice(2)) await writer.addBuffer(entry.name, await readEntry(input, entry));
    await writer.finish();
  } finally {
    await out.close();
    await input.close();
  }
  return file;
}

let first: SessionImportJson;
let second: SessionImportJson;
let attempt: Attempt;

describe.skipIf(sharedDataMissing)('moving a patient between workstations', () => {
  beforeAll(async () => {
    expect((await runCli(['patient', 'add', '--code', 'P-01', '--birth-year', '1958', '--lesion-side', 'left', '--notes', 'stroke 2025', '--data-dir', source])).code).toBe(0);
    const a = await runCli(['session', 'import', '--patient', 'p-01', r04, r08, '--json', '--data-dir', source]);
    expect(a.err).toBe('');
    first = JSON.parse(a.out) as SessionImportJson;
    second = JSON.parse((await runCli(['session', 'import', '--patient', 'P-01', r12, '--notes', 'second day', '--json', '--data-dir', source])).out) as SessionImportJson;

    // A trained attempt with its model, chosen, as the app makes them (the host's training.start, the fast psd family).
    const host = await startHost({ dataDir: source, rendererDir: scratchRenderer(scratch) });
    const client = await connect(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
    try {
      const started = await callValue<JobStatus>(client, 'training.start', { sessionId: first.session.id, runIds: first.runs.map((r) => r.id), family: 'psd', cv: { kind: 'kfold', k: 5, seed: 3 } });
      const end = await jobFinished(client, started.jobId, 300_000);
      expect(end.error ?? null).toBeNull();
      attempt = await callValue<Attempt>(client, 'models.choose', { sessionId: first.session.id, attemptId: (end.result as Attempt).id });
    } finally {
      client.close();
      await host.close();
    }
    // An impedance measurement, and an online run's record naming the attempt whose model it ran (both remapped on import).
    const db = openDatabase(source);
    saveImpedanceMeasurement(db, { sessionId: first.session.id, device: 'cyton', measuredAt: '2026-11-30T09:00:00.000Z', thresholdKOhm: 10, channels: [{ channel: 1, label: 'C3', kOhm: 4.2, go: true }] as never, go: true });
    db.prepare('UPDATE runs SET settings_json = ? WHERE id = ?').run(JSON.stringify({ protocol: { kind: 'online', modelAttemptId: attempt.id, outcome: { modelAttemptId: attempt.id, accuracy: 0.8 } } }), second.runs[0].id);
    // Clinical assessments, one corrected (the correction's `replaces` is remapped on import too).
    const mistyped = addAssessment(db, { sessionId: first.session.id, scale: 'fma-ue', score: 13, assessedAt: '2026-11-02', notes: '' });
    addAssessment(db, { sessionId: first.session.id, scale: 'fma-ue', score: 31, assessedAt: '2026-11-02', notes: 'digits swapped', replaces: mistyped.id });
    addAssessment(db, { sessionId: second.session.id, scale: 'arat', score: 22, assessedAt: '2026-11-09', notes: '' });
    db.close();
  }, 300_000);

  it('session import: a new session per call, each file a run through recordings.import (copied, SHA-256, trials counted)', () => {
    expect(first).toMatchObject({ patient: 'P-01', session: { id: 1 } });
    expect(first.runs.map((r) => [r.originalName, r.sha256, r.trialsPerClass])).toEqual([
      ['S001R04.edf', sha(r04), { T1: 8, T2: 7 }],
      ['S001R08.edf', sha(r08), { T1: 8, T2: 7 }],
    ]);
    for (const run of [...first.runs, ...second.runs]) expect(sha(run.file)).toBe(run.sha256);
    expect(first.runs[0].file).toBe(path.join(source, 'recordings', 'session-1', 'S001R04.edf'));
    expect(second).toMatchObject({ session: { id: 2 }, runs: [{ originalName: 'S001R12.edf', trialsPerClass: { T1: 7, T2: 8 } }] });
    expect(attempt).toMatchObject({ family: 'psd', chosen: true, runIds: first.runs.map((r) => r.id) });
  });

  it('session import refuses an unknown patient, a missing flag, an unreadable or non-EEG file, and creates nothing', async () => {
    // The audit log grows here by design (session.discarded below): the rest must not change.
    const withoutAudit = (value: unknown) => ({ ...(value as Record<string, unknown>), audit: undefined });
    const before = withoutAudit(snapshot(source));
    const notEeg = path.join(scratch, 'notes.edf');
    writeFileSync(notEeg, 'not a recording');
    const cases: [string[], RegExp][] = [
      [['--patient', 'P-99', r04], /^neurofeat session: there is no patient with code P-99 in .*source/],
      [[r04], /^neurofeat session: --patient CODE is required$/],
      [['--patient', 'P-01'], /^neurofeat session: expected at least one recording FILE$/],
      [['--patient', 'P-01', r04, path.join(scratch, 'absent.edf')], /^neurofeat session: .*absent\.edf: no such file$/],
      [['--patient', 'P-01', r04, scratch], /^neurofeat session: .*: is a folder, expected a recording file$/],
      [['--patient', 'P-01', r04, notEeg], /^neurofeat session: recordings\.import: notes\.edf: .*not a recognised EEG file/],
      [['--patient', 'P-01', r04, r04], /^neurofeat session: S001R04\.edf is already run \d+ of session \d+/],
    ];
    for (const [args, expected] of cases) {
      const result = await runCli(['session', 'import', ...args, '--data-dir', source]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err.trim(), args.join(' ')).toMatch(expected);
      expect(withoutAudit(snapshot(source)), args.join(' ')).toEqual(before);
    }
    // The two refused after the session was made: the log keeps their creation and says why each was discarded.
    const discarded = auditOf(source).filter((entry) => entry.action === 'session.discarded');
    expect(discarded.map((entry) => JSON.parse(entry.details_json as string) as { runIds: number[]; reason: string })).toEqual([
      { patientId: 1, sessionId: expect.any(Number), runIds: [expect.any(Number)], reason: expect.stringMatching(/notes\.edf: .*not a recognised EEG file/) },
      { patientId: 1, sessionId: expect.any(Number), runIds: [expect.any(Number)], reason: expect.stringMatching(/is already run/) },
    ]);
  });

  let exported: { file: string; bytes: number; patient: string; sessions: number; runs: number; attempts: number; models: number; sha256: string };

  it('export writes one ustar archive (system tar lists it) with the manifest first, and prints what it holds', async () => {
    const result = await runCli(['export', '--patient', 'P-01', '--out', archive, '--json', '--data-dir', source]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    exported = JSON.parse(result.out) as typeof exported;
    expect(exported).toEqual({ file: archive, bytes: statSync(archive).size, patient: 'P-01', sessions: 2, runs: 3, attempts: 1, models: 1, sha256: sha(archive) });
    // The data leaving the workstation is in the source's audit log: where to and exactly what.
    expect(exportEntries(source)).toEqual([expect.objectContaining({
      actor: 'cli', subject: expect.stringMatching(/^patient:\d+$/),
      details: expect.objectContaining({ code: 'P-01', file: archive, bytes: exported.bytes, sha256: exported.sha256, sessions: 2, runs: 3, attempts: 1 }),
    })]);
    const listed = spawnSync('tar', ['-tf', archive], { encoding: 'utf8' });
    expect(listed.status).toBe(0);
    expect(listed.stdout.trim().split('\n')).toEqual([MANIFEST_ENTRY, MANIFEST_DIGEST_ENTRY, 'recordings/run-1.edf', 'recordings/run-2.edf', 'recordings/run-3.edf', `models/attempt-${attempt.id}.onnx`]);
    // System tar extracts the recordings byte for byte.
    const extracted = path.join(scratch, 'extracted');
    expect(spawnSync('tar', ['-xf', archive, '-C', scratch, '--one-top-level=extracted'], { encoding: 'utf8' }).status).toBe(0);
    expect(sha(path.join(extracted, 'recordings', 'run-1.edf'))).toBe(sha(r04));
    const manifest = JSON.parse(readFileSync(path.join(extracted, MANIFEST_ENTRY), 'utf8')) as Manifest;
    expect(readFileSync(path.join(extracted, MANIFEST_DIGEST_ENTRY), 'utf8')).toBe(formatChecksumSidecar(sha(path.join(extracted, MANIFEST_ENTRY)), MANIFEST_ENTRY));
    expect(manifest).toMatchObject({ format: 'neurofeat-patient-archive', version: 2, schemaVersion: Math.max(...migrations.map((m) => m.version)), patientCode: 'P-01' });
    expect(manifest.tables).toEqual(Object.fromEntries(Object.entries(rowsOf(source)).map(([table, rows]) => [table, table === 'patients' ? rows.filter((r) => r.code === 'P-01') : rows])));
    expect(manifest.files.map((f) => [f.path, f.size, f.sha256])).toEqual([
      ['recordings/run-1.edf', statSync(r04).size, sha(r04)],
      ['recordings/run-2.edf', statSync(r08).size, sha(r08)],
      ['recordings/run-3.edf', statSync(r12).size, sha(r12)],
      [`models/attempt-${attempt.id}.onnx`, statSync(path.join(source, attempt.model!.file)).size, attempt.model!.sha256],
    ]);
  });

  let imported: ImportJson;

  it('import into an empty data folder: every row equal modulo ids and paths, every file identical', async () => {
    const result = await runCli(['import', archive, '--json', '--data-dir', target]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    imported = JSON.parse(result.out) as ImportJson;
    expect(imported).toMatchObject({ dataDir: target, file: archive, patient: { code: 'P-01', from: 1 }, chosenModels: 1, impedanceMeasurements: 1 });
    const ids = (list: { from: number; to: number }[]) => new Map(list.map((c) => [c.from, c.to]));
    const sessions = ids(imported.sessions);
    const runs = ids(imported.runs);
    const attempts = ids(imported.attempts);
    expect([...sessions.keys()]).toEqual([1, 2]);
    expect([...runs.keys()]).toEqual([1, 2, 3]);

    // The source's rows with the ids the import gave them, without what names a place in the data folder.
    const before = rowsOf(source);
    const after = rowsOf(target);
    const unplaced = (row: Row) => {
      const { path: _p, mtime_ms: _m, model_path: _mp, ...rest } = row;
      return rest;
    };
    expect(after.patients.map(({ id: _id, ...rest }) => rest)).toEqual(before.patients.map(({ id: _id, ...rest }) => rest));
    expect(after.sessions).toEqual(before.sessions.map((s) => ({ ...s, id: sessions.get(s.id as number), patient_id: imported.patient.to })));
    expect(after.runs.map(unplaced)).toEqual(before.runs.map((r) => unplaced({
      ...r, id: runs.get(r.id as number)!, session_id: sessions.get(r.session_id as number)!,
      settings_json: r.settings_json === null ? null : JSON.stringify({ protocol: { kind: 'online', modelAttemptId: attempts.get(attempt.id), outcome: { modelAttemptId: attempts.get(attempt.id), accuracy: 0.8 } } }),
    })));
    expect(after.attempts.map(unplaced)).toEqual(before.attempts.map((a) => unplaced({
      ...a, id: attempts.get(a.id as number)!, session_id: sessions.get(a.session_id as number)!,
      run_ids_json: JSON.stringify((JSON.parse(a.run_ids_json as string) as number[]).map((id) => runs.get(id))),
    })));
    expect(after.session_models).toEqual(before.session_models.map((m) => ({ ...m, session_id: sessions.get(m.session_id as number), attempt_id: attempts.get(m.attempt_id as number) })));
    expect(after.impedance_measurements.map(({ id: _id, ...rest }) => rest)).toEqual(before.impedance_measurements.map(({ id: _id, ...rest }) => ({ ...rest, session_id: sessions.get(rest.session_id as number) })));
    const assessments = ids(imported.assessments);
    expect(before.assessments).toHaveLength(3);
    expect(after.assessments).toEqual(before.assessments.map((a) => ({
      ...a, id: assessments.get(a.id as number), session_id: sessions.get(a.session_id as number), replaces: a.replaces === null ? null : assessments.get(a.replaces as number),
    })));

    // Files: where the app keeps them for the new session ids, byte for byte the source's, with their sidecars.
    for (const run of after.runs) {
      const origin = before.runs.find((r) => runs.get(r.id as number) === run.id)!;
      expect(run.path).toBe(path.join('recordings', `session-${run.session_id}`, path.basename(origin.path as string)));
      expect(sha(path.join(target, run.path as string))).toBe(origin.sha256);
      expect(readFileSync(path.join(target, `${run.path as string}.sha256`), 'utf8')).toBe(formatChecksumSidecar(origin.sha256 as string, path.basename(run.path as string)));
      expect(run.mtime_ms).toBe(statSync(path.join(target, run.path as string)).mtimeMs);
    }
    const model = after.attempts[0].model_path as string;
    expect(model).toBe(path.join('models', `session-${after.attempts[0].session_id}`, path.basename(attempt.model!.file)));
    expect(readFileSync(path.join(target, model))).toEqual(readFileSync(path.join(source, attempt.model!.file)));
    // Nothing left of the staging folder.
    expect(readdirSync(target).filter((name) => name.startsWith('.'))).toEqual([]);
    // One audit entry for the import, by the command line, and the target's integrity check holds (chain, recordings, model).
    const entries = auditOf(target);
    expect(entries.map((e) => [e.action, e.actor])).toEqual([['audit.started', 'cli'], ['patient.imported', 'cli']]);
    expect(JSON.parse(entries[1].details_json as string)).toEqual({
      patientId: imported.patient.to, code: 'P-01', archive: 'P-01.tar', manifestSha256: sha(path.join(scratch, 'extracted', MANIFEST_ENTRY)),
      exportedAt: expect.any(String), sourcePatientId: 1, sessionIds: imported.sessions.map((x) => x.to), runIds: imported.runs.map((x) => x.to), attemptIds: imported.attempts.map((x) => x.to),
      assessmentIds: imported.assessments.map((x) => x.to), archiveVersion: 2,
    });
    const verified = await runCli(['audit', 'verify', '--json', '--data-dir', target]);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.out)).toMatchObject({ chain: { intact: true }, recordings: { checked: 3, intact: 3 }, models: { checked: 1, intact: 1 } });
  });

  it('the imported model predicts S001R04 exactly as the original does (onnxruntime, neurofeat predict)', async () => {
    const predict = async (model: string) => {
      const result = await runCli(['predict', model, r04, '--provider', 'cpu', '--json']);
      expect(result.code).toBe(0);
      const { trials, accuracy } = JSON.parse(result.out) as { trials: unknown[]; accuracy: number };
      return { trials, accuracy };
    };
    const original = await predict(path.join(source, attempt.model!.file));
    expect(original.trials).toHaveLength(15);
    expect(await predict(path.join(target, imported.attempts[0].model!))).toEqual(original);
  }, 120_000);

  it('the host of the target lists the imported patient, sessions, runs (files ok) and the chosen attempt', async () => {
    const host = await startHost({ dataDir: target, rendererDir: scratchRenderer(scratch) });
    const client = await connect(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
    try {
      const patients = await callValue<Patient[]>(client, 'patients.list', {});
      expect(patients).toMatchObject([{ id: imported.patient.to, code: 'P-01', birthYear: 1958, lesionSide: 'left', notes: 'stroke 2025' }]);
      const sessions = await callValue<Session[]>(client, 'sessions.list', { patientId: imported.patient.to });
      expect(sessions.map((s) => [s.startedAt, s.notes]).sort()).toEqual([[first.session.startedAt, ''], [second.session.startedAt, 'second day']]);
      const newFirst = imported.sessions.find((s) => s.from === first.session.id)!.to;
      const listedRuns = await callValue<Run[]>(client, 'recordings.list', { sessionId: newFirst });
      expect(listedRuns.map((r) => [r.originalName, r.sha256, r.fileStatus])).toEqual([['S001R04.edf', sha(r04), 'ok'], ['S001R08.edf', sha(r08), 'ok']]);
      const attempts = await callValue<Attempt[]>(client, 'attempts.list', { sessionId: newFirst });
      expect(attempts).toHaveLength(1);
      const { id: _a, sessionId: _s, runIds, model, ...rest } = attempts[0];
      const { id: _b, sessionId: _t, runIds: _r, model: originalModel, ...originalRest } = attempt;
      expect(rest).toEqual(originalRest);
      expect(runIds).toEqual(listedRuns.map((r) => r.id));
      expect(model!.sha256).toBe(originalModel!.sha256);
      const newSecond = imported.sessions.find((s) => s.from === second.session.id)!.to;
      expect((await callValue<Run[]>(client, 'recordings.list', { sessionId: newSecond }))[0].protocol).toMatchObject({ modelAttemptId: attempts[0].id });
    } finally {
      client.close();
      await host.close();
    }
  }, 60_000);

  /** Imports `file` into a data folder with another patient (and into a folder that does not exist): refused, both unchanged. */
  async function refusedImport(file: string, expected: RegExp, beforeTheDatabase = true): Promise<void> {
    const other = path.join(scratch, 'other');
    if (!existsSync(other)) expect((await runCli(['patient', 'add', '--code', 'Q-01', '--data-dir', other])).code).toBe(0);
    const before = snapshot(other);
    // A refusal found before the database is opened does not even create a new data folder.
    for (const dataDir of beforeTheDatabase ? [other, path.join(scratch, 'never-created')] : [other]) {
      const result = await runCli(['import', file, '--data-dir', dataDir]);
      expect(result.code, `${path.basename(file)} into ${dataDir}`).toBe(2);
      expect(result.err.trim()).toMatch(expected);
      expect(result.out).toBe('');
    }
    expect(snapshot(other)).toEqual(before);
    expect(existsSync(path.join(scratch, 'never-created'))).toBe(false);
  }

  it('import refuses an archive cut at any of several points, naming where', async () => {
    const size = statSync(archive).size;
    const handle = await open(archive, 'r');
    const entries = await readUstarEntries(handle);
    await handle.close();
    const run2 = entries.find((e) => e.name === 'recordings/run-2.edf')!;
    const cuts: [number, RegExp][] = [
      [300, /the archive is truncated: it ends at byte 300, without the end-of-archive marker/],
      [entries[0].dataOffset + 100, /entry manifest\.json: is truncated: it needs \d+ bytes from byte 512, the archive has 100/],
      [run2.dataOffset - 512, /the archive is truncated: it ends at byte \d+, after entry recordings\/run-1\.edf, without the end-of-archive marker/],
      [run2.dataOffset + 1_000_000, /entry recordings\/run-2\.edf: is truncated: it needs 2596896 bytes from byte \d+, the archive has 1000000/],
      [size - 1024, /the archive is truncated: .*after entry models\/attempt-\d+\.onnx, without the end-of-archive marker/],
    ];
    for (const [at, expected] of cuts) {
      const cut = path.join(scratch, `cut-${at}.tar`);
      copyFileSync(archive, cut);
      truncateSync(cut, at);
      await refusedImport(cut, new RegExp(`^neurofeat import: ${cut.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${expected.source}.* The archive is damaged or incomplete`));
    }
  }, 120_000);

  it('import refuses a flipped byte in a recording, an altered manifest, an unknown version, a file that is not an archive', async () => {
    const handle = await open(archive, 'r');
    const entries = await readUstarEntries(handle);
    await handle.close();
    const run1 = entries.find((e) => e.name === 'recordings/run-1.edf')!;
    const flipped = path.join(scratch, 'flipped.tar');
    const bytes = readFileSync(archive);
    bytes[run1.dataOffset + 123_456] ^= 0x10;
    writeFileSync(flipped, bytes);
    await refusedImport(flipped, /entry recordings\/run-1\.edf: its SHA-256 differs from the manifest's \(the file was altered\)/);

    const altered = path.join(scratch, 'altered.tar');
    const changed = readFileSync(archive);
    const at = changed.indexOf('"birth_year": 1958');
    changed.write('"birth_year": 1959', at, 'utf8');
    writeFileSync(altered, changed);
    await refusedImport(altered, /entry manifest\.json: its SHA-256 differs from the one in manifest\.json\.sha256 \(the manifest was altered\)/);

    // Manifests changed with a consistent digest and every file kept: what is refused is the change itself.
    await refusedImport(await rewritten('future.tar', (m) => { m.version = 3 as never; }), /entry manifest\.json: version 3 is not known: this NeuroFeat reads versions 1 and 2/);
    await refusedImport(await rewritten('wrong-correction.tar', (m) => { m.tables.assessments[2].replaces = m.tables.assessments[0].id; }), /entry manifest\.json: tables\.assessments\[2\]\.replaces \d+: an assessment of another session or scale/);
    await refusedImport(await rewritten('foreign-run.tar', (m) => { m.tables.attempts[0].run_ids_json = '[1,2,77]'; }), /entry manifest\.json: tables\.attempts\[0\]\.run_ids_json names a run that is not in the archive/);
    await refusedImport(await rewritten('odd-side.tar', (m) => { m.tables.patients[0].lesion_side = 'middle'; }), /entry manifest\.json: tables\.patients\[0\]\.lesion_side: "middle" is not one of left, right, bilateral, none, unknown/);
    // A value only the database's own checks refuse: found inside the transaction, rolled back, every file placed removed.
    await refusedImport(await rewritten('no-threshold.tar', (m) => { m.tables.impedance_measurements[0].threshold_kohm = 0; }), /entry manifest\.json: a row does not fit the database \(CHECK constraint failed: threshold_kohm > 0\)/, false);

    await refusedImport(r04, /the header at byte 0 has an unreadable checksum field/);
  }, 120_000);

  it('import still reads a version 1 archive (written before assessments): everything else imported, no assessments', async () => {
    const v1 = await rewritten('version-1.tar', (m) => {
      m.version = 1 as never;
      delete (m.tables as Partial<Manifest['tables']>).assessments;
    });
    const older = path.join(scratch, 'older');
    const result = await runCli(['import', v1, '--json', '--data-dir', older]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.out) as ImportJson;
    expect(summary).toMatchObject({ patient: { code: 'P-01' }, chosenModels: 1, impedanceMeasurements: 1, assessments: [] });
    expect(summary.runs).toHaveLength(3);
    const rows = rowsOf(older);
    expect([rows.sessions.length, rows.runs.length, rows.attempts.length, rows.assessments.length]).toEqual([2, 3, 1, 0]);
    expect(JSON.parse(auditOf(older)[1].details_json as string)).toMatchObject({ archiveVersion: 1, assessmentIds: [] });
  }, 60_000);

  it('import refuses a patient code the data folder already has, and leaves it unchanged', async () => {
    const before = snapshot(target);
    const result = await runCli(['import', archive, '--data-dir', target]);
    expect(result.code).toBe(2);
    expect(result.err.trim()).toMatch(/^neurofeat import: patient P-01 already exists in .*target; nothing was imported/);
    expect(snapshot(target)).toEqual(before);
    const usage = await runCli(['import', '--data-dir', target]);
    expect([usage.code, usage.err.trim()]).toEqual([2, 'neurofeat import: expected the archive FILE']);
    const missing = await runCli(['import', path.join(scratch, 'absent.tar'), '--data-dir', target]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/absent\.tar: no such file/);
  });

  it('export refuses a missing --patient or --out, an unknown patient, an existing OUT (unchanged), and a changed recording (exit 1, naming the run, nothing written)', async () => {
    const existing = readFileSync(archive);
    const cases: [string[], number, RegExp][] = [
      [['--out', path.join(scratch, 'x.tar')], 2, /^neurofeat export: --patient CODE is required$/],
      [['--patient', 'P-01'], 2, /^neurofeat export: --out FILE is required$/],
      [['--patient', 'P-77', '--out', path.join(scratch, 'x.tar')], 2, /^neurofeat export: There is no patient with code P-77/],
      [['--patient', 'P-01', '--out', archive], 2, /^neurofeat export: .*P-01\.tar already exists; NeuroFeat never overwrites a file/],
    ];
    for (const [args, code, expected] of cases) {
      const result = await runCli(['export', ...args, '--data-dir', source]);
      expect([result.code, result.err.trim()], args.join(' ')).toEqual([code, expect.stringMatching(expected)]);
    }
    expect(readFileSync(archive).equals(existing)).toBe(true);
    expect(existsSync(path.join(scratch, 'x.tar'))).toBe(false);
    // A refused export writes no entry.
    expect(exportEntries(source)).toHaveLength(1);

    const recording = path.join(source, 'recordings', `session-${second.session.id}`, 'S001R12.edf');
    const kept = readFileSync(recording);
    appendFileSync(recording, 'x');
    try {
      const out = path.join(scratch, 'changed.tar');
      const result = await runCli(['export', '--patient', 'P-01', '--out', out, '--data-dir', source]);
      expect(result.code).toBe(1);
      expect(result.err.trim()).toMatch(new RegExp(`^neurofeat export: Run ${second.runs[0].id} \\(S001R12\\.edf\\): its file .* changed since it was registered`));
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(scratch).filter((name) => name.includes('partial'))).toEqual([]);
      expect(exportEntries(source)).toHaveLength(1);
    } finally {
      writeFileSync(recording, kept);
    }
  });
});
