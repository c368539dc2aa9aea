// The calibration workflow in Chromium through the headless host: PhysioNet S001 runs 4, 8, 12 imported, PSD extracted, a feature chosen, trained, families compared, the model chosen.
import path from 'node:path';
import { existsSync } from 'node:fs';
import { test, expect, chromiumPath, chromiumArgs, repositoryRoot } from '../fixtures.ts';
import { PatientsPage } from '../pages/patients-page.ts';
import { SessionPage } from '../pages/session-page.ts';
import { ExtractPage } from '../pages/extract-page.ts';
import { VisualisePage } from '../pages/visualise-page.ts';
import { TrainPage } from '../pages/train-page.ts';

test.use({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs }, viewport: { width: 1366, height: 768 } });

const sharedData = process.env.NEUROFEAT_SHARED_DATA ?? path.resolve(repositoryRoot, '../shared/data');
const runs = [4, 8, 12].map((r) => path.join(sharedData, 'physionet-eegmmidb', 'S001', `S001R${String(r).padStart(2, '0')}.edf`));

test('a clinician imports runs, extracts, chooses a feature, trains, compares the families and chooses the model', async ({ page, host, consoleProblems }, testInfo) => {
  test.skip(!runs.every(existsSync), `PhysioNet S001 runs 4, 8 and 12 are not in ${sharedData}`);
  // Training on a loaded two-core machine takes tens of seconds; the comparison trains five families.
  test.setTimeout(600_000);
  const patients = new PatientsPage(page);
  const session = new SessionPage(page);
  const extract = new ExtractPage(page);
  const visualise = new VisualisePage(page);
  const train = new TrainPage(page);
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  await test.step('import the three runs into a new session: listed with their trials per class', async () => {
    await page.goto(host.url);
    await patients.createPatient({ code: 'TR-001', lesionSide: 'Left' });
    await patients.openPatient('TR-001');
    await session.openNewSession();
    await extract.openStep('Extract');
    await extract.importRuns(runs);
    await expect(extract.runRows()).toHaveCount(3);
    await expect(extract.runRows().nth(0)).toContainText('S001R04.edf');
    await expect(extract.runRows().nth(0)).toContainText('T1 8 · T2 7');
    await expect(page.getByTestId('runs-chosen')).toHaveText('3 runs chosen');
    await shot('01-runs-imported');
  });

  await test.step('importing the same file again is refused, naming the run', async () => {
    await extract.importPath().fill(runs[0]);
    await extract.importButton().click();
    await expect(page.getByRole('alert').filter({ hasText: /already/i })).toBeVisible();
    await expect(extract.runRows()).toHaveCount(3);
  });

  await test.step('extract PSD from the ticked runs; the R² map opens; a feature is chosen by clicking it', async () => {
    await extract.start();
    await expect(page).toHaveURL(/\/visualise$/, { timeout: 120_000 });
    await expect(visualise.r2Canvas()).toBeVisible();
    await shot('02-r2-map');
    await visualise.clickMap(0.5, 0.4);
    await expect(visualise.selectedFeatures()).toHaveCount(1);
  });

  await test.step('the Select step lists the feature with an editable band', async () => {
    await extract.openStep('Select');
    await expect(train.chosenFeatures()).toHaveCount(1);
    await expect(train.chosenFeatures().first().getByTestId('feature-stability')).toHaveText('after automatic selection');
    await shot('03-select');
  });

  await test.step('train PSD with 5 folds: the attempt shows its accuracy, interval and the significance threshold', async () => {
    await extract.openStep('Train');
    await expect(train.heading()).toBeVisible();
    await train.folds().fill('5');
    await train.train();
    await expect(train.attempts()).toHaveCount(1, { timeout: 240_000 });
    await expect(train.attemptAccuracy(0)).toContainText(/\d+\.\d %/);
    await expect(train.attemptAccuracy(0)).toContainText(/95% interval \d+\.\d–\d+\.\d %/);
    await expect(train.attempts().first()).toContainText('stratified 5-fold, seed 1');
    await expect(train.attemptThreshold(0)).toContainText(/\d+\.\d %\s*(exceeded|not exceeded)/);
    await expect(train.detail()).toContainText(/significance threshold of \d+\.\d %/);
    await expect(train.detail()).toContainText(/SHA-256 [0-9a-f]{64}/);
    await shot('04-attempt');
  });

  await test.step('automatic selection (2 features, desynchronisation only) trains too, each kept feature with its stability', async () => {
    await extract.openStep('Select');
    await page.getByTestId('mode-automatic').check();
    await page.getByLabel('Number of features').fill('2');
    await page.getByLabel('Direction').selectOption('desync');
    await shot('05-select-automatic');
    await extract.openStep('Train');
    await expect(page.getByText('Features: automatic selection with the constraints set on Select.')).toBeVisible();
    await expect(train.folds()).toHaveValue('5');
    await train.train();
    await expect(train.attempts()).toHaveCount(2, { timeout: 240_000 });
    await expect(train.detail()).toContainText('Attempt 2');
    await expect(train.detail().getByRole('table', { name: 'Features and their stability' }).locator('tbody tr')).toHaveCount(2);
    await expect(train.detail().getByRole('table', { name: 'Features and their stability' })).toContainText(/\d+ %/);
  });

  await test.step('compare the five families on the same folds: a chart and one attempt per family', async () => {
    await train.compare();
    await expect(train.comparison()).toBeVisible({ timeout: 480_000 });
    await expect(train.comparison().locator('canvas').first()).toBeVisible();
    await expect(train.attempts()).toHaveCount(7);
    await shot('06-comparison');
  });

  await test.step('use one attempt’s model: it alone is marked as the session’s model', async () => {
    await expect(train.chosenMarks()).toHaveCount(0);
    await train.chooseButton(0).click();
    await expect(train.chosenMarks()).toHaveCount(1);
    await shot('07-model-chosen');
  });

  await test.step('the Train and Select screens in French', async () => {
    await page.getByLabel('Language').selectOption('fr');
    await expect(page.getByRole('heading', { level: 2, name: 'Entraîner un classifieur' })).toBeVisible();
    await shot('08-train-fr');
    await page.getByRole('navigation', { name: 'Étapes de la calibration' }).getByRole('link', { name: 'Sélectionner' }).click();
    await expect(page.getByRole('heading', { level: 2, name: /Caractéristiques choisies/ })).toBeVisible();
    await shot('09-select-fr');
    await page.getByLabel('Langue').selectOption('en');
  });

  expect(consoleProblems).toEqual([]);
});

