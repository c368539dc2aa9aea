// A socat pseudo-terminal pair standing in for an amplifier's serial cable: one end for the simulator, one for the driver.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface PtyPair {
  /** The simulator's end. */
  device: string;
  /** The driver's end. */
  host: string;
  dir: string;
  /** Kills socat (the ports vanish, as when a dongle is unplugged). */
  kill(): Promise<void>;
  /** Starts socat again on the same paths (the dongle is plugged back in). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

async function startSocat(device: string, host: string): Promise<ChildProcess> {
  const child = spawn('socat', [`pty,raw,echo=0,link=${device}`, `pty,raw,echo=0,link=${host}`], { stdio: 'ignore' });
  const deadline = Date.now() + 5000;
  while (!(existsSync(device) && existsSync(host))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error('socat did not create the pty pair within 5 s');
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return child;
}

async function stop(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export async function createPtyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(path.join(tmpdir(), 'neurofeat-pty-'));
  const device = path.join(dir, 'device');
  const host = path.join(dir, 'host');
  let child: ChildProcess | null = await startSocat(device, host);
  return {
    device, host, dir,
    async kill() { await stop(child); child = null; },
    async restart() { child = await startSocat(device, host); },
    async close() { await stop(child); child = null; rmSync(dir, { recursive: true, force: true }); },
  };
}
