// The patient archive's file dialogs in the Electron app itself (runs where the Electron binary is installed): the main process's save and open dialogs stubbed, "Choose…" fills the path, Export writes there.
import { _electron as electron, test, expect } from '@playwright/test';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repositoryRoot, watchConsole } from '../fixtures.ts';
import { PatientsPage } from '../pages/patients-page.ts';

test('in Electron: Choose… beside the archive path opens the save dialog (CODE.tar) and the open dialog (one .tar), and fills the field', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'nf-electron-archive-'));
  const archive = path.join(dataDir, 'EL-AR-1.tar');
  const app = await electron.launch({ args: [repositoryRoot, `--data-dir=${dataDir}`], cwd: repositoryRoot });
  try {
    const page = await app.firstWindow();
    const problems = watchConsole(page);
    const patients = new PatientsPage(page);
    await expect(patients.heading()).toBeVisible();
    // The main process's dialogs answer `archive` and record what each was asked.
    await app.evaluate(({ dialog }, chosen) => {
      const asked: unknown[] = [];
      (globalThis as { dialogsAsked?: unknown[] }).dialogsAsked = asked;
      dialog.showSaveDialog = (async (...args: unknown[]) => (asked.push(args.at(-1)), { canceled: false, filePath: chosen })) as typeof dialog.showSaveDialog;
      dialog.showOpenDialog = (async (...args: unknown[]) => (asked.push(args.at(-1)), { canceled: false, filePaths: [chosen] })) as typeof dialog.showOpenDialog;
    }, archive);
    const asked = () => app.evaluate(() => (globalThis as { dialogsAsked?: unknown[] }).dialogsAsked ?? []);

    await patients.createPatient({ code: 'EL-AR-1' });
    await patients.openPatient('EL-AR-1');
    await page.getByTestId('patient-export-choose').click();
    await expect(page.getByLabel('Save the archive as (full path)')).toHaveValue(archive);
    expect(await asked()).toEqual([{ title: 'Save the patient archive', defaultPath: 'EL-AR-1.tar', filters: [{ name: 'NeuroFeat patient archives', extensions: ['tar', 'TAR'] }] }]);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await expect(page.locator('.patient-export-form').getByText(/^Written to .*EL-AR-1\.tar/)).toBeVisible();
    expect(statSync(archive).size).toBeGreaterThan(0);

    await page.getByRole('link', { name: /All patients/ }).click();
    await page.getByTestId('patient-import-choose').click();
    await expect(page.getByLabel('Patient archive (full path)')).toHaveValue(archive);
    expect((await asked()).at(-1)).toEqual({ title: 'Import a patient archive', properties: ['openFile'], filters: [{ name: 'NeuroFeat patient archives', extensions: ['tar', 'TAR'] }] });
    expect(problems).toEqual([]);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
