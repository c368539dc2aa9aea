// The app's training with `drawnOnsets`: each protocol run's cues moved by its stored display latencies before the worker cuts epochs; runs without them as recorded.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateCall, type ProtocolRunRecord } from '../../../src-main/contract/api.ts';
import { EdfRecorder } from '../../../src-main/engine/recorder/edf-recorder.ts';
import type { StoredRun } from '../../../src-main/services/storage/runs.ts';
import { completeTrainingInput, cueShiftsOfRuns } from '../../../src-main/services/training/app-training.ts';
import { loadRequestRecordings } from '../../../src-main/services/training/training-request.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'nf-drawn-app-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fs = 250;

const protocolRun = (id: number, cues: ProtocolRunRecord['cues'] | null) => ({ id, sampleRateHz: fs, protocol: cues ? { cues } : undefined }) as unknown as StoredRun;

describe('drawnOnsets in a training request', () => {
  const online = protocolRun(1, [{ trial: 0, sample: 1000, drawnLatencyMs: 20 }, { trial: 1, sample: 2000, drawnLatencyMs: null }, { trial: 2, sample: 3000, drawnLatencyMs: -4 }]);
  const imported = protocolRun(2, null);
  const unmeasured = protocolRun(3, []);

  it('is an option of training.start and training.compare, off by default, kept with the attempt\u2019s parameters', () => {
    const input = { sessionId: 1, runIds: [1, 2], drawnOnsets: true };
    expect(validateCall('training.start', input)).toMatchObject({ ok: true });
    expect(validateCall('training.compare', input)).toMatchObject({ ok: true });
    expect(validateCall('training.start', { ...input, drawnOnsets: 'yes' })).toMatchObject({ ok: false, detail: { params: { field: 'drawnOnsets' } } });
    expect(completeTrainingInput({ sessionId: 1, runIds: [1], family: 'auto', metric: 'coh', permutations: 0, drawnOnsets: true })).toMatchObject({ drawnOnsets: true });
    expect(cueShiftsOfRuns({}, [online])).toEqual({});
    expect(cueShiftsOfRuns({ drawnOnsets: false }, [online])).toEqual({});
  });

  it('gives each run the shifts of its measured cues, none for a run without protocol cues', () => {
    expect(cueShiftsOfRuns({ drawnOnsets: true }, [online, imported, unmeasured])).toEqual({ cueShifts: [[{ sample: 1000, shift: 5 }, { sample: 3000, shift: -1 }], null, null] });
  });

  it('the worker reads the files with those cues moved by exactly the stored samples', async () => {
    const file = path.join(dir, 'online.bdf');
    const recorder = EdfRecorder.open(file, { kind: 'BDF', channels: [{ label: 'C3', unit: 'uV', sampleRateHz: fs, physicalMin: -1000, physicalMax: 1000, digitalMin: -8388608, digitalMax: 8388607 }] });
    recorder.appendSamples([new Float32Array(16 * fs)]);
    for (const [sample, label] of [[1000, '769'], [2000, '770'], [3000, '769']] as const) recorder.addAnnotation(sample / fs, 0, label);
    await recorder.finalise();
    const { cueShifts } = cueShiftsOfRuns({ drawnOnsets: true }, [online, imported]);
    const [moved, asRecorded] = await loadRequestRecordings({ files: [file, file], cueShifts });
    const samples = (r: typeof moved) => r.events.filter((e) => e.label === '769' || e.label === '770').map((e) => Math.round(e.onsetSec * fs));
    expect(samples(moved)).toEqual([1005, 2000, 2999]);
    expect(samples(asRecorded)).toEqual([1000, 2000, 3000]);
  });
});
