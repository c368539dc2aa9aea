// Builds the ONNX graph of a trained pipeline: raw window [channels][samples] in µV → reference → spectra, CSP or tangent space → selection → classifier → probabilities.
import { badInput } from '../errors.ts';
import { hannPeriodic, segmentStarts } from '../dsp/welch.ts';
import type { LinearModel } from '../ml/classifiers.ts';
import { matrixLogNodes, planMatrixLogarithm } from './matrix-log-graph.ts';
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

/** One band feature: the mean over bins firstBin..lastBin (inclusive) of one input channel, placed at `position`. */
export interface ExportedBandFeature {
  position: number;
  channelIndex: number;
  firstBin: number;
  lastBin: number;
}

/** Connectivity metrics the graph can express (PLV and wPLI need per-segment normalisation: not exported). */
export type ExportedConnectivityMetric = 'coh' | 'msc' | 'imcoh' | 'absimcoh';

export interface ExportedSpectralPipeline extends ExportedInput {
  kind: 'spectral';
  nFeatures: number;
  /** log10 Welch PSD features; bins of an nPerSeg-point FFT. */
  psd: { nPerSeg: number; nOverlap: number; features: ExportedBandFeature[] } | null;
  /** Connectivity node strength (mean over the other channels) from Welch cross-spectra. */
  fc: { metric: ExportedConnectivityMetric; nPerSeg: number; nOverlap: number; features: ExportedBandFeature[] } | null;
}

export interface ExportedCspPipeline extends ExportedInput {
  kind: 'csp';
  /** [nFilters][nChannels] spatial filters. */
  filters: Float64Array;
  nFilters: number;
  /** [nSamples][nSamples] linear time filter applied to each window (zero-phase band-pass), or null. */
  timeFilter: Float64Array | null;
}

/**
 * CSP on the OAS covariance of each prefiltered window (pyRiemann's `CSP(metric='euclid', log=True)` after
 * `Covariances('oas')`, as `cspCovarianceFeatures`): feature log(wᵀ·C·w) per filter. With a filter bank the input
 * holds one prefiltered copy of the channels per band, band-major ([nBands·nChannels][nSamples]), and each band has
 * its own OAS covariance and filters; the features are the bands' features in band order.
 */
export interface ExportedCovarianceCspPipeline extends ExportedInput {
  kind: 'csp-covariance';
  nBands: number;
  /** Filters per band. */
  nFilters: number;
  /** [nBands][nFilters][nChannels] spatial filters. */
  filters: Float64Array;
}

export interface ExportedTangentSpacePipeline extends ExportedInput {
  kind: 'ts';
  /** [nChannels][nChannels] M^-½ of the reference point (the training trials' Riemannian mean). */
  inverseSqrtReference: Float64Array;
  /** [nSamples][nSamples] linear time filter applied to each window (zero-phase band-pass), or null. */
  timeFilter: Float64Array | null;
  /**
   * Largest ‖C_w‖_F / λ_min(C_w) of a whitened window covariance for which the graph's matrix logarithm keeps its
   * accuracy (1e-10 per eigenvalue); default 1e6 (PhysioNet S001-S010 trials reach 257).
   */
  maxSpread?: number;
}

export type ExportedPipeline = ExportedSpectralPipeline | ExportedCspPipeline | ExportedCovarianceCspPipeline | ExportedTangentSpacePipeline;

/** Rows of the model's input: one per channel, times the bands of a filter-bank model. */
export function inputRows(pipeline: ExportedPipeline): number {
  return pipeline.channels.length * (pipeline.kind === 'csp-covariance' ? pipeline.nBands : 1);
}

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

/**
 * Matrix [n][nSegments·nBins·2] doing segmenting, constant detrend, periodic Hann window and the DFT of bins
 * firstBin.. of each segment: column ((s·nBins + k)·2 + 0|1) holds w_t·cos|−sin(2πkt/N) minus its segment mean,
 * so that x·D gives the real and imaginary parts of every detrended, windowed segment's spectrum.
 */
