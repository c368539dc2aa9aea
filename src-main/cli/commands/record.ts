// `neurofeat record`: acquire from a device for a duration into a crash-safe BDF+ (or EDF+) file with its markers.
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { cytonDefaultChannelSettings, CYTON_GAINS } from '../../core/devices/cyton.ts';
import type { ChannelQuality } from '../../core/devices/signal-quality.ts';
import type { CytonDevice } from '../../engine/devices/cyton-device.ts';
import type { DeviceInfo } from '../../engine/devices/device.ts';
import { listSerialPorts } from '../../engine/devices/serial-link.ts';
import { checkSignal } from '../../engine/devices/signal-check.ts';
import { createDeviceFromSpec, DEVICE_IDS, type DeviceId, type DeviceSpec } from '../../engine/devices/registry.ts';
import type { SerialDevice } from '../../engine/devices/serial-device.ts';
import { recordDevice } from '../../engine/recorder/record-device.ts';
import { createNetworkDevice, isNetworkDeviceId } from '../../engine/network/network-devices.ts';
import { checkInputFile } from '../input-file.ts';
import { networkFromFlags, networkHelp, networkOptions } from './lsl.ts';
import { numberFlag, printJson, stringFlag, UsageError, type Command } from '../command.ts';

export const recordCommand: Command = {
  help: `Usage: neurofeat record --device D --duration SEC --out FILE [--port PATH] [--format bdf|edf] [--json]
       neurofeat record --list-ports [--json]

Acquires from device D for SEC seconds and writes FILE as BDF+ (24-bit, default) or EDF+ (--format edf),
markers as annotations, lost stretches held at the last value and annotated, a SHA-256 in FILE.sha256.
The file is synced to disk every second: if anything stops the recording, what was recorded is kept.
  --device D       synthetic, cyton, daisy, unicorn, openeeg-p2, openeeg-p3, replay:FILE,
                   lsl:NAME[;markers=NAME] (an LSL stream), rda:HOST[:PORT] (Recorder's RDA)
  --port PATH      serial port of a serial amplifier (a pty from 'neurofeat simulate' works too)
  --duration SEC   seconds to record (a replay ends earlier at the end of its file)
  --out FILE       the file to write (never replaced unless --overwrite)
  --format F       bdf (default) or edf
  --gain N         Cyton/Daisy: gain of every channel (1, 2, 4, 6, 8, 12, 24; default 24)
  --marker-mode    Cyton/Daisy: board mode 4, markers from the board's marker input (no accelerometer)
  --speed X        replay speed (default 1: real time)
  --channels N     synthetic: number of channels (default 16); --rate HZ synthetic sample rate (default 250)
  --uv-per-count X OpenEEG: µV per ADC count of the analog board (default 0.5)
  --reconnect-timeout SEC  how long to try to get a silent or unplugged device back (default 10)
  --check SEC      before recording, monitor SEC seconds and judge each EEG channel (flat, railed,
                   line noise at 50/60 Hz, amplitude): printed as 'quality', go/no-go per channel
  --impedance      Cyton/Daisy: before recording, measure each channel's impedance (kΩ, lead-off
                   current one channel at a time, about 2 s per channel; settings restored)
  --overwrite      replace FILE if it exists
  --list-ports     list this machine's serial ports (or say why they cannot be listed) and exit
LSL discovery (lsl:NAME):
${networkHelp}`,
  options: {
    device: { type: 'string' },
    port: { type: 'string' },
    duration: { type: 'string' },
    out: { type: 'string' },
    format: { type: 'string' },
    gain: { type: 'string' },
    'marker-mode': { type: 'boolean' },
    speed: { type: 'string' },
    channels: { type: 'string' },
    rate: { type: 'string' },
    'uv-per-count': { type: 'string' },
    'reconnect-timeout': { type: 'string' },
    check: { type: 'string' },
    impedance: { type: 'boolean' },
    overwrite: { type: 'boolean' },
    'list-ports': { type: 'boolean' },
    ...networkOptions,
  },
  async run(args, io) {
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}'`);
    if (args.values['list-ports'] === true) {
      const listed = await listSerialPorts();
      if (args.values.json === true) printJson(io, listed);
      else if (listed.error) io.out(`${listed.error}\n`);
      else io.out(listed.ports.length === 0 ? 'no serial ports found\n' : listed.ports.map((p) => `${p.path}${p.manufacturer ? `  (${p.manufacturer})` : ''}\n`).join(''));
      return 0;
    }
    const requested = stringFlag(args, 'device') ?? '';
    const networkDevice = isNetworkDeviceId(requested) ? createNetworkDevice(requested, { network: networkFromFlags(args), log: (m) => io.err(`${m}\n`) }) : null;
    const spec = networkDevice ? null : deviceSpecFromFlags(args);
    const deviceName = spec?.id ?? requested;
    const durationSec = numberFlag(args, 'duration', NaN, 0.01, 7 * 24 * 3600);
    if (Number.isNaN(durationSec)) throw new UsageError('--duration SEC is required');
    const out = stringFlag(args, 'out');
    if (!out) throw new UsageError('--out FILE is required');
    const format = (stringFlag(args, 'format') ?? 'bdf').toLowerCase();
    if (format !== 'bdf' && format !== 'edf') throw new UsageError(`--format: expected bdf or edf, got '${format}'`);
    const extension = path.extname(out).toLowerCase();
    if (extension !== `.${format}`) throw new UsageError(`${out}: a ${format.toUpperCase()}+ file must end in .${format}`);
    if (args.values.overwrite !== true && existsSync(out)) throw new UsageError(`${out}: exists already (use --overwrite to replace it)`);
    const folder = path.dirname(path.resolve(out));
    try {
      accessSync(folder, constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(code === 'ENOENT' ? `${out}: the folder ${folder} does not exist` : `${out}: the folder ${folder} cannot be written (${code})`);
    }
    const checkSec = stringFlag(args, 'check') === undefined ? 0 : numberFlag(args, 'check', 2, 0.5, 600);
    const wantImpedance = args.values.impedance === true;
    if (wantImpedance && deviceName !== 'cyton' && deviceName !== 'daisy') throw new UsageError(`--impedance: only the Cyton and the Daisy measure impedance, not '${deviceName}'`);
    const device = networkDevice ?? createDeviceFromSpec(spec as DeviceSpec);
    let quality: ChannelQuality[] | null = null;
    let impedance: { channel: number; label: string; kOhm: number }[] | null = null;
    const beforeRecording = async (info: DeviceInfo) => {
      if (wantImpedance) {
        const cyton = device as CytonDevice;
        io.err(`measuring impedance of ${cyton.nEeg} channels, one at a time...\n`);
        impedance = await cyton.measureImpedance(Array.from({ length: cyton.nEeg }, (_, i) => i + 1));
        for (const z of impedance) io.err(`  ${z.label}: ${z.kOhm.toFixed(1)} kΩ\n`);
      }
      if (checkSec > 0) {
        quality = await checkSignal(device, info, checkSec);
        for (const q of quality) io.err(`  ${q.label}: ${q.go ? 'go' : `no-go (${q.problems.join(', ')})`}, σ ${q.stdUv.toFixed(1)} µV, 50 Hz ${q.line50RmsUv.toFixed(1)} µV, 60 Hz ${q.line60RmsUv.toFixed(1)} µV\n`);
      }
    };
    let interrupt: () => void = () => undefined;
    const interrupted = new Promise<void>((resolve) => { interrupt = resolve; });
    const onSignal = () => {
      io.err('neurofeat record: stopping (signal received); the file is being completed\n');
      interrupt();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const result = await recordDevice(device, out, {
        kind: format === 'bdf' ? 'BDF' : 'EDF',
        durationSec,
        overwrite: args.values.overwrite === true,
        recordingInfo: deviceName.replace(/[^\x21-\x7e]/g, '_').slice(0, 40),
        interrupt: interrupted,
        beforeRecording,
        onStatus: (status) => {
          if (status.kind !== 'lost') io.err(`${status.kind}: ${status.message}\n`);
        },
      }).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${out}: exists already (use --overwrite to replace it)`);
        throw error;
      });
      const stats = (device as Partial<SerialDevice>).decoderStats ?? null;
      const report = {
        device: deviceName,
        description: result.info.description ?? null,
        channels: result.info.channels,
        sampleRateHz: result.info.sampleRateHz,
        samples: result.samples,
        lostPackets: stats ? stats.lostPackets : result.lostSamples,
        lostSamples: result.lostSamples,
        skippedBytes: stats ? stats.skippedBytes : 0,
        markers: result.markers,
        durationSec: result.samples / result.info.sampleRateHz,
        file: out,
        format: format === 'bdf' ? 'bdf+' : 'edf+',
        sha256: result.sha256,
        clippedSamples: result.clippedSamples,
        endedEarly: result.endedEarly,
        quality,
        impedance,
      };
      if (args.values.json === true) printJson(io, report);
      else io.out(`${out}: ${report.durationSec.toFixed(1)} s x ${report.channels.length} channels at ${report.sampleRateHz} Hz, ${report.markers} markers, ${report.lostSamples} samples lost\n`);
      return 0;
    } finally {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    }
  },
};

/** `--device` and the device flags as a spec; bad values are usage errors naming the flag. */
export function deviceSpecFromFlags(args: Parameters<Command['run']>[0]): DeviceSpec {
  const raw = stringFlag(args, 'device');
  if (!raw) throw new UsageError(`--device is required: one of ${DEVICE_IDS.filter((d) => d !== 'replay').join(', ')}, replay:FILE, lsl:NAME, rda:HOST`);
  const [name, ...rest] = raw.split(':');
  if (!(DEVICE_IDS as readonly string[]).includes(name)) {
    throw new UsageError(`--device '${raw}': expected one of ${DEVICE_IDS.filter((d) => d !== 'replay').join(', ')}, replay:FILE, lsl:NAME, rda:HOST`);
  }
  const id = name as DeviceId;
  const spec: DeviceSpec = { id, port: stringFlag(args, 'port'), reconnectTimeoutMs: numberFlag(args, 'reconnect-timeout', 10, 1, 3600) * 1000 };
  if (id === 'replay') {
    spec.file = rest.join(':');
    if (!spec.file) throw new UsageError('--device replay:FILE needs the file to play');
    checkInputFile(spec.file, 'the recording to replay');
    spec.speed = numberFlag(args, 'speed', 1, 0.01, 1000);
  }
  if ((id === 'cyton' || id === 'daisy' || id === 'unicorn' || id.startsWith('openeeg')) && !spec.port) {
    throw new UsageError(`--device ${id} needs --port PATH (the amplifier's serial port)`);
  }
  if (id === 'cyton' || id === 'daisy') {
    const gain = numberFlag(args, 'gain', 24, 1, 24);
    if (!(CYTON_GAINS as readonly number[]).includes(gain)) throw new UsageError(`--gain: expected one of ${CYTON_GAINS.join(', ')}, got ${gain}`);
    if (gain !== cytonDefaultChannelSettings.gain) spec.channelSettings = Array.from({ length: id === 'daisy' ? 16 : 8 }, () => ({ gain }));
    spec.markerMode = args.values['marker-mode'] === true;
  }
  if (id === 'synthetic') {
    spec.nChannels = numberFlag(args, 'channels', 16, 1, 64);
    spec.sampleRateHz = numberFlag(args, 'rate', 250, 100, 2000);
    const seed = stringFlag(args, 'seed');
    if (seed !== undefined) spec.seed = numberFlag(args, 'seed', 1, 0, 2 ** 31 - 1);
  }
  if (id.startsWith('openeeg')) spec.microvoltsPerCount = numberFlag(args, 'uv-per-count', 0.5, 1e-6, 1e6);
  return spec;
}
