import { describe, expect, it } from 'vitest';
import { decodeModelMetadata, encodeModelMetadata, MODEL_METADATA_VERSION } from '../../../src-main/core/onnx/model-metadata.ts';

const description = {
  channels: ['C3..', 'C4..'], sampleRateHz: 160, nSamples: 480, window: { offsetSec: 1, lengthSec: 3 }, classes: ['T1', 'T2'],
  reference: 'car', family: 'psd', classifier: 'slda', features: [{ channel: 'C3..', bandHz: [10, 12] }], report: { cv: { accuracy: 0.7 } }, softwareVersion: '0.1.0',
};

describe('model metadata, one definition for writing and reading', () => {
  it('reads back what it writes, with the current version', () => {
    const meta = encodeModelMetadata(description);
    expect(meta.metadataVersion).toBe(String(MODEL_METADATA_VERSION));
    expect(decodeModelMetadata(meta, 'm.onnx')).toEqual({ metadataVersion: MODEL_METADATA_VERSION, ...description });
  });

  it('reads a model written before the version existed as version 1, and refuses a newer version or a missing key', () => {
    const { metadataVersion: _omitted, ...older } = encodeModelMetadata(description);
    expect(decodeModelMetadata(older, 'old.onnx').metadataVersion).toBe(1);
    expect(() => decodeModelMetadata({ ...older, metadataVersion: String(MODEL_METADATA_VERSION + 1) }, 'new.onnx')).toThrow(/new\.onnx: model metadata version 3 is not one this NeuroFeat reads/);
    const { classes: _gone, ...partial } = older;
    expect(() => decodeModelMetadata(partial, 'x.onnx')).toThrow(/x\.onnx: not a NeuroFeat model \(metadata 'classes' is missing\)/);
  });
});
