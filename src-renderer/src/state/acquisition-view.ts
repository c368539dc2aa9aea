// Pure helpers that turn acquisition and engine status into what the session page and the status bar show.
import type { AcquisitionStatus, DeviceDescriptor, EngineStatus } from '../../../src-main/contract/index.ts';

export const SYNTHETIC_DEVICE_ID = 'synthetic';

/** The device to preselect: the one asked for if listed, else the built-in synthetic amplifier, else the first available. */
export function defaultDeviceId(devices: readonly DeviceDescriptor[], wanted: string | null): string | null {
  if (wanted && devices.some((d) => d.id === wanted)) return wanted;
  if (devices.some((d) => d.id === SYNTHETIC_DEVICE_ID)) return SYNTHETIC_DEVICE_ID;
  return devices.find((d) => d.available)?.id ?? devices[0]?.id ?? null;
}

/** True while the engine is up and acquiring or about to. */
export const isAcquiring = (status: AcquisitionStatus | null): boolean => status !== null && status.state !== 'idle';

/** 'restarting' whenever the supervisor is bringing a dead engine back; 'unknown' before the first answer. */
export function engineDisplayState(engine: EngineStatus | null): EngineStatus['state'] | 'unknown' {
  return engine ? engine.state : 'unknown';
}

/** Channel names for the view: the acquisition's, or numbered ones while they are not known yet. */
export function channelNames(status: AcquisitionStatus | null, nChannels: number): string[] {
  const names = status?.channels ?? [];
  const out: string[] = [];
  for (let c = 0; c < nChannels; c++) out.push(names[c] || `Ch ${c + 1}`);
  return out;
}
