// Acquisition records into its session over the API: the run is registered with its checksum, ownership is enforced, a killed engine's file is repaired.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHost, type RunningHost } from '../../src-main/host/host-server.ts';
import { connect, valueOf as value, type TestClient } from '../support/host-client.ts';
import type { AcquisitionStatus, EngineStatus, Patient, Run, Session } from '../../src-main/contract/api.ts';
import { openRecording } from '../../src-main/services/recordings/load-recording.ts';
import { sha256File } from '../../src-main/services/recordings/checksum.ts';
import { scratchRenderer } from '../support/scratch-renderer.ts';
import { canMountSmallDisk, mountSmallDisk } from '../support/small-disk.ts';

let host: RunningHost;
let client: TestClient;
let dir: string;
let dataDir: string;

async function newSession(code: string): Promise<{ patient: Patient; session: Session }> {
  const patient = await value<Patient>(client.call('patients.create', { code }));
  const session = await value<Session>(client.call('sessions.create', { patientId: patient.id }));
  return { patient, session };
}

/** Waits until the engine's status says the recording holds at least `seconds` of signal. */
async function recordFor(seconds: number): Promise<AcquisitionStatus> {
  let last: AcquisitionStatus | null = null;
  await client.waitFor(() => {
    const events = client.events.filter((e) => e.event === 'acquisition.status').map((e) => e.payload as AcquisitionStatus);
    last = events.at(-1) ?? null;
    return last !== null && last.recording !== null && last.recording.elapsedSec >= seconds;
  }, 20_000);
  return last as unknown as AcquisitionStatus;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nf-rec-'));
  const renderer = scratchRenderer(dir);
  dataDir = path.join(dir, 'data');
  host = await startHost({ dataDir, rendererDir: renderer });
  client = await connect(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
});