function welchDft(n: number, nPerSeg: number, starts: number[], firstBin: number, nBins: number): Float64Array {
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
  return dft;
}

function binSpan(features: ExportedBandFeature[]): { firstBin: number; nBins: number } {
  const firstBin = Math.min(...features.map((f) => f.firstBin));
  const lastBin = Math.max(...features.map((f) => f.lastBin));
  return { firstBin, nBins: lastBin - firstBin + 1 };
}

/** [nUsed·nBins][nFeatures] matrix: feature at `position` = mean of its bins of its channel (rows channel-major). */
function selectionMatrix(features: ExportedBandFeature[], used: number[], firstBin: number, nBins: number, nFeatures: number): Float64Array {
  const select = new Float64Array(used.length * nBins * nFeatures);
  for (const f of features) {
    const row = used.indexOf(f.channelIndex);
    const width = f.lastBin - f.firstBin + 1;
    for (let b = f.firstBin; b <= f.lastBin; b++) select[(row * nBins + (b - firstBin)) * nFeatures + f.position] = 1 / width;
  }
  return select;
}

/** log10 Welch PSD features; returns the name of the [1][nFeatures] output (zeros outside its positions). */
function psdNodes(nodes: OnnxNode[], inits: OnnxTensor[], pipeline: ExportedSpectralPipeline, psd: NonNullable<ExportedSpectralPipeline['psd']>): string {
  const nChannels = pipeline.channels.length;
  const n = pipeline.nSamples;
  const used = [...new Set(psd.features.map((f) => f.channelIndex))].sort((a, b) => a - b);
  const { firstBin, nBins } = binSpan(psd.features);
  const nPerSeg = psd.nPerSeg;
  const starts = segmentStarts(n, nPerSeg, psd.nOverlap);
  if (starts.length === 0) throw badInput(`ONNX export: Welch segments of ${nPerSeg} samples do not fit a ${n}-sample window`);
  inits.push({ name: 'psd_reference', type: d, dims: [used.length, nChannels], values: referenceRows(pipeline.reference, used, nChannels) });
  nodes.push({ op: 'MatMul', inputs: ['psd_reference', 'x'], outputs: ['psd_referenced'], name: 'psd_reference' });
  const nCols = starts.length * nBins * 2;
  inits.push({ name: 'psd_dft', type: d, dims: [n, nCols], values: welchDft(n, nPerSeg, starts, firstBin, nBins) });
  nodes.push({ op: 'MatMul', inputs: ['psd_referenced', 'psd_dft'], outputs: ['psd_spectra'], name: 'psd_dft' });
  nodes.push({ op: 'Mul', inputs: ['psd_spectra', 'psd_spectra'], outputs: ['psd_spectra_squared'] });
  // Sum re² + im², average segments, density scale (one-sided ×2 except DC and Nyquist).
  let sumSquares = 0;
  for (const v of hannPeriodic(nPerSeg)) sumSquares += v * v;
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
  inits.push({ name: 'psd_average', type: d, dims: [nCols, nBins], values: combine });
  nodes.push({ op: 'MatMul', inputs: ['psd_spectra_squared', 'psd_average'], outputs: ['psd'], name: 'psd_average' });
  nodes.push({ op: 'Log', inputs: ['psd'], outputs: ['psd_ln'] });
  inits.push({ name: 'inv_ln10', type: d, dims: [], values: [1 / Math.LN10] });
  nodes.push({ op: 'Mul', inputs: ['psd_ln', 'inv_ln10'], outputs: ['psd_log10'] });
  inits.push({ name: 'psd_flat_shape', type: onnxType.int64, dims: [2], values: [1, used.length * nBins] });
  nodes.push({ op: 'Reshape', inputs: ['psd_log10', 'psd_flat_shape'], outputs: ['psd_log10_flat'] });
  inits.push({ name: 'psd_selection', type: d, dims: [used.length * nBins, pipeline.nFeatures], values: selectionMatrix(psd.features, used, firstBin, nBins, pipeline.nFeatures) });
  nodes.push({ op: 'MatMul', inputs: ['psd_log10_flat', 'psd_selection'], outputs: ['psd_features'], name: 'psd_selection' });
  return 'psd_features';
}

