// `neurofeat serve`: the headless host; the first stdout line is the URL with this launch's token.
import { numberFlag, stringFlag, type Command } from '../command.ts';
import { startHost } from '../../host/host-server.ts';
import { closeFeatureWorkers } from '../../services/jobs/feature-job.ts';
import { resolveDataDir } from '../../services/paths.ts';

/** How long a stop signal may take to close the host before the process exits anyway. */
const stopGraceMs = 10_000;

/**
 * Resolves with the first SIGINT, SIGTERM or SIGHUP; later ones are absorbed while the host closes (a terminal's
 * Ctrl-C reaches both `npm start` and this process, and `npm start` forwards it too).
 */
function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => resolve(signal));
  });
}

export const serveCommand: Command = {
  help: `Usage: neurofeat serve [--port N] [--data-dir DIR] [--bind ADDRESS]

Serves the built renderer and the API on 127.0.0.1. The first line on stdout is the address to open,
http://127.0.0.1:PORT/?token=TOKEN; requests without that token are refused. Runs until SIGINT (Ctrl-C),
SIGTERM or SIGHUP, then closes the connections, the engine and the database and exits 0.
  --port N        port to listen on (default: a free one)
  --bind ADDRESS  listen on another interface (the token is still required); default 127.0.0.1
  --data-dir DIR  where the database lives (default NEUROFEAT_DATA_DIR, then the app's data folder)`,
  options: {
    port: { type: 'string' },
    bind: { type: 'string' },
  },
  async run(args, io) {
    const port = numberFlag(args, 'port', 0, 0, 65535);
    const dataDir = resolveDataDir(stringFlag(args, 'data-dir'));
    const stopped = untilStopSignal(); // listening before the address is printed: a signal during start-up still closes
    const host = await startHost({ dataDir, port, bindAddress: stringFlag(args, 'bind'), log: (line) => io.err(`${line}\n`) });
    io.out(`${host.url}\n`);
    io.err(`NeuroFeat host on ${host.url.split('?')[0]} (data folder ${dataDir})\n`);
    if (host.api.storageProblem) io.err(`warning: ${host.api.storageProblem} The app will show this and refuse to store anything; choose a writable folder with --data-dir DIR (or NEUROFEAT_DATA_DIR).\n`);
    const signal = await stopped;
    io.err(`NeuroFeat host stopping (${signal}): closing connections, the engine and the database\n`);
    // A shutdown that hangs must still end: the process exits after the grace period.
    const deadline = setTimeout(() => {
      io.err(`NeuroFeat host did not stop within ${stopGraceMs / 1000} s after ${signal}; exiting anyway\n`);
      process.exit(1);
    }, stopGraceMs);
    deadline.unref();
    await host.close();
    await closeFeatureWorkers();
    clearTimeout(deadline);
    return 0;
  },
};
