#!/usr/bin/env node
// The `neurofeat` command: checks the Node version, then runs the TypeScript CLI directly (Node strips types).
import { spawn } from 'node:child_process';
import module from 'node:module';
import { constants } from 'node:os';
import { nodeVersionProblem } from '../scripts/check-node.js';

const problem = nodeVersionProblem();
if (problem) {
  process.stderr.write(`neurofeat: ${problem}\n`);
  process.exit(2);
}
if (!process.features.typescript) {
  // Node 22.13-22.17 strips types only when asked: run again with the flag, passing stop signals on.
  const child = spawn(process.execPath, ['--experimental-strip-types', '--no-warnings', ...process.argv.slice(1)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
} else {
  // Node keeps the compiled (type-stripped) modules in its compile cache: about half the start-up time of a command.
  module.enableCompileCache?.();
  const { main } = await import('../src-main/cli/main.ts');
  process.exitCode = await main(process.argv.slice(2));
}