/**
 * Connectivity node strength: cross-spectra S_uj = Σ_s conj(X_u) X_j between each used channel u and every
 * channel j per bin (batched MatMul over bins), coherency S_uj / sqrt(P_u P_j), the metric, then the mean over
 * j ≠ u (a mask removes the diagonal).
 */
function fcNodes(nodes: OnnxNode[], inits: OnnxTensor[], pipeline: ExportedSpectralPipeline, fc: NonNullable<ExportedSpectralPipeline['fc']>): string {
  const nChannels = pipeline.channels.length;
  const n = pipeline.nSamples;
  const used = [...new Set(fc.features.map((f) => f.channelIndex))].sort((a, b) => a - b);
  const { firstBin, nBins } = binSpan(fc.features);
  const starts = segmentStarts(n, fc.nPerSeg, fc.nOverlap);
  const nSeg = starts.length;
  if (nSeg < 2) throw badInput(`ONNX export: connectivity needs at least 2 segments of ${fc.nPerSeg} samples in a ${n}-sample window`);
  const all = Array.from({ length: nChannels }, (_, i) => i);
  inits.push({ name: 'fc_reference', type: d, dims: [nChannels, nChannels], values: referenceRows(pipeline.reference, all, nChannels) });
  nodes.push({ op: 'MatMul', inputs: ['fc_reference', 'x'], outputs: ['fc_referenced'], name: 'fc_reference' });
  inits.push({ name: 'fc_dft', type: d, dims: [n, nSeg * nBins * 2], values: welchDft(n, fc.nPerSeg, starts, firstBin, nBins) });
  nodes.push({ op: 'MatMul', inputs: ['fc_referenced', 'fc_dft'], outputs: ['fc_spectra'], name: 'fc_dft' });
  // [nCh][seg·bin·2] → [nCh][seg][bin][2] → [2][bin][nCh][seg]: re = [0], im = [1].
  inits.push({ name: 'fc_spectra_shape', type: onnxType.int64, dims: [4], values: [nChannels, nSeg, nBins, 2] });
  nodes.push({ op: 'Reshape', inputs: ['fc_spectra', 'fc_spectra_shape'], outputs: ['fc_spectra_4d'] });
  nodes.push({ op: 'Transpose', inputs: ['fc_spectra_4d'], outputs: ['fc_parts'], attributes: { perm: [3, 2, 0, 1] } });
  inits.push({ name: 'index_0', type: onnxType.int64, dims: [], values: [0] });
  inits.push({ name: 'index_1', type: onnxType.int64, dims: [], values: [1] });
  nodes.push({ op: 'Gather', inputs: ['fc_parts', 'index_0'], outputs: ['fc_re'], attributes: { axis: 0 } });
  nodes.push({ op: 'Gather', inputs: ['fc_parts', 'index_1'], outputs: ['fc_im'], attributes: { axis: 0 } });
  inits.push({ name: 'fc_used', type: onnxType.int64, dims: [used.length], values: used });
  nodes.push({ op: 'Gather', inputs: ['fc_re', 'fc_used'], outputs: ['fc_re_used'], attributes: { axis: 1 } });
  nodes.push({ op: 'Gather', inputs: ['fc_im', 'fc_used'], outputs: ['fc_im_used'], attributes: { axis: 1 } });
  nodes.push({ op: 'Transpose', inputs: ['fc_re'], outputs: ['fc_re_t'], attributes: { perm: [0, 2, 1] } });
  nodes.push({ op: 'Transpose', inputs: ['fc_im'], outputs: ['fc_im_t'], attributes: { perm: [0, 2, 1] } });
  // conj(a + ib)(c + id) = (ac + bd) + i(ad - bc)
  nodes.push({ op: 'MatMul', inputs: ['fc_re_used', 'fc_re_t'], outputs: ['fc_rr'] });
  nodes.push({ op: 'MatMul', inputs: ['fc_im_used', 'fc_im_t'], outputs: ['fc_ii'] });
  nodes.push({ op: 'MatMul', inputs: ['fc_re_used', 'fc_im_t'], outputs: ['fc_ri'] });
  nodes.push({ op: 'MatMul', inputs: ['fc_im_used', 'fc_re_t'], outputs: ['fc_ir'] });
  nodes.push({ op: 'Add', inputs: ['fc_rr', 'fc_ii'], outputs: ['fc_cross_re'] });
  nodes.push({ op: 'Sub', inputs: ['fc_ri', 'fc_ir'], outputs: ['fc_cross_im'] });
  // Power per channel and bin: Σ_s re² + im², as a row [bin][1][nCh] and for the used channels [bin][nUsed][1].
  nodes.push({ op: 'Mul', inputs: ['fc_re', 'fc_re'], outputs: ['fc_re2'] });
  nodes.push({ op: 'Mul', inputs: ['fc_im', 'fc_im'], outputs: ['fc_im2'] });
  nodes.push({ op: 'Add', inputs: ['fc_re2', 'fc_im2'], outputs: ['fc_abs2'] });
  inits.push({ name: 'fc_segment_sum', type: d, dims: [nSeg, 1], values: new Float64Array(nSeg).fill(1) });
  nodes.push({ op: 'MatMul', inputs: ['fc_abs2', 'fc_segment_sum'], outputs: ['fc_power_col'] });
  nodes.push({ op: 'Transpose', inputs: ['fc_power_col'], outputs: ['fc_power_row'], attributes: { perm: [0, 2, 1] } });
  nodes.push({ op: 'Gather', inputs: ['fc_power_col', 'fc_used'], outputs: ['fc_power_used'], attributes: { axis: 1 } });
  nodes.push({ op: 'Mul', inputs: ['fc_power_used', 'fc_power_row'], outputs: ['fc_power_product'] });
  nodes.push({ op: 'Sqrt', inputs: ['fc_power_product'], outputs: ['fc_norm'] });
  nodes.push({ op: 'Div', inputs: ['fc_cross_re', 'fc_norm'], outputs: ['fc_coh_re'] });
  nodes.push({ op: 'Div', inputs: ['fc_cross_im', 'fc_norm'], outputs: ['fc_coh_im'] });
  let metric: string;
  if (fc.metric === 'imcoh') metric = 'fc_coh_im';
  else if (fc.metric === 'absimcoh') {
    nodes.push({ op: 'Abs', inputs: ['fc_coh_im'], outputs: ['fc_metric'] });
    metric = 'fc_metric';
  } else {
    nodes.push({ op: 'Mul', inputs: ['fc_coh_re', 'fc_coh_re'], outputs: ['fc_cr2'] });
    nodes.push({ op: 'Mul', inputs: ['fc_coh_im', 'fc_coh_im'], outputs: ['fc_ci2'] });
    nodes.push({ op: 'Add', inputs: ['fc_cr2', 'fc_ci2'], outputs: fc.metric === 'msc' ? ['fc_metric'] : ['fc_msc'] });
    if (fc.metric === 'coh') nodes.push({ op: 'Sqrt', inputs: ['fc_msc'], outputs: ['fc_metric'] });
    metric = 'fc_metric';
  }
  const mask = new Float64Array(used.length * nChannels).fill(1);
  used.forEach((u, i) => { mask[i * nChannels + u] = 0; });
  inits.push({ name: 'fc_off_diagonal', type: d, dims: [used.length, nChannels], values: mask });
  nodes.push({ op: 'Mul', inputs: [metric, 'fc_off_diagonal'], outputs: ['fc_masked'] });
  inits.push({ name: 'fc_mean_others', type: d, dims: [nChannels, 1], values: new Float64Array(nChannels).fill(1 / (nChannels - 1)) });
  nodes.push({ op: 'MatMul', inputs: ['fc_masked', 'fc_mean_others'], outputs: ['fc_strength'] }); // [bin][nUsed][1]
  inits.push({ name: 'fc_strength_shape', type: onnxType.int64, dims: [2], values: [nBins, used.length] });
  nodes.push({ op: 'Reshape', inputs: ['fc_strength', 'fc_strength_shape'], outputs: ['fc_strength_2d'] });
  nodes.push({ op: 'Transpose', inputs: ['fc_strength_2d'], outputs: ['fc_strength_t'], attributes: { perm: [1, 0] } });
  inits.push({ name: 'fc_flat_shape', type: onnxType.int64, dims: [2], values: [1, used.length * nBins] });
  nodes.push({ op: 'Reshape', inputs: ['fc_strength_t', 'fc_flat_shape'], outputs: ['fc_strength_flat'] });
  inits.push({ name: 'fc_selection', type: d, dims: [used.length * nBins, pipeline.nFeatures], values: selectionMatrix(fc.features, used, firstBin, nBins, pipeline.nFeatures) });
  nodes.push({ op: 'MatMul', inputs: ['fc_strength_flat', 'fc_selection'], outputs: ['fc_features'], name: 'fc_selection' });
  return 'fc_features';
}

