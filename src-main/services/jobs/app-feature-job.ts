// The app's feature extraction job (`features.start`): the payload checked against the disk, run on worker threads, summarised for the views.
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { FeatureJobInput, FeatureJobSummary } from '../../contract/api.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import type { FeatureParameters } from '../../core/features/pipeline.ts';
import { extractionParameters, needsWholeRecordings } from '../features/extraction-parameters.ts';
import { FeatureCacheStore } from './feature-cache.ts';
import type { FeatureCacheIndex } from '../storage/feature-cache-index.ts';
import { runFeatureJob } from './feature-job.ts';
import { openFeatureSources } from './feature-sources.ts';
import { summariseFeatureJob } from './feature-summary.ts';
import type { JobFunction } from './job-runner.ts';
import { checkUnchanged, stampFiles } from './unchanged-files.ts';

/**
 * Always worker threads, at least two: the main process (Electron's, or the host's) must keep answering calls
 * while a job runs, and only a job on workers can be cancelled from there.
 */
export const appJobThreads = Math.max(2, Math.min(8, availableParallelism()));

/** Refuses the call (rather than failing the job later) when a path is relative or names no file. */
export function checkFeatureFiles(files: string[], method: 'features.start' | 'features.view' = 'features.start'): void {
  files.forEach((file, i) => {
    if (!path.isAbsolute(file)) throw new ApiFailure('invalid-payload', `${method}: files[${i}]: expected an absolute path, got '${file}'.`, undefined, detail('invalid-field', { method, field: `files[${i}]`, detail: 'expected an absolute path' }));
    let isFile = false;
    try {
      isFile = statSync(file).isFile();
    } catch {
      // Missing or unreadable: reported below.
    }
    if (!isFile) throw new ApiFailure('not-found', `${method}: files[${i}]: there is no recording file ${file}.`, 'Check the path; recordings are read where they are, never copied.', detail('missing', { thing: 'file', id: file }));
  });
}

/**
 * The job for a checked payload. With `cache`, per-recording features are read from and stored in
 * DATA_DIR/feature-cache, recorded in the database's index when there is one. `checksums` are the files' SHA-256
 * when the caller has just verified them (a session's runs), so they are not hashed again. The family "both" runs
 * the connectivity method on the same files after the primary one, progress counted over the two. Bad input found
 * while running (an unknown class, fmax above Nyquist, a damaged file) fails the job with the core's message and
 * problem; verified files that changed or went missing while the job waited fail it too (`recording-changed`).
 */
export function appFeatureJob(input: FeatureJobInput & { files: string[] }, dataDir: string, cacheIndex: FeatureCacheIndex | null, checksums?: string[]): JobFunction<FeatureJobSummary> {
  const { primary, connectivity } = extractionParameters(input);
  const stamps = checksums ? stampFiles(input.files) : null;
  return async ({ signal, progress }) => {
    const started = performance.now();
    if (stamps && checksums) await checkUnchanged(stamps, checksums);
    const sources = await openFeatureSources(input.files, { whole: needsWholeRecordings(input), verified: checksums });
    try {
      signal.throwIfAborted();
      const cache = input.cache ? { store: new FeatureCacheStore(dataDir, cacheIndex ?? undefined), checksums: await sources.checksums() } : undefined;
      const phases = connectivity ? 2 : 1;
      const run = (parameters: FeatureParameters, phase: number) => runFeatureJob(sources.recordings, parameters, {
        threads: appJobThreads, signal, cache,
        onProgress: (done, total) => progress(phase * total + done, phases * total),
      });
      const first = await run(primary, 0);
      const second = connectivity ? await run(connectivity, 1) : null;
      const elapsedMs = performance.now() - started;
      const summary = summariseFeatureJob(first, input.files, elapsedMs);
      if (second) summary.connectivity = summariseFeatureJob(second, input.files, elapsedMs);
      return summary;
    } finally {
      sources.close();
    }
  };
}
