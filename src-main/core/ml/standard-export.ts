// The ONNX pipeline of a fitted standard family, the prefilter its input needs, and check windows with the TypeScript probabilities.
import { badInput } from '../errors.ts';
import { extractEpochs, type EpochOptions, type Epochs, type SignalSource } from '../epochs.ts';
import type { ExportedBandFeature, ExportedPipeline } from '../onnx/pipeline-graph.ts';
import type { FittedFamily, ProcedureData } from './family-choice.ts';
import { filterBankBandsHz, filterBankDeclaration, prefilterDeclaration, prefilteredSource, standardBandHz, type PrefilterDeclaration } from './standard-preprocessing.ts';

/** A model input window (float32, as the runtime passes it) and the probability of class 1 NeuroFeat gives it. */
export interface StandardModelCheck {
  /** Trial number (`extractEpochs` numbering). */
  trial: number;
  window: Float32Array;
  probability: number;
}

export interface StandardModelExport {
  pipeline: ExportedPipeline;
  /** The filter the model's input needs (declared in its metadata); null for psd-slda, which takes the raw window. */
  prefilter: PrefilterDeclaration | null;
  /** Windows cut exactly as the model's input, every `checkStride`-th trial, with the final model's probabilities. */
  checks: StandardModelCheck[];
}

export interface StandardExportInput {
  recordings: SignalSource[];
  epochOptions: EpochOptions;
  /** The trials of the 8-32 Hz band-passed recordings (the procedure's epochs). */
  epochs: Epochs;
  data: ProcedureData;
  /** The final model's probability of class 1 for every trial of `epochs`. */
  finalProbability: Float64Array;
  /** Number of check windows (spread over the trials; default 8). */
  nChecks?: number;
}

/** Welch settings of the psd-slda family (procedure-data.ts): 1 s Hann segments, 50% overlap. */
const psdSegmentSec = 1;

/**
 * The ONNX description of a fitted standard family. Covariance families (csp-lda, ts-lr, ts-svm, fgmdm) take
 * the 8-32 Hz prefiltered window; fbcsp takes one prefiltered copy of the channels per filter-bank band (declared as
 * a filter bank: the bands are filtered on the continuous signal, as in training, which a graph on one window cannot
 * reproduce); psd-slda takes the raw window and applies its common average reference and Welch spectra inside.
 */
export function exportStandardModel(final: FittedFamily, input: StandardExportInput): StandardModelExport {
  const { epochs, data } = input;
  const base = { channels: [...epochs.channels], sampleRateHz: epochs.sampleRateHz, nSamples: epochs.nSamples, reference: 'none' as const, model: final.model };
  const p = epochs.channels.length;
  let pipeline: ExportedPipeline;
  let prefilter: PrefilterDeclaration | null = prefilterDeclaration(standardBandHz);
  switch (final.family) {
    case 'ts-lr':
    case 'ts-svm':
    case 'fgmdm':
      if (!final.tangentSpace) throw badInput(`export: the ${final.family} model has no tangent space`);
      pipeline = { ...base, kind: 'ts', inverseSqrtReference: final.tangentSpace.inverseSqrtReference, timeFilter: null };
      break;
    case 'csp-lda':
      if (!final.csp) throw badInput('export: the csp-lda model has no CSP filters');
      pipeline = { ...base, kind: 'csp-covariance', nBands: 1, nFilters: final.csp.nComponents, filters: final.csp.filters };
      break;
    case 'fbcsp': {
      const bank = final.bank;
      if (!bank || bank.length === 0) throw badInput('export: the fbcsp model has no filter bank');
      const nFilters = bank[0].nComponents;
      const filters = new Float64Array(bank.length * nFilters * p);
      bank.forEach((csp, b) => filters.set(csp.filters, b * nFilters * p));
      pipeline = { ...base, kind: 'csp-covariance', nBands: bank.length, nFilters, filters };
      prefilter = filterBankDeclaration(filterBankBandsHz);
      break;
    }
    case 'psd-slda': {
      if (!data.psd || !final.selected) throw badInput('export: the psd-slda model has no selected features');
      const nPerSeg = Math.round(psdSegmentSec * epochs.sampleRateHz);
      const toFftBin = (hz: number) => Math.round((hz * nPerSeg) / epochs.sampleRateHz);
      const features: ExportedBandFeature[] = final.selected.map((j, position) => {
        const c = data.psd!.set.candidates[j];
        return { position, channelIndex: c.channelIndex, firstBin: toFftBin(c.bandHz[0]), lastBin: toFftBin(c.bandHz[1]) };
      });
      pipeline = {
        ...base, kind: 'spectral', reference: 'car', nFeatures: features.length,
        psd: { nPerSeg, nOverlap: Math.floor(nPerSeg * 0.5), features }, fc: null,
      };
      prefilter = null;
      break;
    }
    default:
      throw badInput(`export: unknown family '${String(final.family)}'`);
  }
  return { pipeline, prefilter, checks: checkWindows(input, prefilter) };
}

/** Check windows cut as the model's input: from the recordings filtered zero-phase by the declared prefilter (as training), or raw. */
function checkWindows(input: StandardExportInput, prefilter: PrefilterDeclaration | null): StandardModelCheck[] {
  const { epochs } = input;
  const n = epochs.trials.length;
  const count = Math.min(n, input.nChecks ?? 8);
  const rows = Array.from({ length: count }, (_, i) => Math.floor((i * n) / count));
  const isStandardBand = prefilter?.kind === 'butterworth-bandpass' && prefilter.bandHz[0] === standardBandHz[0] && prefilter.bandHz[1] === standardBandHz[1];
  const cut = isStandardBand ? epochs : extractEpochs(input.recordings.map((r) => (prefilter ? prefilteredSource(r, prefilter, 'zero-phase') : r)), input.epochOptions);
  const key = (e: Epochs, i: number) => `${e.trials[i].index}:${e.trials[i].classIndex}`;
  return rows.map((row) => {
    const at = cut === epochs ? row : cut.trials.findIndex((t) => t.index === epochs.trials[row].index);
    if (at < 0 || key(cut, at) !== key(epochs, row)) throw badInput(`export: trial ${epochs.trials[row].index} is not in the model's input cut`);
    return { trial: epochs.trials[row].index, window: Float32Array.from(cut.trials[at].data), probability: input.finalProbability[row] };
  });
}
