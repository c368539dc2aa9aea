// `neurofeat simulate`: a byte-faithful amplifier on a serial port (a pty end), with faults on demand, until killed.
import { createRandom } from '../../core/random.ts';
import { CytonSimulator } from '../../engine/devices/simulators/cyton-simulator.ts';
import { OpenEegSimulator } from '../../engine/devices/simulators/openeeg-simulator.ts';
import { parseFault, SIMULATOR_FAULTS, type SerialSimulator } from '../../engine/devices/simulators/serial-simulator.ts';
import { UnicornSimulator } from '../../engine/devices/simulators/unicorn-simulator.ts';
import { numberFlag, stringFlag, UsageError, type Command } from '../command.ts';

const SIMULATED = ['cyton', 'daisy', 'unicorn', 'openeeg-p2', 'openeeg-p3'];

export const simulateCommand: Command = {
  help: `Usage: neurofeat simulate --device D --port PATH [--fault NAME@SEC[:ARG]]... [--auto-cues] [--seed N]

Speaks device D's real protocol on PATH, one end of a pseudo-terminal pair; a driver (NeuroFeat's, or
OpenBCI's own software) opens the other end. Make a pair with:
  socat pty,raw,echo=0,link=/tmp/amp pty,raw,echo=0,link=/tmp/host
then 'neurofeat simulate --device cyton --port /tmp/amp' and 'neurofeat record --device cyton --port /tmp/host ...'.
EEG comes from the built-in model (mu/beta rhythms over C3/C4 that desynchronise on cue). Runs until killed.
  --device D            ${SIMULATED.join(', ')}
  --fault NAME@SEC[:ARG] repeatable; NAME: ${SIMULATOR_FAULTS.join(', ')}
                        drop-bytes:N bytes, counter-gap:N packets, unplug:SECONDS silent, slow:MS reply delay,
                        garbage:N bytes, board-off/board-on (Cyton: 'v' answers the dongle's timeout), reset
  --auto-cues           a Graz-like cue cycle (4 s rest, 4 s left or right) drives the rhythms; a Cyton in
                        marker mode also sends L/R markers. Cyton markers L/1, R/2, 0/N set the cue.
  --impedance OHMS,...  Cyton/Daisy: electrode impedance per channel seen by lead-off measurements
  --uv-per-count X      OpenEEG: µV per count (default 0.5)`,
  options: {
    device: { type: 'string' },
    port: { type: 'string' },
    fault: { type: 'string', multiple: true },
    'auto-cues': { type: 'boolean' },
    impedance: { type: 'string' },
    'uv-per-count': { type: 'string' },
  },
  async run(args, io) {
    const device = stringFlag(args, 'device');
    if (!device || !SIMULATED.includes(device)) throw new UsageError(`--device: expected one of ${SIMULATED.join(', ')}, got '${device ?? ''}'`);
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