/** y = x·Fᵀ applies the window filter F [n][n] to every row of x; returns the output name. */
function bandPassNodes(nodes: OnnxNode[], inits: OnnxTensor[], input: string, timeFilter: Float64Array, n: number): string {
  const ft = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) ft[j * n + i] = timeFilter[i * n + j];
  inits.push({ name: 'band_pass', type: d, dims: [n, n], values: ft });
  nodes.push({ op: 'MatMul', inputs: [input, 'band_pass'], outputs: ['filtered'], name: 'band_pass' });
  return 'filtered';
}

/**
 * OAS covariances of a batch of windows [batch][p][n] (channels centred over time, as `trialCovariance`), scaled by
 * n: returns the name of the [batch][p][p] tensor n·C. The scatter S = n·C stands for C: OAS's shrinkage is
 * scale-invariant, and a Mul by 1/n after the scatter's MatMul would be fused by onnxruntime into FusedMatMul, whose
 * alpha attribute is float32 (5e-8 relative error); callers take 1/n into account after a logarithm.
 */
function oasNodes(nodes: OnnxNode[], inits: OnnxTensor[], signal: string, p: number, n: number, prefix: string): string {
  const name = (s: string) => `${prefix}_${s}`;
  nodes.push({ op: 'ReduceMean', inputs: [signal], outputs: [name('channel_mean')], attributes: { axes: [2], keepdims: 1 } });
  nodes.push({ op: 'Sub', inputs: [signal, name('channel_mean')], outputs: [name('centred')] });
  nodes.push({ op: 'Transpose', inputs: [name('centred')], outputs: [name('centred_t')], attributes: { perm: [0, 2, 1] } });
  nodes.push({ op: 'MatMul', inputs: [name('centred'), name('centred_t')], outputs: [name('scatter')], name: name('scatter') });
  // OAS (scikit-learn 1.2, as oasFromCovariance; δ is scale-invariant): μ = tr/p, α = mean of squares,
  // δ = min((α + μ²)/((n+1)(α − μ²/p)), 1), result (1 − δ)·S + δ·μ·I; per window of the batch.
  const eye = new Float64Array(p * p);
  for (let i = 0; i < p; i++) eye[i * p + i] = 1;
  inits.push({ name: name('eye'), type: d, dims: [p, p], values: eye });
  inits.push({ name: name('matrix_axes'), type: onnxType.int64, dims: [2], values: [1, 2] });
  inits.push({ name: name('inv_p'), type: d, dims: [], values: [1 / p] });
  inits.push({ name: name('inv_p2'), type: d, dims: [], values: [1 / (p * p)] });
  inits.push({ name: name('samples_plus_one'), type: d, dims: [], values: [n + 1] });
  inits.push({ name: name('one'), type: d, dims: [], values: [1] });
  nodes.push({ op: 'Mul', inputs: [name('scatter'), name('eye')], outputs: [name('diagonal')] });
  nodes.push({ op: 'ReduceSum', inputs: [name('diagonal'), name('matrix_axes')], outputs: [name('trace')], attributes: { keepdims: 1 } });
  nodes.push({ op: 'Mul', inputs: [name('trace'), name('inv_p')], outputs: [name('mu')] });
  nodes.push({ op: 'ReduceSumSquare', inputs: [name('scatter')], outputs: [name('sum_squares')], attributes: { axes: [1, 2], keepdims: 1 } });
  nodes.push({ op: 'Mul', inputs: [name('sum_squares'), name('inv_p2')], outputs: [name('alpha')] });
  nodes.push({ op: 'Mul', inputs: [name('mu'), name('mu')], outputs: [name('mu2')] });
  nodes.push({ op: 'Add', inputs: [name('alpha'), name('mu2')], outputs: [name('oas_num')] });
  nodes.push({ op: 'Mul', inputs: [name('mu2'), name('inv_p')], outputs: [name('mu2_over_p')] });
  nodes.push({ op: 'Sub', inputs: [name('alpha'), name('mu2_over_p')], outputs: [name('oas_den_part')] });
  nodes.push({ op: 'Mul', inputs: [name('oas_den_part'), name('samples_plus_one')], outputs: [name('oas_den')] });
  nodes.push({ op: 'Div', inputs: [name('oas_num'), name('oas_den')], outputs: [name('oas_ratio')] });
  nodes.push({ op: 'Min', inputs: [name('oas_ratio'), name('one')], outputs: [name('shrinkage')] });
  nodes.push({ op: 'Sub', inputs: [name('one'), name('shrinkage')], outputs: [name('keep')] });
  nodes.push({ op: 'Mul', inputs: [name('scatter'), name('keep')], outputs: [name('kept')] });
  nodes.push({ op: 'Mul', inputs: [name('shrinkage'), name('mu')], outputs: [name('target_scale')] });
  nodes.push({ op: 'Mul', inputs: [name('eye'), name('target_scale')], outputs: [name('target')] });
  nodes.push({ op: 'Add', inputs: [name('kept'), name('target')], outputs: [name('covariance')] });
  return name('covariance');
}

