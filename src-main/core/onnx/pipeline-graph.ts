// Builds the ONNX graph of a trained pipeline: raw window [channels][samples] in µV → reference → spectra or CSP → selection → classifier → probabilities.
import { badInput } from '../errors.ts';
import { hannPeriodic, segmentStarts } from '../dsp/welch.ts';
import type { LinearModel } from '../ml/classifiers.ts';
import { onnxType, type OnnxModel, type OnnxNode, type OnnxTensor } from './model.ts';

/** What every exported pipeline shares: the input the model expects. */
interface ExportedInput {
  /** Channel labels of the input rows, in order. */
  channels: string[];
  sampleRateHz: number;
  /** Samples per window (the epoch length). */
  nSamples: number;
  reference: 'car' | 'none';
  /** The linear classifier on the pipeline's features (scaling folded in); output = [1 - σ(z), σ(z)]. */
  model: LinearModel;
}

/** One spectral feature: the mean log10 Welch PSD of one input channel over bins firstBin..lastBin (inclusive). */
export interface ExportedBandFeature {
  channelIndex: number;
  firstBin: number;
  lastBin: number;
}

export interface ExportedPsdPipeline extends ExportedInput {
  kind: 'psd';
  /** Welch segment and overlap, samples; bins are those of an nPerSeg-point FFT. */
  nPerSeg: number;
  nOverlap: number;
  features: ExportedBandFeature[];
}

export interface ExportedCspPipeline extends ExportedInput {
  kind: 'csp';
  /** [nFilters][nChannels] spatial filters. */
  filters: Float64Array;
  nFilters: number;
  /** [nSamples][nSamples] linear time filter applied to each window (zero-phase band-pass), or null. */
  timeFilter: Float64Array | null;
}

export type ExportedPipeline = ExportedPsdPipeline | ExportedCspPipeline;

export interface GraphMetadata {
  producerVersion: string;
  /** Free key → JSON text pairs stored as ONNX metadata_props. */
  metadata: Record<string, string>;
}

/** Row i of the reference operator restricted to the listed channels: CAR is I - 1/n. */
function referenceRows(reference: 'car' | 'none', channelRows: number[], nChannels: number): Float64Array {
  const m = new Float64Array(channelRows.length * nChannels);
  channelRows.forEach((c, i) => {
    if (reference === 'car') for (let j = 0; j < nChannels; j++) m[i * nChannels + j] = -1 / nChannels;
    m[i * nChannels + c] += 1;
  });
  return m;
}

const d = onnxType.double;

function classifierNodes(nodes: OnnxNode[], inits: OnnxTensor[], featureName: string, nFeatures: number, model: LinearModel): void {
  // Logits [0, z]: softmax gives [1 - σ(z), σ(z)], the two class probabilities.
  const w = new Float64Array(nFeatures * 2);
  for (let j = 0; j < nFeatures; j++) w[j * 2 + 1] = model.weights[j];
  inits.push({ name: 'classifier_weights', type: d, dims: [nFeatures, 2], values: w });
  inits.push({ name: 'classifier_bias', type: d, dims: [2], values: [0, model.bias] });
  nodes.push({ op: 'Gemm', inputs: [featureName, 'classifier_weights', 'classifier_bias'], outputs: ['logits'], name: 'classifier' });
  nodes.push({ op: 'Softmax', inputs: ['logits'], outputs: ['probabilities_f64'], attributes: { axis: -1 } });
  nodes.push({ op: 'Cast', inputs: ['probabilities_f64'], outputs: ['probabilities'], attributes: { to: onnxType.float } });
  nodes.push({ op: 'Cast', inputs: [featureName], outputs: ['features'], attributes: { to: onnxType.float } });
}

