// The calibration workflow in Chromium through the headless host: PhysioNet S001 runs 4, 8, 12 imported, PSD extracted, a feature chosen (kept over a reload), the default procedure trained, the choice overridden, families compared, the model chosen; timings printed.
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

test('a clinician imports runs, extracts, chooses a feature, trains the default procedure, overrides it, compares the families and chooses the model', async ({ page, host, consoleProblems }, testInfo) => {
  test.skip(!runs.every(existsSync), `PhysioNet S001 runs 4, 8 and 12 are not in ${sharedData}`);
  // Training on a loaded two-core machine takes tens of seconds; the comparison trains six families.
  test.setTimeout(1_200_000);
  const timings: Record<string, number> = {};
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

  await test.step('the Select step lists the feature with an editable band; the choice survives a page reload', async () => {
    await extract.openStep('Select');
    await expect(train.chosenFeatures()).toHaveCount(1);
    await expect(train.chosenFeatures().first().getByTestId('feature-stability')).toHaveText('after automatic selection');
    await shot('03-select');
    const before = await train.chosenFeatures().first().innerText();
    await page.reload();
    // The extraction's result lives in the window; extracting again reads the feature cache.
    await extract.openStep('Extract');
    await expect(extract.runRows()).toHaveCount(3);
    for (let i = 0; i < 3; i++) await extract.runRows().nth(i).getByRole('checkbox').check();
    await extract.start();
    await expect(page).toHaveURL(/\/visualise$/, { timeout: 120_000 });
    await extract.openStep('Select');
    await expect(train.chosenFeatures()).toHaveCount(1);
    expect(await train.chosenFeatures().first().innerText()).toBe(before);
  });

  await test.step('train with the default procedure: the family chosen per fold in plain words, AUC, the model file', async () => {
    await extract.openStep('Train');
    await expect(train.heading()).toBeVisible();
    await expect(train.family()).toHaveValue('auto');
    await expect(train.family().locator('option').first()).toHaveText('Automatic (recommended)');
    await expect(page.getByText('For this patient, an inner cross-validation picks among six standard pipelines')).toBeVisible();
    await expect(train.folds()).toHaveValue('5');
    await expect(train.permutations()).toHaveValue('0');
    const t0 = Date.now();
    await train.train();
    await expect(train.attempts()).toHaveCount(1, { timeout: 300_000 });
    timings.autoAttemptMs = Date.now() - t0;
    await expect(train.attempts().first()).toContainText('Automatic (recommended)');
    await expect(train.attempts().first().getByTestId('attempt-auto-choice')).toContainText(/^chose /);
    await expect(train.attemptAuc(0)).toHaveText(/^0\.\d\d$/);
    await expect(train.attemptPValue(0)).toHaveText('—');
    await expect(train.attemptAccuracy(0)).toContainText(/95% interval \d+\.\d–\d+\.\d %/);
    await expect(train.attempts().first()).toContainText('stratified 5-fold, seed 1');
    await expect(train.attemptThreshold(0)).toContainText(/\d+\.\d %\s*(exceeded|not exceeded)/);
    await expect(train.detail()).toContainText(/significance threshold of \d+\.\d %/);
    await expect(train.detail().getByTestId('attempt-choice')).toContainText(/Chosen per fold by an inner 5-fold cross-validation on that fold’s training trials: .+ in \d of 5 folds/);
    await expect(train.detail().getByTestId('attempt-choice')).toContainText(/The model file uses .+, chosen the same way on all 45 trials/);
    await expect(train.detail().getByTestId('attempt-prefilter')).toContainText('band-passed 8–32 Hz');
    await expect(train.detail()).toContainText(/SHA-256 [0-9a-f]{64}/);
    await shot('04-attempt-auto');
  });

  await test.step('override the choice with the chosen PSD feature (5 folds): accuracy, interval and the significance threshold', async () => {
    await train.family().selectOption('psd');
    await expect(page.getByText('Features: the chosen feature')).toBeVisible();
    const t0 = Date.now();
    await train.train();
    await expect(train.attempts()).toHaveCount(2, { timeout: 240_000 });
    timings.psdAttemptMs = Date.now() - t0;
    await expect(train.detail()).toContainText('Attempt 2');
    await expect(train.attemptAuc(0)).toHaveText('—');
    await expect(train.detail()).toContainText(/SHA-256 [0-9a-f]{64}/);
  });

  await test.step('automatic selection (2 features, desynchronisation only) trains too, each kept feature with its stability', async () => {
    await extract.openStep('Select');
    await page.getByTestId('mode-automatic').check();
    await page.getByLabel('Number of features').fill('2');
    await page.getByLabel('Direction').selectOption('desync');
    await shot('05-select-automatic');
    await extract.openStep('Train');
    await expect(page.getByText('Features: automatic selection with the constraints set on Select.')).toBeVisible();
    await expect(train.family()).toHaveValue('psd');
    await train.train();
    await expect(train.attempts()).toHaveCount(3, { timeout: 240_000 });
    await expect(train.detail()).toContainText('Attempt 3');
    await expect(train.detail().getByRole('table', { name: 'Features and their stability' }).locator('tbody tr')).toHaveCount(2);
    await expect(train.detail().getByRole('table', { name: 'Features and their stability' })).toContainText(/\d+ %/);
  });

  await test.step('a standard family with permutations: its p-value in the table', async () => {
    await train.family().selectOption('csp-lda');
    await train.permutations().fill('abc');
    await train.train();
    await expect(page.getByText('Enter a whole number of permutations from 0 to 1000 (got “abc”).')).toBeVisible();
    await train.permutations().fill('5');
    const t0 = Date.now();
    await train.train();
    await expect(train.attempts()).toHaveCount(4, { timeout: 240_000 });
    timings.cspLdaAttemptWith5PermutationsMs = Date.now() - t0;
    await expect(train.attemptPValue(0)).toContainText(/^0\.\d{3}\s*5 permutations$/);
    await expect(train.detail().getByTestId('attempt-p-value-line')).toContainText('rerun on 5 shuffles of the labels');
  });

  await test.step('compare six families on the same folds: a chart and one attempt per family', async () => {
    const t0 = Date.now();
    await train.compare();
    await expect(train.comparison()).toBeVisible({ timeout: 480_000 });
    timings.comparisonMs = Date.now() - t0;
    await expect(train.comparison().locator('canvas').first()).toBeVisible();
    await expect(train.attempts()).toHaveCount(10);
    await expect(train.comparison()).toContainText(/Automatic \(recommended\): \d+\.\d %.*AUC 0\.\d\d \(chose /);
    await shot('06-comparison');
    // Every attempt without a model file says why, and its "Use this model" is disabled.
    const reasons = await train.noModelReasons().count();
    await expect(train.attempts().getByTestId('attempt-choose').and(page.locator(':disabled'))).toHaveCount(reasons);
  });

  await test.step('use one attempt’s model: it alone is marked as the session’s model', async () => {
    await expect(train.chosenMarks()).toHaveCount(0);
    // The newest row is the comparison's default procedure, which writes a model on S001.
    await expect(train.attempts().first()).toContainText('Automatic (recommended)');
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

  // From the click to the attempt (or the chart) on screen, as a user waits for it.
  console.log(`train timings: ${JSON.stringify(timings)}`);
  await testInfo.attach('train-timings.json', { body: JSON.stringify(timings, null, 2), contentType: 'application/json' });
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
  await expect(train.family()).toHaveValue('auto');
  await train.family().selectOption('fc');
  await train.train();
  await expect(train.attempts()).toHaveCount(1, { timeout: 240_000 });
  await expect(train.attempts().first()).toContainText('Connectivity');
  await expect(train.attemptAccuracy(0)).toContainText(/95% interval \d+\.\d–\d+\.\d %/);
  await expect(train.detail()).toContainText(/significance threshold of \d+\.\d %/);
  await page.screenshot({ path: testInfo.outputPath('connectivity-attempt.png'), fullPage: true });
  expect(consoleProblems).toEqual([]);
});
