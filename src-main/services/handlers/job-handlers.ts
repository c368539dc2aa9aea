// Handlers of feature extraction jobs and of the job calls every kind of job shares (status, list, cancel).
import type { HandlerMap } from '../../contract/api.ts';
import { appFeatureJob, checkFeatureFiles } from '../jobs/app-feature-job.ts';
import type { ServiceContext } from './service-context.ts';

export function jobHandlers(context: ServiceContext): HandlerMap<'features.start' | 'jobs.list' | 'jobs.status' | 'jobs.cancel'> {
  return {
    'features.start': (input) => {
      checkFeatureFiles(input.files);
      // The cache lives in the data folder: refused like every call that stores when the folder is unusable.
      const cacheIndex = input.cache ? context.featureCacheIndex() : null;
      return context.jobs.start('features', appFeatureJob(input, context.dataDir, cacheIndex));
    },
    'jobs.list': () => context.jobs.list(),
    'jobs.status': (p) => context.jobs.status(p.jobId),
    'jobs.cancel': (p) => context.jobs.cancel(p.jobId),
  };
}
