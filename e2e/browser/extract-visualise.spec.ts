// Extract and Visualise in Chromium through the headless host: PhysioNet S001's imagery runs to the R² map, a feature chosen by clicking it.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { test, expect, chromiumPath, chromiumArgs, repositoryRoot } from '../fixtures.ts';
import { PatientsPage } from '../pages/patients-page.ts';
import { SessionPage } from '../pages/session-page.ts';
import { ExtractPage } from '../pages/extract-page.ts';
import { VisualisePage } from '../pages/visualise-page.ts';

test.use({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs }, viewport: { width: 1366, height: 768 } });

const sharedData = process.env.NEUROFEAT_SHARED_DATA ?? path.resolve(repositoryRoot, '../shared/data');
const runs = [4, 8, 12].map((r) => path.join(sharedData, 'physionet-eegmmidb', 'S001', `S001R${String(r).padStart(2, '0')}.edf`));

interface UiTimings { r2MapDrawMs: number[]; extractToMapMs: number[]; finishedToMapMs: number[]; hoverMs: number[]; hoverHandlerMs: number[] }
const timings = (page: Page) => page.evaluate(() => (globalThis as unknown as { __neurofeatUi: UiTimings }).__neurofeatUi);

test('a clinician extracts PSD features from three runs, reads the R² map and chooses features on it', async ({ page, host, consoleProblems }, testInfo) => {
  test.skip(!runs.every(existsSync), `PhysioNet S001 runs 4, 8 and 12 are not in ${sharedData}`);
  test.setTimeout(240_000);
  const patients = new PatientsPage(page);
  const session = new SessionPage(page);
  const extract = new ExtractPage(page);
  const visualise = new VisualisePage(page);
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  await test.step('a patient and a session; the steps after Extract wait for features', async () => {
    await page.goto(host.url);
    await patients.createPatient({ code: 'RH-002', birthYear: '1961', lesionSide: 'Left', dominantHand: 'Right' });
    await patients.openPatient('RH-002');
    await session.openNewSession();
    await expect(session.sessionHeading()).toBeVisible();
    await expect(session.deviceSelect()).toBeVisible();
    await expect(page.getByTestId('step-visualise')).toHaveAttribute('aria-disabled', 'true');
    await expect(page.getByTestId('step-visualise')).toContainText('Extract features first');
    await shot('01-session-record');
  });

  await test.step('a relative path is refused before anything is sent; extracting needs a run', async () => {
    await extract.openStep('Extract');
    await expect(extract.heading()).toBeVisible();
    await extract.importPath().fill('S001R04.edf');
    await extract.importButton().click();
    await expect(page.getByText('Use the full path (starting with /): “S001R04.edf”.')).toBeVisible();
    await extract.start();
    await expect(page.getByText('Tick at least one run in the table above.')).toBeVisible();
    await expect(extract.jobs()).toHaveCount(0);
  });

  await test.step('import runs 4, 8 and 12, extract PSD (Welch); the R² map opens when it is done', async () => {
    await extract.importRuns(runs);
    await expect(extract.runRows().first()).toContainText('T1 8 · T2 7');
    await shot('02-extract-form');
    await extract.start();
    await expect(page).toHaveURL(/\/visualise$/, { timeout: 60_000 });
    await expect(visualise.r2Canvas()).toBeVisible();
    await expect(visualise.topomap().locator('canvas').first()).toBeVisible();
    await expect(visualise.spectra().locator('canvas').first()).toBeVisible();
    await expect(page.getByText(/Welch: 45 trials \(T1 \d+ \/ T2 \d+\), 0 rejected/)).toBeVisible();
    await expect.poll(async () => (await timings(page)).extractToMapMs.length).toBe(1);
    await shot('03-visualise-r2-map');
  });

  await test.step('hovering reads a cell; clicking one chooses it; dragging chooses a channel x band block', async () => {
    await visualise.hoverMap(0.5, 0.4);
    await expect(visualise.readout()).toContainText(/Channel \S+ · Frequency [\d.]+ Hz · R² \d\.\d{3}/);
    await visualise.clickMap(0.5, 0.4);
    await expect(visualise.selectedFeatures()).toHaveCount(1);
    await expect(visualise.selectedFeatures().first()).toContainText(/^\S+ [\d.]+ Hz/);
    await visualise.dragMap([0.3, 0.2], [0.45, 0.24]);
    await expect.poll(() => visualise.selectedFeatures().count()).toBeGreaterThan(1);
    await expect(visualise.selectedFeatures().nth(1)).toContainText(/–/);
    await shot('04-features-chosen');
  });

  await test.step('the keyboard reads and chooses cells too', async () => {
    const before = await visualise.selectedFeatures().count();
    // Tab from the map's last button reaches the map, as a keyboard user would.
    await visualise.exportButton('R² map', 'SVG').focus();
    await page.keyboard.press('Tab');
    await expect(visualise.r2Map()).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await expect(visualise.readout()).toContainText(/Channel \S+ · Frequency 2 Hz/);
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Enter');
    await expect(visualise.selectedFeatures()).toHaveCount(before + 1);
    await expect(visualise.selectedFeatures().last()).toContainText('2–3 Hz');
  });

  await test.step('the ERD/ERS map of the chosen channel, per class, with the cue and window marked', async () => {
    await visualise.erdsShow().click();
    await expect(visualise.erdsMap().locator('canvas').first()).toBeVisible({ timeout: 60_000 });
    await expect(visualise.erdsView()).toContainText(/ERD\/ERS, \S+/);
    await expect(page.getByTestId('erds-summary')).toContainText(/T1: strongest decrease in the window \(mu and beta, 8–30 Hz\) [−+]?\d+ % at \d+ Hz, [−\d.]+ s after the cue\./);
    await visualise.erdsMap().scrollIntoViewIfNeeded();
    const box = (await visualise.erdsMap().boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.4);
    await expect(visualise.erdsMap()).toContainText(/T1 · Time [−\d.]+ s · Frequency \d+ Hz · Change [+−]?\d+ %/);
    await shot('04b-erds');
  });

  await test.step('each view saves as PNG and SVG', async () => {
    for (const [view, format] of [['R² map', 'PNG'], ['R² map', 'SVG'], ['Topographic map', 'SVG'], ['Class spectra', 'PNG'], ['ERD/ERS map', 'PNG'], ['ERD/ERS map', 'SVG']] as const) {
      const download = page.waitForEvent('download');
      await visualise.exportButton(view, format).click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(new RegExp(`\\.${format.toLowerCase()}$`));
      const saved = testInfo.outputPath(file.suggestedFilename());
      await file.saveAs(saved);
    }
  });

  await test.step('the Select step lists the chosen features', async () => {
    await extract.openStep('Select');
    await expect(page.getByRole('heading', { level: 2, name: /Chosen features \(\d+\)/ })).toBeVisible();
    await shot('05-select');
  });

  await test.step('extracting again reads the cache and reaches the map again', async () => {
    await extract.openStep('Extract');
    await extract.start();
    await expect(page).toHaveURL(/\/visualise$/, { timeout: 60_000 });
    await expect.poll(async () => (await timings(page)).extractToMapMs.length).toBe(2);
    await extract.openStep('Extract');
    await expect(extract.latestJobCache()).toContainText('from cache: 3 of 3 recordings');
  });

  await test.step('a parameter changed on Extract marks the result shown as stale', async () => {
    await page.getByLabel('Highest frequency (Hz)').fill('30');
    await extract.openStep('Visualise');
    await expect(page.getByTestId('stale-warning')).toContainText('The parameters on Extract have changed');
    await extract.openStep('Extract');
    await page.getByLabel('Highest frequency (Hz)').fill('40');
    await extract.openStep('Visualise');
    await expect(visualise.r2Canvas()).toBeVisible();
    await expect(page.getByTestId('stale-warning')).toHaveCount(0);
    await extract.openStep('Extract');
  });

  await test.step('the same screens in French', async () => {
    await page.getByLabel('Language').selectOption('fr');
    await expect(page.getByRole('heading', { level: 2, name: 'Extraire les caractéristiques' })).toBeVisible();
    await shot('06-extract-fr');
    await page.getByRole('navigation', { name: 'Étapes de la calibration' }).getByRole('link', { name: 'Visualiser' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Carte R²' })).toBeVisible();
    await shot('07-visualise-fr');
    await expect(page.getByRole('heading', { level: 2, name: /^ERD\/ERS, / })).toBeVisible();
    await page.getByTestId('erds-map').scrollIntoViewIfNeeded();
    await expect(page.getByText(/Variation de puissance par rapport à la ligne de base/)).toBeVisible();
    await shot('07b-erds-fr');
    await page.getByLabel('Langue').selectOption('en');
  });

  const figures = await timings(page);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`extract to R² map: first ${figures.extractToMapMs[0]} ms, from cache ${figures.extractToMapMs[1]} ms (of which after the job's end reached the window: ${figures.finishedToMapMs.join(', ')} ms); R² map draw median ${median(figures.r2MapDrawMs)} ms over ${figures.r2MapDrawMs.length}; hover from event median ${median(figures.hoverMs)} ms (handler alone median ${median(figures.hoverHandlerMs)} ms, max ${Math.max(...figures.hoverHandlerMs)} ms) over ${figures.hoverMs.length}`);
  await testInfo.attach('ui-timings.json', { body: JSON.stringify(figures, null, 2), contentType: 'application/json' });
  expect(consoleProblems).toEqual([]);
});

test('the same runs with connectivity features (coherence): map and spectra without dB', async ({ page, host, consoleProblems }, testInfo) => {
  test.skip(!runs.every(existsSync), `PhysioNet S001 runs 4, 8 and 12 are not in ${sharedData}`);
  test.setTimeout(180_000);
  const patients = new PatientsPage(page);
  const session = new SessionPage(page);
  const extract = new ExtractPage(page);
  const visualise = new VisualisePage(page);
  await page.goto(host.url);
  await patients.createPatient({ code: 'RH-003' });
  await patients.openPatient('RH-003');
  await session.openNewSession();
  await extract.openStep('Extract');
  await extract.importRuns(runs);
  await extract.useConnectivity('coh');
  await extract.start();
  await expect(page).toHaveURL(/\/visualise$/, { timeout: 150_000 });
  await expect(page.getByText(/Coherence: 45 trials/)).toBeVisible();
  await visualise.clickMap(0.5, 0.5);
  await expect(visualise.selectedFeatures()).toHaveCount(1);
  await expect(visualise.spectra().locator('canvas').first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('connectivity-visualise.png'), fullPage: true });

  // Node strength on the head and the strongest links, read by hovering a line; each saved as PNG and SVG.
  await expect(visualise.strengthMap().locator('canvas').first()).toBeVisible();
  await expect(visualise.linksMap().locator('canvas').first()).toBeVisible({ timeout: 60_000 });
  await expect(visualise.connectivityView()).toContainText(/The 20 strongest of \d+ electrode pairs, T1/);
  await page.getByText('The links as a list').click();
  await expect(page.getByTestId('links-list').getByRole('listitem')).toHaveCount(20);
  await expect(page.getByTestId('links-list').getByRole('listitem').first()).toHaveText(/^\S+ – \S+: \d\.\d{3}$/);
  await page.getByLabel('T2 − T1').check();
  await expect(visualise.connectivityView()).toContainText(/The 20 strongest of \d+ electrode pairs, T2 − T1/);
  await visualise.connectivityView().scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('connectivity-head.png') });
  for (const [view, format] of [['Node strength', 'PNG'], ['Strongest links', 'SVG']] as const) {
    const download = page.waitForEvent('download');
    await visualise.exportButton(view, format).click();
    expect((await download).suggestedFilename()).toMatch(new RegExp(`-(strength|links)\\.${format.toLowerCase()}$`));
  }

  // Both families from the same trials in one job: the switch shows either; connectivity from the cache after a first run.
  await extract.openStep('Extract');
  await extract.useBoth('welch', 'coh');
  await extract.rejectThreshold().fill('800');
  await extract.start();
  await expect(page).toHaveURL(/\/visualise$/, { timeout: 150_000 });
  await expect(page.getByText(/Welch: 4\d trials .*, [1-9]\d* rejected/)).toBeVisible();
  await visualise.showPart('Connectivity').check();
  await expect(page.getByText(/Coherence: 4\d trials/)).toBeVisible();
  await expect(visualise.linksMap().locator('canvas').first()).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: testInfo.outputPath('both-connectivity.png'), fullPage: true });
  await extract.openStep('Extract');
  await extract.start();
  await expect(page).toHaveURL(/\/visualise$/, { timeout: 60_000 });
  await extract.openStep('Extract');
  await expect(extract.latestJobCache()).toContainText('from cache: 3 of 3 recordings');
  await expect(extract.jobs().first()).toContainText('Welch + Coherence');

  await page.getByLabel('Language').selectOption('fr');
  await page.getByRole('navigation', { name: 'Étapes de la calibration' }).getByRole('link', { name: 'Visualiser' }).click();
  await page.getByTestId('family-toggle').getByLabel('Connectivité', { exact: true }).check();
  await expect(page.getByRole('heading', { level: 2, name: /Connectivité sur la tête/ })).toBeVisible();
  await page.getByTestId('connectivity-view').scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('connectivity-head-fr.png') });
  await page.getByLabel('Langue').selectOption('en');

  const figures = await timings(page);
  console.log(`connectivity: extract to R² map ${figures.extractToMapMs[0]} ms; both (Welch + coherence, first) ${figures.extractToMapMs[1]} ms, from cache ${figures.extractToMapMs[2]} ms`);
  expect(consoleProblems).toEqual([]);
});
