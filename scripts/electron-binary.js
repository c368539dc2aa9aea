// Finds the installed Electron executable without the electron package's lazy download (which needs internet).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The path of the Electron binary, or null when the package was installed without it. */
export function electronBinary(root) {
  const packageDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const candidate = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return existsSync(candidate) ? candidate : null;
  }
  if (!relative) return null;
  const candidate = path.join(packageDir, 'dist', relative);
  return existsSync(candidate) ? candidate : null;
}
