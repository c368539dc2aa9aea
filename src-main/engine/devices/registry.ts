// The devices the engine knows, with what the UI needs to offer them, and the factories that open one.
import type { AcquisitionConfig, DeviceDescriptor, DeviceSource, NetworkSettings } from '../../contract/api.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import type { CytonChannelSettings } from '../../core/devices/cyton.ts';
import { badInput } from '../../core/errors.ts';
import { defaultSyntheticConfig, SYNTHETIC_MAX_CHANNELS } from '../../core/synthetic-eeg.ts';
import { CytonDevice } from './cyton-device.ts';
import type { Device } from './device.ts';
import { OpenEegDevice } from './openeeg-device.ts';
import { ReplayDevice } from './replay-device.ts';
import { SyntheticDevice } from './synthetic-device.ts';
import { UnicornDevice } from './unicorn-device.ts';
import { createNetworkDevice } from '../network/network-devices.ts';
import { deviceFailure } from './device-problems.ts';

const syntheticDescriptor: DeviceDescriptor = {
  id: 'synthetic',
  name: 'Simulated amplifier (built in)',
  available: true,
  needs: 'nothing',
  configurable: true,
  defaultChannels: defaultSyntheticConfig.nChannels,
  maxChannels: SYNTHETIC_MAX_CHANNELS,
  defaultSampleRateHz: defaultSyntheticConfig.sampleRateHz,
  sampleRatesHz: [250, 500, 1000, 2000],
  impedance: false,
};

const serial = (id: string, name: string, channels: number, rate: number, impedance = false): DeviceDescriptor => ({
  id, name, available: true, needs: 'port', configurable: false, defaultChannels: channels, maxChannels: channels, defaultSampleRateHz: rate, sampleRatesHz: [rate], impedance,
});

/** The serial amplifiers: each needs a port (`DeviceSpec.port`) before it can start. */
export const serialDeviceDescriptors: DeviceDescriptor[] = [
  serial('cyton', 'OpenBCI Cyton (8 channels, 250 Hz)', 8, 250, true),
  serial('daisy', 'OpenBCI Cyton + Daisy (16 channels, 125 Hz)', 16, 125, true),
  serial('unicorn', 'g.tec Unicorn Hybrid Black (8 channels, 250 Hz)', 8, 250),
  serial('openeeg-p2', 'OpenEEG ModularEEG, P2 firmware (6 channels, 256 Hz)', 6, 256),
  serial('openeeg-p3', 'OpenEEG ModularEEG, P3 firmware (6 channels, 256 Hz)', 6, 256),
];

/** Sources whose channels and rate only the stream or the file knows. */
const streamed = (id: string, name: string, needs: DeviceDescriptor['needs']): DeviceDescriptor => ({
  id, name, available: true, needs, configurable: false, defaultChannels: 0, maxChannels: 0, defaultSampleRateHz: 0, sampleRatesHz: [], impedance: false,
});

/** Every device the app can start, with what each needs (`devices.list`). */
export const deviceDescriptors: DeviceDescriptor[] = [
  syntheticDescriptor,
  ...serialDeviceDescriptors,
  streamed('lsl', 'Lab Streaming Layer stream (any amplifier that publishes one)', 'stream'),
  streamed('rda', 'BrainVision Recorder (Remote Data Access)', 'host'),
  streamed('replay', 'Replay of a recording (EDF, BDF, GDF, XDF)', 'file'),
];

export const DEVICE_IDS = ['synthetic', 'cyton', 'daisy', 'unicorn', 'openeeg-p2', 'openeeg-p3', 'replay'] as const;
export type DeviceId = (typeof DEVICE_IDS)[number];

/** Everything needed to open any device, from the CLI or the engine. */
export interface DeviceSpec extends AcquisitionConfig {
  id: DeviceId;
  /** Serial port (pty) of a serial amplifier. */
  port?: string;
  /** Recording to play (replay). */
  file?: string;
  /** Replay speed (1 = real time). */
  speed?: number;
  /** Cyton: per-channel settings; marker mode. */
  channelSettings?: Partial<CytonChannelSettings>[];
  markerMode?: boolean;
  labels?: string[];
  /** OpenEEG: µV per count of the analog board. */
  microvoltsPerCount?: number;
  /** Serial devices: how long to try to get a lost device back (ms). */
  reconnectTimeoutMs?: number;
  onDelivered?: (arrivalMs: number, deliveredMs: number, samples: number) => void;
}

