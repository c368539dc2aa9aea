// The devices the engine knows, with what the UI needs to offer them, and the factories that open one.
import type { AcquisitionConfig, DeviceDescriptor } from '../../contract/api.ts';
import { ApiFailure } from '../../contract/errors.ts';
import type { CytonChannelSettings } from '../../core/devices/cyton.ts';
import { badInput } from '../../core/errors.ts';
import { defaultSyntheticConfig, SYNTHETIC_MAX_CHANNELS } from '../../core/synthetic-eeg.ts';
import { CytonDevice } from './cyton-device.ts';
import type { Device } from './device.ts';
import { OpenEegDevice } from './openeeg-device.ts';
import { ReplayDevice } from './replay-device.ts';
import { SyntheticDevice } from './synthetic-device.ts';
import { UnicornDevice } from './unicorn-device.ts';

export const deviceDescriptors: DeviceDescriptor[] = [
  {
    id: 'synthetic',
    name: 'Simulated amplifier (built in)',
    available: true,
    defaultChannels: defaultSyntheticConfig.nChannels,
    maxChannels: SYNTHETIC_MAX_CHANNELS,
    defaultSampleRateHz: defaultSyntheticConfig.sampleRateHz,
    sampleRatesHz: [250, 500, 1000, 2000],
  },
];

/** The serial amplifiers: each needs a port (`DeviceSpec.port`) before it can start. */
export const serialDeviceDescriptors: DeviceDescriptor[] = [
  { id: 'cyton', name: 'OpenBCI Cyton (8 channels, 250 Hz)', available: false, defaultChannels: 8, maxChannels: 8, defaultSampleRateHz: 250, sampleRatesHz: [250] },
  { id: 'daisy', name: 'OpenBCI Cyton + Daisy (16 channels, 125 Hz)', available: false, defaultChannels: 16, maxChannels: 16, defaultSampleRateHz: 125, sampleRatesHz: [125] },
  { id: 'unicorn', name: 'g.tec Unicorn Hybrid Black (8 channels, 250 Hz)', available: false, defaultChannels: 8, maxChannels: 8, defaultSampleRateHz: 250, sampleRatesHz: [250] },
  { id: 'openeeg-p2', name: 'OpenEEG ModularEEG, P2 firmware (6 channels, 256 Hz)', available: false, defaultChannels: 6, maxChannels: 6, defaultSampleRateHz: 256, sampleRatesHz: [256] },
  { id: 'openeeg-p3', name: 'OpenEEG ModularEEG, P3 firmware (6 channels, 256 Hz)', available: false, defaultChannels: 6, maxChannels: 6, defaultSampleRateHz: 256, sampleRatesHz: [256] },
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
