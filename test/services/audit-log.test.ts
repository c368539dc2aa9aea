// The audit log: its hash chain (known answer, append, verify, tampering found), its triggers, one entry per row the storage writes, migration 5.
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Attempt, ProtocolRunRecord } from '../../src-main/contract/api.ts';
import { auditEntryHash, canonicalJson, GENESIS_HASH, listAudit, verifyAuditChain } from '../../src-main/services/storage/audit.ts';
import { chooseModel, insertAttempt, type NewAttempt } from '../../src-main/services/storage/attempts.ts';
import { DATABASE_FILE, migrate, openDatabase } from '../../src-main/services/storage/database.ts';
import { saveImpedanceMeasurement } from '../../src-main/services/storage/impedance.ts';
import { migrations } from '../../src-main/services/storage/migrations.ts';
import { createPatient, createSession, listPatients } from '../../src-main/services/storage/patients.ts';
import { completeRun, deleteUnfinishedRun, insertRun, setRunProtocolOutcome, type NewRun } from '../../src-main/services/storage/runs.ts';
import { verifyDataFolder } from '../../src-main/services/data-folder-check.ts';

const folders: string[] = [];
const tempFolder = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nf-audit-'));
  folders.push(dir);
  return dir;
};
const open: DatabaseSync[] = [];
afterEach(() => {
  open.splice(0).forEach((db) => db.isOpen && db.close());
  folders.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});
const database = (actor: 'app' | 'cli' = 'app') => {
  const db = openDatabase(tempFolder(), actor);
  open.push(db);
  return db;
};
const patientInput = (code: string) => ({ code, birthYear: 1961, lesionSide: 'left' as const, dominantHand: 'right' as const, notes: 'ischaemic, 3 months' });
const last = (db: DatabaseSync) => listAudit(db, { limit: 1 })[0];
const quality = { flatChannels: [], railedChannels: [], noisyChannels: [], medianStd: 10, warnings: [] };
const digest = (c: string) => c.repeat(64);

const importedRun = (sessionId: number, sha256: string | null = digest('a')): NewRun => ({
  sessionId, kind: sha256 === null ? 'calibration' : 'imported', file: `recordings/session-${sessionId}/S001R04.edf`, originalName: 'S001R04.edf',
  sha256, bytes: sha256 === null ? null : 2_600_000, mtimeMs: 1, format: 'EDF+C', durationSec: 125, sampleRateHz: 160, channels: ['C3', 'C4'],
  events: [], trialsPerClass: { T1: 15, T2: 15 }, quality,
});

const attemptOf = (sessionId: number, model: Attempt['model'] = { file: 'models/session-1/a.onnx', sha256: digest('b') }): NewAttempt => ({
  sessionId, family: 'csp-lda', classifier: 'lda', classes: ['T1', 'T2'], runIds: [1],
  parameters: { sessionId, runIds: [1], family: 'csp-lda' } as unknown as Attempt['parameters'],
  features: [], rejected: [], model, modelNote: null, elapsedMs: 900,
  validation: {
    scheme: 'stratified 5-fold, seed 1', nTrials: 30, accuracy: 0.8, ci95: [0.61, 0.92], significanceThreshold: 0.67, significant: true,
    balancedAccuracy: 0.8, kappa: 0.6, confusion: [[12, 3], [3, 12]], folds: [], auc: 0.85, permutation: null,
  },
});

