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

/** Labels for the view's channels: the acquisition's names, numbered ones where a name is missing. */
export function channelLabels(names: readonly string[], nChannels: number): string[] {
  const out: string[] = [];
  for (let c = 0; c < nChannels; c++) out.push(names[c] || `Ch ${c + 1}`);
  return out;
}
