// The device panel in Chromium through the headless host: what each device needs, a wrong port in words, the choice remembered by the workstation, LSL's reach shown, the Settings page; EN and FR, by keyboard.
import { test, expect, chromiumPath, chromiumArgs, chromiumMissing } from '../fixtures.ts';
import { PatientsPage } from '../pages/patients-page.ts';
import { SessionPage } from '../pages/session-page.ts';

test.skip(chromiumMissing !== null, chromiumMissing ?? '');
test.use({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs }, viewport: { width: 1366, height: 768 } });

test('a clinician picks a device and what it needs, is told why it cannot start, finds the choice again after a reload, and sees LSL\'s reach', async ({ page, browser, host, consoleProblems }, testInfo) => {
  test.setTimeout(120_000);
  const patients = new PatientsPage(page);
  const session = new SessionPage(page);
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  const deviceSelect = () => page.getByTestId('device-select');
  const blocker = () => page.getByTestId('device-blocker');
  let sessionUrl = '';

  await test.step('a session opens on the Record step with the synthetic amplifier preselected', async () => {
    await page.goto(host.url);
    await patients.createPatient({ code: 'DEV-001' });
    await patients.openPatient('DEV-001');
    await session.openNewSession();
    await expect(session.sessionHeading()).toBeVisible();
    sessionUrl = page.url();
    await expect(deviceSelect()).toHaveValue('synthetic');
    await expect(page.getByTestId('device-channels')).toHaveValue('16');
    await expect(session.startButton()).toBeEnabled();
  });

  await test.step('a serial amplifier needs its port: Start waits for it, a wrong one is named', async () => {
    // By keyboard: the device list moves with the arrow keys.
    await deviceSelect().focus();
    await page.keyboard.press('ArrowDown');
    await expect(deviceSelect()).toHaveValue('cyton');
    await expect(blocker()).toHaveText('Choose the serial port to start.');
    await expect(session.startButton()).toBeDisabled();
    // The machine's ports, or the reason they cannot be listed.
    await expect(page.getByTestId('ports-unlisted').or(page.getByTestId('ports-none')).or(page.locator('#device-panel-ports option').first())).toBeAttached();
    await page.getByTestId('device-port').fill('/dev/ttyNOPE0');
    await expect(blocker()).toBeHidden();
    await session.start();
    const refusal = page.getByRole('alert').filter({ hasText: 'The serial port /dev/ttyNOPE0 does not exist.' });
    await expect(refusal).toBeVisible();
    await expect(refusal).toContainText('Check the cable or dongle, refresh the list and choose the port again.');
    // A start that never began is no fault of a running acquisition.
    await expect(page.getByTestId('acquisition-fault')).toBeHidden();
    await expect(session.stateChip()).toHaveAttribute('data-state', 'idle');
    await shot('01-wrong-port-en');
  });

  await test.step('an LSL stream: the streams found and the reach, this machine only by default', async () => {
    await deviceSelect().selectOption('lsl');
    await expect(blocker()).toHaveText('Choose an LSL stream to start.');
    await expect(page.getByTestId('lsl-scope')).toHaveText(/LSL reach: This machine only\./);
    await expect(page.getByTestId('streams-search')).toHaveText('Search');
    await shot('02-lsl-en');
    await deviceSelect().selectOption('rda');
    await expect(blocker()).toHaveText('Enter the Recorder computer to start.');
  });

  await test.step('the synthetic amplifier at 8 channels, 500 Hz, published on LSL: it records and says where it publishes', async () => {
    await deviceSelect().selectOption('synthetic');
    await page.getByTestId('device-channels').fill('8');
    await page.getByLabel('Sample rate').selectOption('500');
    await page.getByTestId('publish-toggle').check();
    await expect(page.getByTestId('lsl-scope')).toHaveText(/This machine only/);
    await session.start();
    await expect(session.stateChip()).toHaveAttribute('data-state', 'recording');
    await expect(page.getByTestId('publishing-status')).toHaveText('Publishing on LSL: NeuroFeat-EEG, NeuroFeat-Markers. This machine only.');
    await expect(deviceSelect()).toBeDisabled();
    await shot('03-publishing-en');
    await session.stop();
    await expect(session.stateChip()).toHaveAttribute('data-state', 'idle');
  });

  await test.step('after a reload, and in a fresh window with nothing in its storage, the workstation\'s choice is preselected', async () => {
    await page.reload();
    await expect(deviceSelect()).toHaveValue('synthetic');
    await expect(page.getByTestId('device-channels')).toHaveValue('8');
    await expect(page.getByLabel('Sample rate')).toHaveValue('500');
    const fresh = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    try {
      const other = await fresh.newPage();
      await other.goto(host.url);
      await other.goto(sessionUrl);
      await expect(other.getByTestId('device-select')).toHaveValue('synthetic');
      await expect(other.getByTestId('device-channels')).toHaveValue('8');
    } finally {
      await fresh.close();
    }
  });

  await test.step('Settings: widening the reach is a choice, warned about, and shown where LSL is offered', async () => {
    await page.getByTestId('settings-link').click();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await expect(page.getByTestId('scope-machine')).toBeChecked();
    await expect(page.getByTestId('scope-widened')).toBeHidden();
    // By keyboard: the radio group moves with the arrow keys.
    await page.getByTestId('scope-machine').focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('scope-link')).toBeChecked();
    await expect(page.getByTestId('scope-widened')).toBeVisible();
    await page.getByTestId('known-peers').fill('10.0.0.7\nhttp://eeg-pc');
    await page.getByTestId('save-network').click();
    await expect(page.getByText('“http://eeg-pc” is not a computer name or IP address.')).toBeVisible();
    await page.getByTestId('known-peers').fill('10.0.0.7');
    await page.getByTestId('save-network').click();
    await expect(page.getByTestId('saved-network')).toHaveText('Saved.');
    await expect(page.getByTestId('publish-scope')).toHaveText('LSL reach: This machine and the local network, and the known peers 10.0.0.7.');
    await shot('04-settings-en');
    await page.goto(sessionUrl);
    await deviceSelect().selectOption('lsl');
    await expect(page.getByTestId('lsl-scope')).toHaveText(/LSL reach: This machine and the local network, and the known peers 10\.0\.0\.7\./);
  });

  await test.step('in French', async () => {
    await page.locator('#language-switch').selectOption('fr');
    await expect(page.getByTestId('lsl-scope')).toHaveText(/Portée LSL : Cet ordinateur et le réseau local, et les pairs connus 10\.0\.0\.7\./);
    await expect(blocker()).toHaveText('Choisissez un flux LSL pour démarrer.');
    await shot('05-lsl-fr');
    await deviceSelect().selectOption('cyton');
    await page.getByTestId('device-port').fill('/dev/ttyNOPE0');
    await session.start();
    await expect(page.getByRole('alert').filter({ hasText: 'Le port série /dev/ttyNOPE0 n’existe pas.' })).toBeVisible();
    await shot('06-wrong-port-fr');
    await page.getByTestId('settings-link').click();
    await expect(page.getByRole('heading', { level: 1, name: 'Réglages' })).toBeVisible();
    await expect(page.getByTestId('scope-link')).toBeChecked();
    await shot('07-settings-fr');
  });
  expect(consoleProblems).toEqual([]);
});
