// Protocol runs: main checks the session, its acquisition, its chosen model and the settings, registers the run, and forwards to the engine.
import { readFileSync } from 'node:fs';
import { protocolDefaults, type AcquisitionStatus, type EngineProtocolStartParams, type HandlerMap, type PatientDisplayList, type PatientWindowResult, type ProtocolSettings, type ProtocolSettingsInput, type ProtocolStatus, type ProtocolTriggerInput, type ResultOf } from '../../contract/api.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import { CoreError } from '../../core/errors.ts';
import { parseTriggerCommand, parseTriggerOutputSpec } from '../../core/online/trigger-output-spec.ts';
import { decodeModelMetadata } from '../../core/onnx/model-metadata.ts';
import { readModelMetadata } from '../../core/onnx/model.ts';
import { scheduleGrazRun } from '../../core/protocol/graz-protocol.ts';
import { normaliseChannelName } from '../../core/recording.ts';
import { listAttempts } from '../storage/attempts.ts';
import { verifiedModelFile } from '../training/verified-model.ts';
import { sessionOwner } from './engine-handlers.ts';
import type { ServiceContext } from './service-context.ts';

/** Electron opens the patient's window on a display; without it (the host) the page opens `#/patient` itself. */
export type PatientWindowOpener = (display: number | undefined) => Promise<PatientWindowResult>;

/** The settings with every default filled in; rules across fields (cue within imagery, pause range) checked by core's schedule. */
export function protocolSettings(input: ProtocolSettingsInput | undefined): ProtocolSettings {
  const settings: ProtocolSettings = { ...protocolDefaults, ...input, interTrialSec: { ...(input?.interTrialSec ?? protocolDefaults.interTrialSec) } };
  try {
    scheduleGrazRun({ ...settings, feedback: false }, 250);
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    throw new ApiFailure('invalid-payload', `protocol.start: settings: ${error.message}`, undefined, detail('invalid-field', { method: 'protocol.start', field: 'settings', detail: error.message }));
  }
  return settings;
}

/** The rehabilitation device's output of an online run, its address and command read before anything starts. */
export function checkedTrigger(kind: EngineProtocolStartParams['kind'], trigger: ProtocolTriggerInput | undefined): ProtocolTriggerInput | undefined {
  if (!trigger) return undefined;
  const refuse = (field: string, message: string) => new ApiFailure('invalid-payload', `protocol.start: ${field}: ${message}`, undefined, detail('invalid-field', { method: 'protocol.start', field, detail: message }));
  if (kind !== 'online') throw refuse('trigger', 'only an online run drives a rehabilitation device (a calibration run has no classifier output)');
  for (const [field, parse] of [['trigger.output', () => parseTriggerOutputSpec(trigger.output)], ['trigger.command', () => trigger.command !== undefined && parseTriggerCommand(trigger.command)]] as const) {
    try {
      parse();
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      throw refuse(field, error.message);
    }
  }
  return trigger;
}

/** Where the headless host's page puts the patient's screen: a browser window of its own (nothing to list). */
export const browserPatientDisplays: PatientDisplayList = { opener: 'browser', displays: [], defaultDisplay: null };

export function protocolHandlers(
  context: ServiceContext,
  openPatientWindow?: PatientWindowOpener,
  listPatientDisplays?: () => PatientDisplayList,
): HandlerMap<'protocol.start' | 'protocol.abort' | 'protocol.patientWindow' | 'protocol.displays'> {
  const engine = async <M extends 'protocol.start' | 'protocol.abort' | 'acquisition.status'>(method: M, params: unknown): Promise<ResultOf<M>> => {
    const result = await context.engine.call(method, params);
    if (!result.ok) throw new ApiFailure(result.error.code, result.error.message, result.error.recovery, result.error.detail);
    return result.value as ResultOf<M>;
  };

  return {
    'protocol.start': async (p) => {
      const owner = sessionOwner(context, p.sessionId);
      const settings = protocolSettings(p.settings);
      const trigger = checkedTrigger(p.kind, p.trigger);
      const acquisition = await engine('acquisition.status', {});
      if (acquisition.state !== 'running' || acquisition.sessionId !== p.sessionId) {
        throw new ApiFailure('not-acquiring', `Session ${p.sessionId} has no acquisition running: a protocol run records from the session's running amplifier.`, "Start the session's acquisition (a recording or a signal check) first.", detail('no-acquisition', { sessionId: p.sessionId }));
      }
      const model = p.kind === 'online' ? await chosenModel(context, p.sessionId, acquisition) : undefined;
      const target = context.recordedRuns.begin(owner, acquisition.device ?? 'unknown', {}, new Date(), { kind: p.kind, settings, modelAttemptId: model?.attemptId ?? null });
      const forwarded: EngineProtocolStartParams = { sessionId: p.sessionId, kind: p.kind, settings, target, patientCode: owner.patientCode, model, ...(trigger ? { trigger } : {}) };
      let status: ProtocolStatus;
      try {
        status = await engine('protocol.start', forwarded);
      } catch (error) {
        context.recordedRuns.abandon(target);
        throw error;
      }
      context.recordedRuns.started(target, acquisition.channels, acquisition.sampleRateHz);
      return status;
    },
    'protocol.abort': async (p) => {
      const status = await engine('protocol.abort', p);
      // The engine reported the run's file before this reply: it is listed (marked aborted) when the caller hears it.
      await context.recordedRuns.settled();
      return status;
    },
    'protocol.patientWindow': async (p) => (openPatientWindow ? openPatientWindow(p.display) : { opened: false, displays: [], display: null }),
    'protocol.displays': () => (listPatientDisplays ? listPatientDisplays() : browserPatientDisplays),
  };
}

/** The session's chosen model, intact, and fit for the running amplifier (its channels present, its rate). */
async function chosenModel(context: ServiceContext, sessionId: number, acquisition: AcquisitionStatus): Promise<{ path: string; attemptId: number }> {
  const attempt = listAttempts(context.storage(), sessionId).find((a) => a.chosen);
  if (!attempt) {
    throw new ApiFailure('bad-input', `Session ${sessionId} has no chosen model: an online run classifies with the session's model.`, 'Train an attempt and choose it as the session\'s model (Train step).', detail('no-chosen-model', { sessionId }));
  }
  const file = await verifiedModelFile(context.dataDir, attempt);
  const info = decodeModelMetadata(readModelMetadata(readFileSync(file)), file);
  const mismatch = (what: 'channels' | 'sample-rate', missing: string, message: string) =>
    new ApiFailure('bad-input', message, "Choose a model trained on this amplifier's channels and sample rate, or start the amplifier with them.", detail('model-mismatch', { attemptId: attempt.id, what, missing, modelRateHz: info.sampleRateHz, deviceRateHz: acquisition.sampleRateHz }));
  if (info.sampleRateHz !== acquisition.sampleRateHz) {
    throw mismatch('sample-rate', '', `The model of attempt ${attempt.id} was trained at ${info.sampleRateHz} Hz but the amplifier runs at ${acquisition.sampleRateHz} Hz.`);
  }
  const present = new Set(acquisition.channels.map(normaliseChannelName));
  const missing = info.channels.filter((label) => !present.has(normaliseChannelName(label)));
  if (missing.length > 0) {
    throw mismatch('channels', missing.join(', '), `The model of attempt ${attempt.id} needs channels the amplifier does not have: ${missing.join(', ')}.`);
  }
  return { path: file, attemptId: attempt.id };
}
