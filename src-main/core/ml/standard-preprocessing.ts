// The preprocessing of MOABB's motor-imagery pipelines: the continuous recording band-passed before epoching, the 0-3 s window, per-trial OAS covariances per band.
import { badInput, problem, type CoreError, type TrialCutStage } from '../errors.ts';
import { defaultEpochDefinition, extractEpochs, type EpochDefinition, type EpochOptions, type Epochs, type SignalSource } from '../epochs.ts';
import { filterSource } from '../dsp/filter-recording.ts';
import { trialCovariance } from './tangent-space.ts';

/**
 * The one default epoch window (CLI, app, docs, benches): 0-3 s after the cue. It is MOABB's interval for the
 * PhysioNet motor-imagery dataset (`PhysionetMI.interval = [0, 3]`), lies inside PhysioNet's cue (about 4.1 s),
 * and covers the 0.5-2.5 s that Graz-protocol studies use (Ang et al. 2012, FBCSP on BCI Competition IV 2a)
 * while keeping the early event-related desynchronisation, which starts within 0.5 s of the cue
 * (Pfurtscheller and Lopes da Silva 1999).
 */
export const defaultTrainingWindow: EpochDefinition = defaultEpochDefinition;

/** MOABB's motor-imagery band-pass (`MotorImagery(fmin=8, fmax=32)`): 5th-order Butterworth, zero-phase offline. */
export const standardBandHz: [number, number] = [8, 32];
export const standardFilterOrder = 5;

/** MOABB's filter bank (`FilterBankMotorImagery` default filters): 4 Hz bands from 8 to 32 Hz. */
export const filterBankBandsHz: [number, number][] = [[8, 12], [12, 16], [16, 20], [20, 24], [24, 28], [28, 32]];

/**
 * How a prefilter is declared in a model: the online runtime applies the causal form of the same cascade. A filter
 * bank (`bankHz`, fbcsp) band-passes every channel once per band; the model's input then holds the copies band-major
 * ([nBands·nChannels][nSamples]) and `bandHz` is the bank's envelope.
 */
export interface PrefilterDeclaration {
  kind: 'butterworth-bandpass' | 'butterworth-filter-bank';
  bandHz: [number, number];
  /** Filter bank only: the bands, in the order of the input's blocks of channels. */
  bankHz?: [number, number][];
  order: number;
  /** How training applied it: zero-phase (forward-backward) on the continuous recording. */
  training: 'zero-phase-continuous';
  /** How the runtime must apply it to the live stream. */
  online: 'causal';
}

export function prefilterDeclaration(bandHz: [number, number], order = standardFilterOrder): PrefilterDeclaration {
  return { kind: 'butterworth-bandpass', bandHz, order, training: 'zero-phase-continuous', online: 'causal' };
}

/** The declaration of a filter bank (fbcsp's input): one band-passed copy of the channels per band. */
export function filterBankDeclaration(bankHz: [number, number][], order = standardFilterOrder): PrefilterDeclaration {
  const envelope: [number, number] = [Math.min(...bankHz.map((b) => b[0])), Math.max(...bankHz.map((b) => b[1]))];
  return { kind: 'butterworth-filter-bank', bandHz: envelope, bankHz: bankHz.map((b) => [b[0], b[1]]), order, training: 'zero-phase-continuous', online: 'causal' };
}

/** The bands a declaration applies, in input order (one for a plain band-pass). */
export function prefilterBands(prefilter: PrefilterDeclaration): [number, number][] {
  return prefilter.kind === 'butterworth-filter-bank' && prefilter.bankHz ? prefilter.bankHz : [prefilter.bandHz];
}

/**
 * A recording as a model with this prefilter takes it: each band of the declaration applied to every channel
 * (zero-phase as training did, or causal as the online runtime does), the copies stacked band-major; channel
 * names of later bands carry the band (`C3@12-16Hz`). The input is not modified.
 */
export function prefilteredSource(source: SignalSource, prefilter: PrefilterDeclaration, mode: 'zero-phase' | 'causal'): SignalSource {
  const bands = prefilterBands(prefilter);
  const copies = bands.map((bandHz) => filterSource(source, { bandpassHz: bandHz, order: prefilter.order, mode }));
  if (copies.length === 1) return copies[0];
  return {
    ...source,
    channels: copies.flatMap((_, b) => source.channels.map((c) => (b === 0 ? c : { ...c, name: `${c.name}@${bands[b][0]}-${bands[b][1]}Hz`, label: `${c.label}@${bands[b][0]}-${bands[b][1]}Hz` }))),
    data: copies.flatMap((c) => c.data),
  };
}

/**
 * Epochs cut from the recordings after a zero-phase Butterworth band-pass of each whole (continuous) recording;
 * the recordings are not modified. No re-reference, as in MOABB.
 */
export function bandPassedEpochs(recordings: SignalSource[], options: EpochOptions, bandHz: [number, number], order = standardFilterOrder): Epochs {
  const filtered = recordings.map((r) => filterSource(r, { bandpassHz: bandHz, order, mode: 'zero-phase' }));
  return extractEpochs(filtered, options);
}

/** OAS covariance of each trial (channels centred over time), pyRiemann's `Covariances('oas')`. */
export function epochCovariances(epochs: Epochs): Float64Array[] {
  const p = epochs.channels.length;
  return epochs.trials.map((t) => trialCovariance(t.data, p, epochs.nSamples));
}

/** What each stage of `checkSameTrials` compares, in English (the CLI's and the logs'). */
const trialCutStageText: Record<TrialCutStage, string> = { comparison: 'comparison', 'psd-features': 'PSD features', 'filter-bank': 'filter bank' };

/** `trials-differ`: two cuts of the same recordings keep `counts` trials, not the same ones (at `stage`, for the filter bank's band `bandHz`). */
export function trialsDiffer(stage: TrialCutStage, counts: [number, number], bandHz: [number, number] | null = null): CoreError {
  const what = `${trialCutStageText[stage]}${bandHz ? ` ${bandHz[0]}-${bandHz[1]} Hz` : ''}`;
  return badInput(
    `${what}: the band-passed recordings keep different trials (${counts[0]} and ${counts[1]}); turn the amplitude rejection off or check the recordings`,
    {}, problem('trials-differ', { stage, bandHz, first: counts[0], second: counts[1] }),
  );
}

/** Throws `trials-differ` when two cuts of the same recordings do not hold the same trials (a band rejected a trial another kept). */
export function checkSameTrials(a: Epochs, b: Epochs, stage: TrialCutStage, bandHz: [number, number] | null = null): void {
  const key = (e: Epochs) => e.trials.map((t) => `${t.index}:${t.classIndex}`).join(',');
  if (key(a) !== key(b)) throw trialsDiffer(stage, [a.trials.length, b.trials.length], bandHz);
}