describe('the hash chain', () => {
  it('hashes an entry as documented: SHA-256 of the JSON array of its six stored strings (known answer from Python hashlib)', () => {
    // python3: hashlib.sha256(json.dumps([...], separators=(',', ':'), ensure_ascii=False).encode()).hexdigest()
    const entry = { prevHash: GENESIS_HASH, at: '2026-11-30T12:00:00.000Z', actor: 'app', action: 'patient.created', subject: 'patient:1', detailsJson: '{"code":"P01","patientId":1}' };
    expect(auditEntryHash(entry)).toBe('ac6daf3171390a691ac594eebb0ca8cbe440d8d637236daeb12ec7fc36866d31');
    expect(canonicalJson({ patientId: 1, code: 'P01' })).toBe(entry.detailsJson);
    expect(canonicalJson({ b: [{ z: 1, a: null }], a: 'x', skipped: undefined })).toBe('{"a":"x","b":[{"a":null,"z":1}]}');
  });

  it('starts with audit.started after 64 zeros, links every entry to the one before, and verifies intact', () => {
    const db = database();
    const started = last(db);
    expect(started).toMatchObject({ id: 1, action: 'audit.started', subject: 'database', actor: 'app', prevHash: GENESIS_HASH });
    expect(started.details).toEqual({ before: { patients: 0, sessions: 0, runs: 0, attempts: 0, impedanceMeasurements: 0 } });
    const p = createPatient(db, patientInput('P01'));
    createSession(db, p.id, '');
    const entries = listAudit(db, { limit: 10 }).reverse();
    expect(entries.map((e) => e.action)).toEqual(['audit.started', 'patient.created', 'session.created']);
    for (let i = 1; i < entries.length; i++) expect(entries[i].prevHash).toBe(entries[i - 1].hash);
    expect(verifyAuditChain(db)).toEqual({ entries: 3, intact: true, firstBroken: null });
  });

  it('names the actor the database was opened with', () => {
    const db = database('cli');
    createPatient(db, patientInput('P01'));
    expect(listAudit(db, { limit: 5 }).map((e) => e.actor)).toEqual(['cli', 'cli']);
  });

  it('refuses UPDATE and DELETE on the log (triggers), saying it is append-only', () => {
    const db = database();
    createPatient(db, patientInput('P01'));
    expect(() => db.exec("UPDATE audit_log SET details_json = '{}' WHERE id = 2")).toThrow(/append-only: its entries cannot be changed/);
    expect(() => db.exec('DELETE FROM audit_log WHERE id = 2')).toThrow(/append-only: its entries cannot be deleted/);
    expect(verifyAuditChain(db).intact).toBe(true);
  });

  it('finds an edited entry (after the trigger is dropped)', () => {
    const db = database();
    for (const code of ['P01', 'P02', 'P03']) createPatient(db, patientInput(code));
    db.exec('DROP TRIGGER audit_log_no_update');
    db.exec(`UPDATE audit_log SET details_json = '{"code":"P99","patientId":2}' WHERE id = 3`);
    expect(verifyAuditChain(db)).toEqual({ entries: 4, intact: false, firstBroken: { id: 3, problem: 'edited' } });
  });

  it('finds an entry deleted in the middle (after the trigger is dropped)', () => {
    const db = database();
    for (const code of ['P01', 'P02', 'P03']) createPatient(db, patientInput(code));
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.exec('DELETE FROM audit_log WHERE id = 2');
    expect(verifyAuditChain(db)).toEqual({ entries: 3, intact: false, firstBroken: { id: 3, problem: 'missing' } });
  });

  it('finds entries deleted from the end (the AUTOINCREMENT counter remembers them)', () => {
    const db = database();
    for (const code of ['P01', 'P02', 'P03']) createPatient(db, patientInput(code));
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.exec('DELETE FROM audit_log WHERE id >= 3');
    expect(verifyAuditChain(db)).toEqual({ entries: 2, intact: false, firstBroken: { id: 3, problem: 'missing' } });
  });

  it('finds reordered entries (two entries swapped ids)', () => {
    const db = database();
    for (const code of ['P01', 'P02', 'P03']) createPatient(db, patientInput(code));
    db.exec('DROP TRIGGER audit_log_no_update');
    db.exec('UPDATE audit_log SET id = 100 WHERE id = 2; UPDATE audit_log SET id = 2 WHERE id = 3; UPDATE audit_log SET id = 3 WHERE id = 100;');
    expect(verifyAuditChain(db)).toEqual({ entries: 4, intact: false, firstBroken: { id: 2, problem: 'reordered' } });
  });

  it('writes nothing when the row fails, and no row when its entry fails (one transaction)', () => {
    const db = database();
    createPatient(db, patientInput('P01'));
    expect(() => createPatient(db, patientInput('p01'))).toThrow(/already exists/);
    expect(listAudit(db, { limit: 10 })).toHaveLength(2);
    db.exec("CREATE TRIGGER refuse_entries BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'log unavailable'); END");
    expect(() => createPatient(db, patientInput('P02'))).toThrow(/log unavailable/);
    expect(listPatients(db).map((p) => p.code)).toEqual(['P01']);
    expect(db.isTransaction).toBe(false);
  });
});

