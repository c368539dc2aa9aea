// Launches the engine as a Node child process (CLI, headless host, tests): the TypeScript entry runs directly.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineHandle, EngineLauncher } from './engine-supervisor.ts';

export const engineEntry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../engine/engine-process.ts');

export function nodeEngineLauncher(entry = engineEntry): EngineLauncher {
  return (): EngineHandle => {
    const child = fork(entry, [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: process.features.typescript ? [] : ['--experimental-strip-types', '--no-warnings'],
    });
    return {
      send: (message) => {
        if (child.connected) child.send(message as never);
      },
      onMessage: (handler) => child.on('message', handler),
      onExit: (handler) => child.on('exit', (code, signal) => handler(signal ? `signal ${signal}` : `exit code ${code}`)),
      kill: () => child.kill('SIGTERM'),
      forceKill: () => child.kill('SIGKILL'),
      pid: child.pid,
    };
  };
}
