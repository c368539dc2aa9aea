// The first clinical slice in Chromium through the headless host: a patient, a session, live EEG, stop.
import { chromium, type Page } from '@playwright/test';
import { test, expect, chromiumPath, chromiumArgs, chromiumMissing } from '../fixtures.ts';
import { PatientsPage } from '../pages/patients-page.ts';
import { SessionPage } from '../pages/session-page.ts';

test.skip(chromiumMissing !== null, chromiumMissing ?? '');
if (chromiumMissing !== null && !process.env.TEST_WORKER_INDEX) console.log(`skipping the browser tests: ${chromiumMissing}`);
test.use({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs } });

interface LiveStats { framesDrawn: number; samplesReceived: number; lostFramesBetweenEngineAndRenderer: number }

/** The renderer's live figures (`window.__neurofeatStats`). */
function liveStats(page: Page): Promise<LiveStats> {
  return page.evaluate(() => (globalThis as unknown as { __neurofeatStats: LiveStats }).__neurofeatStats);
}

/** Resolves after the page has rendered `count` animation frames: a wait on rendering, not on the clock. */
function animationFrames(page: Page, count: number): Promise<void> {
  return page.evaluate((n) => new Promise<void>((resolve) => {
    // The page's requestAnimationFrame (this file is type-checked without the DOM library).
    const nextFrame = (globalThis as unknown as { requestAnimationFrame: (callback: () => void) => number }).requestAnimationFrame;
    const step = (left: number) => (left === 0 ? resolve() : nextFrame(() => step(left - 1)));
    step(n);
  }), count);
}

test('a clinician creates a patient, starts the simulated amplifier, watches live EEG and stops', async ({ page, host, consoleProblems }, testInfo) => {
  const patients = new PatientsPage(page);
  const session = new SessionPage(page);
  await page.goto(host.url);
  await expect(patients.heading()).toBeVisible();

  await test.step('an invalid patient code is refused with the rule', async () => {
    await patients.createPatient({ code: 'Jean Dupont' });
    await expect(patients.alert().first()).toContainText('Invalid patient code');
  });

  await test.step('a valid patient is created and listed', async () => {
    await patients.createPatient({ code: 'RH-001', birthYear: '1958', lesionSide: 'Right', dominantHand: 'Right' });
    await expect(patients.openPatientButton('RH-001')).toBeVisible();
  });

  await test.step('opening a session', async () => {
    await patients.openPatient('RH-001');
    await expect(session.patientHeading('RH-001')).toBeVisible();
    await session.openNewSession();
    await expect(session.sessionHeading()).toBeVisible();
    await expect(session.deviceSelect()).toHaveValue('synthetic');
    await expect(session.engineState()).toContainText('Engine running');
  });

  await test.step('live EEG arrives and is drawn', async () => {
    await session.start();
    await expect(session.stopButton()).toBeEnabled();
    await expect.poll(() => session.samplesShown(), { timeout: 10_000 }).toBeGreaterThan(250);
    await expect(session.signalView().locator('canvas').first()).toBeVisible();
    // Wait until the chart has been redrawn more than 10 times (a count reached, however long the machine takes).
    await expect.poll(() => liveStats(page).then((s) => s.framesDrawn), { timeout: 20_000 }).toBeGreaterThan(10);
    const stats = await liveStats(page);
    expect(stats.samplesReceived).toBeGreaterThan(250);
    expect(stats.lostFramesBetweenEngineAndRenderer).toBe(0);
    await page.screenshot({ path: testInfo.outputPath('live-signal.png'), fullPage: true });
  });

  await test.step('stopping', async () => {
    await session.stop();
    await expect(session.startButton()).toBeEnabled();
    // The count settles on the final figure: no sample arrives while the page renders 30 animation frames (frames
    // already in flight may still land first), and the status bar shows that figure.
    const settled = async () => {
      const before = (await liveStats(page)).samplesReceived;
      await animationFrames(page, 30);
      const after = (await liveStats(page)).samplesReceived;
      return before === after && (await session.samplesShown()) === after;
    };
    await expect.poll(settled, { timeout: 15_000 }).toBe(true);
  });

  await test.step('the patient is stored: a reload shows it', async () => {
    await page.goto(host.url);
    await expect(patients.openPatientButton('RH-001')).toBeVisible();
  });
  expect(consoleProblems).toEqual([]);
});

test('a page opened without the token is refused by the host', async ({ host }) => {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const page = await browser.newPage();
    const response = await page.goto(host.url.split('?')[0]);
    expect(response?.status()).toBe(401);
    await expect(page.locator('body')).toContainText('needs the token');
  } finally {
    await browser.close();
  }
});