/** The [p][p] OAS covariance (×n, see `oasNodes`) of the referenced, optionally time-filtered window `x`. */
function windowCovarianceNodes(nodes: OnnxNode[], inits: OnnxTensor[], pipeline: ExportedTangentSpacePipeline, prefix: string): string {
  const p = pipeline.channels.length;
  const n = pipeline.nSamples;
  const all = Array.from({ length: p }, (_, i) => i);
  inits.push({ name: `${prefix}_reference`, type: d, dims: [p, p], values: referenceRows(pipeline.reference, all, p) });
  nodes.push({ op: 'MatMul', inputs: [`${prefix}_reference`, 'x'], outputs: [`${prefix}_referenced`], name: `${prefix}_reference` });
  const signal = pipeline.timeFilter ? bandPassNodes(nodes, inits, `${prefix}_referenced`, pipeline.timeFilter, n) : `${prefix}_referenced`;
  inits.push({ name: `${prefix}_batch_shape`, type: onnxType.int64, dims: [3], values: [1, p, n] });
  nodes.push({ op: 'Reshape', inputs: [signal, `${prefix}_batch_shape`], outputs: [`${prefix}_batch`] });
  const covariance = oasNodes(nodes, inits, `${prefix}_batch`, p, n, prefix);
  inits.push({ name: `${prefix}_matrix_shape`, type: onnxType.int64, dims: [2], values: [p, p] });
  nodes.push({ op: 'Reshape', inputs: [covariance, `${prefix}_matrix_shape`], outputs: [`${prefix}_covariance_2d`] });
  return `${prefix}_covariance_2d`;
}

