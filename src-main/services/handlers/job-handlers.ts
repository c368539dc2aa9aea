// Handlers of feature extraction and feature view jobs, and of the job calls every kind of job shares (status, list, cancel).
import { psdMethodNames, type FeatureJobInput, type FeatureViewInput, type HandlerMap } from '../../contract/api.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import { checkSessionRuns } from '../runs/run-files.ts';
import { runOnComputeWorker } from '../jobs/compute-job.ts';
import type { ViewOutcome, ViewRequest } from '../features/view-request.ts';
import { appFeatureJob, appJobThreads, checkFeatureFiles } from '../jobs/app-feature-job.ts';
import { prepareFeatureWorkers } from '../jobs/feature-job.ts';
import { FeatureCacheStore } from '../jobs/feature-cache.ts';
import { extractionParameters } from '../features/extraction-parameters.ts';
import { summaryFromCache } from '../features/cached-extraction.ts';
import type { ServiceContext } from './service-context.ts';

type FeatureMethodName = 'features.start' | 'features.view';

export function jobHandlers(context: ServiceContext): HandlerMap<'features.start' | 'features.view' | 'features.prepare' | 'jobs.list' | 'jobs.status' | 'jobs.cancel'> {
  return {
    // The first extraction would otherwise wait for its worker threads to start and load the feature code.
    'features.prepare': () => ({ workers: prepareFeatureWorkers(appJobThreads) }),
    'features.start': async (input) => {
      const started = performance.now();
      if (input.connectivity !== undefined && !(psdMethodNames as readonly string[]).includes(input.method)) {
        throw invalidField('features.start', 'connectivity', `the family "both" pairs a spectral method (${psdMethodNames.join(', ')}) with a connectivity method; method is '${input.method}'`);
      }
      const { files, checksums, sampleRateHz } = await featureFiles(context, input);
      checkAgainstNyquist('features.start', input, sampleRateHz);
      // The cache lives in the data folder: refused like every call that stores when the folder is unusable.
      const cacheIndex = input.cache ? context.featureCacheIndex() : null;
      if (cacheIndex && checksums) {
        // Every run's features already cached (the SHA-256 were verified just now): answered in this reply.
        const ready = summaryFromCache(new FeatureCacheStore(context.dataDir, cacheIndex), checksums, extractionParameters(input), files, started);
        if (ready) return context.jobs.completed('features', ready, files.length);
      }
      return context.jobs.start('features', appFeatureJob({ ...input, files }, context.dataDir, cacheIndex, checksums));
    },
    'features.view': async (input) => {
      const { files, sampleRateHz } = await featureFiles(context, input, 'features.view');
      checkAgainstNyquist('features.view', input, sampleRateHz);
      const { startSec, endSec } = input.baseline;
      if (input.view === 'erds' && !(endSec > startSec)) throw invalidField('features.view', 'baseline', 'expected endSec > startSec', `${startSec} to ${endSec}`);
      const { primary } = extractionParameters({ ...input, method: input.view === 'connectivity' ? input.metric : 'welch', log: true, cache: false });
      const request: ViewRequest = {
        files,
        parameters: primary,
        view: input.view === 'erds' ? { kind: 'erds', baselineSec: [startSec, endSec] } : { kind: 'connectivity' },
      };
      return context.jobs.start('view', ({ signal, progress }) => runOnComputeWorker<ViewOutcome>({ type: 'view', ...request }, { signal, onProgress: progress }));
    },
    'jobs.list': () => context.jobs.list(),
    'jobs.status': (p) => context.jobs.status(p.jobId),
    'jobs.cancel': (p) => context.jobs.cancel(p.jobId),
  };
}

function invalidField(method: FeatureMethodName, field: string, problem: string, got?: string): ApiFailure {
  return new ApiFailure('invalid-payload', `${method}: ${field}: ${problem}${got !== undefined ? `, got ${got}` : ''}.`, undefined, detail('invalid-field', { method, field, detail: problem }));
}

/**
 * Frequencies the recordings cannot hold, refused before any work when the runs' sample rate is known (files are
 * checked when the job reads them): the band, and the band-pass and notch, must lie under the Nyquist frequency.
 */
function checkAgainstNyquist(method: FeatureMethodName, input: Pick<FeatureJobInput, 'band' | 'bandpass' | 'notchHz'>, sampleRateHz: number | null): void {
  const { band, bandpass, notchHz } = input;
  if (band.fmaxHz < band.fminHz) throw invalidField(method, 'band', 'expected fmaxHz at or above fminHz', `${band.fminHz} to ${band.fmaxHz} Hz`);
  if (bandpass && !(bandpass.highHz > bandpass.lowHz)) throw invalidField(method, 'bandpass', 'expected highHz above lowHz', `${bandpass.lowHz} to ${bandpass.highHz} Hz`);
  if (sampleRateHz === null) return;
  const nyquist = sampleRateHz / 2;
  const above = `above the Nyquist frequency ${nyquist} Hz of these ${sampleRateHz} Hz recordings`;
  if (band.fmaxHz > nyquist) throw invalidField(method, 'band.fmaxHz', above, `${band.fmaxHz} Hz`);
  if (bandpass && bandpass.highHz >= nyquist) throw invalidField(method, 'bandpass.highHz', `at or ${above}`, `${bandpass.highHz} Hz`);
  if (notchHz !== undefined && notchHz + 2 >= nyquist) throw invalidField(method, 'notchHz', `the notch (±2 Hz) must lie under the Nyquist frequency ${nyquist} Hz`, `${notchHz} Hz`);
}

/**
 * The files of a feature job: paths given (absolute, existing), or a session's runs (known, intact, compatible), then
 * with their verified SHA-256 and their common sample rate.
 */
async function featureFiles(context: ServiceContext, input: Pick<FeatureJobInput | FeatureViewInput, 'files' | 'sessionId' | 'runIds'>, method: FeatureMethodName = 'features.start'): Promise<{ files: string[]; checksums?: string[]; sampleRateHz: number | null }> {
  const byRuns = input.runIds !== undefined || input.sessionId !== undefined;
  if (byRuns === (input.files !== undefined) || (byRuns && (input.runIds === undefined || input.sessionId === undefined))) {
    const problem = 'give either files, or sessionId and runIds';
    throw new ApiFailure('invalid-payload', `${method}: ${problem}.`, undefined, detail('invalid-field', { method, field: 'files', detail: problem }));
  }
  if (input.files) {
    checkFeatureFiles(input.files, method);
    return { files: input.files, sampleRateHz: null };
  }
  const { runs, files } = await checkSessionRuns(context.storage(), context.dataDir, input.sessionId!, input.runIds!);
  return { files, checksums: runs.map((r) => r.sha256), sampleRateHz: runs[0].sampleRateHz };
}
