// Page object of a patient's page and a session's acquisition view.
import type { Page } from '@playwright/test';

export class SessionPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  patientHeading = (code: string) => this.page.getByRole('heading', { level: 1, name: `Patient ${code}` });
  openNewSessionButton = () => this.page.getByRole('button', { name: 'Open a new session' });
  sessionHeading = () => this.page.getByRole('heading', { level: 1, name: /^Session \d+/ });
  deviceSelect = () => this.page.getByLabel('Device');
  startButton = () => this.page.getByRole('button', { name: 'Start acquisition' });
  stopButton = () => this.page.getByRole('button', { name: 'Stop acquisition' });
  signalView = () => this.page.getByTestId('signal-view');
  samplesReceived = () => this.page.getByTestId('status-samples');
  engineState = () => this.page.getByTestId('status-engine');

  async openNewSession(): Promise<void> {
    await this.openNewSessionButton().click();
  }

  async start(): Promise<void> {
    await this.startButton().click();
  }

  async stop(): Promise<void> {
    await this.stopButton().click();
  }

  /** Samples received so far, as the status bar shows them. */
  async samplesShown(): Promise<number> {
    const text = (await this.samplesReceived().textContent()) ?? '';
    const digits = text.replace(/[^\d]/g, '');
    return digits === '' ? 0 : Number(digits);
  }
}