/** M^-½·C·M^-½ for a constant M^-½, symmetrised (the products leave rounding-level asymmetry). */
function whitenNodes(nodes: OnnxNode[], inits: OnnxTensor[], covariance: string, inverseSqrt: Float64Array, p: number, prefix: string): string {
  const name = (s: string) => `${prefix}_${s}`;
  inits.push({ name: name('inverse_sqrt_reference'), type: d, dims: [p, p], values: inverseSqrt });
  nodes.push({ op: 'MatMul', inputs: [name('inverse_sqrt_reference'), covariance], outputs: [name('half_whitened')] });
  nodes.push({ op: 'MatMul', inputs: [name('half_whitened'), name('inverse_sqrt_reference')], outputs: [name('whitened_raw')] });
  nodes.push({ op: 'Transpose', inputs: [name('whitened_raw')], outputs: [name('whitened_raw_t')], attributes: { perm: [1, 0] } });
  nodes.push({ op: 'Add', inputs: [name('whitened_raw'), name('whitened_raw_t')], outputs: [name('whitened_2')] });
  inits.push({ name: name('half'), type: d, dims: [], values: [0.5] });
  nodes.push({ op: 'Mul', inputs: [name('whitened_2'), name('half')], outputs: [name('whitened')] });
  return name('whitened');
}

