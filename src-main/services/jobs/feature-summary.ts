// The result of a feature job as the views and the contract carry it: nested [channel][freq] maps, trial counts, rejections.
import type { FeatureJobSummary } from '../../contract/api.ts';
import type { RejectionReason } from '../../core/epochs.ts';
import { nestedByChannel } from '../../core/features/pipeline.ts';
import type { FeatureJobResult } from './feature-job.ts';

export function summariseFeatureJob(result: FeatureJobResult, files: string[], elapsedMs: number): FeatureJobSummary {
  const { features, stats } = result;
  const nChannels = features.channels.length;
  const nFreqs = features.freqsHz.length;
  const names = stats.classes.map((c) => c.name);
  const rejectedByReason: Partial<Record<RejectionReason, number>> = {};
  for (const t of result.rejected) rejectedByReason[t.reason] = (rejectedByReason[t.reason] ?? 0) + 1;
  return {
    method: features.method,
    files,
    channels: [...features.channels],
    freqsHz: Array.from(features.freqsHz),
    log: features.log,
    classes: stats.classes.map((c) => ({ ...c })),
    r2: nestedByChannel(stats.r2, nChannels, nFreqs),
    signedR2: nestedByChannel(stats.signedR2, nChannels, nFreqs),
    mean: stats.mean.map((m) => nestedByChannel(m, nChannels, nFreqs)),
    sd: stats.sd.map((m) => nestedByChannel(m, nChannels, nFreqs)),
    trials: { kept: result.trials.length, rejected: result.rejected.length, rejectedByReason },
    rejected: result.rejected.map((t) => ({ index: t.index, file: t.recordingIndex, onsetSec: t.onsetSec, class: names[t.classIndex], reason: t.reason, detail: t.detail })),
    cacheHits: result.cacheHits,
    elapsedMs: Math.round(elapsedMs * 10) / 10,
  };
}
