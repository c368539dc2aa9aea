// Forwards the engine's methods (`engineMethodNames`) to the engine process, after the checks only main can make.
import { engineMethodNames, type EngineMethodName, type Handler, type HandlerMap, type Params, type ResultOf } from '../../contract/api.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import { findSession } from '../storage/patients.ts';
import type { ServiceContext } from './service-context.ts';

export function engineHandlers(context: ServiceContext): HandlerMap<EngineMethodName> {
  const forward = <M extends EngineMethodName>(method: M): Handler<M> => async (params: Params<M>) => {
    const result = await context.engine.call(method, params);
    if (!result.ok) throw new ApiFailure(result.error.code, result.error.message, result.error.recovery, result.error.detail);
    return result.value as ResultOf<M>;
  };
  const handlers = Object.fromEntries(engineMethodNames.map((m) => [m, forward(m)])) as HandlerMap<EngineMethodName>;
  const start = handlers['acquisition.start'];
  handlers['acquisition.start'] = (params) => {
    // The session is checked here: the engine has no database.
    if (params.sessionId !== undefined && !findSession(context.storage(), params.sessionId)) {
      throw new ApiFailure('not-found', `There is no session with id ${params.sessionId}.`, 'Open a session for the patient first.', detail('missing', { thing: 'session', id: String(params.sessionId) }));
    }
    return start(params);
  };
  return handlers;
}
