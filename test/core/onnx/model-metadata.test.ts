import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { decodeModelMetadata, encodeModelMetadata, modelInputRows, MODEL_METADATA_VERSION } from '../../../src-main/core/onnx/model-metadata.ts';
import { modelSealMatches, sealModel, UNSEALED_SHA256 } from '../../../src-main/core/onnx/model-seal.ts';
import { encodeModel, readModelMetadata } from '../../../src-main/core/onnx/model.ts';

const description = {
  channels: ['C3..', 'C4..'], sampleRateHz: 160, nSamples: 480, window: { offsetSec: 1, lengthSec: 3 }, classes: ['T1', 'T2'],
  reference: 'car', family: 'psd', classifier: 'slda', features: [{ channel: 'C3..', bandHz: [10, 12] }], report: { cv: { accuracy: 0.7 } }, softwareVersion: '0.1.0', prefilter: null,
};

describe('model metadata, one definition for writing and reading', () => {
  it('reads back what it writes, with the lowest version that describes the model (2; 3 for a filter bank)', () => {
    const meta = encodeModelMetadata(description);
    expect(meta.metadataVersion).toBe('2');
    // The checksum is written as 64 zeros, filled in once the file is encoded (model-seal.ts).
    expect(decodeModelMetadata(meta, 'm.onnx')).toEqual({ metadataVersion: 2, ...description, sha256: UNSEALED_SHA256 });
    expect(modelInputRows(description)).toBe(2);
    const bandPass = { kind: 'butterworth-bandpass' as const, bandHz: [8, 32] as [number, number], order: 5, training: 'zero-phase-continuous' as const, online: 'causal' as const };
    expect(encodeModelMetadata({ ...description, prefilter: bandPass }).metadataVersion).toBe('2');
    expect(modelInputRows({ ...description, prefilter: bandPass })).toBe(2);
    const bank = { ...bandPass, kind: 'butterworth-filter-bank' as const, bankHz: [[8, 12], [12, 16], [16, 20]] as [number, number][] };
    const banked = encodeModelMetadata({ ...description, prefilter: bank });
    expect(banked.metadataVersion).toBe(String(MODEL_METADATA_VERSION));
    expect(MODEL_METADATA_VERSION).toBe(3);
    expect(banked.input).toMatch(/one band-passed copy of the channels per band of 8-12, 12-16, 16-20 Hz, band-major/);
    expect(decodeModelMetadata(banked, 'bank.onnx')).toEqual({ metadataVersion: 3, ...description, prefilter: bank, sha256: UNSEALED_SHA256 });
    expect(modelInputRows({ ...description, prefilter: bank })).toBe(6);
  });

  it('reads a model written before the version existed as version 1, and refuses a newer version or a missing key', () => {
    const { metadataVersion: _omitted, sha256: _none, ...older } = encodeModelMetadata(description);
    expect(decodeModelMetadata(older, 'old.onnx')).toMatchObject({ metadataVersion: 1, sha256: null });
    expect(() => decodeModelMetadata({ ...older, metadataVersion: String(MODEL_METADATA_VERSION + 1) }, 'new.onnx')).toThrow(/new\.onnx: model metadata version 4 is not one this NeuroFeat reads \(1 to 3\)/);
    const { classes: _gone, ...partial } = older;
    expect(() => decodeModelMetadata(partial, 'x.onnx')).toThrow(/x\.onnx: not a NeuroFeat model \(metadata 'classes' is missing\)/);
  });
});

describe('the model file\'s own checksum', () => {
  const hash = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
  const file = () => encodeModel({ opset: 17, producerName: 'NeuroFeat', producerVersion: 'test', metadata: encodeModelMetadata(description), graph: { name: 'g', nodes: [], inputs: [], outputs: [], initializers: [] } });

  it('seals a file with the SHA-256 of its unsealed bytes, readable back from its metadata', () => {
    const unsealed = file();
    const sealed = sealModel(unsealed, hash);
    expect(sealed.sha256).toBe(hash(unsealed));
    expect(sealed.bytes.length).toBe(unsealed.length);
    const meta = decodeModelMetadata(readModelMetadata(sealed.bytes), 'm.onnx');
    expect(meta.sha256).toBe(sealed.sha256);
    expect(modelSealMatches(sealed.bytes, meta.sha256!, hash)).toBe(true);
  });

  it('no longer matches once any byte is changed, or when the file was never sealed', () => {
    const sealed = sealModel(file(), hash);
    for (const at of [0, 10, sealed.bytes.length - 1]) {
      const altered = sealed.bytes.slice();
      altered[at] ^= 1;
      expect(modelSealMatches(altered, sealed.sha256, hash), `byte ${at}`).toBe(false);
    }
    expect(modelSealMatches(file(), UNSEALED_SHA256, hash)).toBe(false);
  });
});
