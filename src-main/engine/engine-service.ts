// The engine's request handlers: devices and acquisition, answering with result values.
import type { AcquisitionConfig, AcquisitionStatus } from '../contract/api.ts';
import { ApiFailure, err, ok, type Result } from '../contract/errors.ts';
import { Acquisition } from './acquisition.ts';
import { deviceDescriptors } from './devices/registry.ts';
import type { Device } from './devices/device.ts';

/** Methods of the public contract that the engine answers (main forwards them unchanged after validation). */
export const engineMethods = ['devices.list', 'acquisition.start', 'acquisition.stop', 'acquisition.status', 'acquisition.cue'] as const;
export type EngineMethod = (typeof engineMethods)[number];
export const isEngineMethod = (method: string): method is EngineMethod => (engineMethods as readonly string[]).includes(method);

export interface EngineServiceOptions {
  onFrame: (frame: ArrayBuffer) => void;
  onStatus: (status: AcquisitionStatus) => void;
  createDevice?: (id: string, config: AcquisitionConfig) => Device;
}

export function createEngineService(options: EngineServiceOptions) {
  const acquisition = new Acquisition(options);
  const handlers: Record<EngineMethod, (params: Record<string, unknown>) => Promise<unknown> | unknown> = {
    'devices.list': () => deviceDescriptors,
    'acquisition.start': (p) => acquisition.start(p.device as string, p.config as AcquisitionConfig | undefined, (p.sessionId as number | undefined) ?? null),
    'acquisition.stop': () => acquisition.stop(),
    'acquisition.status': () => acquisition.current(),
    'acquisition.cue': (p) => {
      acquisition.setCue(p.cue as 'none' | 'left' | 'right');
      return { cue: p.cue };
    },
  };
  return {
    /** Params have been validated by the contract on the main side. */
    async handle(method: string, params: unknown): Promise<Result<unknown>> {
      if (!isEngineMethod(method)) return err('unknown-method', `The engine does not answer '${method}'.`);
      try {
        return ok(await handlers[method]((params ?? {}) as Record<string, unknown>));
      } catch (error) {
        if (error instanceof ApiFailure) return { ok: false, error: error.error };
        return err('internal', `Engine error in ${method}: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    status: () => acquisition.current(),
  };
}
