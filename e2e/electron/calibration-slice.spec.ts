// The same clinical slice in the Electron app itself (runs where the Electron binary is installed).
import { _electron as electron } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { repositoryRoot, watchConsole } from '../fixtures.ts';
import { PatientsPage } from '../pages/patients-page.ts';
import { SessionPage } from '../pages/session-page.ts';

test('in Electron: create a patient, acquire from the simulated amplifier, stop', async ({}, testInfo) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'nf-electron-'));
  const app = await electron.launch({ args: [repositoryRoot, `--data-dir=${dataDir}`], cwd: repositoryRoot });
  try {
    const page = await app.firstWindow();
    const problems = watchConsole(page);
    const patients = new PatientsPage(page);
    const session = new SessionPage(page);
    await expect(patients.heading()).toBeVisible();
    const isolated = await page.evaluate(() => typeof (globalThis as { require?: unknown }).require === 'undefined' && typeof (globalThis as { process?: unknown }).process === 'undefined');
    expect(isolated, 'no Node in the renderer').toBe(true);
    await patients.createPatient({ code: 'EL-001', lesionSide: 'Left' });
    await patients.openPatient('EL-001');
    await session.openNewSession();
    await session.start();
    await expect.poll(() => session.samplesShown(), { timeout: 10_000 }).toBeGreaterThan(250);
    await page.screenshot({ path: testInfo.outputPath('electron-live-signal.png') });
    await session.stop();
    await expect(session.startButton()).toBeEnabled();
    expect(problems).toEqual([]);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
