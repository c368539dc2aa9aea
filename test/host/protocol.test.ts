// Protocol runs over the API: calibration runs on the session's acquisition land in its runs, abort keeps the partial run, bad inputs are refused by name, an online run with the chosen model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHost, type RunningHost } from '../../src-main/host/host-server.ts';
import { connect, type TestClient } from '../support/host-client.ts';
import type { Attempt, JobFinishedEvent, JobStatus, Patient, ProtocolStatus, Run, Session } from '../../src-main/contract/api.ts';
import { openRecording } from '../../src-main/services/recordings/load-recording.ts';
import { defaultGrazProtocol, scheduleGrazRun } from '../../src-main/core/protocol/graz-protocol.ts';
import { scratchRenderer } from '../support/scratch-renderer.ts';

let host: RunningHost;
let client: TestClient;
let dir: string;
let dataDir: string;

async function value<T>(method: string, params: unknown): Promise<T> {
  const result = await client.call(method, params);
  if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

async function newSession(code: string): Promise<Session> {
  const patient = await value<Patient>('patients.create', { code });
  return value<Session>('sessions.create', { patientId: patient.id });
}

const statuses = () => client.events.filter((e) => e.event === 'protocol.status').map((e) => e.payload as ProtocolStatus);

/** Waits for the run's final status (idle, `ended` set). */
async function ended(runId: number, timeoutMs = 60_000): Promise<ProtocolStatus> {
  const find = () => statuses().find((s) => s.runId === runId && s.state === 'idle' && s.ended !== null);
  await client.waitFor(() => find() !== undefined, timeoutMs);
  return find()!;
}

/** Quick runs: 2 s of baseline, the Graz trial timing. */
const quick = { trialsPerClass: 3, baselineSec: 2, seed: 4 };
const acquire = (sessionId: number, config: Record<string, number> = {}) =>
  value('acquisition.start', { device: 'synthetic', sessionId, record: false, config: { seed: 3, speed: 25, desyncDepth: 0.9, ...config } });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nf-protocol-'));
  dataDir = path.join(dir, 'data');
  host = await startHost({ dataDir, rendererDir: scratchRenderer(dir) });
  client = await connect(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
});

