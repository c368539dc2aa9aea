// Handlers of feature extraction jobs and of the job calls every kind of job shares (status, list, cancel).
import type { FeatureJobInput, HandlerMap } from '../../contract/api.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import { checkSessionRuns } from '../runs/run-files.ts';
import { appFeatureJob, checkFeatureFiles } from '../jobs/app-feature-job.ts';
import type { ServiceContext } from './service-context.ts';

export function jobHandlers(context: ServiceContext): HandlerMap<'features.start' | 'jobs.list' | 'jobs.status' | 'jobs.cancel'> {
  return {
    'features.start': async (input) => {
      const files = await featureFiles(context, input);
      // The cache lives in the data folder: refused like every call that stores when the folder is unusable.
      const cacheIndex = input.cache ? context.featureCacheIndex() : null;
      return context.jobs.start('features', appFeatureJob({ ...input, files }, context.dataDir, cacheIndex));
    },
    'jobs.list': () => context.jobs.list(),
    'jobs.status': (p) => context.jobs.status(p.jobId),
    'jobs.cancel': (p) => context.jobs.cancel(p.jobId),
  };
}

/** The files of a feature job: paths given (absolute, existing), or a session's runs (known, intact, compatible). */
async function featureFiles(context: ServiceContext, input: FeatureJobInput): Promise<string[]> {
  const byRuns = input.runIds !== undefined || input.sessionId !== undefined;
  if (byRuns === (input.files !== undefined) || (byRuns && (input.runIds === undefined || input.sessionId === undefined))) {
    const message = 'features.start: give either files, or sessionId and runIds.';
    throw new ApiFailure('invalid-payload', message, undefined, detail('invalid-field', { method: 'features.start', field: 'files', detail: 'give either files, or sessionId and runIds' }));
  }
  if (input.files) {
    checkFeatureFiles(input.files);
    return input.files;
  }
  return (await checkSessionRuns(context.storage(), context.dataDir, input.sessionId!, input.runIds!)).files;
}
