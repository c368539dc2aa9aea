// `npm start`: the Electron app (built first when needed, its binary fetched once when absent); the headless host when
// there is no binary and it cannot be fetched, or with `--headless`. Stop signals are forwarded and the child awaited.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { nodeVersionProblem } from './check-node.js';
import { downloadElectronBinary, electronBinary, electronInstallCommand } from './electron-binary.js';

const problem = nodeVersionProblem();
if (problem) {
  console.error(problem);
  process.exit(1);
}

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const headlessAsked = args.includes('--headless');
const appArgs = args.filter((a) => a !== '--headless');

// Signals that arrive while building or downloading end this process at once; once the app runs they are forwarded.
let child = null;
function stop(signal) {
  if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
  else process.exit(128 + constants.signals[signal]);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));
// `npm start` runs this under `sh -c`; a SIGTERM that npm forwards ends that shell, not this process, which is then
// handed to another parent. A changed parent therefore stops the app like SIGTERM.
const parentAtStart = process.ppid;
setInterval(() => {
  if (process.ppid !== parentAtStart) stop('SIGTERM');
}, 500).unref();

const built = ['out/main/main.js', 'out/preload/preload.cjs', 'out/renderer/index.html'].every((f) => existsSync(path.join(root, f)));
if (!built) {
  console.error('Building the app once (electron-vite build) ...');
  // The build's log goes to stderr: the app's first line on stdout stays the headless address.
  const build = spawnSync(path.join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/** The Electron binary, fetched now when it is missing; null (after one line saying why) for the headless host. */
async function desktopBinary() {
  if (headlessAsked) return null;
  const present = electronBinary(root);
  if (present) return present;
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1') {
    console.error(`No Electron binary and ELECTRON_SKIP_BINARY_DOWNLOAD=1, so NeuroFeat starts headless; the desktop app needs: ${electronInstallCommand}`);
    return null;
  }
  try {
    return await downloadElectronBinary(root);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    console.error(`No Electron binary, and it could not be downloaded (${why}), so NeuroFeat starts headless; where the network allows, get the desktop app with: ${electronInstallCommand}`);
    return null;
  }
}

const binary = await desktopBinary();
if (binary) {
  // The Electron main process reads `--data-dir=DIR` (one argument); `neurofeat serve` takes both forms.
  const electronArgs = appArgs.flatMap((arg, i) => (arg === '--data-dir' ? [] : appArgs[i - 1] === '--data-dir' ? [`--data-dir=${arg}`] : [arg]));
  child = spawn(binary, [root, ...electronArgs], { cwd: root, stdio: 'inherit' });
} else {
  console.error('Headless: open the address on the first line below in a browser on this machine (Ctrl-C stops it).');
  child = spawn(process.execPath, [path.join(root, 'bin', 'neurofeat.js'), 'serve', ...appArgs], { cwd: root, stdio: 'inherit' });
}
child.on('error', (error) => {
  console.error(`NeuroFeat could not be started: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
