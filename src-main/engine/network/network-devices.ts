// Devices named by a network address: `lsl:NAME` (optionally `;markers=NAME`) and `rda:HOST[:PORT]`, for the registry and `neurofeat record`.
import { CoreError } from '../../core/errors.ts';
import type { Device } from '../devices/device.ts';
import { LslInletDevice } from './lsl-device.ts';
import type { LslNetworkConfig } from './lsl-network.ts';
import { RdaDevice } from './rda-device.ts';

export interface NetworkDeviceOptions {
  /** LSL discovery reach; this machine only when absent. */
  network?: Partial<LslNetworkConfig>;
  log?: (message: string) => void;
}

/** Whether `id` names a network source (`lsl:...` or `rda:...`). */
export function isNetworkDeviceId(id: string): boolean {
  return id.startsWith('lsl:') || id.startsWith('rda:');
}

/**
 * The device an id names, or null when the id is not a network one. Throws a `bad-input` CoreError for a
 * malformed id: `lsl:` needs a stream name; `rda:` a host and an optional port.
 */
export function createNetworkDevice(id: string, options: NetworkDeviceOptions = {}): Device | null {
  if (id.startsWith('lsl:')) {
    const [stream, ...params] = id.slice(4).split(';');
    if (stream.trim() === '') throw new CoreError('bad-input', `device '${id}': expected lsl:NAME (the LSL stream's name), optionally ;markers=NAME`);
    let markerStream: string | undefined;
    for (const p of params) {
      const [key, value = ''] = p.split('=');
      if (key.trim() !== 'markers' || value.trim() === '') throw new CoreError('bad-input', `device '${id}': unknown parameter '${p}', expected markers=NAME`);
      markerStream = value.trim();
    }
    return new LslInletDevice({ stream: stream.trim(), markerStream, network: options.network, log: options.log });
  }
  if (id.startsWith('rda:')) {
    const rest = id.slice(4);
    const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(rest);
    if (!match) throw new CoreError('bad-input', `device '${id}': expected rda:HOST or rda:HOST:PORT`);
    const port = match[2] === undefined ? undefined : Number(match[2]);
    if (port !== undefined && (port < 1 || port > 65535)) throw new CoreError('bad-input', `device '${id}': port ${port} is not from 1 to 65535`);
    return new RdaDevice({ host: match[1].replace(/^\[|\]$/g, ''), port, log: options.log });
  }
  return null;
}
