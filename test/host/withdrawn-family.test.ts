// A session stored before `mdm` was withdrawn: its mdm attempt still lists and its model can still be chosen; training.start refuses the family.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../src-main/host/host-server.ts';
import { insertAttempt } from '../../src-main/services/storage/attempts.ts';
import { openDatabase } from '../../src-main/services/storage/database.ts';
import { createPatient, createSession } from '../../src-main/services/storage/patients.ts';
import type { Attempt } from '../../src-main/contract/api.ts';
import { connect, type TestClient } from '../support/host-client.ts';
import { scratchRenderer } from '../support/scratch-renderer.ts';
import { repositoryRoot } from '../support/shared-data.ts';

let dir: string;
let dataDir: string;
let host: RunningHost;
let client: TestClient;
let sessionId: number;
let attemptId: number;
const modelFile = 'models/session-1/2026-01-01T10-00-00-000Z-mdm-0a1b2c3d.onnx';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nf-withdrawn-'));
  dataDir = path.join(dir, 'data');
  mkdirSync(path.join(dataDir, 'models', 'session-1'), { recursive: true });
  // The model file and the attempt row as an older NeuroFeat stored them (the pinned mdm model of test/fixtures/models).
  copyFileSync(path.join(repositoryRoot, 'test/fixtures/models/mdm-s001-8ch.onnx'), path.join(dataDir, modelFile));
  const db = openDatabase(dataDir);
  const patient = createPatient(db, { code: 'MDM-001', birthYear: null, lesionSide: 'unknown', dominantHand: 'unknown', notes: '' });
  sessionId = createSession(db, patient.id, '').id;
  const cv = { kind: 'kfold' as const, k: 5, seed: 1 };
  attemptId = insertAttempt(db, {
    sessionId, family: 'mdm', classifier: 'mdm', classes: ['T1', 'T2'], runIds: [1, 2, 3],
    parameters: { sessionId, runIds: [1, 2, 3], family: 'mdm', cv, permutations: 0, offsetSec: 0, lengthSec: 3 } as unknown as Attempt['parameters'],
    features: [{ family: 'mdm', channel: 'C3', bandHz: [8, 32], stability: 1 }],
    validation: {
      scheme: 'stratified 5-fold, seed 1', nTrials: 45, accuracy: 32 / 45, ci95: [0.557, 0.836], significanceThreshold: 0.622, significant: true,
      balancedAccuracy: 0.71, kappa: 0.42, confusion: [[17, 6], [7, 15]], folds: [{ train: [1, 2], test: [0], accuracy: 0.7 }], auc: 0.74, permutation: null,
    },
    rejected: [], model: { file: modelFile, sha256: createHash('sha256').update(readFileSync(path.join(dataDir, modelFile))).digest('hex') },
    modelNote: null, elapsedMs: 1200,
  }).id;
  db.close();
  host = await startHost({ dataDir, rendererDir: scratchRenderer(dir) });
  client = await connect(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
});

afterAll(async () => {
  client?.close();
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the withdrawn mdm family in a stored session', () => {
  it('attempts.list and attempts.get still give the mdm attempt as stored', async () => {
    const list = await client.call<Attempt[]>('attempts.list', { sessionId });
    expect(list).toMatchObject({ ok: true, value: [{ id: attemptId, family: 'mdm', classifier: 'mdm', parameters: { family: 'mdm' }, validation: { accuracy: 32 / 45, auc: 0.74 }, model: { file: modelFile } }] });
    expect(await client.call('attempts.get', { attemptId })).toMatchObject({ ok: true, value: { id: attemptId, family: 'mdm' } });
  });

  it('models.choose accepts its model (intact, checksum as stored); an altered copy is refused as before', async () => {
    expect(await client.call('models.choose', { sessionId, attemptId })).toMatchObject({ ok: true, value: { id: attemptId, family: 'mdm', chosen: true } });
    const file = path.join(dataDir, modelFile);
    const bytes = readFileSync(file);
    writeFileSync(file, Buffer.concat([bytes, Buffer.from([0])]));
    expect(await client.call('models.choose', { sessionId, attemptId })).toMatchObject({ ok: false, error: { code: 'file-changed' } });
    writeFileSync(file, bytes);
  });

  it('training.start refuses the family mdm (invalid field), listing the allowed families without it', async () => {
    const refused = await client.call('training.start', { sessionId, runIds: [1, 2, 3], family: 'mdm' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-payload', detail: { reason: 'invalid-field', params: { field: 'family' } } } });
    const message = refused.ok ? '' : refused.error.message;
    const allowed = /family: expected one of (.*?)(?:, got|\.|$)/.exec(message)?.[1] ?? '';
    expect(allowed).toMatch(/'auto', 'ts-svm', 'fgmdm'/);
    expect(allowed).not.toMatch(/'mdm'/);
  });
});
