// Forwards the engine's methods (`engineMethodNames`) to the engine process, after the checks only main can make.
import { engineMethodNames, ownerWords, type AcquisitionOwner, type AcquisitionStatus, type EngineMethodName, type EngineStartParams, type Handler, type HandlerMap, type Params, type ResultOf } from '../../contract/api.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import { findPatient, findSession } from '../storage/patients.ts';
import { readSettings, updateSettings } from '../storage/settings.ts';
import type { ServiceContext } from './service-context.ts';

export function engineHandlers(context: ServiceContext): HandlerMap<EngineMethodName> {
  const call = async <M extends EngineMethodName>(method: M, params: unknown): Promise<ResultOf<M>> => {
    const result = await context.engine.call(method, params);
    if (!result.ok) throw new ApiFailure(result.error.code, result.error.message, result.error.recovery, result.error.detail);
    return result.value as ResultOf<M>;
  };
  const forward = <M extends EngineMethodName>(method: M): Handler<M> => (params: Params<M>) => call(method, params);
  const handlers = Object.fromEntries(engineMethodNames.map((m) => [m, forward(m)])) as HandlerMap<EngineMethodName>;

  const ownerOf = (sessionId: number): AcquisitionOwner => sessionOwner(context, sessionId);

  handlers['acquisition.start'] = async (params) => {
    const record = params.record ?? params.sessionId !== undefined;
    if (record && params.sessionId === undefined) {
      throw new ApiFailure('invalid-payload', 'acquisition.start: record: a recording belongs to a session; give sessionId, or record: false to only monitor.', undefined, detail('invalid-field', { method: 'acquisition.start', field: 'record', detail: 'a recording needs a sessionId' }));
    }
    const owner = params.sessionId === undefined ? undefined : ownerOf(params.sessionId);
    // Refused before a run is registered: the amplifier belongs to whoever started it.
    const current = await call('acquisition.status', {});
    if (current.state !== 'idle') {
      throw new ApiFailure('already-acquiring', `The amplifier is already ${ownerWords(current)} ('${current.device}').`, 'Stop that acquisition first (from its own session).', detail('amplifier-busy', { sessionId: current.sessionId, patientCode: current.patientCode, recording: current.recording !== null }));
    }
    // The run's settings hold the device's source too (port, stream, host), when it has one.
    const runSettings = params.source ? { ...params.config, source: params.source } : params.config ?? {};
    const target = record && owner ? context.recordedRuns.begin(owner, params.device, runSettings) : undefined;
    // LSL inlets and published outlets keep to the workstation's network scope.
    const network = readSettings(context.dataDir).settings.network;
    const forwarded: EngineStartParams = { device: params.device, config: params.config, source: params.source, publish: params.publish, network, owner, target };
    let status: AcquisitionStatus;
    try {
      status = await call('acquisition.start', forwarded);
    } catch (error) {
      if (target) context.recordedRuns.abandon(target);
      throw error;
    }
    if (target) context.recordedRuns.started(target, status.channels, status.sampleRateHz);
    rememberDevice(params);
    return status;
  };

  /** The device that started, remembered for this workstation (not per patient); a settings file that cannot be written does not stop anything. */
  const rememberDevice = (params: Params<'acquisition.start'>) => {
    try {
      updateSettings(context.dataDir, { device: { device: params.device, ...(params.source ? { source: params.source } : {}), ...(params.config ? { config: params.config } : {}) } });
    } catch (error) {
      context.log(`the device choice was not remembered: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  handlers['devices.discover'] = (params) => call('devices.discover', { ...params, network: readSettings(context.dataDir).settings.network });

  handlers['acquisition.stop'] = async (params) => {
    const status = await call('acquisition.stop', params);
    // The engine reported the finished file before this reply: its run is complete when the caller hears "stopped".
    await context.recordedRuns.settled();
    return status;
  };
  return handlers;
}

/** The session and its patient: checked here, the engine has no database. */
export function sessionOwner(context: ServiceContext, sessionId: number): AcquisitionOwner {
  const db = context.storage();
  const session = findSession(db, sessionId);
  if (!session) throw new ApiFailure('not-found', `There is no session with id ${sessionId}.`, 'Open a session for the patient first.', detail('missing', { thing: 'session', id: String(sessionId) }));
  const patient = findPatient(db, session.patientId);
  return { sessionId, patientId: session.patientId, patientCode: patient?.code ?? `#${session.patientId}` };
}
