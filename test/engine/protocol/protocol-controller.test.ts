// The engine's protocol runs on a fake acquisition: refusals by reason, a run to its end with its file and record, drawn cue times, abort.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { protocolDefaults, type EngineProtocolStartParams, type FinishedRecording, type ProtocolStatus } from '../../../src-main/contract/api.ts';
import type { ApiFailure } from '../../../src-main/contract/errors.ts';
import type { AcquisitionTap } from '../../../src-main/engine/acquisition.ts';
import type { SampleBlock } from '../../../src-main/engine/devices/device.ts';
import { ProtocolController, latencySummary } from '../../../src-main/engine/protocol/protocol-controller.ts';
import { openRecording } from '../../../src-main/services/recordings/load-recording.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'nf-controller-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fs = 250;

function fakeAcquisition(channels = ['C3', 'C4']) {
  const taps = new Set<AcquisitionTap>();
  const cues: { cue: string; at: number }[] = [];
  let sent = 0;
  let state = 'running';
  return {
    cues,
    stop: (s: string) => (state = s),
    current: () => ({ state, sessionId: 1 }),
    deviceInfo: () => (state === 'running' ? { channels, sampleRateHz: fs } : null),
    tap(listener: AcquisitionTap) {
      taps.add(listener);
      return () => taps.delete(listener);
    },
    queueCue: (cue: 'none' | 'left' | 'right', at: number) => cues.push({ cue, at }),
    /** `n` samples of every channel, timed as a device started at t = 1e6 ms. */
    feed(n: number) {
      const block: SampleBlock = { samples: new Float32Array(channels.length * n), nSamples: n, lostBefore: 0, firstSampleTimeMs: 1e6 + (sent * 1000) / fs };
      for (const tap of [...taps]) tap.samples(block, sent);
      sent += n;
    },
    async end() {
      for (const tap of [...taps]) await tap.ended(null);
    },
  };
}

let runId = 0;
const params = (over: Partial<EngineProtocolStartParams> = {}): EngineProtocolStartParams => {
  runId++;
  return {
    sessionId: 1, kind: 'calibration', patientCode: 'P1',
    settings: { ...protocolDefaults, trialsPerClass: 2, baselineSec: 1, interTrialSec: { min: 0.5, max: 0.5 } },
    target: { path: path.join(dir, `run-${runId}.bdf`), file: `run-${runId}.bdf`, runId },
    ...over,
  };
};

function controller(acquisition: ReturnType<typeof fakeAcquisition>) {
  const statuses: ProtocolStatus[] = [];
  const finished: FinishedRecording[] = [];
  const c = new ProtocolController(acquisition, {
    onStatus: (s) => statuses.push(s),
    onRecordingFinished: (f) => finished.push(f),
    loadClassifier: async () => ({
      classifier: { channels: ['C3', 'Cz'], nSamples: 250, sampleRateHz: fs, classify: async () => new Float32Array([0.5, 0.5]) },
      provider: 'cpu', providerNote: null, release: async () => undefined,
    }),
  });
  return { c, statuses, finished };
}

const reasonOf = async (promise: Promise<unknown> | (() => unknown)) => {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    return (error as ApiFailure).error.detail;
  }
  return null;
};

