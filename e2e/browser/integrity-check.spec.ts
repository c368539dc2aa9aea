// The integrity check on the Settings page in Chromium through the headless host: all holds after an import; a flipped byte and an edited audit entry are named; EN and FR, by keyboard.
import path from 'node:path';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { test, expect, chromiumPath, chromiumArgs, chromiumMissing, repositoryRoot } from '../fixtures.ts';
import { PatientsPage } from '../pages/patients-page.ts';
import { SessionPage } from '../pages/session-page.ts';
import { ExtractPage } from '../pages/extract-page.ts';

test.skip(chromiumMissing !== null, chromiumMissing ?? '');
test.use({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs }, viewport: { width: 1366, height: 768 } });

const sharedData = process.env.NEUROFEAT_SHARED_DATA ?? path.resolve(repositoryRoot, '../shared/data');
const source = path.join(sharedData, 'physionet-eegmmidb', 'S001', 'S001R04.edf');

test('a clinician checks the data folder\'s integrity from Settings and sees what was altered', async ({ page, host, consoleProblems }, testInfo) => {
  test.skip(!existsSync(source), `PhysioNet S001R04.edf is not in ${sharedData}`);
  test.setTimeout(120_000);
  const patients = new PatientsPage(page);
  const session = new SessionPage(page);
  const extract = new ExtractPage(page);
  const verdict = () => page.getByTestId('integrity-verdict');
  const shot = async (name: string) => {
    await page.getByTestId('integrity-check').scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath(`${name}.png`) });
  };
  const check = async () => {
    await page.getByTestId('integrity-run').focus();
    await page.keyboard.press('Enter');
  };
  const sourceBytes = readFileSync(source);

  await test.step('a patient, a session and an imported run; the check says everything holds', async () => {
    await page.goto(host.url);
    await patients.createPatient({ code: 'INT-001' });
    await patients.openPatient('INT-001');
    await session.openNewSession();
    await expect(session.sessionHeading()).toBeVisible();
    await extract.openStep('Extract');
    await extract.importRuns([source]);
    await page.getByTestId('settings-link').click();
    await check();
    await expect(verdict()).toHaveText(/^Everything holds\. Checked: audit entries 4, recordings 1, models 0 \(\d+\.\d s\)\.$/);
    await shot('01-integrity-holds-en');
  });

  await test.step('one byte of the copy flipped and one audit entry edited behind the app\'s back: both are named', async () => {
    const copy = path.join(host.dataDir, 'recordings', 'session-1', 'S001R04.edf');
    const bytes = readFileSync(copy);
    bytes[bytes.length - 100] ^= 0x01;
    writeFileSync(copy, bytes);
    const db = new DatabaseSync(path.join(host.dataDir, 'neurofeat.sqlite'));
    db.exec('PRAGMA busy_timeout = 10000; DROP TRIGGER audit_log_no_update;');
    db.exec(`UPDATE audit_log SET details_json = '{"code":"INT-999","patientId":1}' WHERE id = 2`);
    db.close();
    await check();
    await expect(verdict()).toContainText('2 problems found:');
    const problems = page.getByTestId('integrity-problems').locator('li');
    await expect(problems).toHaveText([
      'Audit entry 2 was edited: its content no longer matches its hash.',
      `Run 1 (${path.join('recordings', 'session-1', 'S001R04.edf')}): the file changed (another SHA-256 than registered).`,
    ]);
    await shot('02-integrity-problems-en');
  });

  await test.step('in French', async () => {
    await page.locator('#language-switch').selectOption('fr');
    await expect(verdict()).toContainText('2 problèmes trouvés :');
    await expect(page.getByTestId('integrity-problems').locator('li').first()).toHaveText('L’entrée 2 du journal d’audit a été modifiée : son contenu ne correspond plus à son empreinte.');
    await check();
    await expect(page.getByTestId('integrity-problems').locator('li').nth(1)).toContainText('le fichier a changé (empreinte SHA-256 différente de celle enregistrée)');
    await shot('03-integrity-problems-fr');
  });
  expect(readFileSync(source).equals(sourceBytes)).toBe(true);
  expect(consoleProblems).toEqual([]);
});
