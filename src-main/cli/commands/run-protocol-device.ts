// The device of a `neurofeat run-protocol` run: any device the registry knows, its flags checked, lost samples held so markers stay on the amplifier's clock.
import { defaultSyntheticConfig } from '../../core/synthetic-eeg.ts';
import type { Device, DeviceListener, SampleBlock } from '../../engine/devices/device.ts';
import { createDeviceFromSpec } from '../../engine/devices/registry.ts';
import { SyntheticDevice } from '../../engine/devices/synthetic-device.ts';
import { createNetworkDevice, isNetworkDeviceId } from '../../engine/network/network-devices.ts';
import { numberFlag, stringFlag, UsageError, type CommandIo, type ParsedArgs } from '../command.ts';
import { networkFromFlags } from './lsl.ts';
import { deviceSpecFromFlags } from './record.ts';

/** The flags only the simulated amplifier takes (its signal is generated, and follows the protocol's cues). */
const SIMULATED_SIGNAL_FLAGS = ['channels', 'rate', 'desync'] as const;

export interface ProtocolDevice {
  device: Device;
  /** `synthetic`, `cyton`, `replay`, `lsl:EEG`... as the report names it. */
  name: string;
}

/**
 * The device `--device` names, with its flags: `synthetic` (`--channels`, `--rate`, `--desync`, `--speed`), the serial
 * amplifiers (`--port`), `replay:FILE` (`--speed`), `lsl:NAME`, `rda:HOST[:PORT]`. A flag the device cannot honour is a
 * usage error that says why.
 */
export function protocolDeviceFromFlags(
  args: ParsedArgs,
  io: CommandIo,
  defaults: { sampleRateHz?: number; seed: number; onLost?: (atSample: number, count: number) => void },
): ProtocolDevice {
  const requested = stringFlag(args, 'device') ?? '';
  const speedGiven = stringFlag(args, 'speed') !== undefined;
  if (requested === 'synthetic') {
    const device = new SyntheticDevice(
      {
        nChannels: numberFlag(args, 'channels', defaultSyntheticConfig.nChannels, 1, 64),
        sampleRateHz: numberFlag(args, 'rate', defaults.sampleRateHz ?? defaultSyntheticConfig.sampleRateHz, 100, 2000),
        desyncDepth: numberFlag(args, 'desync', defaultSyntheticConfig.desyncDepth, 0, 1),
        seed: defaults.seed,
      },
      { speed: numberFlag(args, 'speed', 1, 0.1, 100) },
    );
    return { device, name: 'synthetic' };
  }
  for (const flag of SIMULATED_SIGNAL_FLAGS) {
    if (stringFlag(args, flag) !== undefined) {
      throw new UsageError(`--${flag}: only the simulated amplifier (--device synthetic) takes it; ${requested ? `'${requested}'` : 'a real device'} records what the patient's brain does, its signal does not follow the cues`);
    }
  }
  if (isNetworkDeviceId(requested)) {
    if (speedGiven) throw new UsageError(`--speed: '${requested}' streams in real time; only synthetic and replay:FILE run faster`);
    const device = createNetworkDevice(requested, { network: networkFromFlags(args), log: (m) => io.err(`${m}\n`) });
    if (!device) throw new UsageError(`--device '${requested}': expected lsl:NAME or rda:HOST[:PORT]`);
    return { device: holdLostSamples(device, defaults.onLost), name: requested };
  }
  const spec = deviceSpecFromFlags(args);
  if (speedGiven && spec.id !== 'replay') throw new UsageError(`--speed: '${spec.id}' streams in real time; only synthetic and replay:FILE run faster`);
  return { device: holdLostSamples(createDeviceFromSpec(spec), defaults.onLost), name: spec.id };
}

/**
 * The device with every stretch it lost (`lostBefore`, a counter gap) delivered as the last values held, so the
 * protocol's sample clock counts the amplifier's samples, lost ones included, and the recording keeps its timing.
 * `onLost` hears where (stream sample) and how many.
 */
export function holdLostSamples(device: Device, onLost?: (atSample: number, count: number) => void): Device {
  let nChannels = 0;
  let sampleRateHz = 1;
  return {
    id: device.id,
    async open() {
      const info = await device.open();
      nChannels = info.channels.length;
      sampleRateHz = info.sampleRateHz;
      return info;
    },
    start(listener: DeviceListener) {
      const last = new Float32Array(nChannels);
      let delivered = 0;
      return device.start({
        ...listener,
        samples(block: SampleBlock) {
          const lost = block.lostBefore;
          const n = block.nSamples;
          if (lost > 0) {
            const samples = new Float32Array(nChannels * (lost + n));
            for (let c = 0; c < nChannels; c++) {
              samples.fill(last[c], c * (lost + n), c * (lost + n) + lost);
              samples.set(block.samples.subarray(c * n, (c + 1) * n), c * (lost + n) + lost);
            }
            onLost?.(delivered, lost);
            block = { samples, nSamples: lost + n, lostBefore: 0, firstSampleTimeMs: block.firstSampleTimeMs - (lost / sampleRateHz) * 1000 };
          }
          if (block.nSamples > 0 && n > 0) for (let c = 0; c < nChannels; c++) last[c] = block.samples[c * block.nSamples + block.nSamples - 1];
          delivered += block.nSamples;
          listener.samples(block);
        },
      });
    },
    stop: () => device.stop(),
    close: () => device.close(),
    ...(device.setCue ? { setCue: (cue: 'none' | 'left' | 'right', atSample?: number) => device.setCue?.(cue, atSample) } : {}),
  };
}
