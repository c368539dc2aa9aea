// Page object of a session's workflow steps, the Extract step and its feature jobs: locators only, one user action per method.
import type { Page } from '@playwright/test';

export class ExtractPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  step = (name: string) => this.page.getByRole('navigation', { name: /Calibration steps|Étapes/ }).getByRole('link', { name });
  heading = () => this.page.getByRole('heading', { level: 2, name: 'Extract features' });
  filesInput = () => this.page.getByTestId('extract-files');
  startButton = () => this.page.getByTestId('extract-start');
  jobs = () => this.page.getByTestId('feature-job');
  latestJobState = () => this.jobs().first().getByTestId('feature-job-state');
  latestJobCache = () => this.jobs().first().getByTestId('feature-job-cache');
  alerts = () => this.page.getByRole('alert');

  async openStep(name: string): Promise<void> {
    await this.step(name).click();
  }

  async enterFiles(paths: string[]): Promise<void> {
    await this.filesInput().fill(paths.join('\n'));
  }

  async start(): Promise<void> {
    await this.startButton().click();
  }
}
