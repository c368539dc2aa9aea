// Tangent spaces fitted ahead on two threads (this one and a compute worker thread) are the cache's own fits to the bit, and training from them gives the same model.
import { afterAll, describe, expect, it } from 'vitest';
import { fitTangentSpaceEntry, tangentSpaceRowSets, TangentSpaceCache, type TangentSpaceEntry } from '../../../src-main/core/ml/family-choice.ts';
import { stratifiedKFold } from '../../../src-main/core/ml/folds.ts';
import { seededRandom } from '../../../src-main/core/ml/random.ts';
import { trialCovariance } from '../../../src-main/core/ml/tangent-space.ts';
import { closeComputeWorkers, computeWorkerCounts, useComputeWorkerFile } from '../../../src-main/services/jobs/compute-job.ts';
import { prefitTangentSpaces } from '../../../src-main/services/training/tangent-space-threads.ts';

const nChannels = 8;
const nSamples = 160;

/** 30 trials of correlated noise (a random mixing per trial), their OAS covariances, and alternating labels. */
function patient(seed: number): { covariances: Float64Array[]; labels: Uint8Array } {
  const random = seededRandom(seed);
  const covariances = Array.from({ length: 30 }, () => {
    const mixing = Float64Array.from({ length: nChannels * nChannels }, () => random() - 0.5);
    const sources = Float64Array.from({ length: nChannels * nSamples }, () => random() - 0.5);
    const trial = new Float64Array(nChannels * nSamples);
    for (let c = 0; c < nChannels; c++) {
      for (let k = 0; k < nChannels; k++) {
        const m = mixing[c * nChannels + k] + (c === k ? 1 : 0);
        for (let s = 0; s < nSamples; s++) trial[c * nSamples + s] += m * sources[k * nSamples + s];
      }
    }
    return trialCovariance(trial, nChannels, nSamples);
  });
  return { covariances, labels: Uint8Array.from({ length: 30 }, (_, i) => i % 2) };
}

const bits = (a: Float64Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length * 2));
const sameBits = (a: TangentSpaceEntry, b: TangentSpaceEntry) => {
  expect(bits(a.model.inverseSqrtReference)).toEqual(bits(b.model.inverseSqrtReference));
  expect([a.vectors.nRows, a.vectors.nCols]).toEqual([b.vectors.nRows, b.vectors.nCols]);
  expect(bits(a.vectors.data)).toEqual(bits(b.vectors.data));
};

afterAll(closeComputeWorkers);

describe('prefitTangentSpaces', () => {
  it('fills the cache with the fits the cache would compute itself, to the bit, half of them on a worker thread', async () => {
    const { covariances, labels } = patient(3);
    const rowSets = tangentSpaceRowSets(labels.length, stratifiedKFold(labels, 5, 1));
    expect(rowSets).toHaveLength(6);
    expect(rowSets[5]).toEqual(Array.from({ length: 30 }, (_, i) => i));

    const cache = new TangentSpaceCache(covariances, nChannels);
    await prefitTangentSpaces(cache, rowSets);
    // The helper thread answered and waits idle for the next job.
    expect(computeWorkerCounts()).toMatchObject({ busy: 0, idle: 1 });
    for (const rows of rowSets) {
      expect(cache.has(rows)).toBe(true);
      sameBits(cache.get(rows), fitTangentSpaceEntry(covariances, nChannels, rows));
    }
    // Every trial outside the training rows is mapped too (the outer test trials).
    const vectors = cache.get(rowSets[0]).vectors;
    expect(vectors.nRows).toBe(30);
    expect(vectors.data.every(Number.isFinite)).toBe(true);
  });

  it('leaves fits already held alone and fits a repeated set once', async () => {
    const { covariances, labels } = patient(4);
    const rowSets = tangentSpaceRowSets(labels.length, stratifiedKFold(labels, 5, 1));
    const cache = new TangentSpaceCache(covariances, nChannels);
    const held = cache.get(rowSets[0]);
    await prefitTangentSpaces(cache, [rowSets[0], rowSets[1], rowSets[1], rowSets[2]]);
    expect(cache.get(rowSets[0])).toBe(held);
    for (const rows of rowSets.slice(1, 3)) sameBits(cache.get(rows), fitTangentSpaceEntry(covariances, nChannels, rows));
    expect(cache.has(rowSets[3])).toBe(false);
  });

  it('starts no thread when one fit or none is missing', async () => {
    const { covariances, labels } = patient(5);
    const rowSets = tangentSpaceRowSets(labels.length, stratifiedKFold(labels, 5, 1));
    await closeComputeWorkers();
    const cache = new TangentSpaceCache(covariances, nChannels);
    for (const rows of rowSets.slice(0, 5)) cache.get(rows);
    await prefitTangentSpaces(cache, rowSets);
    expect(cache.has(rowSets[5])).toBe(false);
    expect(computeWorkerCounts().alive).toBe(0);
  });
});

describe('prefitTangentSpaces without a helper', () => {
  it('fits its own half and leaves the helper\'s sets to the cache when the helper thread cannot start', async () => {
    const { covariances, labels } = patient(6);
    const rowSets = tangentSpaceRowSets(labels.length, stratifiedKFold(labels, 5, 1));
    await closeComputeWorkers();
    useComputeWorkerFile(new URL('./no-such-worker.ts', import.meta.url));
    try {
      const cache = new TangentSpaceCache(covariances, nChannels);
      await prefitTangentSpaces(cache, rowSets);
      expect(rowSets.map((rows) => cache.has(rows))).toEqual([true, false, true, false, true, false]);
      // The cache fits the missing ones itself, the same values.
      sameBits(cache.get(rowSets[1]), fitTangentSpaceEntry(covariances, nChannels, rowSets[1]));
    } finally {
      useComputeWorkerFile(new URL('../../../src-main/services/jobs/compute-worker.ts', import.meta.url));
    }
  });
});
