// The graphs of the standard families' new kinds: a filter-bank CSP model's input holds the channels once per band; bad descriptions are refused.
import { describe, expect, it } from 'vitest';
import { buildPipelineModel, inputRows, type ExportedCovarianceCspPipeline } from '../../../src-main/core/onnx/pipeline-graph.ts';

const p = 4;
const n = 160;
const bank: ExportedCovarianceCspPipeline = {
  kind: 'csp-covariance', channels: ['C3', 'Cz', 'C4', 'Pz'], sampleRateHz: 160, nSamples: n, reference: 'none', nBands: 3, nFilters: 2,
  filters: new Float64Array(3 * 2 * p).fill(0.5), model: { kind: 'slda', weights: new Float64Array(6).fill(1), bias: 0 },
};
const meta = { producerVersion: 'test', metadata: {} };

describe('standard-family graphs', () => {
  it('a filter-bank CSP model takes [bands·channels][samples] and gives one feature per band and filter', () => {
    expect(inputRows(bank)).toBe(12);
    const model = buildPipelineModel(bank, meta);
    expect(model.graph.inputs[0].dims).toEqual([12, n]);
    expect(model.graph.outputs[1].dims).toEqual([1, 6]);
    expect(model.graph.initializers.find((t) => t.name === 'csp_band_filters')?.dims).toEqual([3, 2, p]);
  });

  it('refuses a covariance CSP model with a re-reference (its input is the prefiltered window as training cut it)', () => {
    expect(() => buildPipelineModel({ ...bank, reference: 'car' }, meta)).toThrow(/covariance CSP takes prefiltered windows without a re-reference/);
  });

});
