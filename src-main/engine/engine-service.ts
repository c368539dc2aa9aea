// The engine's request handlers: devices and acquisition, answering with result values.
import { isEngineMethodName, type AcquisitionConfig, type AcquisitionStatus, type EngineMethodName, type EngineProtocolStartParams, type EngineStartParams, type FinishedRecording, type HandlerMap, type ImpedanceMeasurement, type NetworkSettings, type ProtocolStatus } from '../contract/api.ts';
import { ApiFailure, err, ok, type Result } from '../contract/errors.ts';
import { Acquisition } from './acquisition.ts';
import { deviceDescriptors } from './devices/registry.ts';
import { listSerialPorts } from './devices/serial-link.ts';
import { discoverLslStreams } from './network/lsl-discovery.ts';
import type { Device } from './devices/device.ts';
import { ProtocolController, type ProtocolControllerOptions } from './protocol/protocol-controller.ts';

export interface EngineServiceOptions {
  onFrame: (frame: ArrayBuffer) => void;
  onStatus: (status: AcquisitionStatus) => void;
  onRecordingFinished?: (finished: FinishedRecording) => void;
  /** An impedance measurement finished (main saves it with the session). */
  onImpedanceMeasured?: (measurement: ImpedanceMeasurement) => void;
  /** Protocol runs: each change of the patient's screen, each classifier output, twice a second while running. */
  onProtocolStatus?: (status: ProtocolStatus) => void;
  createDevice?: (id: string, config: AcquisitionConfig, params?: EngineStartParams) => Device;
  /** Opens an online run's model (tests give their own). */
  loadClassifier?: ProtocolControllerOptions['loadClassifier'];
}

export function createEngineService(options: EngineServiceOptions) {
  const acquisition = new Acquisition(options);
  const protocol = new ProtocolController(acquisition, {
    onStatus: (status) => options.onProtocolStatus?.(status),
    onRecordingFinished: (finished) => options.onRecordingFinished?.(finished),
    loadClassifier: options.loadClassifier,
  });
  // The engine's share of the contract (`engineMethodNames`): the compiler checks that each one is answered.
  const handlers: HandlerMap<EngineMethodName> = {
    'devices.list': () => deviceDescriptors,
    'devices.ports': () => listSerialPorts(),
    // Main adds the workstation's network settings to the caller's params.
    'devices.discover': (p) => discoverLslStreams(p.timeoutSec, (p as { network?: NetworkSettings }).network),
    // Main forwards the caller's params with the owner and the recording target added (`EngineStartParams`).
    'acquisition.start': (p) => acquisition.start(p as unknown as EngineStartParams),
    'acquisition.stop': (p) => acquisition.stop(p.sessionId),
    'acquisition.status': () => acquisition.current(),
    'acquisition.cue': (p) => {
      acquisition.setCue(p.cue, p.sessionId);
      return { cue: p.cue };
    },
    'acquisition.impedance': (p) => acquisition.measureImpedance(p),
    'acquisition.impedanceCancel': (p) => acquisition.cancelImpedance(p.sessionId),
    // Main forwards protocol.start with the settings filled in, the run's file and the model (`EngineProtocolStartParams`).
    'protocol.start': (p) => protocol.start(p as unknown as EngineProtocolStartParams),
    'protocol.pause': (p) => protocol.pause(p.sessionId),
    'protocol.resume': (p) => protocol.resume(p.sessionId),
    'protocol.abort': (p) => protocol.abort(p.sessionId),
    'protocol.status': () => protocol.status(),
    'protocol.drawn': (p) => protocol.drawn(p),
  };
  return {
    /** The running acquisition (its `publisher` carries the protocol runner's `publishDecision` hook). */
    acquisition,
    /** Params have been validated by the contract on the main side. */
    async handle(method: string, params: unknown): Promise<Result<unknown>> {
      if (!isEngineMethodName(method)) return err('unknown-method', `The engine does not answer '${method}'.`);
      try {
        const handler = handlers[method] as (p: unknown) => unknown;
        return ok(await handler(params ?? {}));
      } catch (error) {
        if (error instanceof ApiFailure) return { ok: false, error: error.error };
        return err('internal', `Engine error in ${method}: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    status: () => acquisition.current(),
    /** Before the process ends (SIGTERM, parent gone): a running acquisition is stopped, its recording finalised. */
    async shutDown(): Promise<void> {
      await protocol.shutDown();
      const state = acquisition.current().state;
      if (state === 'running') await acquisition.stop().catch(() => undefined);
    },
  };
}