describe('ProtocolController', () => {
  it('refuses without the session\'s acquisition, a model without the device\'s channels, and pause or abort with no run', async () => {
    const acquisition = fakeAcquisition();
    const { c, finished } = controller(acquisition);
    expect(await reasonOf(c.start(params({ sessionId: 2 })))).toEqual({ reason: 'no-acquisition', params: { sessionId: 2 } });
    expect(await reasonOf(c.start(params({ kind: 'online', model: { path: '/m.onnx', attemptId: 7 } })))).toMatchObject({ reason: 'model-mismatch', params: { attemptId: 7, what: 'channels', missing: expect.stringMatching(/Cz/) } });
    expect(await reasonOf(c.start(params({ kind: 'online' })))).toEqual({ reason: 'no-chosen-model', params: { sessionId: 1 } });
    expect(await reasonOf(() => c.pause(1))).toEqual({ reason: 'protocol-state', params: { action: 'pause', state: 'idle' } });
    expect(await reasonOf(c.abort(1))).toEqual({ reason: 'protocol-state', params: { action: 'abort', state: 'idle' } });
    // Nothing refused left a file or a report.
    expect(finished).toEqual([]);
    acquisition.stop('idle');
    expect(await reasonOf(c.start(params()))).toMatchObject({ reason: 'no-acquisition' });
  });

  it('runs to the end: the file holds every marker at its sample, the record its trials, each drawn cue its latency', async () => {
    const acquisition = fakeAcquisition(['C3', 'C4']);
    const { c, statuses, finished } = controller(acquisition);
    acquisition.feed(100);
    const started = await c.start(params());
    expect(started).toMatchObject({ state: 'running', kind: 'calibration', trials: 4, phase: 'baseline', next: null });
    // The first trial starts 1 s in: its fixation is predicted 1 s after the run's first sample was taken.
    acquisition.feed(10);
    expect(c.status().next).toMatchObject({ phase: 'fixation', trial: 1, cue: null });
    expect(c.status().next?.atMs).toBeCloseTo(1e6 + (100 * 1000) / fs + 1000, 6);
    let guard = 0;
    const drawn: { recorded: boolean }[] = [];
    // Fed as a device would, the file's writes and finalising (I/O) given their turn.
    while (finished.length === 0 && guard++ < 3000) {
      acquisition.feed(25);
      await new Promise((resolve) => setTimeout(resolve, 1));
      const cue = c.status();
      if (cue.phase === 'cue' && cue.trial === 1) drawn.push(c.drawn({ runId: started.runId!, what: 'cue', index: 0, drawnAtMs: 1e6 + ((100 + 1000 + 5) * 1000) / fs }));
    }
    // Recorded once: a second report of the same cue is ignored.
    expect(drawn[0]).toEqual({ recorded: true });
    expect(drawn.slice(1).every((d) => !d.recorded)).toBe(true);
    expect(finished).toHaveLength(1);
    const report = finished[0];
    expect(report).toMatchObject({ runId: started.runId, error: null, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(report.protocol).toMatchObject({ aborted: false, trialsPlanned: 4, trialsDone: 4, pausedSec: 0 });
    // Trial 0's cue: scheduled at run sample 1000 (1 s baseline + 3 s), drawn 5 samples (20 ms) after it was taken.
    expect(report.protocol!.cues[0]).toEqual({ trial: 0, sample: 1000, drawnLatencyMs: expect.closeTo(20, 6) });
    expect(report.protocol!.cueDrawnMs).toMatchObject({ n: 1 });
    const opened = await openRecording(report.path);
    const cueMarkers = opened.file.events.filter((e) => e.label === '769' || e.label === '770').map((e) => Math.round(e.onsetSec * fs));
    opened.close();
    expect(cueMarkers).toEqual(report.protocol!.cues.map((cue) => cue.sample));
    // The simulator was told each cue on its own clock (the run began at its sample 100).
    expect(acquisition.cues.filter((q) => q.cue !== 'none').map((q) => q.at)).toEqual(report.protocol!.cues.map((cue) => cue.sample + 100));
    expect(statuses.at(-1)).toMatchObject({ state: 'idle', ended: 'finished', trial: 4 });
  });

  it('ends the run when the acquisition stops: the file is kept and the record says aborted, with the reason', async () => {
    const acquisition = fakeAcquisition();
    const { c, finished } = controller(acquisition);
    await c.start(params());
    acquisition.feed(600);
    await acquisition.end();
    expect(finished[0].protocol).toMatchObject({ aborted: true, fault: expect.stringMatching(/acquisition stopped/), trialsDone: 0 });
    expect(finished[0].samples).toBe(600);
    expect(c.status()).toMatchObject({ state: 'idle', ended: 'aborted' });
  });

  it('publishes an online run on the acquisition\u2019s outlets: every marker of the file, and each decision as one value per class', async () => {
    const published = { cues: [] as string[], classes: [] as string[], decisions: [] as number[][] };
    const acquisition = {
      ...fakeAcquisition(['C3', 'Cz']),
      publisher: {
        cue: (label: string) => published.cues.push(label),
        openDecisions: async (classes: readonly string[]) => {
          published.classes = [...classes];
          return true;
        },
        publishDecision: (values: readonly number[]) => published.decisions.push([...values]) > 0,
      },
    };
    const { c, finished } = controller(acquisition);
    await c.start(params({ kind: 'online', model: { path: 'model.onnx', attemptId: 1 } }));
    let guard = 0;
    while (finished.length === 0 && guard++ < 3000) {
      acquisition.feed(25);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(finished).toHaveLength(1);
    const opened = await openRecording(finished[0].path);
    const labels = opened.file.events.map((e) => e.label);
    opened.close();
    expect(published.cues).toEqual(labels);
    expect(published.classes).toEqual(['left', 'right']);
    expect(published.decisions.length).toBeGreaterThan(10);
    for (const [p1, p2] of published.decisions) expect(p1 + p2).toBeCloseTo(1, 9);
  });

  it('summarises latencies by nearest rank', () => {
    expect(latencySummary([])).toBeNull();
    expect(latencySummary([5, 1, 3, 2, 4])).toEqual({ p50: 3, p99: 5, n: 5 });
  });
});
