import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHost, type RunningHost } from '../../src-main/host/host-server.ts';
import { callValue, connect, jobFinished, type TestClient } from '../support/host-client.ts';
import { physionetRun, sharedDataMissing } from '../support/shared-data.ts';
import { loadRecording, type LoadedRecording } from '../../src-main/services/recordings/load-recording.ts';
import { defaultFeatureParameters, extractFeatures, nestedByChannel, type FeatureParameters } from '../../src-main/core/features/pipeline.ts';
import { closeFeatureWorkers, featureWorkerCount } from '../../src-main/services/jobs/feature-job.ts';
import type { ErdsFeatureView, FeatureJobSummary, JobFinishedEvent, JobStatus, JobStatusOf, Run, Session } from '../../src-main/contract/api.ts';
import { erdsView } from '../../src-main/services/features/feature-views.ts';
import { scratchRenderer } from '../support/scratch-renderer.ts';

// features.start's extraction options over the host, on a session's runs: rejection threshold, filters, the family
// "both", refusals before any work, and a cache hit answered in the reply itself.
let host: RunningHost;
let client: TestClient;
let dir: string;
let sessionId: number;
let runIds: number[];
let recordings: LoadedRecording[];
const files = [4, 8, 12].map((run) => physionetRun(1, run));

const value = <T>(method: string, params: unknown): Promise<T> => callValue<T>(client, method, params);

const finished = (jobId: string): Promise<JobFinishedEvent> => jobFinished(client, jobId);

async function extract(params: Record<string, unknown>): Promise<FeatureJobSummary> {
  const status = await value<JobStatus>('features.start', { sessionId, runIds, classes: ['T1', 'T2'], ...params });
  const end = await finished(status.jobId);
  if (end.state !== 'done') throw new Error(`job ${end.state}: ${end.error?.message}`);
  return end.result as FeatureJobSummary;
}

const inProcess = (p: Partial<FeatureParameters>) => extractFeatures(recordings, { ...defaultFeatureParameters('welch', ['T1', 'T2']), ...p });
const maps = (r: ReturnType<typeof inProcess>) => ({
  r2: nestedByChannel(r.stats.r2, r.features.channels.length, r.features.freqsHz.length),
  mean0: nestedByChannel(r.stats.mean[0], r.features.channels.length, r.features.freqsHz.length),
});

