// Handlers of feature extraction and feature view jobs, and of the job calls every kind of job shares (status, list, cancel).
import type { FeatureJobInput, HandlerMap } from '../../contract/api.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import { checkSessionRuns } from '../runs/run-files.ts';
import { runOnComputeWorker } from '../jobs/compute-job.ts';
import type { ViewOutcome, ViewRequest } from '../features/view-request.ts';
import { appFeatureJob, checkFeatureFiles } from '../jobs/app-feature-job.ts';
import type { ServiceContext } from './service-context.ts';

export function jobHandlers(context: ServiceContext): HandlerMap<'features.start' | 'features.view' | 'jobs.list' | 'jobs.status' | 'jobs.cancel'> {
  return {
    'features.start': async (input) => {
      const files = await featureFiles(context, input);
      // The cache lives in the data folder: refused like every call that stores when the folder is unusable.
      const cacheIndex = input.cache ? context.featureCacheIndex() : null;
      return context.jobs.start('features', appFeatureJob({ ...input, files }, context.dataDir, cacheIndex));
    },
    'features.view': async (input) => {
      const files = await featureFiles(context, input, 'features.view');
      const { startSec, endSec } = input.baseline;
      if (input.view === 'erds' && !(endSec > startSec)) {
        throw new ApiFailure('invalid-payload', `features.view: baseline: expected endSec > startSec, got ${startSec} to ${endSec}.`, undefined, detail('invalid-field', { method: 'features.view', field: 'baseline', detail: 'expected endSec > startSec' }));
      }
      const request: ViewRequest = {
        files,
        parameters: {
          method: input.view === 'connectivity' ? input.metric : 'welch', classes: input.classes, window: input.window,
          reference: { kind: input.reference }, band: input.band, channels: input.channels,
        },
        view: input.view === 'erds' ? { kind: 'erds', baselineSec: [startSec, endSec] } : { kind: 'connectivity' },
      };
      return context.jobs.start('view', ({ signal, progress }) => runOnComputeWorker<ViewOutcome>({ type: 'view', ...request }, { signal, onProgress: progress }));
    },
    'jobs.list': () => context.jobs.list(),
    'jobs.status': (p) => context.jobs.status(p.jobId),
    'jobs.cancel': (p) => context.jobs.cancel(p.jobId),
  };
}

/** The files of a feature job: paths given (absolute, existing), or a session's runs (known, intact, compatible). */
async function featureFiles(context: ServiceContext, input: Pick<FeatureJobInput, 'files' | 'sessionId' | 'runIds'>, method: 'features.start' | 'features.view' = 'features.start'): Promise<string[]> {
  const byRuns = input.runIds !== undefined || input.sessionId !== undefined;
  if (byRuns === (input.files !== undefined) || (byRuns && (input.runIds === undefined || input.sessionId === undefined))) {
    const message = `${method}: give either files, or sessionId and runIds.`;
    throw new ApiFailure('invalid-payload', message, undefined, detail('invalid-field', { method, field: 'files', detail: 'give either files, or sessionId and runIds' }));
  }
  if (input.files) {
    checkFeatureFiles(input.files, method);
    return input.files;
  }
  return (await checkSessionRuns(context.storage(), context.dataDir, input.sessionId!, input.runIds!)).files;
}
