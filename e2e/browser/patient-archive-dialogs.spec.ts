// The patient archive's "Choose…" buttons in Chromium: absent in a browser; with the Electron preload's `chooseFiles` stood in by the page (added after the app chose its host client), the path chosen fills the field and Export/Import go on as typed; EN and FR, by keyboard.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FileDialogName, FileDialogText } from '../../src-main/contract/index.ts';
import { test, expect, chromiumPath, chromiumArgs, chromiumMissing } from '../fixtures.ts';
import { PatientsPage } from '../pages/patients-page.ts';

test.skip(chromiumMissing !== null, chromiumMissing ?? '');
test.use({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs }, viewport: { width: 1366, height: 768 } });

type Asked = [FileDialogName, FileDialogText];

test('Choose… fills the archive path from the file dialog where there is one, and is absent in a browser', async ({ page, host, consoleProblems }, testInfo) => {
  test.setTimeout(120_000);
  const scratch = mkdtempSync(path.join(tmpdir(), 'nf-e2e-dialogs-'));
  const patients = new PatientsPage(page);
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  const exported = path.join(scratch, 'DL-001.tar');
  try {
    await page.goto(host.url);
    await patients.createPatient({ code: 'DL-001' });
    await expect(page.getByTestId('patient-import-choose')).toHaveCount(0);
    await patients.openPatient('DL-001');
    await expect(page.getByRole('heading', { name: 'Export for another workstation' })).toBeVisible();
    await expect(page.getByTestId('patient-export-choose')).toHaveCount(0);

    // What Electron's preload adds: a dialog that answers `answer` and records what it was asked.
    await page.evaluate((answer) => {
      const asked: unknown[] = [];
      Object.assign(globalThis, { dialogsAsked: asked, neurofeat: { chooseFiles: async (dialog: string, text: unknown) => (asked.push([dialog, text]), [answer]) } });
    }, exported);
    const asked = () => page.evaluate(() => (globalThis as unknown as { dialogsAsked: Asked[] }).dialogsAsked);

    await test.step('Export: Choose… offers DL-001.tar and fills the field; Export writes there', async () => {
      // The forms read the bridge when they are created: leave the patient page and come back.
      await page.getByRole('link', { name: /All patients/ }).click();
      await patients.openPatient('DL-001');
      const field = page.getByLabel('Save the archive as (full path)');
      await page.getByTestId('patient-export-choose').focus();
      await page.keyboard.press('Enter');
      await expect(field).toHaveValue(exported);
      expect(await asked()).toEqual([['patient-archive-save', { title: 'Save the patient archive', filterName: 'NeuroFeat patient archives', defaultName: 'DL-001.tar' }]]);
      await shot('01-export-choose-en');
      await page.getByRole('button', { name: 'Export', exact: true }).click();
      await expect(page.locator('.patient-export-form').getByText(/^Written to .*DL-001\.tar/)).toBeVisible();
      expect(statSync(exported).size).toBeGreaterThan(0);
    });

    await test.step('Import: Choisir… in French opens one archive and fills the field; Import refuses the existing code', async () => {
      await page.locator('#language-switch').selectOption('fr');
      await page.getByRole('link', { name: /Tous les patients/ }).click();
      await expect(page.getByRole('heading', { name: 'Importer un patient' })).toBeVisible();
      const choose = page.getByTestId('patient-import-choose');
      await expect(choose).toHaveText('Choisir…');
      await choose.focus();
      await page.keyboard.press('Enter');
      await expect(page.getByLabel('Archive de patient (chemin complet)')).toHaveValue(exported);
      expect((await asked()).at(-1)).toEqual(['patient-archive-open', { title: 'Importer une archive de patient', filterName: 'Archives de patient NeuroFeat' }]);
      await shot('02-import-choose-fr');
      await page.getByRole('button', { name: 'Importer', exact: true }).click();
      await expect(page.locator('.patient-import-form').getByRole('alert')).toBeVisible();
      await page.locator('#language-switch').selectOption('en');
      await expect(page.getByTestId('patient-import-choose')).toHaveText('Choose…');
      await shot('03-import-choose-en');
      await patients.openPatient('DL-001');
      await expect(page.getByTestId('patient-export-choose')).toHaveText('Choose…');
      await page.locator('#language-switch').selectOption('fr');
      await expect(page.getByTestId('patient-export-choose')).toHaveText('Choisir…');
      await shot('04-export-choose-fr');
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  expect(consoleProblems).toEqual([]);
});
