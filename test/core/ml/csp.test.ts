import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fitClassifier, predictLabels } from '../../../src-main/core/ml/classifiers.ts';
import { cspFeatures, fitCsp, type EpochArray } from '../../../src-main/core/ml/csp.ts';
import { stratifiedKFold } from '../../../src-main/core/ml/folds.ts';
import { physionetRun, sharedDataMissing } from '../../support/shared-data.ts';
import { pythonMissing } from '../../support/prerequisites.ts';
import { runReference } from './reference.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'neurofeat-csp-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(sharedDataMissing ?? pythonMissing)('CSP + LDA against mne.decoding.CSP + scikit-learn LDA', () => {
  it('PhysioNet S001 runs 4, 8, 12, T1 vs T2, 8-30 Hz: same epochs, same folds, accuracy within 3 points', () => {
    const epochsFile = path.join(scratch, 'epochs.f64');
    // MNE cuts the epochs (CAR, 4th-order Butterworth 8-30 Hz forward-backward, 0.5 to 4 s after the cue).
    const info = runReference<{ shape: [number, number, number]; labels: number[] }>('csp-epochs', {
      files: [4, 8, 12].map((run) => physionetRun(1, run)), fmin: 8, fmax: 30, tmin: 0.5, tmax: 4, epochsOut: epochsFile,
    });
    const [nTrials, nChannels, nSamples] = info.shape;
    const raw = readFileSync(epochsFile);
    const all = new Float64Array(raw.buffer, raw.byteOffset, raw.byteLength / 8);
    const epochs: EpochArray = {
      nChannels, nSamples,
      trials: Array.from({ length: nTrials }, (_, i) => all.slice(i * nChannels * nSamples, (i + 1) * nChannels * nSamples)),
    };
    const labels = Uint8Array.from(info.labels);
    const folds = stratifiedKFold(labels, 5, 1);
    const ref = runReference<{ foldAccuracy: number[] }>('csp', { epochs: epochsFile, shape: info.shape, labels: info.labels, folds });
    let correct = 0;
    for (const fold of folds) {
      const csp = fitCsp(epochs, labels, fold.train, 6);
      const model = fitClassifier('lda', cspFeatures(csp, epochs, fold.train), Uint8Array.from(fold.train.map((i) => labels[i])));
      const predicted = predictLabels(model, cspFeatures(csp, epochs, fold.test));
      fold.test.forEach((t, i) => { if (predicted[i] === labels[t]) correct++; });
    }
    const ours = correct / nTrials;
    const theirs = ref.foldAccuracy.reduce((s, a, f) => s + a * folds[f].test.length, 0) / nTrials;
    console.log(`CSP+LDA S001: NeuroFeat ${(100 * ours).toFixed(1)}%, MNE ${(100 * theirs).toFixed(1)}%`);
    expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(0.03 + 1e-9);
    expect(ours).toBeGreaterThan(0.6);
  }, 120_000);
});
