// Finds the Electron executable, and fetches it once the way electron 45 does (its @electron/get download, then its install.js).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The command that fetches the Electron binary later, as the messages name it. */
export const electronInstallCommand = 'npm run electron:install';

/** Seconds without a byte arriving after which a download is given up. */
const stallSeconds = 30;

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

/** One line for a failed download: the error and its cause (fetch hides the network error in `cause`). */
export function describeDownloadError(error) {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return `no data arrived for ${stallSeconds} s`;
  const cause = error.cause instanceof Error ? error.cause : null;
  const detail = cause ? (cause.code && !cause.message.includes(cause.code) ? `${cause.code}: ${cause.message}` : cause.message) : '';
  const code = error.code ?? cause?.code;
  if (code === 'EACCES' || code === 'EROFS' || code === 'ENOTDIR' || code === 'EPERM') {
    return `${error.message} (the download cache cannot be written; set electron_config_cache to a writable folder, e.g. electron_config_cache=/tmp/electron-cache ${electronInstallCommand})`;
  }
  return detail && !error.message.includes(detail) ? `${error.message} (${detail})` : error.message;
}

function megabytes(bytes) {
  return `${(bytes / 1e6).toFixed(0)} MB`;
}

/** Progress for a terminal (one line rewritten) or a log (a line every 10%). */
function progressPrinter(label, stream) {
  let lastDecile = -1;
  return ({ transferred, total, percent }) => {
    const text = total ? `${label}: ${Math.floor(percent * 100)}% of ${megabytes(total)}` : `${label}: ${megabytes(transferred)}`;
    if (stream.isTTY) {
      stream.write(`\r${text}${percent >= 1 ? '\n' : ''}`);
    } else {
      const decile = Math.floor(percent * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        stream.write(`${text}\n`);
      }
    }
  };
}

/**
 * Downloads the Electron binary of the installed electron package with @electron/get (cache, mirrors and checksums as
 * electron's own install.js), showing progress on `stream`, then lets electron's install.js unpack it from the cache.
 * Resolves to the binary's path; rejects with an Error whose message is one line saying why.
 */
export async function downloadElectronBinary(root, stream = process.stderr) {
  const packageDir = path.join(root, 'node_modules', 'electron');
  if (!existsSync(path.join(packageDir, 'package.json'))) throw new Error('the electron package is not installed (run npm install)');
  const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  const requireFromElectron = createRequire(path.join(packageDir, 'package.json'));
  const { downloadArtifact } = await import(pathToFileURL(requireFromElectron.resolve('@electron/get')).href);
  const platform = process.env.ELECTRON_INSTALL_PLATFORM || process.env.npm_config_platform || process.platform;
  const arch = process.env.ELECTRON_INSTALL_ARCH || process.env.npm_config_arch || process.arch;
  const from = process.env.ELECTRON_MIRROR || process.env.npm_config_electron_mirror || 'github.com/electron/electron/releases';

  stream.write(`Downloading the Electron ${version} binary for ${platform}-${arch} once (about 110 MB, from ${from}) into node_modules/electron/dist\n`);
  const controller = new AbortController();
  let stall = setTimeout(() => controller.abort(), stallSeconds * 1000);
  const show = progressPrinter(`Electron ${version}`, stream);
  try {
    await downloadArtifact({
      version,
      artifactName: 'electron',
      platform,
      arch,
      cacheRoot: process.env.electron_config_cache,
      // As electron's install.js: the checksums shipped with the package, unless a mirror's SHASUMS256.txt is asked for.
      checksums: process.env.electron_use_remote_checksums || process.env.npm_config_electron_use_remote_checksums
        ? undefined
        : requireFromElectron('./checksums.json'),
      downloadOptions: {
        quiet: true,
        signal: controller.signal,
        getProgressCallback: (progress) => {
          clearTimeout(stall);
          stall = setTimeout(() => controller.abort(), stallSeconds * 1000);
          show(progress);
        },
      },
    });
  } catch (error) {
    throw new Error(describeDownloadError(error), { cause: error });
  } finally {
    clearTimeout(stall);
  }
  // The archive is in @electron/get's cache now: electron's install.js unpacks it and writes path.txt, as on first use.
  const unpack = spawnSync(process.execPath, [path.join(packageDir, 'install.js')], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const binary = electronBinary(root);
  if (unpack.status !== 0 || !binary) {
    const reason = (unpack.stderr ?? '').trim().split('\n')[0] || `electron's install.js exited with ${unpack.status}`;
    throw new Error(`the download arrived but could not be unpacked: ${reason}`);
  }
  return binary;
}