/** Opens any known device from its spec; a missing port or file is named. */
export function createDeviceFromSpec(spec: DeviceSpec): Device {
  const needsPort = () => {
    if (!spec.port) throw badInput(`device '${spec.id}' needs a serial port (--port PATH)`, { field: 'port' });
    return spec.port;
  };
  const serial = () => ({ port: needsPort(), reconnectTimeoutMs: spec.reconnectTimeoutMs, onDelivered: spec.onDelivered });
  switch (spec.id) {
    case 'synthetic': return createDevice('synthetic', spec);
    case 'cyton':
    case 'daisy':
      return new CytonDevice({ ...serial(), daisy: spec.id === 'daisy', channelSettings: spec.channelSettings, markerMode: spec.markerMode, labels: spec.labels });
    case 'unicorn': return new UnicornDevice(serial());
    case 'openeeg-p2':
    case 'openeeg-p3':
      return new OpenEegDevice({ ...serial(), protocol: spec.id === 'openeeg-p2' ? 'p2' : 'p3', microvoltsPerCount: spec.microvoltsPerCount });
    case 'replay':
      if (!spec.file) throw badInput("device 'replay' needs a file (replay:FILE)", { field: 'file' });
      return new ReplayDevice({ file: spec.file, speed: spec.speed });
    default:
      throw badInput(`unknown device '${String((spec as { id: unknown }).id)}'; devices: ${DEVICE_IDS.join(', ')}`, { field: 'device' });
  }
}

export function createDevice(id: string, config: AcquisitionConfig = {}): Device {
  if (id === 'synthetic') {
    return new SyntheticDevice({
      nChannels: config.nChannels ?? defaultSyntheticConfig.nChannels,
      sampleRateHz: config.sampleRateHz ?? defaultSyntheticConfig.sampleRateHz,
      seed: config.seed ?? Math.floor(Math.random() * 2 ** 31),
      desyncDepth: config.desyncDepth ?? defaultSyntheticConfig.desyncDepth,
    }, { speed: config.speed });
  }
  throw new ApiFailure('unknown-device', `Unknown device '${id}'; devices: ${deviceDescriptors.map((d) => d.id).join(', ')}.`, 'Choose a device from the list.');
}

/** What the app's acquisition opens a device with: its id, the synthetic settings, its source, the workstation's LSL reach. */
export interface AppDeviceRequest {
  device: string;
  config?: AcquisitionConfig;
  source?: DeviceSource;
  network?: NetworkSettings;
  log?: (message: string) => void;
}

/**
 * The device the app asked for, or an `ApiFailure` that says what is missing (`device-failed` with a `needs-*`
 * problem) or that the id is unknown. Opening it (and its own errors) comes later.
 */
export function createAppDevice(request: AppDeviceRequest): Device {
  const { device: id, config = {}, source = {} } = request;
  const descriptor = deviceDescriptors.find((d) => d.id === id);
  if (!descriptor) return createDevice(id, config);
  const need = (value: string | undefined, problem: 'needs-port' | 'needs-file' | 'needs-stream' | 'needs-host', words: string): string => {
    if (value !== undefined && value.trim() !== '') return value.trim();
    throw new ApiFailure('device-unavailable', `The device '${id}' needs ${words} before it can start.`, 'Choose it in the device panel.', detail('device-failed', { device: id, problem, target: null, detail: `needs ${words}` }));
  };
  try {
    switch (descriptor.needs) {
      case 'nothing':
        return createDevice(id, config);
      case 'port':
        return createDeviceFromSpec({ id: id as DeviceId, port: need(source.port, 'needs-port', 'a serial port') });
      case 'file':
        return createDeviceFromSpec({ id: 'replay', file: need(source.file, 'needs-file', 'a recording to replay'), speed: source.speed });
      case 'stream': {
        const stream = need(source.stream, 'needs-stream', 'an LSL stream');
        const markers = source.markers?.trim() ? `;markers=${source.markers.trim()}` : '';
        return createNetworkDevice(`lsl:${stream}${markers}`, { network: request.network, log: request.log }) as Device;
      }
      case 'host': {
        const host = need(source.host, 'needs-host', 'the Recorder computer (host)');
        const address = host.includes(':') ? `[${host}]` : host;
        return createNetworkDevice(`rda:${address}${source.rdaPort ? `:${source.rdaPort}` : ''}`, { log: request.log }) as Device;
      }
    }
  } catch (error) {
    if (error instanceof ApiFailure) throw error;
    throw deviceFailure(id, error, source);
  }
}
