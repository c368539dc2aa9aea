// `neurofeat stream --device D --lsl NAME`: publishes a device's samples (labels, units, description) and markers as LSL outlets.
import { ApiFailure } from '../../contract/errors.ts';
import type { Device } from '../../engine/devices/device.ts';
import { createDevice } from '../../engine/devices/registry.ts';
import { describeScope } from '../../engine/network/lsl-network.ts';
import { LslPublisher } from '../../engine/network/lsl-publisher.ts';
import { createNetworkDevice } from '../../engine/network/network-devices.ts';
import { numberFlag, printJson, stringFlag, UsageError, type Command } from '../command.ts';
import { networkFromFlags, networkHelp, networkOptions } from './lsl.ts';

export const streamCommand: Command = {
  help: `Usage: neurofeat stream --device D --lsl NAME [--duration S] [--type T] [--markers NAME] [--scope S] [--peer HOST]... [--json]

Opens device D and publishes its samples as the LSL stream NAME (float32, channel labels and units in the
stream's description, the device named in <acquisition>), discoverable by liblsl clients (LabRecorder,
OpenViBE, MNE-LSL). Runs for --duration seconds, or until interrupted (Ctrl-C), then prints a summary.
The outlet is reachable from this machine only unless --scope or --peer say otherwise.
  --device D      synthetic, lsl:NAME, rda:HOST[:PORT], or any device the engine knows
  --lsl NAME      the stream's name
  --type T        the stream's content type (default EEG)
  --markers NAME  also publish the device's markers as the string stream NAME
  --duration S    seconds to run (default: until interrupted)
  --channels N, --rate HZ   for the synthetic device
${networkHelp}`,
  options: {
    device: { type: 'string' }, lsl: { type: 'string' }, type: { type: 'string' }, markers: { type: 'string' }, duration: { type: 'string' },
    channels: { type: 'string' }, rate: { type: 'string' }, ...networkOptions,
  },
  async run(args, io) {
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}'`);
    const deviceId = stringFlag(args, 'device');
    const name = stringFlag(args, 'lsl');
    if (!deviceId) throw new UsageError('--device: expected a device id (synthetic, lsl:NAME, rda:HOST, ...)');
    if (!name || name.trim() === '') throw new UsageError('--lsl: expected the name of the stream to publish');
    const duration = numberFlag(args, 'duration', Infinity, 0.1, 1e7);
    const network = networkFromFlags(args);
    const device = openDevice(deviceId, args.values, network);
    const log = (m: string) => io.err(`${m}\n`);
    let publisher: LslPublisher | null = null;
    const summary = { device: deviceId, stream: name, markers: stringFlag(args, 'markers') ?? null, channels: [] as string[], sampleRateHz: 0, samples: 0, lostSamples: 0, markersSent: 0, durationSec: 0, fault: null as string | null };
    const signals = ['SIGINT', 'SIGTERM'] as const;
    let stop: () => void = () => undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onSignal = () => stop();
    try {
      const info = await device.open();
      summary.channels = info.channels;
      summary.sampleRateHz = info.sampleRateHz;
      const p = await LslPublisher.open(device.id, info, { name, type: stringFlag(args, 'type'), markers: summary.markers ?? undefined, network, log });
      publisher = p;
      io.err(`publishing '${name}': ${info.channels.length} channels at ${info.sampleRateHz} Hz from ${device.id} (${describeScope(network)})\n`);
      const ended = new Promise<void>((resolve) => {
        stop = resolve;
        for (const s of signals) process.once(s, onSignal);
        if (Number.isFinite(duration)) timer = setTimeout(resolve, duration * 1000);
        device.start({
          samples: (block) => p.block(block),
          marker: (m) => p.marker(m),
          status: (s) => io.err(`${s.kind}: ${s.message}\n`),
          fault: (message) => {
            summary.fault = message;
            resolve();
          },
        }).catch((error: unknown) => {
          summary.fault = (error as Error).message;
          resolve();
        });
      });
      const started = performance.now();
      await ended;
      summary.durationSec = Math.round((performance.now() - started) / 10) / 100;
      Object.assign(summary, { samples: p.samples, lostSamples: p.lostSamples, markersSent: p.markersSent });
    } finally {
      clearTimeout(timer);
      for (const s of signals) process.off(s, onSignal);
      await device.close().catch(() => undefined);
      await publisher?.close();
    }
    if (args.values.json === true) printJson(io, summary);
    else io.out(`${summary.stream}: ${summary.samples} samples (${summary.lostSamples} lost), ${summary.markersSent} markers in ${summary.durationSec} s${summary.fault ? `; stopped: ${summary.fault}` : ''}\n`);
    return summary.fault ? 1 : 0;
  },
};

function openDevice(id: string, values: Record<string, unknown>, network: ReturnType<typeof networkFromFlags>): Device {
  const remote = createNetworkDevice(id, { network });
  if (remote) return remote;
  const number = (flag: string) => (typeof values[flag] === 'string' ? Number(values[flag]) : undefined);
  const nChannels = number('channels');
  const sampleRateHz = number('rate');
  if (nChannels !== undefined && (!Number.isInteger(nChannels) || nChannels < 1 || nChannels > 64)) throw new UsageError(`--channels: expected 1 to 64, got '${String(values.channels)}'`);
  if (sampleRateHz !== undefined && (!Number.isInteger(sampleRateHz) || sampleRateHz < 100 || sampleRateHz > 2000)) throw new UsageError(`--rate: expected 100 to 2000 Hz, got '${String(values.rate)}'`);
  try {
    return createDevice(id, { nChannels, sampleRateHz });
  } catch (error) {
    if (error instanceof ApiFailure) throw new UsageError(`--device: ${error.message}`);
    throw error;
  }
}
