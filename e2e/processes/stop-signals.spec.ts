// `npm start` (headless) and `neurofeat serve` stop on SIGTERM and SIGINT sent to them alone: children ended, database closed.
import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { DATABASE_FILE } from '../../src-main/services/storage/database.ts';
import { repositoryRoot } from '../fixtures.ts';

test.skip(process.platform !== 'linux', 'the process tree is read from /proc');

/** Pid, parent pid and state of every process, from /proc. */
function processTable(): { pid: number; ppid: number; state: string }[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).flatMap((name) => {
    try {
      // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so split after the last ')'.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return [{ pid: Number(name), ppid: Number(ppid), state }];
    } catch {
      return []; // ended while being read
    }
  });
}

/** The pids below `root` (children, grandchildren ...). */
function descendants(root: number): number[] {
  const table = processTable();
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const p of table) {
      if (p.ppid === parent) {
        found.push(p.pid);
        queue.push(p.pid);
      }
    }
  }
  return found;
}

/** Whether a pid still runs (a zombie waiting for its reaper has ended). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

interface Started {
  child: ChildProcess;
  url: string;
  stderr: string[];
  dataDir: string;
}

/** Starts a command that prints the host's tokened URL first on stdout, and waits for the engine to be up. */
async function startUntilUrl(args: string[], dataDir: string, env: NodeJS.ProcessEnv = {}, command = process.execPath): Promise<Started> {
  const child = spawn(command, args, { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  spawned.push(child);
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk) => stderr.push(String(chunk)));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing the address: ${stderr.join('')}`)));
  });
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
  return { child, url: url.trim(), stderr, dataDir };
}

/** Sends `signal` to the process alone (not its group), then checks its exit, its descendants and the database. */
async function stopAndCheck(started: Started, signal: NodeJS.Signals, cleanExit = true): Promise<void> {
  const { child, dataDir } = started;
  // The engine process is up once the tree has a grandchild or child running engine-process.ts.
  await expect.poll(() => descendants(child.pid!).length, { timeout: 20_000 }).toBeGreaterThan(0);
  const tree = descendants(child.pid!);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, s) => resolve({ code, signal: s })));
  process.kill(child.pid!, signal);
  const result = await exited;
  if (cleanExit) expect(result, `exit after ${signal}; stderr: ${started.stderr.join('')}`).toEqual({ code: 0, signal: null });
  await expect.poll(() => tree.filter(alive), { timeout: 10_000, message: `processes left after ${signal}` }).toEqual([]);
  // SQLite removes the write-ahead log when the last connection closes cleanly.
  expect(existsSync(path.join(dataDir, DATABASE_FILE)), 'the database was created').toBe(true);
  expect(existsSync(path.join(dataDir, `${DATABASE_FILE}-wal`)), 'the database was closed (no write-ahead log left)').toBe(false);
  expect(started.stderr.join('')).toContain(`stopping (${signal})`);
}

/** A local port nothing listens on (connections to it are refused). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let scratch: string;
/** Every process a test started, with its descendants killed after the test should an assertion stop it midway. */
const spawned: ChildProcess[] = [];
test.beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'nf-signals-'));
});
test.afterEach(() => {
  for (const child of spawned.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    for (const pid of [...descendants(child.pid!).reverse(), child.pid!]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
});
test.afterAll(() => rmSync(scratch, { recursive: true, force: true }));

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`neurofeat serve stops on ${signal}: engine ended, database closed, exit 0`, async () => {
    const dataDir = path.join(scratch, `serve-${signal}`);
    const started = await startUntilUrl([path.join(repositoryRoot, 'bin', 'neurofeat.js'), 'serve', '--data-dir', dataDir], dataDir);
    await stopAndCheck(started, signal);
  });

  test(`npm start (headless) forwards ${signal}: host and engine ended, database closed, exit 0`, async () => {
    const dataDir = path.join(scratch, `start-${signal}`);
    const started = await startUntilUrl([path.join(repositoryRoot, 'scripts', 'start.js'), '--headless', '--data-dir', dataDir], dataDir);
    expect(descendants(started.child.pid!).length).toBeGreaterThan(0);
    await stopAndCheck(started, signal);
  });
}

test('npm start run by npm stops when npm gets SIGTERM (npm forwards it to its shell, which leaves start.js)', async () => {
  const dataDir = path.join(scratch, 'npm-start');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const started = await startUntilUrl(['start', '--silent', '--', '--headless', '--data-dir', dataDir], dataDir, {}, npm);
  // npm reports its shell's death by the signal in its own exit code; what counts is what is left running.
  await stopAndCheck(started, 'SIGTERM', false);
});

test('npm start without an Electron binary that cannot be downloaded says why and how to get it, then runs headless', async () => {
  const dataDir = path.join(scratch, 'fallback');
  const started = await startUntilUrl([path.join(repositoryRoot, 'scripts', 'start.js'), '--data-dir', dataDir], dataDir, {
    // No binary (an empty override folder) and a mirror that refuses connections: the offline case, made certain.
    ELECTRON_OVERRIDE_DIST_PATH: path.join(scratch, 'no-electron'),
    ELECTRON_MIRROR: `http://127.0.0.1:${await closedPort()}/`,
    electron_config_cache: path.join(scratch, 'electron-cache'),
  });
  const said = started.stderr.join('');
  expect(said).toMatch(/No Electron binary, and it could not be downloaded \(.*ECONNREFUSED.*\), so NeuroFeat starts headless; .*npm run electron:install/);
  expect(said.split('\n').filter((line) => line.includes('could not be downloaded'))).toHaveLength(1);
  await stopAndCheck(started, 'SIGTERM');
});

test('npm start runs the Electron binary with the app and --data-dir=DIR, and forwards SIGTERM to it', async () => {
  // A stand-in for the Electron binary (ELECTRON_OVERRIDE_DIST_PATH, as electron itself honours): it records its
  // arguments, says it is up, and exits 0 on SIGTERM like Electron's graceful shutdown.
  const dist = path.join(scratch, 'stand-in-electron');
  mkdirSync(dist);
  const record = path.join(scratch, 'electron-args');
  writeFileSync(path.join(dist, 'electron'), `#!/bin/sh
echo "$@" > "${record}"
trap 'kill $sleeper; echo "stopped by TERM" >> "${record}"; exit 0' TERM
echo "stand-in electron up"
sleep 600 &
sleeper=$!
wait $sleeper
`);
  chmodSync(path.join(dist, 'electron'), 0o755);
  const child = spawn(process.execPath, [path.join(repositoryRoot, 'scripts', 'start.js'), '--data-dir', '/tmp/nf-data'], {
    cwd: repositoryRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: dist },
  });
  spawned.push(child);
  await new Promise<void>((resolve) => createInterface({ input: child.stdout! }).on('line', (line) => line === 'stand-in electron up' && resolve()));
  const tree = descendants(child.pid!);
  expect(tree.length).toBeGreaterThan(0);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  process.kill(child.pid!, 'SIGTERM');
  expect(await exited).toBe(0);
  expect(readFileSync(record, 'utf8')).toBe(`${repositoryRoot} --data-dir=/tmp/nf-data\nstopped by TERM\n`);
  await expect.poll(() => tree.filter(alive), { timeout: 10_000 }).toEqual([]);
});
