// Handlers of a session's runs: import a recording into the data folder, list the runs with their files checked.
import type { HandlerMap } from '../../contract/api.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import { importRun } from '../runs/import-run.ts';
import { runsWithStatus } from '../runs/run-files.ts';
import { findSession } from '../storage/patients.ts';
import { listRuns } from '../storage/runs.ts';
import type { ServiceContext } from './service-context.ts';

export function recordingHandlers(context: ServiceContext): HandlerMap<'recordings.import' | 'recordings.list'> {
  return {
    'recordings.import': (p) => importRun(context.storage(), context.dataDir, p.sessionId, p.path),
    'recordings.list': (p) => {
      const db = context.storage();
      if (!findSession(db, p.sessionId)) throw new ApiFailure('not-found', `There is no session with id ${p.sessionId}.`, undefined, detail('missing', { thing: 'session', id: String(p.sessionId) }));
      return runsWithStatus(db, context.dataDir, listRuns(db, p.sessionId));
    },
  };
}
