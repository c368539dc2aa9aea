// One call from recordings to per-trial features and statistics, shared by the CLI, the app's jobs and the training engineer.
import { badInput } from '../errors.ts';
import { defaultEpochDefinition, extractEpochs, selectChannels, type EpochDefinition, type Epochs, type SignalSource, type TrialAllocator, type WindowedSource } from '../epochs.ts';
import { normaliseChannelName } from '../recording.ts';
import { filterSource, type FilterOptions } from '../dsp/filter-recording.ts';
import { rereference, type ReferenceSpec } from '../dsp/reference.ts';
import type { BurgOptions } from '../dsp/burg.ts';
import { burgFeatures, welchFeatures, type ProgressSink } from './psd.ts';
import { connectivityFeatures, type ConnectivityMetric } from './connectivity.ts';
import { mvarFeatures } from './mvar-coherence.ts';
import { classStatistics, type ClassStatistics } from '../stats/class-stats.ts';
import { featureMethods, type FeatureMethod, type TrialFeatures } from './trial-features.ts';
import { defaultBand, type Band } from './band.ts';

export interface FeatureParameters {
  method: FeatureMethod;
  classes: string[];
  window: EpochDefinition;
  reference: ReferenceSpec;
  band: Band;
  /** Channels kept after referencing (all when undefined). */
  channels?: string[];
  filter?: FilterOptions;
  /** log10 of PSD values (default true; ignored by connectivity). */
  log?: boolean;
  /** Welch or connectivity segment, s (defaults 1 and 0.5) and overlap fraction (0.5). */
  segmentSec?: number;
  overlap?: number;
  burg?: Partial<BurgOptions>;
  amplitudeThreshold?: number;
}

export function defaultFeatureParameters(method: FeatureMethod, classes: string[]): FeatureParameters {
  return { method, classes, window: { ...defaultEpochDefinition }, reference: { kind: 'car' }, band: { ...defaultBand } };
}

export function parseMethod(text: string): FeatureMethod {
  const method = featureMethods.find((m) => m === text);
  if (!method) throw badInput(`method: '${text}' is not known; allowed: ${featureMethods.join(', ')}`, { value: text, allowed: featureMethods });
  return method;
}

export interface PrepareOptions {
  /** Relaxes the per-class checks for one run of several cut on its own (the cache works per recording; the caller checks the union). */
  alone?: boolean;
  /** Where trial data lives (default: ordinary arrays); a job on worker threads passes shared memory. */
  allocate?: TrialAllocator;
}

/** Filter the continuous recordings, cut epochs, re-reference (in place), pick channels. */
export function prepareEpochs(recordings: (SignalSource | WindowedSource)[], p: FeatureParameters, options: PrepareOptions = {}): Epochs {
  const filtered = p.filter ? recordings.map((r) => {
    if ('readWindow' in r) throw badInput(`${r.name ?? 'recording'}: filtering needs the whole recording loaded, not a windowed reader`);
    return filterSource(r, p.filter!);
  }) : recordings;
  const epochs = extractEpochs(filtered, {
    classes: p.classes, offsetSec: p.window.offsetSec, lengthSec: p.window.lengthSec, amplitudeThreshold: p.amplitudeThreshold,
    allocate: options.allocate,
    ...(options.alone ? { minTrialsPerClass: 0, requireEveryClass: false } : {}),
  });
  const referenced = rereference(epochs, p.reference, true);
  return p.channels && p.channels.length > 0 ? selectChannels(referenced, p.channels, normaliseChannelName, options.allocate) : referenced;
}

/** Per-trial features of prepared epochs by the chosen method. */
export function computeTrialFeatures(epochs: Epochs, p: FeatureParameters, progress?: ProgressSink): TrialFeatures {
  switch (p.method) {
    case 'welch':
      return welchFeatures(epochs, { ...p.band, log: p.log, segmentSec: p.segmentSec, overlap: p.overlap }, progress);
    case 'burg':
      return burgFeatures(epochs, { ...p.band, log: p.log, ...p.burg }, progress);
    case 'mvarcoh':
    case 'mvarabsimcoh':
      // Windows, order and resolution as HappyFeat's Burg settings (`burg` parameters apply to both).
      return mvarFeatures(epochs, { ...p.band, metric: p.method, ...p.burg }, progress);
    default:
      return connectivityFeatures(epochs, { ...p.band, metric: p.method as ConnectivityMetric, segmentSec: p.segmentSec, overlap: p.overlap }, progress);
  }
}

export interface FeatureResult {
  epochs: Epochs;
  features: TrialFeatures;
  stats: ClassStatistics;
}

export function extractFeatures(recordings: (SignalSource | WindowedSource)[], p: FeatureParameters, progress?: ProgressSink): FeatureResult {
  const epochs = prepareEpochs(recordings, p);
  const features = computeTrialFeatures(epochs, p, progress);
  return { epochs, features, stats: classStatistics(features) };
}

/** The feature arrays split per trial as nested numbers `[class][channel][freq]` for JSON. */
export function nestedByChannel(values: Float64Array, nChannels: number, nFreqs: number): number[][] {
  return Array.from({ length: nChannels }, (_, c) => Array.from(values.subarray(c * nFreqs, (c + 1) * nFreqs)));
}