describe('every row the storage writes has its entry', () => {
  const setup = () => {
    const db = database();
    const patient = createPatient(db, patientInput('P01'));
    const session = createSession(db, patient.id, 'first session');
    return { db, patientId: patient.id, sessionId: session.id };
  };

  it('patient.created', () => {
    const db = database();
    const p = createPatient(db, patientInput('RH-004'));
    expect(last(db)).toMatchObject({ action: 'patient.created', subject: `patient:${p.id}`, details: { patientId: p.id, code: 'RH-004' } });
    // Notes stay in the patient's row only.
    expect(JSON.stringify(last(db).details)).not.toMatch(/ischaemic/);
  });

  it('session.created', () => {
    const { db, patientId, sessionId } = setup();
    expect(last(db)).toMatchObject({ action: 'session.created', subject: `session:${sessionId}`, details: { patientId, sessionId } });
    expect(JSON.stringify(last(db).details)).not.toMatch(/first session/);
  });

  it('run.registered (an imported file, with its digest)', () => {
    const { db, patientId, sessionId } = setup();
    const run = insertRun(db, importedRun(sessionId));
    expect(last(db)).toMatchObject({
      action: 'run.registered', subject: `run:${run.id}`,
      details: { patientId, sessionId, kind: 'imported', file: `recordings/session-${sessionId}/S001R04.edf`, originalName: 'S001R04.edf', sha256: digest('a'), bytes: 2_600_000 },
    });
  });

  it('run.completed (a recording finished), once: a second completion changes nothing and writes nothing', () => {
    const { db, patientId, sessionId } = setup();
    const run = insertRun(db, importedRun(sessionId, null));
    expect(last(db)).toMatchObject({ action: 'run.registered', details: { kind: 'calibration', sha256: null, bytes: null } });
    const completion = { sha256: digest('c'), bytes: 1234, mtimeMs: 2, format: 'BDF+C', durationSec: 60, sampleRateHz: 250, channels: ['C3'], events: [], trialsPerClass: {}, quality, lostSamples: 3, interrupted: true };
    completeRun(db, run.id, completion);
    expect(last(db)).toMatchObject({ action: 'run.completed', subject: `run:${run.id}`, details: { patientId, sessionId, sha256: digest('c'), bytes: 1234, durationSec: 60, interrupted: true, lostSamples: 3 } });
    const count = listAudit(db, { limit: 100 }).length;
    completeRun(db, run.id, { ...completion, sha256: digest('d') });
    expect(listAudit(db, { limit: 100 })).toHaveLength(count);
  });

  it('run.abandoned (a recording that never started is removed); a complete run is never removed', () => {
    const { db, patientId, sessionId } = setup();
    const run = insertRun(db, importedRun(sessionId, null));
    deleteUnfinishedRun(db, run.id);
    expect(last(db)).toMatchObject({ action: 'run.abandoned', subject: `run:${run.id}`, details: { patientId, sessionId, file: `recordings/session-${sessionId}/S001R04.edf` } });
    const complete = insertRun(db, importedRun(sessionId));
    deleteUnfinishedRun(db, complete.id);
    expect(last(db)).toMatchObject({ action: 'run.registered', subject: `run:${complete.id}` });
  });

  it('run.outcome (a protocol run\'s outcome joins its settings)', () => {
    const { db, patientId, sessionId } = setup();
    const run = insertRun(db, importedRun(sessionId, null));
    const outcome = { kind: 'online', aborted: false, trialsDone: 40, trialsPlanned: 40, accuracy: 0.7, modelAttemptId: 3 } as unknown as ProtocolRunRecord;
    setRunProtocolOutcome(db, run.id, outcome);
    expect(last(db)).toMatchObject({ action: 'run.outcome', subject: `run:${run.id}`, details: { patientId, sessionId, kind: 'online', aborted: false, trialsDone: 40, trialsPlanned: 40, accuracy: 0.7, modelAttemptId: 3 } });
  });

  it('attempt.stored', () => {
    const { db, patientId, sessionId } = setup();
    const attempt = insertAttempt(db, attemptOf(sessionId));
    expect(last(db)).toMatchObject({
      action: 'attempt.stored', subject: `attempt:${attempt.id}`,
      details: { patientId, sessionId, family: 'csp-lda', classifier: 'lda', runIds: [1], accuracy: 0.8, model: { file: 'models/session-1/a.onnx', sha256: digest('b') } },
    });
  });

  it('model.chosen, with the choice it replaced', () => {
    const { db, patientId, sessionId } = setup();
    const first = insertAttempt(db, attemptOf(sessionId));
    const second = insertAttempt(db, attemptOf(sessionId, { file: 'models/session-1/b.onnx', sha256: digest('e') }));
    chooseModel(db, sessionId, first.id);
    expect(last(db)).toMatchObject({ action: 'model.chosen', subject: `session:${sessionId}`, details: { patientId, sessionId, attemptId: first.id, previousAttemptId: null } });
    chooseModel(db, sessionId, second.id);
    expect(last(db)).toMatchObject({ action: 'model.chosen', details: { attemptId: second.id, previousAttemptId: first.id, model: { sha256: digest('e') } } });
  });

  it('impedance.measured', () => {
    const { db, patientId, sessionId } = setup();
    saveImpedanceMeasurement(db, {
      sessionId, device: 'cyton', measuredAt: '2026-11-30T10:00:00.000Z', thresholdKOhm: 10, go: false,
      channels: [{ channel: 0, label: 'C3', kOhm: 4.2, go: true }, { channel: 1, label: 'C4', kOhm: 31, go: false }],
    });
    expect(last(db)).toMatchObject({
      action: 'impedance.measured', subject: 'impedance:1',
      details: { patientId, sessionId, device: 'cyton', measuredAt: '2026-11-30T10:00:00.000Z', thresholdKOhm: 10, channels: 2, go: false },
    });
    expect(verifyAuditChain(db).intact).toBe(true);
  });

  it('lists a patient\'s entries only, newest first, at most `limit`', () => {
    const { db, patientId, sessionId } = setup();
    const other = createPatient(db, patientInput('P02'));
    insertRun(db, importedRun(sessionId));
    const mine = listAudit(db, { patientId, limit: 10 });
    expect(mine.map((e) => e.action)).toEqual(['run.registered', 'session.created', 'patient.created']);
    expect(listAudit(db, { patientId, limit: 2 }).map((e) => e.action)).toEqual(['run.registered', 'session.created']);
    expect(listAudit(db, { patientId: other.id, limit: 10 }).map((e) => e.subject)).toEqual([`patient:${other.id}`]);
  });
});