/**
 * Tangent-space features: OAS covariance of the referenced, band-passed window (channels centred, as
 * `trialCovariance`), whitening by the constant M^-½, the matrix logarithm by matrix products
 * (`matrixLogNodes`; 1/n of the covariance enters as −log(n)·I), then the upper triangle with off-diagonal terms
 * × √2 (`tangentVectors`). Returns the name of the [1][n(n+1)/2] features.
 */
function tangentSpaceNodes(nodes: OnnxNode[], inits: OnnxTensor[], pipeline: ExportedTangentSpacePipeline): string {
  const p = pipeline.channels.length;
  const n = pipeline.nSamples;
  const covariance = windowCovarianceNodes(nodes, inits, pipeline, 'ts');
  const whitened = whitenNodes(nodes, inits, covariance, pipeline.inverseSqrtReference, p, 'ts');
  const log = matrixLogNodes(nodes, inits, whitened, p, planMatrixLogarithm(pipeline.maxSpread ?? 1e6), 'ts_logm', -Math.log(n));
  // Upper triangle, row by row, off-diagonal terms × √2.
  const dim = (p * (p + 1)) / 2;
  const upper = new Float64Array(dim);
  const weights = new Float64Array(dim);
  let k = 0;
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++) {
      upper[k] = i * p + j;
      weights[k++] = i === j ? 1 : Math.SQRT2;
    }
  }
  inits.push({ name: 'ts_flat_shape', type: onnxType.int64, dims: [2], values: [1, p * p] });
  nodes.push({ op: 'Reshape', inputs: [log, 'ts_flat_shape'], outputs: ['ts_log_flat'] });
  inits.push({ name: 'ts_upper', type: onnxType.int64, dims: [dim], values: upper });
  nodes.push({ op: 'Gather', inputs: ['ts_log_flat', 'ts_upper'], outputs: ['ts_upper_values'], attributes: { axis: 1 } });
  inits.push({ name: 'ts_upper_weights', type: d, dims: [1, dim], values: weights });
  nodes.push({ op: 'Mul', inputs: ['ts_upper_values', 'ts_upper_weights'], outputs: ['ts_tangent'] });
  return 'ts_tangent';
}

/**
 * CSP log-variances from OAS covariances (`ExportedCovarianceCspPipeline`): the input [nBands·p][n] as a batch
 * [nBands][p][n], one OAS covariance per band, wᵀ·C·w per filter as the row sums of (F·C)∘F, log, −log n (the
 * covariance is n·C). Returns the name of the [1][nBands·nFilters] features.
 */
