// The steps of the calibration flow that the browser and the Electron end-to-end tests share: PhysioNet S001 runs 4, 8, 12 imported, PSD extracted, a feature chosen on the R² map, the default procedure trained, automatic selection trained, the families compared, the model chosen.
import path from 'node:path';
import { existsSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { repositoryRoot } from '../fixtures.ts';
import { ExtractPage } from '../pages/extract-page.ts';
import { PatientsPage } from '../pages/patients-page.ts';
import { SessionPage } from '../pages/session-page.ts';
import { TrainPage } from '../pages/train-page.ts';
import { VisualisePage } from '../pages/visualise-page.ts';

const sharedData = process.env.NEUROFEAT_SHARED_DATA ?? path.resolve(repositoryRoot, '../shared/data');
/** PhysioNet S001's imagery runs of the left and right fist. */
export const trainRuns = [4, 8, 12].map((r) => path.join(sharedData, 'physionet-eegmmidb', 'S001', `S001R${String(r).padStart(2, '0')}.edf`));
/** Why the flow cannot run here, or null. */
export const trainRunsMissing = trainRuns.every(existsSync) ? null : `PhysioNet S001 runs 4, 8 and 12 are not in ${sharedData}`;

/** The page objects of one window, and how its screenshots are kept. */
export class TrainFlow {
  readonly page: Page;
  readonly shot: (name: string) => Promise<unknown>;
  readonly patients: PatientsPage;
  readonly session: SessionPage;
  readonly extract: ExtractPage;
  readonly visualise: VisualisePage;
  readonly train: TrainPage;
  /** From the click to the attempt (or the chart) on screen, as a user waits for it. */
  readonly timings: Record<string, number> = {};

  constructor(page: Page, shot: (name: string) => Promise<unknown>) {
    this.page = page;
    this.shot = shot;
    this.patients = new PatientsPage(page);
    this.session = new SessionPage(page);
    this.extract = new ExtractPage(page);
    this.visualise = new VisualisePage(page);
    this.train = new TrainPage(page);
  }

  /** A new patient and session, the three runs imported by `importRuns` (the path field, or Electron's dialog), listed with their trials per class. */
  async importTheRuns(code: string, importRuns: (files: string[]) => Promise<void>): Promise<void> {
    await test.step('import the three runs into a new session: listed with their trials per class', async () => {
      await this.patients.createPatient({ code, lesionSide: 'Left' });
      await this.patients.openPatient(code);
      await this.session.openNewSession();
      await this.extract.openStep('Extract');
      await importRuns(trainRuns);
      await expect(this.extract.runRows()).toHaveCount(3);
      await expect(this.extract.runRows().nth(0)).toContainText('S001R04.edf');
      await expect(this.extract.runRows().nth(0)).toContainText('T1 8 · T2 7');
      await expect(this.page.getByTestId('runs-chosen')).toHaveText('3 runs chosen');
      await this.shot('01-runs-imported');
    });
  }

  async extractAndChooseFeature(): Promise<void> {
    await test.step('extract PSD from the ticked runs; the R² map opens; a feature is chosen by clicking it', async () => {
      await this.extract.start();
      await expect(this.page).toHaveURL(/\/visualise$/, { timeout: 120_000 });
      await expect(this.visualise.r2Canvas()).toBeVisible();
      await this.shot('02-r2-map');
      await this.visualise.clickMap(0.5, 0.4);
      await expect(this.visualise.selectedFeatures()).toHaveCount(1);
    });
  }

  async trainTheDefaultProcedure(): Promise<void> {
    await test.step('train with the default procedure: the family chosen per fold in plain words, accuracy with its interval, AUC, the model file', async () => {
      const { train } = this;
      await this.extract.openStep('Train');
      await expect(train.heading()).toBeVisible();
      await expect(train.family()).toHaveValue('auto');
      await expect(train.family().locator('option').first()).toHaveText('Automatic (recommended)');
      await expect(this.page.getByText('For this patient, an inner cross-validation picks among six standard pipelines')).toBeVisible();
      await expect(train.folds()).toHaveValue('5');
      await expect(train.permutations()).toHaveValue('0');
      const before = await train.attempts().count();
      const t0 = Date.now();
      await train.train();
      await expect(train.attempts()).toHaveCount(before + 1, { timeout: 300_000 });
      this.timings.autoAttemptMs = Date.now() - t0;
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
      await this.shot('04-attempt-auto');
    });
  }

  /**
   * Automatic selection of 2 PSD features (desynchronisation only) on Select, then trained: each kept feature with its
   * stability. `family`: `keep` when the Train form already shows PSD (checked), `choose` to choose it.
   */
  async trainAutomaticSelection(family: 'keep' | 'choose'): Promise<void> {
    await test.step('automatic selection (2 features, desynchronisation only) trains too, each kept feature with its stability', async () => {
      const { train } = this;
      await this.extract.openStep('Select');
      await this.page.getByTestId('mode-automatic').check();
      await this.page.getByLabel('Number of features').fill('2');
      await this.page.getByLabel('Direction').selectOption('desync');
      await this.shot('05-select-automatic');
      await this.extract.openStep('Train');
      if (family === 'keep') await expect(train.family()).toHaveValue('psd');
      else await train.family().selectOption('psd');
      await expect(this.page.getByText('Features: automatic selection with the constraints set on Select.')).toBeVisible();
      const before = await train.attempts().count();
      await train.train();
      await expect(train.attempts()).toHaveCount(before + 1, { timeout: 240_000 });
      await expect(train.detail()).toContainText(`Attempt ${before + 1}`);
      await expect(train.attemptAccuracy(0)).toContainText(/95% interval \d+\.\d–\d+\.\d %/);
      await expect(train.detail().getByRole('table', { name: 'Features and their stability' }).locator('tbody tr')).toHaveCount(2);
      await expect(train.detail().getByRole('table', { name: 'Features and their stability' })).toContainText(/\d+ %/);
    });
  }

  async compareTheFamilies(): Promise<void> {
    await test.step('compare six families on the same folds: a chart and one attempt per family', async () => {
      const { train } = this;
      const before = await train.attempts().count();
      const t0 = Date.now();
      await train.compare();
      await expect(train.comparison()).toBeVisible({ timeout: 480_000 });
      this.timings.comparisonMs = Date.now() - t0;
      await expect(train.comparison().locator('canvas').first()).toBeVisible();
      await expect(train.attempts()).toHaveCount(before + 6);
      await expect(train.comparison()).toContainText(/Automatic \(recommended\): \d+\.\d %.*AUC 0\.\d\d \(chose /);
      await this.shot('06-comparison');
      // Every attempt without a model file says why, and its "Use this model" is disabled.
      const reasons = await train.noModelReasons().count();
      await expect(train.attempts().getByTestId('attempt-choose').and(this.page.locator(':disabled'))).toHaveCount(reasons);
    });
  }

  async chooseTheModel(): Promise<void> {
    await test.step('use one attempt’s model: it alone is marked as the session’s model', async () => {
      const { train } = this;
      await expect(train.chosenMarks()).toHaveCount(0);
      // The newest row is the comparison's default procedure, which writes a model on S001.
      await expect(train.attempts().first()).toContainText('Automatic (recommended)');
      await train.chooseButton(0).click();
      await expect(train.chosenMarks()).toHaveCount(1);
      await this.shot('07-model-chosen');
    });
  }
}