describe('migration 5 on an existing database', () => {
  it('starts the log of a version-4 database with audit.started counting what existed before', () => {
    const dataDir = tempFolder();
    const v4 = new DatabaseSync(path.join(dataDir, DATABASE_FILE));
    expect(migrate(v4, migrations.filter((m) => m.version <= 4))).toEqual([1, 2, 3, 4]);
    v4.exec(`
      INSERT INTO patients (code, lesion_side, dominant_hand, created_at) VALUES ('P01', 'left', 'right', '2026-01-01T00:00:00.000Z'), ('P02', 'none', 'left', '2026-01-02T00:00:00.000Z');
      INSERT INTO sessions (patient_id, started_at) VALUES (1, '2026-01-03T00:00:00.000Z');
      INSERT INTO runs (session_id, kind, path, original_name, sha256, size_bytes, format, duration_sec, sample_rate_hz, channels_json, events_json, trials_json, quality_json, created_at)
        VALUES (1, 'imported', 'recordings/session-1/a.edf', 'a.edf', '${digest('a')}', 10, 'EDF+C', 1, 160, '[]', '[]', '{}', '{}', '2026-01-03T00:00:00.000Z');
    `);
    v4.close();
    const db = openDatabase(dataDir, 'cli');
    open.push(db);
    expect(listAudit(db, { limit: 10 })).toEqual([expect.objectContaining({
      id: 1, actor: 'cli', action: 'audit.started', subject: 'database', prevHash: GENESIS_HASH,
      details: { before: { patients: 2, sessions: 1, runs: 1, attempts: 0, impedanceMeasurements: 0 } },
    })]);
    expect(verifyAuditChain(db)).toEqual({ entries: 1, intact: true, firstBroken: null });
    // Reopening applies nothing again: still one audit.started.
    db.close();
    const again = openDatabase(dataDir);
    open.push(again);
    expect(listAudit(again, { limit: 10 }).map((e) => e.action)).toEqual(['audit.started']);
  });
});

