// Model metadata: channel labels printed clean (PhysioNet `C3..` → `C3`) and the prefilter a standard-family model declares.
import { describe, expect, it } from 'vitest';
import { encodePipelineModel } from '../../../src-main/core/onnx/export.ts';
import { readModelMetadata } from '../../../src-main/core/onnx/model.ts';
import { prefilterDeclaration } from '../../../src-main/core/ml/standard-preprocessing.ts';
import { normaliseChannelName } from '../../../src-main/core/recording.ts';

describe('model metadata', () => {
  const channels = ['C3..', 'Fc3.', 'Cpz.'];
  const p = channels.length;
  const inverseSqrtReference = new Float64Array(p * p);
  for (let i = 0; i < p; i++) inverseSqrtReference[i * p + i] = 1;
  const pipeline = {
    kind: 'ts' as const, channels, sampleRateHz: 160, nSamples: 32, reference: 'none' as const, timeFilter: null, inverseSqrtReference,
    model: { kind: 'logreg' as const, weights: new Float64Array((p * (p + 1)) / 2).fill(0.1), bias: 0 },
  };
  const description = { window: { offsetSec: 0, lengthSec: 0.2 }, classes: ['T1', 'T2'], family: 'ts-lr', classifier: 'logreg', features: [], report: null, softwareVersion: 'test' };

  it('writes clean 10-10 labels that still match the recording labels by normalised name', () => {
    const metadata = readModelMetadata(encodePipelineModel(pipeline, description));
    const written = JSON.parse(metadata.channels) as string[];
    expect(written).toEqual(['C3', 'FC3', 'CPz']);
    expect(written.map(normaliseChannelName)).toEqual(channels.map(normaliseChannelName));
    expect(metadata.prefilter).toBeUndefined();
  });

  it('declares the continuous band-pass of the standard families for the online runtime', () => {
    const metadata = readModelMetadata(encodePipelineModel(pipeline, { ...description, prefilter: prefilterDeclaration([8, 32]) }));
    expect(JSON.parse(metadata.prefilter)).toEqual({ kind: 'butterworth-bandpass', bandHz: [8, 32], order: 5, training: 'zero-phase-continuous', online: 'causal' });
    expect(metadata.input).toMatch(/band-passed 8-32 Hz first \(Butterworth order 5, causal online/);
  });
});
