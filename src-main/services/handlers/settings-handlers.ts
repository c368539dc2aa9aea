// Handlers of the workstation's settings (`settings.json` in the data folder): the remembered device, LSL's reach, publishing.
import type { HandlerMap } from '../../contract/api.ts';
import { readSettings, updateSettings } from '../storage/settings.ts';
import type { ServiceContext } from './service-context.ts';

export function settingsHandlers(context: ServiceContext): HandlerMap<'settings.get' | 'settings.set'> {
  return {
    'settings.get': () => readSettings(context.dataDir),
    'settings.set': (params) => updateSettings(context.dataDir, params),
  };
}
