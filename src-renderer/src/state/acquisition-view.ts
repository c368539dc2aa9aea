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

/** Whose the amplifier is, seen from one session (null: the signal-check page): free, this session's, or another's. */
export type AcquisitionOwnership = 'free' | 'here' | 'elsewhere';

export function acquisitionOwnership(status: AcquisitionStatus | null, sessionId: number | null): AcquisitionOwnership {
  if (!status || status.state === 'idle') return 'free';
  return status.sessionId === sessionId ? 'here' : 'elsewhere';
}

/**
 * What the state chip says: recording and monitoring are distinct; another session's acquisition is `busy`; a lost
 * connection or a dead engine is said as such, never a stale "recording".
 */
export type AcquisitionChip = 'idle' | 'starting' | 'recording' | 'monitoring' | 'stopping' | 'busy' | 'disconnected' | 'engine-down';

export function acquisitionChip(status: AcquisitionStatus | null, sessionId: number | null, connected: boolean, engine: EngineStatus | null): AcquisitionChip {
  if (!connected) return 'disconnected';
  if (engine && engine.state !== 'running') return 'engine-down';
  const owner = acquisitionOwnership(status, sessionId);
  if (owner === 'free' || !status) return 'idle';
  if (owner === 'elsewhere') return 'busy';
  if (status.state === 'running') return status.recording ? 'recording' : 'monitoring';
  return status.state === 'starting' ? 'starting' : 'stopping';
}

/** Whether Stop can act: this session's acquisition, running, with a live connection to an engine that runs. */
export const canStop = (chip: AcquisitionChip): boolean => chip === 'recording' || chip === 'monitoring';

/** Whether Start can act: the amplifier is free and the engine reachable. */
export const canStart = (chip: AcquisitionChip): boolean => chip === 'idle';

/**
 * Whether the live view may show the window's trace: while this session acquires, or afterwards when the last
 * trace received was this session's (`traceSessionId`: the session of the acquisition that sent the frames;
 * undefined before any). Another session's trace, live or frozen, is never shown.
 */
export function showsTrace(status: AcquisitionStatus | null, sessionId: number | null, traceSessionId: number | null | undefined): boolean {
  const owner = acquisitionOwnership(status, sessionId);
  if (owner === 'here') return true;
  return owner === 'free' && traceSessionId !== undefined && traceSessionId === sessionId;
}

/** Elapsed seconds as `m:ss` (`h:mm:ss` past an hour). */
export function formatElapsed(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The file's name without its folder (`recordings/session-3/run-1-….bdf` -> `run-1-….bdf`). */
export const fileName = (file: string): string => file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