test('the same flow with connectivity features: coherence extracted, a node-strength feature chosen and trained as connectivity', async ({ page, host, consoleProblems }, testInfo) => {
  test.skip(!runs.every(existsSync), `PhysioNet S001 runs 4, 8 and 12 are not in ${sharedData}`);
  test.setTimeout(600_000);
  const patients = new PatientsPage(page);
  const session = new SessionPage(page);
  const extract = new ExtractPage(page);
  const visualise = new VisualisePage(page);
  const train = new TrainPage(page);
  await page.goto(host.url);
  await patients.createPatient({ code: 'TR-002' });
  await patients.openPatient('TR-002');
  await session.openNewSession();
  await extract.openStep('Extract');
  await extract.importRuns(runs);
  await extract.useConnectivity('coh');
  await extract.start();
  await expect(page).toHaveURL(/\/visualise$/, { timeout: 240_000 });
  await visualise.clickMap(0.5, 0.5);
  await expect(visualise.selectedFeatures()).toHaveCount(1);
  await extract.openStep('Train');
  await expect(train.family()).toHaveValue('fc');
  await train.folds().fill('5');
  await train.train();
  await expect(train.attempts()).toHaveCount(1, { timeout: 240_000 });
  await expect(train.attempts().first()).toContainText('Connectivity');
  await expect(train.attemptAccuracy(0)).toContainText(/95% interval \d+\.\d–\d+\.\d %/);
  await expect(train.detail()).toContainText(/significance threshold of \d+\.\d %/);
  await page.screenshot({ path: testInfo.outputPath('connectivity-attempt.png'), fullPage: true });
  expect(consoleProblems).toEqual([]);
});