afterAll(async () => {
  client?.close();
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('protocol runs refused', () => {
  it('refuses without the session\'s acquisition, with another session\'s, and pause, resume or abort with no run', async () => {
    const a = await newSession('PR-001');
    const b = await newSession('PR-002');
    expect(await client.call('protocol.start', { sessionId: a.id, kind: 'calibration' })).toMatchObject({ ok: false, error: { code: 'not-acquiring', detail: { reason: 'no-acquisition', params: { sessionId: a.id } } } });
    await acquire(b.id);
    expect(await client.call('protocol.start', { sessionId: a.id, kind: 'calibration' })).toMatchObject({ ok: false, error: { code: 'not-acquiring', detail: { reason: 'no-acquisition' } } });
    for (const action of ['pause', 'resume', 'abort'] as const) {
      expect(await client.call(`protocol.${action}`, { sessionId: b.id })).toMatchObject({ ok: false, error: { code: 'conflict', detail: { reason: 'protocol-state', params: { action, state: 'idle' } } } });
    }
    expect(await client.call('protocol.start', { sessionId: 999, kind: 'calibration' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await client.call('protocol.start', { sessionId: b.id, kind: 'calibration', settings: { cueSec: 6, imagerySec: 5 } })).toMatchObject({ ok: false, error: { code: 'invalid-payload', detail: { reason: 'invalid-field', params: { field: 'settings', detail: expect.stringMatching(/cueSec/) } } } });
    expect(await client.call('protocol.start', { sessionId: b.id, kind: 'online' })).toMatchObject({ ok: false, error: { code: 'bad-input', detail: { reason: 'no-chosen-model', params: { sessionId: b.id } } } });
    // A rehabilitation device's output: online runs only, its address and command read before anything starts.
    expect(await client.call('protocol.start', { sessionId: b.id, kind: 'calibration', trigger: { output: 'tcp:127.0.0.1:9' } })).toMatchObject({ ok: false, error: { code: 'invalid-payload', detail: { reason: 'invalid-field', params: { field: 'trigger', detail: expect.stringMatching(/online run/) } } } });
    expect(await client.call('protocol.start', { sessionId: b.id, kind: 'online', trigger: { output: 'usb:fes' } })).toMatchObject({ ok: false, error: { code: 'invalid-payload', detail: { reason: 'invalid-field', params: { field: 'trigger.output' } } } });
    expect(await client.call('protocol.start', { sessionId: b.id, kind: 'online', trigger: { output: 'tcp:127.0.0.1:9', command: 'hex:ZZ' } })).toMatchObject({ ok: false, error: { code: 'invalid-payload', detail: { reason: 'invalid-field', params: { field: 'trigger.command' } } } });
    // Nothing refused left a run behind.
    expect(await value<Run[]>('recordings.list', { sessionId: b.id })).toEqual([]);
    await value('acquisition.stop', { sessionId: b.id });
  });
});

describe('calibration, abort, training, online', () => {
  let session: Session;
  const calibration: Run[] = [];

  it('records two calibration runs at 25x real time: each a run of kind calibration, markers at their scheduled samples', async () => {
    session = await newSession('PR-010');
    await acquire(session.id);
    for (const seed of [4, 5]) {
      const started = await value<ProtocolStatus>('protocol.start', { sessionId: session.id, kind: 'calibration', settings: { ...quick, seed } });
      expect(started).toMatchObject({ state: 'running', sessionId: session.id, kind: 'calibration', trials: 6, provider: null });
      expect(started.file).toMatch(new RegExp(`^recordings/session-${session.id}/calibration-\\d+-\\d{8}T\\d{6}Z\\.bdf$`));
      // A second start while it runs is refused.
      expect(await client.call('protocol.start', { sessionId: session.id, kind: 'calibration' })).toMatchObject({ ok: false, error: { code: 'conflict', detail: { reason: 'protocol-state', params: { action: 'start' } } } });
      const end = await ended(started.runId!);
      expect(end).toMatchObject({ ended: 'finished', fault: null, trial: 6 });
      // The screen went through every phase, cues left and right.
      const seen = new Set(statuses().filter((s) => s.runId === started.runId).map((s) => `${s.phase}:${s.cue}`));
      for (const phase of ['baseline:null', 'fixation:null', 'beep:null', 'cue:arrow-left', 'cue:arrow-right', 'imagery:arrow-left', 'rest:null']) expect(seen).toContain(phase);
      const runs = await value<Run[]>('recordings.list', { sessionId: session.id });
      const run = runs.find((r) => r.id === started.runId)!;
      expect(run).toMatchObject({ kind: 'calibration', file: started.file, trialsPerClass: { 769: 3, 770: 3 }, interrupted: false, fileStatus: 'ok' });
      expect(run.protocol).toMatchObject({ kind: 'calibration', aborted: false, trialsPlanned: 6, trialsDone: 6, pausedSec: 0, provider: null, modelAttemptId: null });
      expect(run.protocol?.settings).toMatchObject({ ...quick, seed, mode: 'left-right', imagerySec: 5 });
      // Each marker of the file at its scheduled sample.
      const schedule = scheduleGrazRun({ ...defaultGrazProtocol, ...quick, seed }, 250);
      const recording = await openRecording(path.join(dataDir, run.file));
      const cues = recording.file.events.filter((e) => e.label === '769' || e.label === '770').map((e) => [Math.round(e.onsetSec * 250), e.label]);
      recording.close();
      expect(cues).toEqual(schedule.trials.map((t) => [t.cueSample, String(schedule.classes[t.classIndex].code)]));
      expect(run.protocol?.cues.map((c) => c.sample)).toEqual(schedule.trials.map((t) => t.cueSample));
      calibration.push(run);
    }
  }, 120_000);

  it('aborts on request: the recording so far is kept, listed, and marked aborted', async () => {
    const started = await value<ProtocolStatus>('protocol.start', { sessionId: session.id, kind: 'calibration', settings: { ...quick, seed: 9 } });
    await client.waitFor(() => statuses().some((s) => s.runId === started.runId && s.trial >= 2), 30_000);
    const paused = await value<ProtocolStatus>('protocol.pause', { sessionId: session.id });
    expect(['pausing', 'paused']).toContain(paused.state);
    const other = await newSession('PR-011');
    expect(await client.call('protocol.abort', { sessionId: other.id })).toMatchObject({ ok: false, error: { code: 'conflict', detail: { reason: 'amplifier-busy', params: { sessionId: session.id } } } });
    const final = await value<ProtocolStatus>('protocol.abort', { sessionId: session.id });
    expect(final).toMatchObject({ state: 'idle', ended: 'aborted', runId: started.runId });
    // Listed as soon as the abort answers.
    const run = (await value<Run[]>('recordings.list', { sessionId: session.id })).find((r) => r.id === started.runId)!;
    expect(run.protocol).toMatchObject({ aborted: true, trialsPlanned: 6 });
    expect(run.protocol!.trialsDone).toBeGreaterThanOrEqual(1);
    expect(run.protocol!.trialsDone).toBeLessThan(6);
    expect(run.durationSec).toBeGreaterThan(2);
    expect(run.fileStatus).toBe('ok');
  }, 60_000);

  it('trains on the calibration runs, then refuses an online run on an amplifier without the model\'s channels or rate', async () => {
    const job = await value<JobStatus>('training.start', { sessionId: session.id, runIds: calibration.map((r) => r.id), family: 'csp', cv: { kind: 'kfold', k: 3 } });
    const find = () => client.events.find((e) => e.event === 'job.finished' && (e.payload as JobFinishedEvent).jobId === job.jobId)?.payload as JobFinishedEvent | undefined;
    await client.waitFor(() => find() !== undefined, 120_000);
    const attempt = find()!.result as Attempt;
    expect(attempt.model).not.toBeNull();
    await value('models.choose', { sessionId: session.id, attemptId: attempt.id });
    await value('acquisition.stop', { sessionId: session.id });
    await acquire(session.id, { nChannels: 8 });
    const channels = await client.call('protocol.start', { sessionId: session.id, kind: 'online' });
    expect(channels).toMatchObject({ ok: false, error: { code: 'bad-input', detail: { reason: 'model-mismatch', params: { attemptId: attempt.id, what: 'channels', missing: expect.stringMatching(/C3/) } } } });
    await value('acquisition.stop', { sessionId: session.id });
    await acquire(session.id, { sampleRateHz: 500 });
    expect(await client.call('protocol.start', { sessionId: session.id, kind: 'online' })).toMatchObject({ ok: false, error: { code: 'bad-input', detail: { reason: 'model-mismatch', params: { what: 'sample-rate', modelRateHz: 250, deviceRateHz: 500 } } } });
    await value('acquisition.stop', { sessionId: session.id });
  }, 180_000);

  it('runs online with the chosen model: feedback outputs, decisions, the provider and latency shown and recorded, drawn cues stored, the rehabilitation device triggered', async () => {
    // A stand-in for the stimulator: a TCP peer on loopback that keeps every line it receives.
    const lines: string[] = [];
    const device: Server = createServer((socket) => {
      let pending = '';
      socket.on('data', (bytes) => {
        pending += bytes.toString('utf8');
        const parts = pending.split('\n');
        pending = parts.pop() ?? '';
        lines.push(...parts);
      });
    });
    await new Promise<void>((resolve) => device.listen(0, '127.0.0.1', resolve));
    const port = (device.address() as AddressInfo).port;
    await acquire(session.id, { speed: 10 });
    const trigger = { output: `tcp:127.0.0.1:${port}`, threshold: 0.2, holdSec: 0.25, refractorySec: 1 };
    const started = await value<ProtocolStatus>('protocol.start', { sessionId: session.id, kind: 'online', settings: { ...quick, trialsPerClass: 4, seed: 11 }, trigger });
    expect(started).toMatchObject({ kind: 'online', provider: expect.stringMatching(/^(cpu|cuda)$/) });
    // The patient's screen reports the first cue as drawn, 5 ms after its sample's predicted time.
    await client.waitFor(() => statuses().some((s) => s.runId === started.runId && s.phase === 'cue'), 30_000);
    expect(await value('protocol.drawn', { runId: started.runId, what: 'cue', index: 0, drawnAtMs: Date.now() })).toEqual({ recorded: true });
    expect(await value('protocol.drawn', { runId: started.runId, what: 'cue', index: 0, drawnAtMs: Date.now() })).toEqual({ recorded: false });
    expect(await value('protocol.drawn', { runId: started.runId! + 100, what: 'cue', index: 1, drawnAtMs: Date.now() })).toEqual({ recorded: false });
    await client.waitFor(() => statuses().some((s) => s.runId === started.runId && s.phase === 'feedback' && s.feedback !== null), 30_000);
    const feedback = statuses().find((s) => s.runId === started.runId && s.feedback !== null)!.feedback!;
    expect(await value('protocol.drawn', { runId: started.runId, what: 'feedback', index: feedback.seq, drawnAtMs: feedback.atMs + 7 })).toEqual({ recorded: true });
    const end = await ended(started.runId!, 90_000);
    expect(end).toMatchObject({ ended: 'finished', decided: 8 });
    expect(end.accuracy).toBeGreaterThanOrEqual(0.75);
    const run = (await value<Run[]>('recordings.list', { sessionId: session.id })).find((r) => r.id === started.runId)!;
    expect(run).toMatchObject({ kind: 'online', trialsPerClass: { 769: 4, 770: 4 } });
    expect(run.events.map((e) => e.event)).toContain('781');
    expect(run.protocol).toMatchObject({ kind: 'online', aborted: false, modelAttemptId: expect.any(Number), provider: started.provider, feedbackDrawnMs: { p50: 7, n: 1 } });
    expect(run.protocol!.decisions).toHaveLength(8);
    expect(run.protocol!.latencyMs!.n).toBeGreaterThan(100);
    expect(run.protocol!.cueDrawnMs!.n).toBe(1);
    expect(run.protocol!.cues[0].drawnLatencyMs).not.toBeNull();
    expect(run.protocol!.cues.slice(1).every((c) => c.drawnLatencyMs === null)).toBe(true);
    // Each trigger decided went out as one JSON line, towards the cued class, and is a 782 marker in the file.
    const fired = run.protocol!.trigger!.fired;
    expect(run.protocol!.trigger).toMatchObject({ output: `tcp:127.0.0.1:${port}`, lost: null });
    expect(fired.length).toBeGreaterThan(0);
    expect(fired.every((f) => f.sent)).toBe(true);
    await client.waitFor(() => lines.length === fired.length, 5_000);
    expect(lines.map((l) => JSON.parse(l) as { type: string; class: string; sample: number })).toEqual(fired.map((f) => expect.objectContaining({ type: 'trigger', class: f.className, sample: f.sample })));
    expect(run.events.find((e) => e.event === '782')?.count).toBe(fired.length);
    await new Promise<void>((resolve) => device.close(() => resolve()));
    // The online run can be used for training like a calibration run.
    const job = await value<JobStatus>('training.start', { sessionId: session.id, runIds: [...calibration.map((r) => r.id), run.id], family: 'csp', cv: { kind: 'kfold', k: 3 } });
    const find = () => client.events.find((e) => e.event === 'job.finished' && (e.payload as JobFinishedEvent).jobId === job.jobId)?.payload as JobFinishedEvent | undefined;
    await client.waitFor(() => find() !== undefined, 120_000);
    expect(find()).toMatchObject({ state: 'done', result: { validation: { nTrials: 20 } } });
    await value('acquisition.stop', { sessionId: session.id });
  }, 240_000);

  it('ends a run when its acquisition stops: the partial run is listed, aborted, with the reason', async () => {
    await acquire(session.id);
    const started = await value<ProtocolStatus>('protocol.start', { sessionId: session.id, kind: 'calibration', settings: quick });
    await client.waitFor(() => statuses().some((s) => s.runId === started.runId && s.trial >= 1), 30_000);
    await value('acquisition.stop', { sessionId: session.id });
    const end = await ended(started.runId!);
    expect(end).toMatchObject({ ended: 'aborted', fault: expect.stringMatching(/acquisition stopped/) });
    const run = (await value<Run[]>('recordings.list', { sessionId: session.id })).find((r) => r.id === started.runId)!;
    expect(run.protocol).toMatchObject({ aborted: true, fault: expect.stringMatching(/acquisition stopped/) });
  }, 60_000);
});