beforeAll(async () => {
  if (sharedDataMissing) return;
  dir = mkdtempSync(path.join(tmpdir(), 'nf-extract-options-'));
  host = await startHost({ dataDir: path.join(dir, 'data'), rendererDir: scratchRenderer(dir) });
  client = await connect(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
  const patient = await value<{ id: number }>('patients.create', { code: 'EX-001' });
  sessionId = (await value<Session>('sessions.create', { patientId: patient.id })).id;
  runIds = [];
  for (const file of files) runIds.push((await value<Run>('recordings.import', { sessionId, path: file })).id);
  recordings = await Promise.all(files.map((f) => loadRecording(f)));
});

afterAll(async () => {
  client?.close();
  await host?.close();
  await closeFeatureWorkers();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(sharedDataMissing)('features.start extraction options on a session\'s runs', () => {
  it('features.prepare starts the worker threads ahead of the first extraction, once, and refuses fields', async () => {
    await closeFeatureWorkers();
    const { workers } = await value<{ workers: number }>('features.prepare', {});
    expect(workers).toBeGreaterThanOrEqual(2);
    expect(featureWorkerCount()).toBe(workers);
    expect(await value<{ workers: number }>('features.prepare', {})).toEqual({ workers });
    expect(await client.call('features.prepare', { threads: 4 })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    // The first extraction uses them (the pool does not grow).
    await extract({});
    expect(featureWorkerCount()).toBe(workers);
  });

  it('rejects trials over the peak-to-peak threshold, reports each with its reason, and gives the in-process maps', async () => {
    // S001's raw trials reach 255 to 914 µV peak-to-peak (eye movements and drifts; no band-pass).
    const result = await extract({ rejectUv: 500 });
    const reference = inProcess({ amplitudeThreshold: 500 });
    expect(reference.epochs.rejected.length).toBeGreaterThan(0);
    expect(result.trials).toEqual({ kept: reference.epochs.trials.length, rejected: reference.epochs.rejected.length, rejectedByReason: { amplitude: reference.epochs.rejected.length } });
    expect(result.trials.kept + result.trials.rejected).toBe(45);
    for (const t of result.rejected) expect(t).toMatchObject({ reason: 'amplitude', detail: expect.stringMatching(/^peak-to-peak [\d.]+ > 500 in channel /) });
    expect(result.rejected.map((t) => t.index)).toEqual(reference.epochs.rejected.map((t) => t.index));
    expect(result.r2).toEqual(maps(reference).r2);

    // A threshold that leaves a class without trials fails the job with the core's message, nothing half-done.
    const status = await value<JobStatus>('features.start', { sessionId, runIds, classes: ['T1', 'T2'], rejectUv: 150 });
    expect(await finished(status.jobId)).toMatchObject({ state: 'failed', error: { code: 'bad-input', message: expect.stringMatching(/class 'T\d': 0 usable trial/) } });
  });

  it('band-passes and notches the runs before epoching, as the core does in-process', async () => {
    const result = await extract({ bandpass: { lowHz: 8, highHz: 30 }, notchHz: 50 });
    const reference = inProcess({ filter: { bandpassHz: [8, 30], notchHz: 50 } });
    expect(result.r2).toEqual(maps(reference).r2);
    expect(result.mean[0]).toEqual(maps(reference).mean0);
    // Filtering changed the numbers: outside the pass band the power falls by orders of magnitude.
    const plain = inProcess({});
    const bin2 = result.freqsHz.indexOf(2);
    expect(result.mean[0][0][bin2]).toBeLessThan(nestedByChannel(plain.stats.mean[0], 64, 40)[0][bin2] - 1);
  });

  it('runs the family "both": the connectivity summary of the same trials beside the spectra', async () => {
    const result = await extract({ method: 'welch', connectivity: 'coh' });
    const coh = inProcess({ method: 'coh' });
    expect(result.method).toBe('welch');
    expect(result.r2).toEqual(maps(inProcess({})).r2);
    expect(result.connectivity).toBeDefined();
    expect(result.connectivity!.method).toBe('coh');
    expect(result.connectivity!.r2).toEqual(maps(coh).r2);
    expect(result.connectivity!.trials).toEqual(result.trials);
  });

  it('refuses, before any work, a threshold of 0 or below, a band or filter outside the spectrum, and "both" without a spectral method', async () => {
    const refusal = async (params: Record<string, unknown>) => {
      const reply = await client.call('features.start', { sessionId, runIds, classes: ['T1', 'T2'], ...params });
      expect(reply.ok).toBe(false);
      return (reply as { ok: false; error: { code: string; message: string; detail?: { reason: string; params: Record<string, string> } } }).error;
    };
    const jobsBefore = (await value<unknown[]>('jobs.list', {})).length;
    expect(await refusal({ rejectUv: 0 })).toMatchObject({ code: 'invalid-payload', message: 'features.start: rejectUv: expected a number from 1 to 100000, got 0.' });
    expect(await refusal({ rejectUv: -50 })).toMatchObject({ code: 'invalid-payload', message: expect.stringContaining('rejectUv') });
    expect(await refusal({ band: { fminHz: 8, fmaxHz: 100 } })).toMatchObject({
      code: 'invalid-payload',
      message: 'features.start: band.fmaxHz: above the Nyquist frequency 80 Hz of these 160 Hz recordings, got 100 Hz.',
      detail: { reason: 'invalid-field', params: { field: 'band.fmaxHz' } },
    });
    expect(await refusal({ band: { fminHz: 30, fmaxHz: 8 } })).toMatchObject({ code: 'invalid-payload', detail: { params: { field: 'band' } } });
    expect(await refusal({ bandpass: { lowHz: 1, highHz: 80 } })).toMatchObject({ code: 'invalid-payload', detail: { params: { field: 'bandpass.highHz' } } });
    expect(await refusal({ bandpass: { lowHz: 30, highHz: 8 } })).toMatchObject({ code: 'invalid-payload', detail: { params: { field: 'bandpass' } } });
    expect(await refusal({ notchHz: 79 })).toMatchObject({ code: 'invalid-payload', detail: { params: { field: 'notchHz' } } });
    expect(await refusal({ method: 'coh', connectivity: 'plv' })).toMatchObject({ code: 'invalid-payload', detail: { params: { field: 'connectivity' } } });
    expect(await refusal({ connectivity: 'welch' })).toMatchObject({ code: 'invalid-payload', message: expect.stringContaining('connectivity') });
    expect((await value<unknown[]>('jobs.list', {})).length).toBe(jobsBefore);
  });

  it('answers an extraction whose every run is cached in the start reply itself, with the same maps', async () => {
    const params = { sessionId, runIds, classes: ['T1', 'T2'], method: 'welch', connectivity: 'coh', cache: true };
    const first = await value<JobStatus>('features.start', params);
    expect(first.state).toBe('queued');
    const computed = (await finished(first.jobId)).result as FeatureJobSummary;
    expect(computed.cacheHits).toBe(0);

    const again = await value<JobStatusOf<'features'>>('features.start', params);
    expect(again).toMatchObject({ kind: 'features', state: 'done', done: 3, total: 3, error: null });
    const cached = again.result!;
    expect(cached.cacheHits).toBe(3);
    expect(cached.connectivity!.cacheHits).toBe(3);
    expect(cached.r2).toEqual(computed.r2);
    expect(cached.mean).toEqual(computed.mean);
    expect(cached.connectivity!.r2).toEqual(computed.connectivity!.r2);
    expect(cached.rejected).toEqual(computed.rejected);
    // Like every job: its end is sent (after the reply), and jobs.status knows it.
    expect((await finished(again.jobId)).state).toBe('done');
    expect(await value<JobStatusOf<'features'>>('jobs.status', { jobId: again.jobId })).toMatchObject({ state: 'done', result: { cacheHits: 3 } });

    // Other parameters are not in the cache: a job again.
    expect((await value<JobStatus>('features.start', { ...params, rejectUv: 200 })).state).toBe('queued');
  });

  it('features.view sees the extraction\'s trials: the same threshold and filters, and the same refusals', async () => {
    const status = await value<JobStatus>('features.view', { sessionId, runIds, view: 'erds', classes: ['T1', 'T2'], channels: ['C3'], band: { fminHz: 8, fmaxHz: 30 }, rejectUv: 800, bandpass: { lowHz: 1, highHz: 40 } });
    const end = await finished(status.jobId);
    expect(end.state).toBe('done');
    const view = end.result as ErdsFeatureView;
    const reference = erdsView(recordings, { ...defaultFeatureParameters('welch', ['T1', 'T2']), band: { fminHz: 8, fmaxHz: 30 }, channels: ['C3'], amplitudeThreshold: 800, filter: { bandpassHz: [1, 40] } }, [-2, -0.5]);
    expect(view.values).toEqual(reference.values);
    const refused = async (params: Record<string, unknown>) => (await client.call('features.view', { sessionId, runIds, view: 'erds', classes: ['T1', 'T2'], ...params })) as { ok: boolean; error?: { code: string; detail?: { params: { field: string } } } };
    expect(await refused({ rejectUv: 0 })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await refused({ band: { fminHz: 1, fmaxHz: 100 } })).toMatchObject({ ok: false, error: { code: 'invalid-payload', detail: { params: { field: 'band.fmaxHz' } } } });
    expect(await refused({ notchHz: 80 })).toMatchObject({ ok: false, error: { code: 'invalid-payload', detail: { params: { field: 'notchHz' } } } });
  });
});
