// Views computed from a feature extraction's epochs: mean connectivity matrices per class and ERD/ERS time x frequency maps.
import type { LoadedRecording } from '../recordings/load-recording.ts';
import { nestedByChannel, prepareEpochs, type FeatureParameters } from '../../core/features/pipeline.ts';
import { connectivityMatrix, connectivityMetrics, type ConnectivityMetric } from '../../core/features/connectivity.ts';
import { erdsMaps } from '../../core/stats/erds.ts';
import { badInput } from '../../core/errors.ts';
import type { WindowedSource } from '../../core/epochs.ts';

type Source = LoadedRecording | WindowedSource;

export interface ConnectivityView {
  channels: string[];
  freqsHz: number[];
  /** `[class][i][j][freq]`: the mean channel x channel matrix per class (0 on the diagonal). */
  matrix: number[][][][];
}

/** The mean channel x channel matrix per class, for the Welch connectivity methods. */
export function connectivityView(recordings: Source[], parameters: FeatureParameters): ConnectivityView {
  if (!(connectivityMetrics as readonly string[]).includes(parameters.method)) {
    throw badInput(`matrix: only for the Welch connectivity methods (${connectivityMetrics.join(', ')}), not '${parameters.method}'`);
  }
  const epochs = prepareEpochs(recordings, parameters);
  const perClass = parameters.classes.map((_, c) => connectivityMatrix(epochs, { ...parameters.band, metric: parameters.method as ConnectivityMetric, segmentSec: parameters.segmentSec, overlap: parameters.overlap }, c));
  const n = perClass[0].channels.length;
  const nf = perClass[0].freqsHz.length;
  return {
    channels: [...perClass[0].channels],
    freqsHz: Array.from(perClass[0].freqsHz),
    matrix: perClass.map((m) => Array.from({ length: n }, (_, i) => nestedByChannel(m.values.subarray(i * n * nf, (i + 1) * n * nf), n, nf))),
  };
}

export interface ErdsView {
  channels: string[];
  timesSec: number[];
  freqsHz: number[];
  baselineSec: [number, number];
  /** `[class][channel][time][freq]`, ERD/ERS in % of the baseline power. */
  values: number[][][][];
}

/**
 * ERD/ERS% maps per class against the baseline `[b0, b1]` s: epochs cut from the earlier of the baseline and the
 * window start to the window end (1 s frames every 0.125 s).
 */
export function erdsView(recordings: Source[], parameters: FeatureParameters, baselineSec: [number, number]): ErdsView {
  const [b0, b1] = baselineSec;
  if (!(Number.isFinite(b0) && Number.isFinite(b1) && b1 > b0)) throw badInput(`erds: the baseline must be B0:B1 seconds with B1 > B0, got ${b0}:${b1}`);
  const start = Math.min(b0, parameters.window.offsetSec);
  const end = parameters.window.offsetSec + parameters.window.lengthSec;
  const epochs = prepareEpochs(recordings, { ...parameters, window: { offsetSec: start, lengthSec: end - start } });
  const map = erdsMaps(epochs, { ...parameters.band, baselineSec: [b0, b1] });
  const nT = map.timesSec.length;
  const nF = map.freqsHz.length;
  return {
    channels: [...map.channels],
    timesSec: Array.from(map.timesSec),
    freqsHz: Array.from(map.freqsHz),
    baselineSec: [b0, b1],
    values: map.values.map((v) => Array.from({ length: map.channels.length }, (_, c) => nestedByChannel(v.subarray(c * nT * nF, (c + 1) * nT * nF), nT, nF))),
  };
}
