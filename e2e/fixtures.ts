// Playwright fixtures: a fresh data folder and headless host per test, Debian's Chromium, and a guard on console errors.
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { chromiumPath, debianPackagesMissing } from '../test/support/prerequisites.ts';

export const repositoryRoot = path.resolve(import.meta.dirname, '..');
export { chromiumPath };
/** Why the browser tests cannot run here (Debian's chromium is missing), or null; a failure under NEUROFEAT_REQUIRE_ALL=1. */
export const chromiumMissing = debianPackagesMissing('chromium');
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface HostProcess {
  url: string;
  dataDir: string;
  process: ChildProcess;
  stderr: string[];
}

/** Starts `neurofeat serve` on a fresh data folder and waits for the tokened URL on its first stdout line. */
export async function startServe(dataDir: string): Promise<HostProcess> {
  const child = spawn(process.execPath, [path.join(repositoryRoot, 'bin', 'neurofeat.js'), 'serve', '--data-dir', dataDir], {
    cwd: repositoryRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk) => stderr.push(String(chunk)));
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`neurofeat serve exited with ${code}: ${stderr.join('')}`)));
    setTimeout(() => reject(new Error(`neurofeat serve printed no URL within 20 s: ${stderr.join('')}`)), 20_000);
  });
  return { url: firstLine.trim(), dataDir, process: child, stderr };
}

/** Collects page errors and console errors; every test asserts there were none. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  return problems;
}

export const test = base.extend<{ host: HostProcess; consoleProblems: string[] }>({
  host: async ({}, use) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'nf-e2e-'));
    const host = await startServe(dataDir);
    await use(host);
    host.process.kill('SIGTERM');
    await new Promise((resolve) => host.process.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  },
  consoleProblems: async ({ page }, use) => {
    const problems = watchConsole(page);
    await use(problems);
    expect(problems, 'no page or console errors').toEqual([]);
  },
});

export { expect };
