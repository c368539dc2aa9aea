// The set-up commands on bad input: an old Node, no network (electron:install, package), an unwritable home; one line each with the fix.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../support/shared-data.ts';
import { storedZip } from '../support/stored-zip.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'nf-setup-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs a Node script of the repository and returns its exit code and output lines. */
function runScript(node: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(node, args, { cwd: repositoryRoot, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');
  return { code: result.status, stdout: lines(result.stdout), stderr: lines(result.stderr) };
}

/** Runs a command without blocking this process (which may be serving it) and collects its output. */
function runAsync(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A local URL nothing listens on: connections are refused at once, as on a machine without network. */
async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/`;
}

/** A Node older than 22.13 on this machine (Debian's /usr/bin/node), if there is one. */
function oldNode(): string | null {
  const version = spawnSync('/usr/bin/node', ['-p', 'process.versions.node'], { encoding: 'utf8' });
  if (version.status !== 0) return null;
  const [major, minor] = version.stdout.trim().split('.').map(Number);
  return major < 22 || (major === 22 && minor < 13) ? '/usr/bin/node' : null;
}

describe('Node older than 22.13', () => {
  it('is named with the command that gets Node 24 (the check, for several versions)', () => {
    const check = (version: string) => runScript(process.execPath, ['--input-type=module', '-e',
      `import { nodeVersionProblem } from './scripts/check-node.js'; console.log(JSON.stringify(nodeVersionProblem(${JSON.stringify(version)})));`]);
    for (const old of ['22.12.0', '20.19.2', 'v18.0.0']) {
      const message = JSON.parse(check(old).stdout[0]) as string;
      expect(message).toBe(`NeuroFeat needs Node >= 22.13 (24 LTS recommended); this is v${old.replace(/^v/, '')}. Get Node 24 with: npm install --prefix .tools node@24 && export PATH="$PWD/.tools/node_modules/node/bin:$PATH"`);
    }
    for (const fine of ['22.13.0', '22.18.1', '24.0.0', '25.1.0']) expect(JSON.parse(check(fine).stdout[0])).toBeNull();
  });

  const node = oldNode();
  it.skipIf(node === null)('stops neurofeat, npm start and npm run package in one line each (a real old Node: Debian\'s /usr/bin/node)', () => {
    for (const [args, code] of [[['bin/neurofeat.js', '--help'], 2], [['scripts/start.js'], 1], [['scripts/package.js'], 1], [['scripts/check-node.js'], 1]] as const) {
      const result = runScript(node!, [...args]);
      expect(result.code, args.join(' ')).toBe(code);
      expect(result.stderr, args.join(' ')).toHaveLength(1);
      expect(result.stderr[0]).toMatch(/needs Node >= 22\.13 .*Get Node 24 with: npm install --prefix \.tools node@24/);
    }
  });
});

describe('no network', () => {
  it('npm run electron:install fails in one line naming the refused download and saying to run it again online', async () => {
    const result = runScript(process.execPath, ['scripts/electron-install.js'], {
      ELECTRON_OVERRIDE_DIST_PATH: path.join(scratch, 'no-electron'),
      ELECTRON_MIRROR: await refusedUrl(),
      electron_config_cache: path.join(scratch, 'electron-cache'),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toHaveLength(2); // the announcement of the download, then the reason
    expect(result.stderr[0]).toMatch(/^Downloading the Electron \d+\.\d+\.\d+ binary for /);
    expect(result.stderr[1]).toMatch(/^electron:install: the Electron binary could not be downloaded: fetch failed \(.*ECONNREFUSED.*\)\. Run it again where/);
  });

  it('npm run package fails in one line naming the address it cannot reach, and builds nothing', async () => {
    const mirror = await refusedUrl();
    const result = runScript(process.execPath, ['scripts/package.js'], { ELECTRON_MIRROR: mirror, ELECTRON_BUILDER_BINARIES_MIRROR: mirror });
    expect(result.code).toBe(1);
    expect(result.stdout).toEqual([]);
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toMatch(/^npm run package needs the network and 127\.0\.0\.1:\d+ cannot be reached \(.*ECONNREFUSED.*\).*Nothing was built\.$/);
  });
});

describe('with network: the Electron binary is fetched once, with progress, the way electron 45 does', () => {
  it('downloads through @electron/get from the mirror, unpacks with electron\'s install.js, and finds it afterwards', async () => {
    // A copy of the installed electron package in a scratch project (its dependencies linked), so that unpacking
    // does not touch the real node_modules; a local mirror serves a stand-in archive and its SHASUMS256.txt.
    const installed = path.join(repositoryRoot, 'node_modules');
    const { version } = JSON.parse(readFileSync(path.join(installed, 'electron', 'package.json'), 'utf8')) as { version: string };
    const project = path.join(scratch, 'online');
    mkdirSync(path.join(project, 'node_modules', 'electron'), { recursive: true });
    for (const file of ['package.json', 'install.js', 'index.js', 'checksums.json']) copyFileSync(path.join(installed, 'electron', file), path.join(project, 'node_modules', 'electron', file));
    for (const scope of ['@electron', '@electron-internal']) symlinkSync(path.join(installed, scope), path.join(project, 'node_modules', scope));

    const archiveName = `electron-v${version}-${process.platform}-${process.arch}.zip`;
    const archive = storedZip({ electron: '#!/bin/sh\necho stand-in electron\n', version: `v${version}` });
    const sums = `${createHash('sha256').update(archive).digest('hex')} *${archiveName}\n`;
    const requested: string[] = [];
    const mirror = createHttpServer((request, response) => {
      requested.push(request.url ?? '');
      if (request.url === `/v${version}/${archiveName}`) response.writeHead(200, { 'content-length': archive.length }).end(archive);
      else if (request.url === `/v${version}/SHASUMS256.txt`) response.writeHead(200).end(sums);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = mirror.address() as AddressInfo;
      const env = {
        ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
        electron_use_remote_checksums: '1',
        electron_config_cache: path.join(scratch, 'online-cache'),
      };
      const script = `import { downloadElectronBinary, electronBinary } from ${JSON.stringify(path.join(repositoryRoot, 'scripts', 'electron-binary.js'))};
        const root = ${JSON.stringify(project)};
        const before = electronBinary(root);
        const binary = await downloadElectronBinary(root);
        console.log(JSON.stringify({ before, binary, after: electronBinary(root) }));`;
      // Asynchronously: the mirror answers from this process's event loop.
      const result = await runAsync(process.execPath, ['--input-type=module', '-e', script], { ...process.env, ...env });
      expect(result.status, result.stderr).toBe(0);
      const binary = path.join(project, 'node_modules', 'electron', 'dist', 'electron');
      expect(JSON.parse(result.stdout)).toEqual({ before: null, binary, after: binary });
      expect(readFileSync(path.join(project, 'node_modules', 'electron', 'path.txt'), 'utf8')).toBe('electron');
      expect(statSync(binary).mode & 0o111, 'executable').not.toBe(0);
      // Progress: the announcement, then lines up to 100% of the archive's size (a log gets one per tenth).
      const progress = result.stderr.split('\n').filter((line) => line !== '');
      expect(progress[0]).toBe(`Downloading the Electron ${version} binary for ${process.platform}-${process.arch} once (about 110 MB, from http://127.0.0.1:${port}/) into node_modules/electron/dist`);
      expect(progress.at(-1)).toBe(`Electron ${version}: 100% of 0 MB`);
      // Once: the archive was fetched one time (install.js unpacked it from the cache).
      expect(requested.filter((url) => url.endsWith('.zip'))).toEqual([`/v${version}/${archiveName}`]);
    } finally {
      await new Promise((resolve) => mirror.close(resolve));
    }
  });
});

describe('an unwritable home folder', () => {
  it('neurofeat serve still starts and says in one line which folder it cannot write and the flag that chooses another', async () => {
    const home = path.join(scratch, 'home-is-a-file');
    writeFileSync(home, 'not a folder');
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
    delete env.XDG_DATA_HOME;
    delete env.NEUROFEAT_DATA_DIR;
    const child = spawn(process.execPath, ['bin/neurofeat.js', 'serve'], { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'], env });
    const stderr: string[] = [];
    child.stderr.on('data', (chunk) => stderr.push(String(chunk)));
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr.join('')}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const warnings = stderr.join('').split('\n').filter((line) => line.startsWith('warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${home}/.local/share/neurofeat cannot be written`);
    expect(warnings[0]).toContain('choose a writable folder with --data-dir DIR (or NEUROFEAT_DATA_DIR)');
  });
});
