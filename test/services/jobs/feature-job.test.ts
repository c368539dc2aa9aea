import { describe, expect, it } from 'vitest';
import { computeFeaturesInWorkers } from '../../../src-main/services/jobs/feature-job.ts';
import { syntheticTrials } from '../../../src-main/core/features/synthetic-trials.ts';
import { computeTrialFeatures, defaultFeatureParameters } from '../../../src-main/core/features/pipeline.ts';
import { CoreError } from '../../../src-main/core/errors.ts';

const epochs = syntheticTrials({ nChannels: 6, nTrialsPerClass: 6, nSamples: 480, sampleRateHz: 160, seed: 5 });
const parameters = { ...defaultFeatureParameters('imcoh', ['A', 'B']), segmentSec: 0.5 };

describe('feature job on worker threads', () => {
  it('gives the in-process values, in trial order, and reports progress up to the total', async () => {
    const reference = computeTrialFeatures(epochs, parameters);
    const seen: number[] = [];
    const features = await computeFeaturesInWorkers(epochs, parameters, { threads: 3, onProgress: (done, total) => { expect(total).toBe(12); seen.push(done); } });
    expect(features.values.length).toBe(12);
    features.values.forEach((v, t) => expect(Array.from(v)).toEqual(Array.from(reference.values[t])));
    expect(Array.from(features.trialIndex)).toEqual(Array.from(reference.trialIndex));
    expect(Math.max(...seen)).toBe(12);
  });

  it('rejects with a cancelled error when aborted, in workers and in-process', async () => {
    const controller = new AbortController();
    const job = computeFeaturesInWorkers(epochs, parameters, { threads: 2, signal: controller.signal });
    controller.abort();
    await expect(job).rejects.toMatchObject({ code: 'cancelled' });
    const inProcess = new AbortController();
    const local = computeFeaturesInWorkers(epochs, parameters, { threads: 1, signal: inProcess.signal, onProgress: (done) => { if (done === 2) inProcess.abort(); } });
    await expect(local).rejects.toBeInstanceOf(CoreError);
    await expect(local).rejects.toMatchObject({ code: 'cancelled', message: 'cancelled after 2 of 12 trials' });
  });

  it('passes a bad-input error from a worker back as bad-input', async () => {
    await expect(computeFeaturesInWorkers(epochs, { ...parameters, segmentSec: 3 }, { threads: 2 })).rejects.toMatchObject({ code: 'bad-input' });
  });
});

describe('feature worker pool', () => {
  it('keeps its workers between jobs, and discards them after a cancelled job', async () => {
    const { closeFeatureWorkers, featureWorkerCount } = await import('../../../src-main/services/jobs/feature-job.ts');
    await closeFeatureWorkers();
    await computeFeaturesInWorkers(epochs, parameters, { threads: 2 });
    expect(featureWorkerCount()).toBe(2);
    await computeFeaturesInWorkers(epochs, parameters, { threads: 2 });
    expect(featureWorkerCount()).toBe(2);
    await computeFeaturesInWorkers(epochs, parameters, { threads: 3 });
    expect(featureWorkerCount()).toBe(3);
    const controller = new AbortController();
    const job = computeFeaturesInWorkers(epochs, parameters, { threads: 2, onProgress: () => controller.abort(), signal: controller.signal });
    await expect(job).rejects.toMatchObject({ code: 'cancelled' });
    expect(featureWorkerCount()).toBe(1);
    await closeFeatureWorkers();
    expect(featureWorkerCount()).toBe(0);
  });
});
