import { describe, expect, it } from 'vitest';
import type { Epochs, Trial } from '../../../src-main/core/epochs.ts';
import { welchFeatures } from '../../../src-main/core/features/psd.ts';
import { seededRandom } from '../../../src-main/core/ml/random.ts';
import { defaultTraining, trainPipeline, type TrainOptions } from '../../../src-main/core/ml/train.ts';
import { gaussian } from './reference.ts';

const fs = 160;
const channels = ['C3', 'C4', 'Cz', 'FC3', 'FC4', 'CP3', 'CP4', 'Pz'];

/** Noise epochs on a sensorimotor montage; C4 carries a 11 Hz rhythm that drops in class 1; run = trial / 20. */
function simulate(seed: number): Epochs {
  const g = gaussian(seededRandom(seed));
  const nSamples = 3 * fs;
  const trials: Trial[] = [];
  for (let t = 0; t < 60; t++) {
    const classIndex = t % 2;
    const data = new Float64Array(channels.length * nSamples);
    for (let i = 0; i < data.length; i++) data[i] = 4 * g();
    const amplitude = classIndex === 0 ? 3 : 1.5;
    const phase = 6 * g();
    for (let s = 0; s < nSamples; s++) data[1 * nSamples + s] += amplitude * Math.sin((2 * Math.PI * 11 * s) / fs + phase);
    trials.push({ index: t, recordingIndex: Math.floor(t / 20), classIndex, onsetSec: (t % 20) * 8, firstSample: 0, data });
  }
  return { sampleRateHz: fs, channels, channelNames: channels.map((c) => c.toLowerCase()), nSamples, definition: { offsetSec: 0, lengthSec: 3 }, classes: ['rest', 'mi'], trials, rejected: [] };
}

const options: TrainOptions = { ...defaultTraining, cv: { kind: 'kfold', k: 5, seed: 1 }, nBootstrap: 20 };

describe('trainPipeline', () => {
  it('default pipeline finds C4 near 11 Hz with high stability and exports a spectral model', () => {
    const result = trainPipeline(simulate(1), 'car', options);
    expect(result.features[0].channel).toBe('C4');
    expect(result.features[0].bandHz[0]).toBeLessThanOrEqual(11);
    expect(result.features[0].bandHz[1]).toBeGreaterThanOrEqual(11);
    expect(result.features[0].stability).toBeGreaterThan(0.9);
    expect(result.cv.accuracy).toBeGreaterThan(result.cv.chanceLevel);
    expect(result.exported?.kind).toBe('spectral');
  });

  it('a lesion mask excluding C4 keeps it out of every fold; the desync sign keeps only power drops in the active class', () => {
    const epochs = simulate(2);
    const masked = trainPipeline(epochs, 'car', { ...options, selection: { ...options.selection, excludeChannels: ['C4'] } });
    expect(masked.features.some((f) => f.channel === 'C4')).toBe(false);
    // Class 1 ('mi') has the lower power: desync with active class 1 keeps C4; with active class 0 it cannot.
    const desync = trainPipeline(epochs, 'car', { ...options, selection: { ...options.selection, sign: 'desync', activeClass: 1 } });
    expect(desync.features[0].channel).toBe('C4');
    const wrongSide = trainPipeline(epochs, 'car', { ...options, selection: { ...options.selection, sign: 'desync', activeClass: 0, nFeatures: 1 } });
    expect(wrongSide.features[0].channel).not.toBe('C4');
  });

  it('leave-one-run-out tests each run once, and precomputed (cached) features give the same result', () => {
    const epochs = simulate(3);
    const byRun = trainPipeline(epochs, 'car', { ...options, cv: { kind: 'runs' } });
    expect(byRun.cv.folds.map((f) => f.test.length)).toEqual([20, 20, 20]);
    const psd = welchFeatures(epochs, { fminHz: options.fminHz, fmaxHz: options.fmaxHz });
    const cached = trainPipeline(epochs, 'car', { ...options, cv: { kind: 'runs' }, precomputed: { psd: { family: 'psd', channels: psd.channels, freqsHz: psd.freqsHz, values: psd.values } } });
    expect(Array.from(cached.cv.probability)).toEqual(Array.from(byRun.cv.probability));
    expect(() => trainPipeline(epochs, 'car', { ...options, precomputed: { psd: { family: 'psd', channels: psd.channels, freqsHz: psd.freqsHz, values: psd.values.slice(1) } } })).toThrow(/59 trials but the epochs hold 60/);
  });
});
