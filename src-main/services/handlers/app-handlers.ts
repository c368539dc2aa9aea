// Handlers of the app's own state: version, transport, data folder, engine health.
import type { HandlerMap } from '../../contract/api.ts';
import type { ServiceContext } from './service-context.ts';

export function appHandlers(context: ServiceContext): HandlerMap<'app.info' | 'engine.status'> {
  return {
    'app.info': () => ({ version: context.version, transport: context.transport, dataDir: context.dataDir, storageError: context.storageError() }),
    'engine.status': () => context.engine.status(),
  };
}