afterAll(async () => {
  client?.close();
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('acquisition records into its session', () => {
  it('records about 2.5 s with cues as BDF+, registers the run with its checksum, and the file opens', async () => {
    const { patient, session } = await newSession('REC-001');
    client.events.length = 0;
    const started = await value<AcquisitionStatus>(client.call('acquisition.start', { device: 'synthetic', sessionId: session.id, config: { seed: 5, nChannels: 8 } }));
    expect(started).toMatchObject({ state: 'running', sessionId: session.id, patientId: patient.id, patientCode: 'REC-001' });
    expect(started.recording?.file).toMatch(new RegExp(`^recordings/session-${session.id}/run-1-\\d{8}T\\d{6}Z\\.bdf$`));
    // While it records, the run is not listed yet (no checksum).
    expect(await value<Run[]>(client.call('recordings.list', { sessionId: session.id }))).toEqual([]);
    await recordFor(0.5);
    await value(client.call('acquisition.cue', { cue: 'left', sessionId: session.id }));
    await recordFor(1.2);
    await value(client.call('acquisition.cue', { cue: 'right', sessionId: session.id }));
    const during = await recordFor(2.5);
    expect(during.recording).toMatchObject({ file: started.recording?.file, markers: 2, lostPackets: 0 });
    // After a full 2 s window, the live go/no-go of each channel comes with the status.
    const judged = await client.waitFor(() => client.events.some((e) => e.event === 'acquisition.status' && (e.payload as AcquisitionStatus).quality !== null), 10_000)
      .then(() => client.events.map((e) => e.payload as AcquisitionStatus).filter((s) => s.quality).at(-1)!.quality!);
    expect(judged.channels).toHaveLength(8);
    expect(judged.windowSec).toBe(2);
    expect(judged.channels.every((c) => typeof c.go === 'boolean' && c.stdUv > 0)).toBe(true);
    const stopped = await value<AcquisitionStatus>(client.call('acquisition.stop', { sessionId: session.id }));
    expect(stopped.state).toBe('idle');

    const runs = await value<Run[]>(client.call('recordings.list', { sessionId: session.id }));
    expect(runs).toHaveLength(1);
    const run = runs[0];
    const file = path.join(dataDir, run.file);
    expect(run).toMatchObject({ kind: 'calibration', device: 'synthetic', sampleRateHz: 250, lostSamples: 0, interrupted: false, fileStatus: 'ok', format: 'BDF+C', file: started.recording?.file });
    expect(run.channels).toHaveLength(8);
    expect(run.settings).toEqual({ seed: 5, nChannels: 8 });
    expect(run.sha256).toBe(await sha256File(file));
    expect(readFileSync(`${file}.sha256`, 'utf8')).toContain(run.sha256);
    expect(run.durationSec).toBeGreaterThanOrEqual(2.5);
    // The cues, then the recorder's own end-of-data note.
    expect(run.events.slice(0, 2)).toEqual([{ event: '769', count: 1 }, { event: '770', count: 1 }]);
    expect(run.events.slice(2).map((e) => e.event)).toEqual(['NeuroFeat: end of data (padding follows)']);
    expect(run.trialsPerClass).toEqual({ 769: 1, 770: 1 });
    // The first live judgement over recorded signal is saved with the run.
    expect(run.quality.atStart?.channels.map((c) => c.label)).toEqual(run.channels);
    expect(typeof run.quality.atStart?.go).toBe('boolean');

    const opened = await openRecording(file);
    try {
      expect(opened.checksum.status).toBe('verified');
      expect(opened.file.version).toBe('BDF+C');
      expect(opened.file.channels.map((c) => c.label)).toEqual(run.channels);
      expect(opened.file.events.map((e) => e.label).slice(0, 2)).toEqual(['769', '770']);
      // Each cue sits at the end of the data written when it was sent: after what the status had shown by then.
      expect(opened.file.events[0].onsetSec).toBeGreaterThanOrEqual(0.5);
      expect(opened.file.events[1].onsetSec).toBeGreaterThanOrEqual(1.2);
      expect(opened.file.events[1].onsetSec).toBeLessThan(run.durationSec);
      // The header names the patient.
      expect(readFileSync(file).subarray(8, 88).toString('latin1')).toMatch(/^REC-001/);
    } finally {
      opened.close();
    }
  });

  it('monitors without recording: no file, no run, visibly not recording', async () => {
    const { session } = await newSession('REC-002');
    const started = await value<AcquisitionStatus>(client.call('acquisition.start', { device: 'synthetic', sessionId: session.id, record: false }));
    expect(started).toMatchObject({ state: 'running', sessionId: session.id, recording: null });
    await value(client.call('acquisition.stop', { sessionId: session.id }));
    expect(await value<Run[]>(client.call('recordings.list', { sessionId: session.id }))).toEqual([]);
    expect(existsSync(path.join(dataDir, 'recordings', `session-${session.id}`))).toBe(false);
    expect(await client.call('acquisition.start', { device: 'synthetic', record: true })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
  });

  it('refuses another session: start and stop name the owner, nothing of the owner changes', async () => {
    const owner = await newSession('REC-003');
    const other = await newSession('REC-004');
    await value(client.call('acquisition.start', { device: 'synthetic', sessionId: owner.session.id }));
    const refusedStart = await client.call('acquisition.start', { device: 'synthetic', sessionId: other.session.id });
    expect(refusedStart).toMatchObject({ ok: false, error: { code: 'already-acquiring', detail: { reason: 'amplifier-busy', params: { sessionId: owner.session.id, patientCode: 'REC-003', recording: true } } } });
    if (!refusedStart.ok) expect(refusedStart.error.message).toContain(`recording for session ${owner.session.id} of patient REC-003`);
    const refusedStop = await client.call('acquisition.stop', { sessionId: other.session.id });
    expect(refusedStop).toMatchObject({ ok: false, error: { code: 'already-acquiring' } });
    // No run was registered for the refused session, and the owner still records.
    expect(await value<AcquisitionStatus>(client.call('acquisition.status'))).toMatchObject({ state: 'running', sessionId: owner.session.id });
    await value(client.call('acquisition.stop', { sessionId: owner.session.id }));
    expect(await value<Run[]>(client.call('recordings.list', { sessionId: other.session.id }))).toEqual([]);
    expect(await value<Run[]>(client.call('recordings.list', { sessionId: owner.session.id }))).toHaveLength(1);
  });

  it('takes cues only from the session that owns the acquisition: another session, a bad cue or none acquiring is refused and nothing is written', async () => {
    const owner = await newSession('REC-C05');
    const other = await newSession('REC-C06');
    const idle = await client.call('acquisition.cue', { cue: 'left', sessionId: owner.session.id });
    expect(idle).toMatchObject({ ok: false, error: { code: 'not-acquiring' } });
    await value(client.call('acquisition.start', { device: 'synthetic', sessionId: owner.session.id, config: { nChannels: 4 } }));
    await recordFor(0.3);
    const refused = await client.call('acquisition.cue', { cue: 'left', sessionId: other.session.id });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'already-acquiring', detail: { reason: 'cue-not-owner', params: { sessionId: other.session.id, ownerSessionId: owner.session.id, patientCode: 'REC-C05' } } },
    });
    if (!refused.ok) expect(refused.error.message).toBe(`Session ${other.session.id} cannot send a cue: the amplifier is recording for session ${owner.session.id} of patient REC-C05.`);
    // The session is required, the cue must be one of the contract's.
    expect(await client.call('acquisition.cue', { cue: 'left' })).toMatchObject({ ok: false, error: { code: 'invalid-payload', detail: { params: { field: 'sessionId' } } } });
    expect(await client.call('acquisition.cue', { cue: 'feet', sessionId: owner.session.id })).toMatchObject({ ok: false, error: { code: 'invalid-payload', detail: { params: { field: 'cue' } } } });
    expect(await client.call('acquisition.cue', { cue: 'rest', sessionId: 0 })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await value(client.call('acquisition.cue', { cue: 'right', sessionId: owner.session.id }))).toEqual({ cue: 'right' });
    expect(await value(client.call('acquisition.cue', { cue: 'rest', sessionId: owner.session.id }))).toEqual({ cue: 'rest' });
    const status = await recordFor(0.8);
    expect(status.recording?.markers).toBe(2);
    await value(client.call('acquisition.stop', { sessionId: owner.session.id }));
    const [run] = await value<Run[]>(client.call('recordings.list', { sessionId: owner.session.id }));
    // Only the owner's two cues: the refused ones left no trace.
    expect(run.events.filter((e) => !e.event.startsWith('NeuroFeat:'))).toEqual([{ event: '770', count: 1 }, { event: 'rest', count: 1 }]);
  });

  it('refuses a cue from a session during a signal check outside any session, naming no owner', async () => {
    const { session } = await newSession('REC-C07');
    await value(client.call('acquisition.start', { device: 'synthetic', record: false }));
    const refused = await client.call('acquisition.cue', { cue: 'left', sessionId: session.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'already-acquiring', detail: { reason: 'cue-not-owner', params: { sessionId: session.id, ownerSessionId: null, patientCode: null } } } });
    await value(client.call('acquisition.stop', {}));
  });

  it.runIf(canMountSmallDisk)('a disk that fills up mid-recording stops the acquisition with the reason, and the run is kept, readable and marked interrupted', async () => {
    const { session } = await newSession('REC-006');
    const folder = path.join(dataDir, 'recordings', `session-${session.id}`);
    mkdirSync(folder, { recursive: true });
    const unmount = mountSmallDisk(folder, '256k');
    try {
      client.events.length = 0;
      await value(client.call('acquisition.start', { device: 'synthetic', sessionId: session.id, config: { nChannels: 64, sampleRateHz: 500 } }));
      let stopped: AcquisitionStatus | null = null;
      await client.waitFor(() => {
        stopped = client.events.filter((e) => e.event === 'acquisition.status').map((e) => e.payload as AcquisitionStatus).find((s) => s.state === 'idle') ?? null;
        return stopped !== null;
      }, 30_000);
      expect(stopped).toMatchObject({ state: 'idle', faultReason: 'recording-failed' });
      expect((stopped as unknown as AcquisitionStatus).fault).toMatch(/recording stopped after \d+\.\d s because the disk is full; what was written is kept/);
      let runs: Run[] = [];
      await client.waitFor(() => {
        void client.call<Run[]>('recordings.list', { sessionId: session.id }).then((r) => { if (r.ok) runs = r.value; });
        return runs.length === 1;
      }, 20_000);
      expect(runs[0]).toMatchObject({ kind: 'calibration', interrupted: true, sampleRateHz: 500 });
      expect(runs[0].durationSec).toBeGreaterThan(0.5);
      const opened = await openRecording(path.join(dataDir, runs[0].file), { repair: true });
      try {
        expect(opened.file.durationSec).toBeGreaterThan(0.5);
        expect(opened.file.channels).toHaveLength(64);
      } finally {
        opened.close();
      }
      // The amplifier is free again.
      expect(await value<AcquisitionStatus>(client.call('acquisition.status'))).toMatchObject({ state: 'idle' });
    } finally {
      unmount();
    }
  });

  it('repairs the file of an engine killed mid-recording, registers it as interrupted, losing at most about 1 s', async () => {
    const { session } = await newSession('REC-005');
    client.events.length = 0;
    await value(client.call('acquisition.start', { device: 'synthetic', sessionId: session.id, config: { nChannels: 4 } }));
    const before = await recordFor(3);
    process.kill(host.engine.pid as number, 'SIGKILL');
    await client.waitFor(() => client.events.some((e) => e.event === 'engine.status' && (e.payload as EngineStatus).state === 'running'), 20_000);
    let runs: Run[] = [];
    await client.waitFor(() => {
      void client.call<Run[]>('recordings.list', { sessionId: session.id }).then((r) => { if (r.ok) runs = r.value; });
      return runs.length === 1;
    }, 20_000);
    const run = runs[0];
    expect(run).toMatchObject({ kind: 'calibration', interrupted: true, fileStatus: 'ok', sampleRateHz: 250 });
    expect(run.channels).toHaveLength(4);
    // Killed at least `before` seconds in: what is kept is within about a second (one data record) of it.
    expect(run.durationSec).toBeGreaterThanOrEqual((before.recording?.elapsedSec ?? 0) - 1);
    const file = path.join(dataDir, run.file);
    expect(run.sha256).toBe(await sha256File(file));
    const opened = await openRecording(file);
    try {
      expect(opened.checksum.status).toBe('verified');
      expect(opened.file.unfinalised).toBeFalsy();
      expect(opened.file.durationSec).toBe(run.durationSec);
    } finally {
      opened.close();
    }
    // The amplifier is free again; the folder holds only the run and its sidecar.
    expect(await value<AcquisitionStatus>(client.call('acquisition.status'))).toMatchObject({ state: 'idle' });
    expect(readdirSync(path.dirname(file)).sort()).toEqual([path.basename(file), `${path.basename(file)}.sha256`]);
  });
});
