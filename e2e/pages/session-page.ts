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
  deviceSelect = () => this.page.getByLabel('Device', { exact: true });
  /** "Start recording" in a session (or "Start signal check"), whatever the language. */
  startButton = () => this.page.getByTestId('acquisition-start');
  stopButton = () => this.page.getByTestId('acquisition-stop');
  stateChip = () => this.page.getByTestId('acquisition-state');
  recordingProgress = () => this.page.getByTestId('recording-progress');
  recordingFile = () => this.page.getByTestId('recording-file');
  recordingElapsed = () => this.page.getByTestId('recording-elapsed');
  runs = () => this.page.getByTestId('session-run');
  elsewhereNotice = () => this.page.getByTestId('acquisition-elsewhere');
  noTrace = () => this.page.getByTestId('no-trace');
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
