// The engine's acquisition on a device driven by the test: it records what arrives, reports the finished file, and keeps the amplifier to its session.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { AcquisitionStatus, FinishedRecording } from '../../src-main/contract/api.ts';
import type { ApiFailure } from '../../src-main/contract/errors.ts';
import { Acquisition } from '../../src-main/engine/acquisition.ts';
import type { Device, DeviceListener } from '../../src-main/engine/devices/device.ts';
import { openRecording } from '../../src-main/services/recordings/load-recording.ts';
import { sha256File } from '../../src-main/services/recordings/checksum.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'neurofeat-acquisition-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A two-channel device at 100 Hz that delivers what the test pushes. */
class PushedDevice implements Device {
  readonly id = 'pushed';
  listener: DeviceListener | null = null;
  failStart = false;
  async open() {
    return { channels: ['C3', 'C4'], sampleRateHz: 100 };
  }
  async start(listener: DeviceListener) {
    if (this.failStart) throw new Error('the port went away');
    this.listener = listener;
  }
  async stop() {
    this.listener = null;
  }
  async close() {
    this.listener = null;
  }
  /** `n` samples per channel, value = channel * 100 + sample index, after `lost` lost ones. */
  push(start: number, n: number, lost = 0) {
    const samples = new Float32Array(2 * n);
    for (let ch = 0; ch < 2; ch++) for (let i = 0; i < n; i++) samples[ch * n + i] = ch * 100 + start + i;
    this.listener?.samples({ samples, nSamples: n, lostBefore: lost, firstSampleTimeMs: performance.timeOrigin + performance.now() });
  }
}

function setUp() {
  const device = new PushedDevice();
  const finished: FinishedRecording[] = [];
  const statuses: AcquisitionStatus[] = [];
  const acquisition = new Acquisition({ createDevice: () => device, onFrame: () => undefined, onStatus: (s) => statuses.push(s), onRecordingFinished: (f) => finished.push(f) });
  return { device, finished, statuses, acquisition };
}

const owner = { sessionId: 4, patientId: 2, patientCode: 'P002' };
const target = (name: string) => ({ path: path.join(dir, name), file: `recordings/session-4/${name}`, runId: 9 });

describe('Acquisition recording', () => {
  it('writes the samples, held losses and cue markers, and reports the finished file with its SHA-256', async () => {
    const { device, finished, acquisition } = setUp();
    const t = target('run-1.bdf');
    const started = await acquisition.start({ device: 'pushed', owner, target: t });
    expect(started).toMatchObject({ state: 'running', sessionId: 4, patientId: 2, patientCode: 'P002', recording: { file: t.file, elapsedSec: 0, markers: 0, lostPackets: 0 } });
    device.push(0, 150);
    acquisition.setCue('left');
    device.push(155, 100, 5);
    acquisition.setCue('none');
    acquisition.setCue('right');
    expect(acquisition.current().recording).toEqual({ file: t.file, elapsedSec: 2.55, markers: 2, lostPackets: 5 });
    const stopped = await acquisition.stop(4);
    expect(stopped).toMatchObject({ state: 'idle', fault: null, faultReason: null, recording: null, lostSamples: 5 });
    expect(finished).toEqual([{ runId: 9, path: t.path, sha256: await sha256File(t.path), samples: 255, lostSamples: 5, markers: 2, error: null, qualityAtStart: null }]);

    const opened = await openRecording(t.path);
    try {
      expect(opened.checksum.status).toBe('verified');
      const labels = opened.file.events.map((e) => [e.label, e.onsetSec]);
      expect(labels).toContainEqual(['769', 1.5]);
      expect(labels).toContainEqual(['770', 2.55]);
      const window = opened.file.readSamples([0], 148, 10);
      // Samples 150..154 were lost: held at sample 149's value.
      expect(Array.from(window[0].subarray(0, 9)).map((v) => Math.round(v))).toEqual([148, 149, 149, 149, 149, 149, 149, 155, 156]);
    } finally {
      opened.close();
    }
  });

  it('judges each channel live once 2 s arrived, sends it with the status, and keeps the first judgement for the run', async () => {
    const { device, finished, acquisition } = setUp();
    const t = target('run-quality.bdf');
    await acquisition.start({ device: 'pushed', owner, target: t });
    device.push(0, 150);
    await new Promise((resolve) => setTimeout(resolve, 120));
    // 1.5 s of 2: nothing judged yet.
    expect(acquisition.current().quality).toBeNull();
    device.push(150, 60);
    // A channel a step every 50 ms: both judged within about 100 ms (a loaded machine may take longer).
    await vi.waitFor(() => expect(acquisition.current().quality).not.toBeNull(), { timeout: 5000, interval: 20 });
    const quality = acquisition.current().quality;
    // A ramp is a straight line: with the trend removed, nothing moves (flat).
    expect(quality).toMatchObject({ windowSec: 2, go: false });
    expect(quality?.channels.map((c) => [c.label, c.problems])).toEqual([['C3', ['flat']], ['C4', ['flat']]]);
    const stopped = await acquisition.stop(4);
    expect(stopped.quality).toBeNull();
    expect(finished[0].qualityAtStart).toEqual(quality);
  });

  it('only monitors without a target: nothing written, nothing reported', async () => {
    const { device, finished, acquisition } = setUp();
    expect(await acquisition.start({ device: 'pushed', owner })).toMatchObject({ state: 'running', recording: null });
    device.push(0, 50);
    await acquisition.stop();
    expect(finished).toEqual([]);
  });

  it('keeps the amplifier to its session: another start and another session\'s stop are refused, naming the owner', async () => {
    const { acquisition } = setUp();
    await acquisition.start({ device: 'pushed', owner, target: target('run-2.bdf') });
    const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => (error as ApiFailure).error);
    expect(await refusal(acquisition.start({ device: 'pushed', owner: { sessionId: 5, patientId: 3, patientCode: 'P003' } }))).toMatchObject({
      code: 'already-acquiring', message: expect.stringContaining('recording for session 4 of patient P002'),
      detail: { reason: 'amplifier-busy', params: { sessionId: 4, patientCode: 'P002', recording: true } },
    });
    expect(await refusal(acquisition.stop(5))).toMatchObject({ code: 'already-acquiring', message: expect.stringContaining('Session 5 cannot stop') });
    expect(acquisition.current().state).toBe('running');
    await acquisition.stop(4);
  });

  it('a device fault ends the recording: the file is completed and reported with the fault', async () => {
    const { device, finished, acquisition } = setUp();
    const t = target('run-3.bdf');
    await acquisition.start({ device: 'pushed', owner, target: t });
    device.push(0, 120);
    device.listener?.fault('the amplifier stopped answering');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(acquisition.current()).toMatchObject({ state: 'idle', fault: 'the amplifier stopped answering', faultReason: 'device-lost' });
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({ samples: 120, error: 'the amplifier stopped answering', sha256: await sha256File(t.path) });
  });

  it('a device that fails to start reports nothing (main removes the run) and leaves the amplifier idle', async () => {
    const { device, finished, acquisition } = setUp();
    device.failStart = true;
    const t = target('run-4.bdf');
    await expect(acquisition.start({ device: 'pushed', owner, target: t })).rejects.toMatchObject({ error: { code: 'device-unavailable' } });
    expect(finished).toEqual([]);
    expect(acquisition.current()).toMatchObject({ state: 'idle', recording: null, fault: null });
    expect(existsSync(t.path)).toBe(true);
  });
});
