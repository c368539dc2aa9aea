// `neurofeat serve`: the headless host; the first stdout line is the URL with this launch's token.
import { numberFlag, stringFlag, type Command } from '../command.ts';
import { startHost } from '../../host/host-server.ts';
import { resolveDataDir } from '../../services/paths.ts';

export const serveCommand: Command = {
  help: `Usage: neurofeat serve [--port N] [--data-dir DIR] [--bind ADDRESS]

Serves the built renderer and the API on 127.0.0.1. The first line on stdout is the address to open,
http://127.0.0.1:PORT/?token=TOKEN; requests without that token are refused. Runs until killed.
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
    const host = await startHost({ dataDir, port, bindAddress: stringFlag(args, 'bind'), log: (line) => io.err(`${line}\n`) });
    io.out(`${host.url}\n`);
    io.err(`NeuroFeat host on ${host.url.split('?')[0]} (data folder ${dataDir})\n`);
    if (host.api.storageProblem) io.err(`warning: ${host.api.storageProblem} The app will show this and refuse to store anything.\n`);
    await new Promise<void>((resolve) => {
      const shutDown = () => resolve();
      process.once('SIGINT', shutDown);
      process.once('SIGTERM', shutDown);
    });
    await host.close();
    return 0;
  },
};
