// Page object of a session's workflow steps, the Extract step (its runs table and import) and its feature jobs: locators and one user action per method.
import { expect, type Page } from '@playwright/test';

export class ExtractPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  step = (name: string) => this.page.getByRole('navigation', { name: /Calibration steps|Étapes/ }).getByRole('link', { name });
  heading = () => this.page.getByRole('heading', { level: 2, name: 'Extract features' });
  importPath = () => this.page.getByTestId('run-import-path');
  importButton = () => this.page.getByTestId('run-import');
  runRows = () => this.page.getByTestId('run-row');
  startButton = () => this.page.getByTestId('extract-start');
  jobs = () => this.page.getByTestId('feature-job');
  latestJobState = () => this.jobs().first().getByTestId('feature-job-state');
  latestJobCache = () => this.jobs().first().getByTestId('feature-job-cache');
  alerts = () => this.page.getByRole('alert');

  async openStep(name: string): Promise<void> {
    await this.step(name).click();
  }

  /** Imports each file into the session (each one is ticked for extraction as it arrives). */
  async importRuns(paths: string[]): Promise<void> {
    for (const file of paths) {
      const before = await this.runRows().count();
      await this.importPath().fill(file);
      await this.importButton().click();
      await expect(this.runRows()).toHaveCount(before + 1, { timeout: 30_000 });
    }
  }

  /** Chooses the connectivity family with one of its metrics (`coh`, `imcoh`...). */
  async useConnectivity(metric: string): Promise<void> {
    await this.page.getByLabel('Connectivity', { exact: true }).check();
    await this.page.getByLabel('Connectivity metric').selectOption(metric);
  }

  /** Chooses both families: a spectral method with a connectivity metric, from the same trials in one job. */
  async useBoth(psdMethod: string, metric: string): Promise<void> {
    await this.page.getByLabel('Both', { exact: true }).check();
    await this.page.getByLabel('Spectrum method').selectOption(psdMethod);
    await this.page.getByLabel('Connectivity metric').selectOption(metric);
  }

  /** The rejection threshold in µV (empty for none). */
  rejectThreshold = () => this.page.getByTestId('extract-reject');

  async start(): Promise<void> {
    await this.startButton().click();
  }
}
