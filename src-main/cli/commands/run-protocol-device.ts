// The device of a `neurofeat run-protocol` run: any device the registry knows, its flags checked (the run holds what it loses: engine/protocol/protocol-run.ts).
import { defaultSyntheticConfig } from '../../core/synthetic-eeg.ts';
import type { Device } from '../../engine/devices/device.ts';
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
  defaults: { sampleRateHz?: number; seed: number },
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
    return { device, name: requested };
  }
  const spec = deviceSpecFromFlags(args);
  if (speedGiven && spec.id !== 'replay') throw new UsageError(`--speed: '${spec.id}' streams in real time; only synthetic and replay:FILE run faster`);
  return { device: createDeviceFromSpec(spec), name: spec.id };
}
