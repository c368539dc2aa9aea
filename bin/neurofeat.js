#!/usr/bin/env node
// The `neurofeat` command: checks the Node version, then runs the TypeScript CLI directly (Node strips types).
import { spawnSync } from 'node:child_process';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  process.stderr.write(`neurofeat: Node >= 22.13 is required (24 LTS recommended); found ${process.version}.\n`);
  process.exit(2);
}
if (!process.features.typescript) {
  // Node 22.13-22.17 strips types only when asked.
  const child = spawnSync(process.execPath, ['--experimental-strip-types', '--no-warnings', ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}
const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
