// A feature extraction answered from the per-recording cache alone, while the call is answered: no file opened, no worker.
import type { FeatureJobSummary } from '../../contract/api.ts';
import type { FeatureParameters } from '../../core/features/pipeline.ts';
import { featureCacheKey, parameterHash } from '../../core/features/param-hash.ts';
import type { CachedRecordingFeatures, FeatureCacheStore } from '../jobs/feature-cache.ts';
import { mergeRecordingParts } from '../jobs/feature-job.ts';
import { summariseFeatureJob } from '../jobs/feature-summary.ts';

/**
 * The summary of an extraction whose every recording (SHA-256 already verified by the caller) has its entry in the
 * cache for every parameter set; null at the first miss, or when the entries do not merge into statistics (too few
 * trials of a class, channels that differ): the job then runs as usual and fails with the core's message.
 */
export function summaryFromCache(
  store: FeatureCacheStore,
  checksums: string[],
  parameters: { primary: FeatureParameters; connectivity: FeatureParameters | null },
  files: string[],
  startedAtMs: number,
): FeatureJobSummary | null {
  const read = (p: FeatureParameters): CachedRecordingFeatures[] | null => {
    const hash = parameterHash(p);
    const parts: CachedRecordingFeatures[] = [];
    for (const sha256 of checksums) {
      const part = store.get(featureCacheKey(sha256, hash));
      if (!part) return null;
      parts.push(part);
    }
    return parts;
  };
  const primary = read(parameters.primary);
  const connectivity = parameters.connectivity ? read(parameters.connectivity) : null;
  if (!primary || (parameters.connectivity && !connectivity)) return null;
  try {
    const summary = summariseFeatureJob({ ...mergeRecordingParts(primary), cacheHits: checksums.length }, files, 0);
    if (connectivity) summary.connectivity = summariseFeatureJob({ ...mergeRecordingParts(connectivity), cacheHits: checksums.length }, files, 0);
    summary.elapsedMs = Math.round((performance.now() - startedAtMs) * 10) / 10;
    return summary;
  } catch {
    return null;
  }
}