function covarianceCspNodes(nodes: OnnxNode[], inits: OnnxTensor[], pipeline: ExportedCovarianceCspPipeline): string {
  const p = pipeline.channels.length;
  const n = pipeline.nSamples;
  const { nBands, nFilters } = pipeline;
  inits.push({ name: 'csp_batch_shape', type: onnxType.int64, dims: [3], values: [nBands, p, n] });
  nodes.push({ op: 'Reshape', inputs: ['x', 'csp_batch_shape'], outputs: ['csp_bands'] });
  const covariance = oasNodes(nodes, inits, 'csp_bands', p, n, 'csp');
  inits.push({ name: 'csp_band_filters', type: d, dims: [nBands, nFilters, p], values: pipeline.filters });
  nodes.push({ op: 'MatMul', inputs: ['csp_band_filters', covariance], outputs: ['csp_filtered_covariance'] });
  nodes.push({ op: 'Mul', inputs: ['csp_filtered_covariance', 'csp_band_filters'], outputs: ['csp_quadratic_terms'] });
  inits.push({ name: 'csp_last_axis', type: onnxType.int64, dims: [1], values: [2] });
  nodes.push({ op: 'ReduceSum', inputs: ['csp_quadratic_terms', 'csp_last_axis'], outputs: ['csp_variance_n'], attributes: { keepdims: 0 } });
  nodes.push({ op: 'Log', inputs: ['csp_variance_n'], outputs: ['csp_log_variance_n'] });
  inits.push({ name: 'csp_minus_log_n', type: d, dims: [], values: [-Math.log(n)] });
  nodes.push({ op: 'Add', inputs: ['csp_log_variance_n', 'csp_minus_log_n'], outputs: ['csp_log_variance'] });
  inits.push({ name: 'csp_row_shape', type: onnxType.int64, dims: [2], values: [1, nBands * nFilters] });
  nodes.push({ op: 'Reshape', inputs: ['csp_log_variance', 'csp_row_shape'], outputs: ['csp_features'] });
  return 'csp_features';
}

/** The ONNX model of a pipeline (opset 17, float64 inside for agreement with the TypeScript path). */
export function buildPipelineModel(pipeline: ExportedPipeline, meta: GraphMetadata): OnnxModel {
  const nodes: OnnxNode[] = [];
  const inits: OnnxTensor[] = [];
  const nChannels = pipeline.channels.length;
  const n = pipeline.nSamples;
  if (pipeline.kind === 'csp-covariance' && pipeline.reference !== 'none') throw badInput('ONNX export: covariance CSP takes prefiltered windows without a re-reference');
  nodes.push({ op: 'Cast', inputs: ['window'], outputs: ['x'], attributes: { to: d }, name: 'to_float64' });
  let nFeatures: number;
  if (pipeline.kind === 'spectral') {
    nFeatures = pipeline.nFeatures;
    if (nFeatures === 0) throw badInput('ONNX export: the pipeline has no feature');
    const parts: string[] = [];
    if (pipeline.psd && pipeline.psd.features.length > 0) parts.push(psdNodes(nodes, inits, pipeline, pipeline.psd));
    if (pipeline.fc && pipeline.fc.features.length > 0) parts.push(fcNodes(nodes, inits, pipeline, pipeline.fc));
    if (parts.length === 1) nodes.push({ op: 'Identity', inputs: [parts[0]], outputs: ['feature_values'] });
    else nodes.push({ op: 'Add', inputs: parts, outputs: ['feature_values'] });
  } else if (pipeline.kind === 'ts') {
    nFeatures = (nChannels * (nChannels + 1)) / 2;
    nodes.push({ op: 'Identity', inputs: [tangentSpaceNodes(nodes, inits, pipeline)], outputs: ['feature_values'] });
  } else if (pipeline.kind === 'csp-covariance') {
    nFeatures = pipeline.nBands * pipeline.nFilters;
    nodes.push({ op: 'Identity', inputs: [covarianceCspNodes(nodes, inits, pipeline)], outputs: ['feature_values'] });
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
    if (pipeline.timeFilter) signal = bandPassNodes(nodes, inits, 'sources', pipeline.timeFilter, n);
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
      inputs: [{ name: 'window', type: onnxType.float, dims: [inputRows(pipeline), n] }],
      outputs: [
        { name: 'probabilities', type: onnxType.float, dims: [1, 2] },
        { name: 'features', type: onnxType.float, dims: [1, nFeatures] },
      ],
    },
  };
}
