#!/usr/bin/env node
// The `neurofeat` command: checks the Node version, then runs the TypeScript CLI directly (Node strips types).
import { spawnSync } from 'node:child_process';
import { nodeVersionProblem } from '../scripts/check-node.js';

const problem = nodeVersionProblem();
if (problem) {
  process.stderr.write(`neurofeat: ${problem}\n`);
  process.exit(2);
}
if (!process.features.typescript) {
  // Node 22.13-22.17 strips types only when asked.
  const child = spawnSync(process.execPath, ['--experimental-strip-types', '--no-warnings', ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}
const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
