// The engine's request handlers: devices and acquisition, answering with result values.
import { isEngineMethodName, type AcquisitionConfig, type AcquisitionStatus, type EngineMethodName, type EngineStartParams, type FinishedRecording, type HandlerMap, type NetworkSettings } from '../contract/api.ts';
import { ApiFailure, err, ok, type Result } from '../contract/errors.ts';
import { Acquisition } from './acquisition.ts';
import { deviceDescriptors } from './devices/registry.ts';
import { listSerialPorts } from './devices/serial-link.ts';
import { discoverLslStreams } from './network/lsl-discovery.ts';
import type { Device } from './devices/device.ts';

export interface EngineServiceOptions {
  onFrame: (frame: ArrayBuffer) => void;
  onStatus: (status: AcquisitionStatus) => void;
  onRecordingFinished?: (finished: FinishedRecording) => void;
  createDevice?: (id: string, config: AcquisitionConfig, params?: EngineStartParams) => Device;
}

export function createEngineService(options: EngineServiceOptions) {
  const acquisition = new Acquisition(options);
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
      const state = acquisition.current().state;
      if (state === 'running') await acquisition.stop().catch(() => undefined);
    },
  };
}
