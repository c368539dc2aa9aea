// A model trained with the withdrawn `mdm` family (written by NeuroFeat before it stopped offering it) still loads, reads and predicts as it did when trained.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractEpochs, type SignalSource } from '../../../src-main/core/epochs.ts';
import { prefilteredSource } from '../../../src-main/core/ml/standard-preprocessing.ts';
import { loadModel, predictWindow, type LoadedModel } from '../../../src-main/engine/inference/onnx-session.ts';
import { loadRecording } from '../../../src-main/services/recordings/load-recording.ts';
import { runCli } from '../../support/cli.ts';
import { physionetRun, repositoryRoot, sharedDataMissing } from '../../support/shared-data.ts';

/**
 * The fixture: `trainStandardOnRecordings` with family `mdm` (5-fold, seed 1) on eight channels of S001 runs 4, 8
 * and 12, sealed as the app and the CLI wrote it; the JSON pins its check trials and the probabilities of class 1 the
 * TypeScript pipeline gave them then (the ONNX graph equalled them within 1e-7 at export).
 */
const modelFile = path.join(repositoryRoot, 'test/fixtures/models/mdm-s001-8ch.onnx');
const pinned = JSON.parse(readFileSync(path.join(repositoryRoot, 'test/fixtures/models/mdm-s001-8ch.json'), 'utf8')) as {
  channels: string[]; runs: number[]; accuracy: number; checks: { trial: number; probability: number }[];
};
const files = pinned.runs.map((run) => physionetRun(1, run));

describe.skipIf(sharedDataMissing)('a stored mdm model (family withdrawn) still predicts', () => {
  let model: LoadedModel;
  let recordings: SignalSource[];
  beforeAll(async () => {
    model = await loadModel(modelFile, 'cpu');
    recordings = (await Promise.all(files.map((f) => loadRecording(f)))).map((r) => {
      const rows = pinned.channels.map((label) => r.channels.findIndex((c) => c.label === label));
      return { ...r, name: r.path, channels: rows.map((i) => r.channels[i]), data: rows.map((i) => r.data[i]) };
    });
  });

  it('loads with its seal intact and its metadata as written (family and classifier mdm, the 8-32 Hz prefilter)', () => {
    expect(model.info).toMatchObject({ family: 'mdm', classifier: 'mdm', classes: ['T1', 'T2'], channels: ['FC3', 'FCz', 'FC4', 'C3', 'Cz', 'C4', 'CP3', 'CP4'], metadataVersion: 2 });
    expect(model.info.prefilter).toMatchObject({ kind: 'butterworth-bandpass', bandHz: [8, 32] });
    expect(model.info.report).toMatchObject({ cv: { accuracy: pinned.accuracy } });
  });

  it('gives the probabilities it gave when trained on its check windows (within 1e-6; float32 output)', async () => {
    const info = model.info;
    const filtered = recordings.map((r) => prefilteredSource(r, info.prefilter!, 'zero-phase'));
    const epochs = extractEpochs(filtered, { classes: info.classes, ...info.window });
    const byTrial = new Map(epochs.trials.map((t) => [t.index, t]));
    const probabilities = [];
    for (const check of pinned.checks) {
      const trial = byTrial.get(check.trial)!;
      const p = await predictWindow(model, Float32Array.from(trial.data));
      expect(p[0] + p[1]).toBeCloseTo(1, 6);
      probabilities.push(p[1]);
    }
    const diffs = probabilities.map((p, i) => Math.abs(p - pinned.checks[i].probability));
    expect(Math.max(...diffs)).toBeLessThan(1e-6);
  });

  it('`neurofeat predict --prefilter zero-phase` runs it on the recordings (the CLI path a user takes) with the same probabilities', async () => {
    const run = await runCli(['predict', modelFile, ...files, '--provider', 'cpu', '--prefilter', 'zero-phase', '--json']);
    expect(run.code, run.err).toBe(0);
    const out = JSON.parse(run.out) as { trials: { probabilities: number[] }[] };
    expect(out.trials).toHaveLength(45);
    for (const check of pinned.checks) expect(out.trials[check.trial].probabilities[1]).toBeCloseTo(check.probability, 5);
  });
});
