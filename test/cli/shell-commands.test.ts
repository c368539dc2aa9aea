import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { repositoryRoot } from '../support/shared-data.ts';

const cli = path.join(repositoryRoot, 'bin', 'neurofeat.js');
const dir = mkdtempSync(path.join(tmpdir(), 'nf-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function neurofeat(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, NEUROFEAT_DATA_DIR: path.join(dir, 'data') } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('neurofeat command line', () => {
  it('lists its commands with --help and exits 0', () => {
    const { code, stdout } = neurofeat('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: neurofeat <command>/);
    expect(stdout).toMatch(/^\s+serve\s/m);
    expect(stdout).toMatch(/^\s+bench\s/m);
  });

  it('has --help for each command', () => {
    for (const command of ['serve', 'bench', 'patient']) {
      const { code, stdout } = neurofeat(command, '--help');
      expect(code, command).toBe(0);
      expect(stdout, command).toMatch(new RegExp(`Usage: neurofeat ${command}`));
    }
  });

  it('refuses an unknown command and an unknown flag with exit 2 and one line naming them', () => {
    const unknown = neurofeat('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    const flag = neurofeat('patient', 'list', '--colour');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--colour/);
  });

  it('adds and lists patients, refusing an invalid code and a duplicate with exit 2', () => {
    expect(neurofeat('patient', 'add', '--code', 'RH-010', '--birth-year', '1949', '--lesion-side', 'left').code).toBe(0);
    const invalid = neurofeat('patient', 'add', '--code', 'Jean Dupont');
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/^neurofeat patient: --code: expected 2 to 32 letters.*got 'Jean Dupont'\n$/);
    const duplicate = neurofeat('patient', 'add', '--code', 'rh-010');
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr).toMatch(/already exists/);
    const listed = neurofeat('patient', 'list', '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).patients).toEqual([expect.objectContaining({ code: 'RH-010', birthYear: 1949, lesionSide: 'left' })]);
  });

  it('names a data folder that cannot be written', () => {
    const file = path.join(dir, 'a-file');
    writeFileSync(file, '');
    const result = neurofeat('patient', 'list', '--data-dir', path.join(file, 'data'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/The data folder .*a-file\/data cannot be written/);
  });

  it('serve prints the tokened URL as its first stdout line and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [cli, 'serve', '--data-dir', path.join(dir, 'serve')], { stdio: ['ignore', 'pipe', 'pipe'] });
    const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
    expect(first).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    expect((await fetch(first.split('?')[0])).status).toBe(401);
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
  });
});
