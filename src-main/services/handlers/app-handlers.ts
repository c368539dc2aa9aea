// Handlers of the app's own state: version, transport, data folder (and read-only recovery of a damaged one), engine health.
import type { HandlerMap } from '../../contract/api.ts';
import { ApiFailure } from '../../contract/errors.ts';
import { recoverReadOnly } from '../storage/recovery.ts';
import type { ServiceContext } from './service-context.ts';

export function appHandlers(context: ServiceContext): HandlerMap<'app.info' | 'storage.recover' | 'engine.status'> {
  return {
    'app.info': () => ({ version: context.version, transport: context.transport, dataDir: context.dataDir, storageError: context.storageError(), storageFailure: context.storageFailure() }),
    // Only when the database could not be opened: the damaged file is read (immutable, never written), never repaired.
    'storage.recover': () => {
      if (context.storageError() === null) throw new ApiFailure('conflict', 'The database works: there is nothing to recover.', 'Use the app as usual.');
      return recoverReadOnly(context.dataDir);
    },
    'engine.status': () => context.engine.status(),
  };
}
