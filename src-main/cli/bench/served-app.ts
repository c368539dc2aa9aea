// The app as the browser suites of `neurofeat bench` run it: the headless host (`neurofeat serve`) as a process and Chromium's path and flags.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** `bin/neurofeat.js`, run with this process's Node. */
export const cliEntry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/neurofeat.js');

/** Where Chromium is looked for: `CHROMIUM_PATH`, else Debian's. */
export const chromiumPath = (): string => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Chromium without a GPU and without anything that would reach the network or load the machine in the background. */
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export interface ServedHost {
  /** The first line `neurofeat serve` prints: the page's address with its token. */
  url: string;
  /** Stops the host (SIGTERM) and waits for it to exit. */
  stop: () => Promise<void>;
}

/** Starts `neurofeat serve --data-dir DIR` and resolves once it has printed its address. */
export async function startServe(dataDir: string): Promise<ServedHost> {
  const serve = spawn(process.execPath, [cliEntry, 'serve', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'ignore'] });
  const exited = new Promise<void>((resolve) => serve.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: serve.stdout! }).once('line', resolve);
    serve.once('exit', (code) => reject(new Error(`neurofeat serve exited with ${code}`)));
  });
  return {
    url,
    stop: async () => {
      if (serve.exitCode === null && serve.signalCode === null) serve.kill('SIGTERM');
      await exited;
    },
  };
}
