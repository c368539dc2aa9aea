// Job failures that used to reach the app as English only (an ERD/ERS baseline outside the epochs or shorter than a frame, an unknown channel) carry a reason with parameters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHost, type RunningHost } from '../../src-main/host/host-server.ts';
import { callValue, connect, jobFinished, type TestClient } from '../support/host-client.ts';
import { physionetRun, sharedDataMissing } from '../support/shared-data.ts';
import { closeComputeWorkers } from '../../src-main/services/jobs/compute-job.ts';
import { closeFeatureWorkers } from '../../src-main/services/jobs/feature-job.ts';
import type { Attempt, JobFinishedEvent, JobStatus, Run, Session } from '../../src-main/contract/api.ts';
import { scratchRenderer } from '../support/scratch-renderer.ts';

let host: RunningHost;
let client: TestClient;
let dir: string;
let sessionId: number;
let run: Run;

beforeAll(async () => {
  if (sharedDataMissing) return;
  dir = mkdtempSync(path.join(tmpdir(), 'nf-job-reasons-'));
  host = await startHost({ dataDir: path.join(dir, 'data'), rendererDir: scratchRenderer(dir) });
  client = await connect(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
  const patient = await value<{ id: number }>('patients.create', { code: 'JR-001' });
  sessionId = (await value<Session>('sessions.create', { patientId: patient.id })).id;
  run = await value<Run>('recordings.import', { sessionId, path: physionetRun(1, 4) });
});

afterAll(async () => {
  client?.close();
  await host?.close();
  await closeComputeWorkers();
  await closeFeatureWorkers();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const value = <T>(method: string, params: unknown): Promise<T> => callValue<T>(client, method, params);

/** Starts a job and waits for its end. */
async function finished(method: string, params: Record<string, unknown>): Promise<JobFinishedEvent> {
  const { jobId } = await value<JobStatus>(method, params);
  return jobFinished(client, jobId);
}

describe.skipIf(sharedDataMissing)('job failures worded from a reason', () => {
  const erds = (params: Record<string, unknown>) => finished('features.view', { sessionId, runIds: [run.id], view: 'erds', classes: ['T1', 'T2'], channels: ['C3'], ...params });

  it('an ERD/ERS baseline outside the epochs, or shorter than the 1 s frame, or epochs shorter than the frame', async () => {
    // Epochs are cut from the baseline's start to the window's end (0-3 s): a baseline ending at 5 s lies outside.
    const outside = await erds({ baseline: { startSec: 3, endSec: 5 } });
    expect(outside).toMatchObject({ state: 'failed', error: { code: 'bad-input', detail: { reason: 'baseline-outside-epoch', params: { startSec: 3, endSec: 5, epochStartSec: 0, epochEndSec: 3 } } } });
    expect(outside.error?.message).toMatch(/^baseline: 3:5 s is outside the epoch 0:3 s/);
    expect(await erds({ baseline: { startSec: -1, endSec: -0.5 } })).toMatchObject({
      state: 'failed', error: { code: 'bad-input', detail: { reason: 'baseline-too-short', params: { startSec: -1, endSec: -0.5, frameSec: 1 } } },
    });
    expect(await erds({ baseline: { startSec: -0.25, endSec: 0 }, window: { offsetSec: 0, lengthSec: 0.5 } })).toMatchObject({
      state: 'failed', error: { code: 'bad-input', detail: { reason: 'epoch-shorter-than-frame', params: { epochSec: 0.75, frameSec: 1 } } },
    });
  }, 120_000);

  it('a channel the recordings lack: in a view, and in a training\'s explicit features (nothing stored)', async () => {
    const view = await erds({ channels: ['C3', 'Xz'] });
    expect(view).toMatchObject({ state: 'failed', error: { code: 'bad-input', detail: { reason: 'channel-not-found', params: { channel: 'Xz' } } } });
    expect(view.error?.detail?.reason === 'channel-not-found' && view.error.detail.params.channels).toHaveLength(64);
    const training = await finished('training.start', { sessionId, runIds: [run.id], family: 'psd', features: [{ channel: 'C3', fminHz: 10, fmaxHz: 12 }, { channel: 'Qq9', fminHz: 10, fmaxHz: 12 }], cv: { kind: 'kfold', k: 3 } });
    expect(training).toMatchObject({ state: 'failed', error: { code: 'bad-input', detail: { reason: 'channel-not-found', params: { channel: 'Qq9' } } } });
    expect(training.error?.detail?.reason === 'channel-not-found' && training.error.detail.params.channels).toContain('C3..');
    // A mistyped channel in automatic selection's channel list is refused by name, not silently dropped.
    const selection = await finished('training.start', { sessionId, runIds: [run.id], family: 'psd', selection: { channels: ['C3', 'C44'] }, cv: { kind: 'kfold', k: 3 } });
    expect(selection).toMatchObject({ state: 'failed', error: { code: 'bad-input', detail: { reason: 'channel-not-found', params: { channel: 'C44' } } } });
    expect(await value<Attempt[]>('attempts.list', { sessionId })).toEqual([]);
  }, 120_000);

  it('automatic selection left without a candidate, and windows too short for the spectra or the connectivity segments', async () => {
    const train = (params: Record<string, unknown>) => finished('training.start', { sessionId, runIds: [run.id], family: 'psd', cv: { kind: 'kfold', k: 3 }, ...params });
    expect(await train({ selection: { channels: ['C3', 'C4'], excludeChannels: ['C3', 'C4'] } })).toMatchObject({ state: 'failed', error: { code: 'bad-input', detail: { reason: 'no-candidate-feature', params: { stage: 'mask' } } } });
    expect(await train({ window: { offsetSec: 0.5, lengthSec: 0.5 } })).toMatchObject({ state: 'failed', error: { code: 'bad-input', detail: { reason: 'segment-longer-than-epoch', params: { segmentSec: 1, epochSec: 0.5 } } } });
    // Burg's and MVAR's 0.25 s windows in a 0.2 s epoch.
    for (const method of ['burg', 'mvarcoh']) {
      expect(await finished('features.start', { sessionId, runIds: [run.id], classes: ['T1', 'T2'], method, window: { offsetSec: 0.5, lengthSec: 0.2 } })).toMatchObject({
        state: 'failed', error: { code: 'bad-input', detail: { reason: 'segment-longer-than-epoch', params: { segmentSec: 0.25, epochSec: 0.2 } } },
      });
    }
    expect(await finished('features.start', { sessionId, runIds: [run.id], classes: ['T1', 'T2'], method: 'coh', window: { offsetSec: 0.5, lengthSec: 0.6 } })).toMatchObject({
      state: 'failed', error: { code: 'bad-input', detail: { reason: 'connectivity-one-segment', params: { segmentSec: 0.5, epochSec: 0.6, maxSegmentSec: 0.4 } } },
    });
    expect(await value<Attempt[]>('attempts.list', { sessionId })).toEqual([]);
  }, 120_000);
});
