// `npm run electron:install`: fetches the Electron binary (once, with progress) so that `npm start` opens the desktop app.
import path from 'node:path';
import { downloadElectronBinary, electronBinary } from './electron-binary.js';

const root = path.resolve(import.meta.dirname, '..');
const present = electronBinary(root);
if (present) {
  console.log(`The Electron binary is installed: ${path.relative(root, present)}`);
} else {
  try {
    const binary = await downloadElectronBinary(root);
    console.log(`Installed ${path.relative(root, binary)}: npm start now opens the desktop app.`);
  } catch (error) {
    console.error(`electron:install: the Electron binary could not be downloaded: ${error instanceof Error ? error.message : String(error)}. Run it again where github.com (or ELECTRON_MIRROR) can be reached.`);
    process.exitCode = 1;
  }
}