describe('verifyDataFolder: recordings and models against their stored digest and size', () => {
  it('reports intact, changed (size, content) and missing files by run and attempt', async () => {
    const dataDir = tempFolder();
    const db = openDatabase(dataDir);
    open.push(db);
    const sessionId = createSession(db, createPatient(db, patientInput('P01')).id, '').id;
    mkdirSync(path.join(dataDir, 'recordings', `session-${sessionId}`), { recursive: true });
    mkdirSync(path.join(dataDir, 'models', `session-${sessionId}`), { recursive: true });
    const write = (file: string, text: string) => {
      writeFileSync(path.join(dataDir, file), text);
      return { file, sha256: createHash('sha256').update(text).digest('hex'), bytes: Buffer.byteLength(text) };
    };
    const runOf = (name: string, text: string) => {
      const f = write(`recordings/session-${sessionId}/${name}`, text);
      return insertRun(db, { ...importedRun(sessionId), file: f.file, originalName: name, sha256: f.sha256, bytes: f.bytes });
    };
    const intact = runOf('a.edf', 'intact recording');
    const sameSize = runOf('b.edf', 'recording b');
    const longer = runOf('c.edf', 'recording c');
    const gone = runOf('d.edf', 'recording d');
    insertRun(db, { ...importedRun(sessionId, null), file: `recordings/session-${sessionId}/being-written.bdf` });
    writeFileSync(path.join(dataDir, sameSize.file), 'recording B');
    writeFileSync(path.join(dataDir, longer.file), 'recording c!');
    unlinkSync(path.join(dataDir, gone.file));
    const model = write(`models/session-${sessionId}/m.onnx`, 'model bytes');
    const goodAttempt = insertAttempt(db, attemptOf(sessionId, { file: model.file, sha256: model.sha256 }));
    const lostAttempt = insertAttempt(db, attemptOf(sessionId, { file: `models/session-${sessionId}/lost.onnx`, sha256: digest('f') }));
    insertAttempt(db, attemptOf(sessionId, null));

    const result = await verifyDataFolder(db, dataDir);
    expect(result.chain).toEqual({ intact: true, firstBroken: null });
    expect(result.recordings).toEqual({
      checked: 4, intact: 1,
      changed: [{ runId: sameSize.id, file: sameSize.file, problem: 'content-changed' }, { runId: longer.id, file: longer.file, problem: 'size-changed' }],
      missing: [{ runId: gone.id, file: gone.file, problem: 'missing' }],
    });
    expect([...result.recordings.changed, ...result.recordings.missing].map((f) => f.runId)).not.toContain(intact.id);
    expect(result.models).toEqual({ checked: 2, intact: 1, changed: [], missing: [{ attemptId: lostAttempt.id, file: `models/session-${sessionId}/lost.onnx`, problem: 'missing' }] });
    writeFileSync(path.join(dataDir, model.file), 'model bytez');
    expect((await verifyDataFolder(db, dataDir)).models.changed).toEqual([{ attemptId: goodAttempt.id, file: model.file, problem: 'content-changed' }]);
    expect(result.entries).toBe(listAudit(db, { limit: 1000 }).length);
  });
});
