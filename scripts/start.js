// `npm start`: the Electron app (built first when needed); without an Electron binary, the headless host instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { electronBinary as findElectron } from './electron-binary.js';

const root = path.resolve(import.meta.dirname, '..');
const built = ['out/main/main.js', 'out/preload/preload.cjs', 'out/renderer/index.html'].every((f) => existsSync(path.join(root, f)));
if (!built) {
  const build = spawnSync(path.join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const electronBinary = findElectron(root);

const child = electronBinary
  ? spawn(electronBinary, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
  : (() => {
      console.error('No Electron binary is installed (the electron package could not download it), so NeuroFeat starts headless:');
      console.error('open the address below in a browser on this machine. Reinstall with internet access to get the desktop app.');
      return spawn(process.execPath, [path.join(root, 'bin', 'neurofeat.js'), 'serve', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
    })();
child.on('exit', (code) => process.exit(code ?? 0));
