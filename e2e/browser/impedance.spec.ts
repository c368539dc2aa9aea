// Electrode impedance in Chromium through the headless host: a simulated Cyton on a socat pty, its signal check, Measure by keyboard, progress, the kΩ table with its verdict; EN and FR.
import { test, expect, chromiumPath, chromiumArgs, chromiumMissing } from '../fixtures.ts';
import { PatientsPage } from '../pages/patients-page.ts';
import { SessionPage } from '../pages/session-page.ts';
import { CytonSimulator } from '../../src-main/engine/devices/simulators/cyton-simulator.ts';
import { createPtyPair, type PtyPair } from '../../test/support/pty-pair.ts';

test.skip(chromiumMissing !== null, chromiumMissing ?? '');
test.use({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs }, viewport: { width: 1366, height: 768 } });

/** Three electrodes above 10 kΩ (channels 3, 5, 7), the others below. */
const impedanceOhms = [4000, 6500, 18000, 8000, 32000, 5000, 14000, 7000];

test('a clinician measures the Cyton\'s electrode impedance during a signal check and sees which electrodes need more gel', async ({ page, host, consoleProblems }, testInfo) => {
  test.setTimeout(120_000);
  const patients = new PatientsPage(page);
  const session = new SessionPage(page);
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  let pty: PtyPair | null = null;
  let sim: CytonSimulator | null = null;
  try {
    pty = await createPtyPair();
    sim = new CytonSimulator({ daisy: false, seed: 9, impedanceOhms });
    await sim.listen(pty.device);
    const port = pty.host;

    await test.step('a Cyton opens for a signal check of the session; Measure is offered', async () => {
      await page.goto(host.url);
      await patients.createPatient({ code: 'IMP-001' });
      await patients.openPatient('IMP-001');
      await session.openNewSession();
      await expect(session.sessionHeading()).toBeVisible();
      await page.getByTestId('device-select').selectOption('cyton');
      await page.getByTestId('device-port').fill(port);
      await expect(page.getByTestId('impedance-blocked')).toHaveText('Open the amplifier with a signal check first.');
      await expect(page.getByTestId('impedance-measure')).toBeDisabled();
      await page.getByTestId('record-toggle').uncheck();
      await session.start();
      await expect(session.stateChip()).toHaveAttribute('data-state', 'monitoring');
      await expect(page.getByTestId('impedance-measure')).toBeEnabled();
    });

    await test.step('by keyboard: progress channel by channel, then the table and a no-go', async () => {
      await page.getByTestId('impedance-measure').focus();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('impedance-status')).toHaveText(/Measuring channel [1-8] of 8 \(Ch[1-8]\)…/);
      await expect(page.getByTestId('impedance-cancel')).toBeVisible();
      await expect(page.getByTestId('impedance-verdict')).toHaveText('No-go: 3 of 8 electrodes are above 10 kΩ.', { timeout: 60_000 });
      const rows = page.getByTestId('impedance-table').locator('tbody tr');
      await expect(rows).toHaveCount(8);
      await expect(rows.nth(2)).toHaveAttribute('data-go', 'false');
      await expect(rows.nth(0)).toHaveAttribute('data-go', 'true');
      await expect(page.getByTestId('impedance-when')).toContainText('threshold 10 kΩ');
      await page.getByTestId('impedance-panel').scrollIntoViewIfNeeded();
      await shot('01-impedance-en');
    });

    await test.step('in French', async () => {
      await page.locator('#language-switch').selectOption('fr');
      await expect(page.getByTestId('impedance-verdict')).toHaveText('À revoir : 3 électrodes sur 8 dépassent 10 kΩ.');
      await expect(page.getByTestId('impedance-table').locator('thead')).toContainText('Voie');
      await page.getByTestId('impedance-panel').scrollIntoViewIfNeeded();
      await shot('02-impedance-fr');
      await session.stop();
      await expect(session.stateChip()).toHaveAttribute('data-state', 'idle');
    });
    expect(sim.leadOffChannels).toEqual([]);
  } finally {
    await sim?.close();
    await pty?.close();
  }
  expect(consoleProblems).toEqual([]);
});
