// `npm run package`: builds the app and its installers with electron-builder (build/electron-builder.yml) where the
// network allows: Linux AppImage + deb on Linux, Windows NSIS on Windows (`-- --win` on Linux needs wine). Offline it
// fails with one line saying which address could not be reached.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { nodeVersionProblem } from './check-node.js';

/** The electron-builder release this configuration was written and checked against (fetched from the npm registry on first use). */
const electronBuilderVersion = '26.17.0';

const root = path.resolve(import.meta.dirname, '..');
const problem = nodeVersionProblem();
if (problem) {
  console.error(problem);
  process.exit(1);
}

/** Where electron-builder downloads the Electron runtime and its packaging tools (AppImage, fpm, NSIS) from. */
function downloadOrigins() {
  const originOf = (url) => new URL(url).origin;
  return [...new Set([
    process.env.ELECTRON_MIRROR ? originOf(process.env.ELECTRON_MIRROR) : 'https://github.com',
    process.env.ELECTRON_BUILDER_BINARIES_MIRROR ? originOf(process.env.ELECTRON_BUILDER_BINARIES_MIRROR) : 'https://github.com',
  ])];
}

/** The first download origin that cannot be reached (with the reason), or null. */
async function unreachableOrigin() {
  for (const origin of downloadOrigins()) {
    try {
      const response = await fetch(origin, { method: 'HEAD', signal: AbortSignal.timeout(10_000) });
      void response.body?.cancel();
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      return `${new URL(origin).host} cannot be reached (${cause instanceof Error ? cause.message : String(cause)})`;
    }
  }
  return null;
}

const offline = await unreachableOrigin();
if (offline) {
  console.error(`npm run package needs the network and ${offline}: electron-builder downloads the Electron runtime and its packaging tools from there; run it where the network allows (or set ELECTRON_MIRROR and ELECTRON_BUILDER_BINARIES_MIRROR). Nothing was built.`);
  process.exit(1);
}

const steps = [
  ['the app (electron-vite build)', path.join(root, 'node_modules', '.bin', 'electron-vite'), ['build']],
  [`the installers (electron-builder ${electronBuilderVersion})`, process.platform === 'win32' ? 'npm.cmd' : 'npm',
    ['exec', '--yes', `--package=electron-builder@${electronBuilderVersion}`, '--', 'electron-builder', '--config', 'build/electron-builder.yml', '--publish', 'never', ...process.argv.slice(2)]],
];
for (const [what, command, args] of steps) {
  console.log(`Building ${what} ...`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.error(`npm run package: building ${what} failed (exit ${result.status ?? result.signal}); see the output above.`);
    process.exit(1);
  }
}
console.log(`Installers written to ${path.join('dist', 'installers')}.`);
