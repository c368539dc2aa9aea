// The devices the engine knows, with what the UI needs to offer them, and the factory that opens one.
import type { AcquisitionConfig, DeviceDescriptor } from '../../contract/api.ts';
import { ApiFailure } from '../../contract/errors.ts';
import { defaultSyntheticConfig, SYNTHETIC_MAX_CHANNELS } from '../../core/synthetic-eeg.ts';
import type { Device } from './device.ts';
import { SyntheticDevice } from './synthetic-device.ts';

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

export function createDevice(id: string, config: AcquisitionConfig = {}): Device {
  if (id === 'synthetic') {
    return new SyntheticDevice({
      nChannels: config.nChannels ?? defaultSyntheticConfig.nChannels,
      sampleRateHz: config.sampleRateHz ?? defaultSyntheticConfig.sampleRateHz,
      seed: config.seed ?? Math.floor(Math.random() * 2 ** 31),
      desyncDepth: config.desyncDepth ?? defaultSyntheticConfig.desyncDepth,
    });
  }
  throw new ApiFailure('unknown-device', `Unknown device '${id}'; devices: ${deviceDescriptors.map((d) => d.id).join(', ')}.`, 'Choose a device from the list.');
}
