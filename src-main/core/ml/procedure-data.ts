// Builds a patient's label-free procedure data from whole recordings: band-passed covariances, the filter bank, the PSD candidates.
import { extractEpochs, type EpochOptions, type Epochs, type SignalSource } from '../epochs.ts';
import { rereference } from '../dsp/reference.ts';
import { welchFeatures } from '../features/psd.ts';
import type { Labels } from './classifiers.ts';
import type { ProcedureData, StandardFamily } from './family-choice.ts';
import { bandPassedEpochs, checkSameTrials, epochCovariances, filterBankBandsHz, standardBandHz } from './standard-preprocessing.ts';
import { automaticCandidates, defaultSelection, toTable, type SelectionSettings } from './train.ts';

export interface ProcedureInput {
  /** Trials cut from the band-passed recordings (channel names, classes, trial numbers as `extractEpochs`). */
  epochs: Epochs;
  labels: Labels;
  data: ProcedureData;
}

export interface ProcedureDataOptions {
  /** Families whose data to compute (the others' fields stay empty). */
  families: readonly StandardFamily[];
  bandHz?: [number, number];
  selection?: SelectionSettings;
}

/**
 * Cuts the trials once per band from the zero-phase band-passed continuous recordings (8-32 Hz, and the filter
 * bank when fbcsp is wanted) and computes everything that does not depend on labels. PSD candidates come from
 * the unfiltered trials with a common average reference (7-35 Hz, NeuroFeat's automatic selection).
 */
export function prepareProcedureData(recordings: SignalSource[], epochOptions: EpochOptions, options: ProcedureDataOptions): ProcedureInput {
  const band = options.bandHz ?? standardBandHz;
  const epochs = bandPassedEpochs(recordings, epochOptions, band);
  const labels = Uint8Array.from(epochs.trials, (t) => t.classIndex);
  const wants = (f: StandardFamily) => options.families.includes(f);
  const needsCovariances = options.families.some((f) => f !== 'psd-slda' && f !== 'fbcsp');
  const bankCovariances = wants('fbcsp')
    ? filterBankBandsHz.map((b) => {
      const bandEpochs = bandPassedEpochs(recordings, epochOptions, b);
      checkSameTrials(epochs, bandEpochs, 'filter-bank', [b[0], b[1]]);
      return epochCovariances(bandEpochs);
    })
    : [];
  let psd: ProcedureData['psd'] = null;
  if (wants('psd-slda')) {
    const raw = rereference(extractEpochs(recordings, epochOptions), { kind: 'car' });
    checkSameTrials(epochs, raw, 'psd-features');
    const table = toTable('psd', welchFeatures(raw, { fminHz: 7, fmaxHz: 35, segmentSec: 1 }));
    psd = automaticCandidates(raw, [table], options.selection ?? defaultSelection, 7, 35);
  }
  return {
    epochs,
    labels,
    data: { nChannels: epochs.channels.length, covariances: needsCovariances ? epochCovariances(epochs) : [], bankCovariances, psd },
  };
}
