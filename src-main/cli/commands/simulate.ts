// `neurofeat simulate`: a byte-faithful amplifier on a serial port (a pty end), with faults on demand, or a trigger sink, until killed.
import { DEFAULT_TRIGGER_BAUD, TRIGGER_BAUD_RATES } from '../../core/online/trigger-output-spec.ts';
import { createRandom } from '../../core/random.ts';
import { CytonSimulator } from '../../engine/devices/simulators/cyton-simulator.ts';
import { OpenEegSimulator } from '../../engine/devices/simulators/openeeg-simulator.ts';
import { parseFault, SIMULATOR_FAULTS, type SerialSimulator } from '../../engine/devices/simulators/serial-simulator.ts';
import { TriggerSinkSimulator, type ReceivedCommand } from '../../engine/devices/simulators/trigger-sink-simulator.ts';
import { UnicornSimulator } from '../../engine/devices/simulators/unicorn-simulator.ts';
import { numberFlag, stringFlag, UsageError, type Command, type CommandIo, type ParsedArgs } from '../command.ts';

const SIMULATED = ['cyton', 'daisy', 'unicorn', 'openeeg-p2', 'openeeg-p3'];

export const simulateCommand: Command = {
  help: `Usage: neurofeat simulate --device D --port PATH [--fault NAME@SEC[:ARG]]... [--auto-cues] [--seed N]
       neurofeat simulate --device trigger-sink (--port PATH [--baud N] | --tcp PORT) [--gone-after N]

Speaks device D's real protocol on PATH, one end of a pseudo-terminal pair; a driver (NeuroFeat's, or
OpenBCI's own software) opens the other end. Make a pair with:
  socat pty,raw,echo=0,link=/tmp/amp pty,raw,echo=0,link=/tmp/host
then 'neurofeat simulate --device cyton --port /tmp/amp' and 'neurofeat record --device cyton --port /tmp/host ...'.
EEG comes from the built-in model (mu/beta rhythms over C3/C4 that desynchronise on cue). Runs until killed.
  --device D            ${SIMULATED.join(', ')}
  --fault NAME@SEC[:ARG] repeatable; NAME: ${SIMULATOR_FAULTS.join(', ')}
                        drop-bytes:N bytes, counter-gap:N packets, unplug:SECONDS silent, slow:MS reply delay,
                        garbage:N bytes, board-off/board-on (Cyton: 'v' answers the dongle's timeout), reset,
                        pause:SECONDS nothing sent, then all that was due at once (a stream held up, not lost)
  --auto-cues           a Graz-like cue cycle (4 s rest, 4 s left or right) drives the rhythms; a Cyton in
                        marker mode also sends L/R markers. Cyton markers L/1, R/2, 0/N set the cue.
  --impedance OHMS,...  Cyton/Daisy: electrode impedance per channel seen by lead-off measurements
  --uv-per-count X      OpenEEG: µV per count (default 0.5)
trigger-sink: a rehabilitation device (FES unit, robot, avatar) that receives run-protocol's --trigger commands:
prints each on stdout (a line as text, raw bytes as hex) and answers a JSON trigger line with {"type":"ack","seq":N}.
  --port PATH --baud N  on a serial port or pty end (baud default ${DEFAULT_TRIGGER_BAUD})
  --tcp PORT            on 127.0.0.1:PORT (0: a free port, printed on stderr)
  --gone-after N        after N commands the device goes away (port or connection closed): a device switched off`,
  options: {
    device: { type: 'string' },
    port: { type: 'string' },
    fault: { type: 'string', multiple: true },
    'auto-cues': { type: 'boolean' },
    impedance: { type: 'string' },
    'uv-per-count': { type: 'string' },
    baud: { type: 'string' },
    tcp: { type: 'string' },
    'gone-after': { type: 'string' },
  },
  async run(args, io) {
    const device = stringFlag(args, 'device');
    if (device === 'trigger-sink') return runTriggerSink(args, io);
    if (!device || !SIMULATED.includes(device)) throw new UsageError(`--device: expected one of ${SIMULATED.join(', ')}, trigger-sink, got '${device ?? ''}'`);
    const port = stringFlag(args, 'port');
    if (!port) throw new UsageError('--port PATH is required (one end of a socat pty pair)');
    const faultFlags = args.values.fault;
    const faults = (Array.isArray(faultFlags) ? faultFlags : []).map((f) => {
      try {
        return parseFault(String(f));
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    });
    const seedText = stringFlag(args, 'seed');
    const seed = seedText === undefined ? Math.floor(createRandom(Date.now() % 2 ** 31).next() * 2 ** 31) : numberFlag(args, 'seed', 1, 0, 2 ** 31 - 1);
    const log = (line: string) => io.err(`simulate ${device}: ${line}\n`);
    let impedanceOhms: number[] | undefined;
    const impedance = stringFlag(args, 'impedance');
    if (impedance !== undefined) {
      impedanceOhms = impedance.split(',').map((v) => Number(v));
      if (impedanceOhms.some((v) => !(v >= 0))) throw new UsageError(`--impedance: expected comma-separated ohms, got '${impedance}'`);
    }
    let simulator: SerialSimulator;
    if (device === 'cyton' || device === 'daisy') {
      simulator = new CytonSimulator({ daisy: device === 'daisy', seed, faults, log, autoCues: args.values['auto-cues'] === true, impedanceOhms });
    } else if (device === 'unicorn') {
      simulator = new UnicornSimulator({ seed, faults, log, autoCues: args.values['auto-cues'] === true });
    } else {
      simulator = new OpenEegSimulator({ protocol: device === 'openeeg-p2' ? 'p2' : 'p3', seed, faults, log, autoCues: args.values['auto-cues'] === true, microvoltsPerCount: numberFlag(args, 'uv-per-count', 0.5, 1e-6, 1e6) });
    }
    await simulator.listen(port);
    log(`listening on ${port} (seed ${seed}${faults.length ? `, faults ${faults.map((f) => `${f.name}@${f.atSec}`).join(' ')}` : ''})`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await simulator.close();
    log('stopped');
    return 0;
  },
};

/** The trigger sink until killed (or gone, with --gone-after): every command received printed on stdout. */
async function runTriggerSink(args: ParsedArgs, io: CommandIo): Promise<number> {
  const port = stringFlag(args, 'port');
  const tcp = stringFlag(args, 'tcp');
  if ((port === undefined) === (tcp === undefined)) throw new UsageError('trigger-sink: give either --port PATH (a serial port or pty end) or --tcp PORT (on 127.0.0.1)');
  const baud = numberFlag(args, 'baud', DEFAULT_TRIGGER_BAUD, 1, 1e7);
  if (!(TRIGGER_BAUD_RATES as readonly number[]).includes(baud)) throw new UsageError(`--baud: expected one of ${TRIGGER_BAUD_RATES.join(', ')}, got ${baud}`);
  const goneText = stringFlag(args, 'gone-after');
  const goneAfter = goneText === undefined ? undefined : numberFlag(args, 'gone-after', 0, 0, 1e9);
  if (goneAfter !== undefined && !Number.isInteger(goneAfter)) throw new UsageError(`--gone-after: expected a whole number of commands, got '${goneText}'`);
  const log = (line: string) => io.err(`simulate trigger-sink: ${line}\n`);
  let gone: () => void = () => undefined;
  const goneNow = new Promise<void>((resolve) => (gone = resolve));
  const sink = new TriggerSinkSimulator({
    goneAfter,
    log,
    onCommand: (command) => {
      io.out(`${describeCommand(command)}\n`);
      if (goneAfter !== undefined && sink.received.length >= goneAfter) gone();
    },
  });
  if (port !== undefined) {
    await sink.listenSerial(port, baud);
    log(`listening on serial:${port}@${baud}`);
  } else {
    const wanted = numberFlag(args, 'tcp', 0, 0, 65535);
    if (!Number.isInteger(wanted)) throw new UsageError(`--tcp: expected a port number, got '${tcp}'`);
    log(`listening on tcp:127.0.0.1:${await sink.listenTcp(wanted)}`);
  }
  const onSignal = () => gone();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  await goneNow;
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  await sink.close();
  log(`stopped after ${sink.received.length} commands`);
  return 0;
}

/** A command as one printable line: text as it is (a JSON line, a text command), other bytes in hex. */
function describeCommand(command: ReceivedCommand): string {
  const printable = /^[\x20-\x7e\t]*$/.test(command.text);
  return printable ? command.text : `hex ${[...command.bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ')}`;
}
