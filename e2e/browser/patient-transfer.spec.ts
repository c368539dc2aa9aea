// Moving a patient between workstations in Chromium through the headless host: Export on the patient page, Import on the patients page, refusals shown; by keyboard, EN and FR.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect, chromiumPath, chromiumArgs, chromiumMissing, repositoryRoot } from '../fixtures.ts';
import { PatientsPage } from '../pages/patients-page.ts';
import { SessionPage } from '../pages/session-page.ts';

test.skip(chromiumMissing !== null, chromiumMissing ?? '');
test.use({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs }, viewport: { width: 1366, height: 768 } });

const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(repositoryRoot, 'bin', 'neurofeat.js'), ...args], { cwd: repositoryRoot, encoding: 'utf8' });

test('a clinician exports a patient for another workstation and imports one exported elsewhere, by keyboard', async ({ page, host, consoleProblems }, testInfo) => {
  test.setTimeout(120_000);
  const scratch = mkdtempSync(path.join(tmpdir(), 'nf-e2e-transfer-'));
  const patients = new PatientsPage(page);
  const session = new SessionPage(page);
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  try {
    // An archive written on "another workstation": its own data folder, by the command line.
    const elsewhere = path.join(scratch, 'elsewhere');
    const archive = path.join(scratch, 'TR-002.tar');
    expect(cli('patient', 'add', '--code', 'TR-002', '--birth-year', '1970', '--data-dir', elsewhere).status).toBe(0);
    expect(cli('export', '--patient', 'TR-002', '--out', archive, '--data-dir', elsewhere).status).toBe(0);
    const exported = path.join(scratch, 'TR-001.tar');

    await test.step('Export on the patient page writes the archive and says what it holds', async () => {
      await page.goto(host.url);
      await patients.createPatient({ code: 'TR-001' });
      await patients.openPatient('TR-001');
      await session.openNewSession();
      await expect(session.sessionHeading()).toBeVisible();
      await page.goBack();
      await page.getByLabel('Save the archive as (full path)').focus();
      await page.keyboard.type(exported);
      await page.keyboard.press('Enter');
      await expect(page.locator('.patient-export-form').getByText(/^Written to .*TR-001\.tar \(\d+ kB\): one session, no runs, no training attempts\.$/)).toBeVisible();
      expect(statSync(exported).size).toBeGreaterThan(0);
      expect(spawnSync('tar', ['-tf', exported], { encoding: 'utf8' }).stdout.trim().split('\n')).toEqual(['manifest.json', 'manifest.json.sha256']);
      await shot('01-export-en');
      // Again to the same name: refused, the file kept.
      await page.getByRole('button', { name: 'Export', exact: true }).focus();
      await page.keyboard.press('Enter');
      await expect(page.locator('.patient-export-form').getByRole('alert')).toContainText('already exists');
      await shot('02-export-exists-en');
    });

    await test.step('Import on the patients page: an existing code refused, then an archive from elsewhere, opened', async () => {
      await page.getByRole('link', { name: /All patients/ }).click();
      const archiveField = page.getByLabel('Patient archive (full path)');
      await archiveField.focus();
      await page.keyboard.type(exported);
      await page.keyboard.press('Enter');
      await expect(page.locator('.patient-import-form').getByRole('alert')).toContainText('TR-001 already exists');
      await archiveField.fill(path.join(scratch, 'elsewhere', 'neurofeat.sqlite'));
      await page.keyboard.press('Enter');
      await expect(page.locator('.patient-import-form').getByRole('alert')).toContainText('is not a NeuroFeat patient archive');
      await shot('03-import-refused-en');
      await archiveField.fill(archive);
      await page.keyboard.press('Enter');
      await expect(page.locator('.patient-import-form').getByText('Imported patient TR-002: no sessions, no runs, no training attempts.')).toBeVisible();
      await expect(page.getByRole('button', { name: 'Open patient TR-002' }).first()).toBeVisible();
      await shot('04-imported-en');
    });

    await test.step('in French', async () => {
      await page.locator('#language-switch').selectOption('fr');
      await expect(page.getByRole('heading', { name: 'Importer un patient' })).toBeVisible();
      await expect(page.locator('.patient-import-form').getByText('Patient TR-002 importé : aucune séance, aucun enregistrement, aucun essai d’entraînement.')).toBeVisible();
      await shot('05-import-fr');
      await page.locator('.patient-import-form').getByRole('button', { name: 'Ouvrir le patient TR-002' }).focus();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { level: 1, name: 'Patient TR-002' })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Exporter vers un autre poste' })).toBeVisible();
      await page.getByLabel('Enregistrer l’archive sous (chemin complet)').fill(path.join(scratch, 'no-such-folder', 'x.tar'));
      await page.keyboard.press('Enter');
      await expect(page.locator('.patient-export-form').getByRole('alert')).toContainText('L’archive de patient ne peut pas être écrite dans');
      await shot('06-export-fr');
      expect(existsSync(path.join(scratch, 'no-such-folder'))).toBe(false);
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  expect(consoleProblems).toEqual([]);
});