/** The ONNX model of a pipeline (opset 17, float64 inside for agreement with the TypeScript path). */
export function buildPipelineModel(pipeline: ExportedPipeline, meta: GraphMetadata): OnnxModel {
  const nodes: OnnxNode[] = [];
  const inits: OnnxTensor[] = [];
  const nChannels = pipeline.channels.length;
  const n = pipeline.nSamples;
  nodes.push({ op: 'Cast', inputs: ['window'], outputs: ['x'], attributes: { to: d }, name: 'to_float64' });
  let nFeatures: number;
  if (pipeline.kind === 'psd') {
    nFeatures = pipeline.features.length;
    if (nFeatures === 0) throw badInput('ONNX export: the pipeline has no feature');
    const used = [...new Set(pipeline.features.map((f) => f.channelIndex))].sort((a, b) => a - b);
    const firstBin = Math.min(...pipeline.features.map((f) => f.firstBin));
    const lastBin = Math.max(...pipeline.features.map((f) => f.lastBin));
    const nBins = lastBin - firstBin + 1;
    const nPerSeg = pipeline.nPerSeg;
    const starts = segmentStarts(n, nPerSeg, pipeline.nOverlap);
    if (starts.length === 0) throw badInput(`ONNX export: Welch segments of ${nPerSeg} samples do not fit a ${n}-sample window`);
    inits.push({ name: 'reference', type: d, dims: [used.length, nChannels], values: referenceRows(pipeline.reference, used, nChannels) });
    nodes.push({ op: 'MatMul', inputs: ['reference', 'x'], outputs: ['referenced'], name: 'reference' });
    // One matrix does segmenting, constant detrend, Hann window and the DFT of the needed bins:
    // column (segment s, bin k, re|im) holds w_t·cos|sin(2πk t/N) minus its mean over the segment.
    const window = hannPeriodic(nPerSeg);
    const nCols = starts.length * nBins * 2;
    const dft = new Float64Array(n * nCols);
    const cosRow = new Float64Array(nPerSeg);
    const sinRow = new Float64Array(nPerSeg);
    for (let k = 0; k < nBins; k++) {
      const bin = firstBin + k;
      let meanCos = 0;
      let meanSin = 0;
      for (let t = 0; t < nPerSeg; t++) {
        const angle = (2 * Math.PI * ((bin * t) % nPerSeg)) / nPerSeg;
        cosRow[t] = window[t] * Math.cos(angle);
        sinRow[t] = -window[t] * Math.sin(angle);
        meanCos += cosRow[t] / nPerSeg;
        meanSin += sinRow[t] / nPerSeg;
      }
      starts.forEach((start, s) => {
        const col = (s * nBins + k) * 2;
        for (let t = 0; t < nPerSeg; t++) {
          dft[(start + t) * nCols + col] = cosRow[t] - meanCos;
          dft[(start + t) * nCols + col + 1] = sinRow[t] - meanSin;
        }
      });
    }
    inits.push({ name: 'welch_dft', type: d, dims: [n, nCols], values: dft });
    nodes.push({ op: 'MatMul', inputs: ['referenced', 'welch_dft'], outputs: ['spectra'], name: 'welch_dft' });
    nodes.push({ op: 'Mul', inputs: ['spectra', 'spectra'], outputs: ['spectra_squared'] });
    // Sum re² + im², average segments, density scale (one-sided ×2 except DC and Nyquist).
    let sumSquares = 0;
    for (const v of window) sumSquares += v * v;
    const scale = 1 / (pipeline.sampleRateHz * sumSquares * starts.length);
    const combine = new Float64Array(nCols * nBins);
    for (let s = 0; s < starts.length; s++) {
      for (let k = 0; k < nBins; k++) {
        const bin = firstBin + k;
        const oneSided = bin === 0 || (nPerSeg % 2 === 0 && bin === nPerSeg / 2) ? 1 : 2;
        const col = (s * nBins + k) * 2;
        combine[col * nBins + k] = oneSided * scale;
        combine[(col + 1) * nBins + k] = oneSided * scale;
      }
    }
    inits.push({ name: 'welch_average', type: d, dims: [nCols, nBins], values: combine });
    nodes.push({ op: 'MatMul', inputs: ['spectra_squared', 'welch_average'], outputs: ['psd'], name: 'welch_average' });
    nodes.push({ op: 'Log', inputs: ['psd'], outputs: ['ln_psd'] });
    inits.push({ name: 'inv_ln10', type: d, dims: [], values: [1 / Math.LN10] });
    nodes.push({ op: 'Mul', inputs: ['ln_psd', 'inv_ln10'], outputs: ['log10_psd'] });
    inits.push({ name: 'flat_shape', type: onnxType.int64, dims: [2], values: [1, used.length * nBins] });
    nodes.push({ op: 'Reshape', inputs: ['log10_psd', 'flat_shape'], outputs: ['log10_psd_flat'] });
    // Selection and band averaging in one matrix: feature j = mean of its bins of its channel.
    const select = new Float64Array(used.length * nBins * nFeatures);
    pipeline.features.forEach((f, j) => {
      const row = used.indexOf(f.channelIndex);
      const width = f.lastBin - f.firstBin + 1;
      for (let b = f.firstBin; b <= f.lastBin; b++) select[(row * nBins + (b - firstBin)) * nFeatures + j] = 1 / width;
    });
    inits.push({ name: 'feature_selection', type: d, dims: [used.length * nBins, nFeatures], values: select });
    nodes.push({ op: 'MatMul', inputs: ['log10_psd_flat', 'feature_selection'], outputs: ['feature_values'], name: 'feature_selection' });
  } else {
    nFeatures = pipeline.nFilters;
    // Spatial filters times the reference operator: one [nFilters][nChannels] matrix.
    const ref = referenceRows(pipeline.reference, Array.from({ length: nChannels }, (_, i) => i), nChannels);
    const combined = new Float64Array(nFeatures * nChannels);
    for (let k = 0; k < nFeatures; k++) {
      for (let j = 0; j < nChannels; j++) {
        let s = 0;
        for (let c = 0; c < nChannels; c++) s += pipeline.filters[k * nChannels + c] * ref[c * nChannels + j];
        combined[k * nChannels + j] = s;
      }
    }
    inits.push({ name: 'csp_filters', type: d, dims: [nFeatures, nChannels], values: combined });
    nodes.push({ op: 'MatMul', inputs: ['csp_filters', 'x'], outputs: ['sources'], name: 'csp_filters' });
    let signal = 'sources';
    if (pipeline.timeFilter) {
      // y = x·Fᵀ applies the window filter F to every row.
      const ft = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) ft[j * n + i] = pipeline.timeFilter[i * n + j];
      inits.push({ name: 'band_pass', type: d, dims: [n, n], values: ft });
      nodes.push({ op: 'MatMul', inputs: ['sources', 'band_pass'], outputs: ['filtered'], name: 'band_pass' });
      signal = 'filtered';
    }
    nodes.push({ op: 'Mul', inputs: [signal, signal], outputs: ['squared'] });
    inits.push({ name: 'time_mean', type: d, dims: [n, 1], values: new Float64Array(n).fill(1 / n) });
    nodes.push({ op: 'MatMul', inputs: ['squared', 'time_mean'], outputs: ['power'] });
    nodes.push({ op: 'Log', inputs: ['power'], outputs: ['log_power'] });
    inits.push({ name: 'row_shape', type: onnxType.int64, dims: [2], values: [1, nFeatures] });
    nodes.push({ op: 'Reshape', inputs: ['log_power', 'row_shape'], outputs: ['feature_values'] });
  }
  classifierNodes(nodes, inits, 'feature_values', nFeatures, pipeline.model);
  return {
    opset: 17,
    producerName: 'NeuroFeat',
    producerVersion: meta.producerVersion,
    docString: 'Raw EEG window [channels][samples] in µV (float32) to class probabilities [1][2]; see metadata_props.',
    metadata: meta.metadata,
    graph: {
      name: `neurofeat_${pipeline.kind}`,
      nodes,
      initializers: inits,
      inputs: [{ name: 'window', type: onnxType.float, dims: [nChannels, n] }],
      outputs: [
        { name: 'probabilities', type: onnxType.float, dims: [1, 2] },
        { name: 'features', type: onnxType.float, dims: [1, nFeatures] },
      ],
    },
  };
}
