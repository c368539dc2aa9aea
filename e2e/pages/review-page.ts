// Page object of a patient's progress over sessions: locators only, one user action per method.
import type { Page } from '@playwright/test';

export class ReviewPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  /** The link on the patient's page, in either language (its test id). */
  progressLink = () => this.page.getByTestId('patient-progress');
  heading = () => this.page.getByRole('heading', { level: 1 });
  verdict = () => this.page.getByTestId('review-verdict');
  help = () => this.page.getByTestId('review-help');
  chart = () => this.page.getByTestId('review-chart-canvas');
  readout = () => this.page.getByTestId('review-readout');
  rows = () => this.page.getByTestId('review-table').locator('tbody tr');
  openButtons = () => this.page.getByTestId('review-table').getByRole('button');
  backLink = () => this.page.getByTestId('review-back');
  unknown = () => this.page.getByTestId('review-unknown');
  noSessions = () => this.page.getByTestId('review-no-sessions');
  exportPanel = () => this.page.getByTestId('review-export');
  exportButton = () => this.exportPanel().getByRole('button', { name: 'Export report' });
  assessments = () => this.page.getByTestId('assessments');
  assessmentRows = (scale: 'fma-ue' | 'arat') => this.page.getByTestId(`assessment-table-${scale}`).locator('tbody tr');
  assessmentSummary = (scale: 'fma-ue' | 'arat') => this.page.getByTestId(`assessment-summary-${scale}`);
  assessmentStatus = () => this.page.getByTestId('assessment-status');
  assessmentSession = () => this.assessments().locator('[data-test="assessment-session"]');
  assessmentScale = () => this.assessments().locator('[data-test="assessment-scale"]');
  assessmentScore = () => this.assessments().locator('[data-test="assessment-score"]');
  history = () => this.page.getByTestId('record-history');
  historyRows = () => this.page.getByTestId('record-history-table').locator('tbody tr');
  historyCount = () => this.page.getByTestId('record-history-count');
  historyMore = () => this.history().getByRole('button', { name: /Show more|Afficher plus/ });

  async openFromPatient(): Promise<void> {
    await this.progressLink().click();
  }

  /** Keyboard focus onto the chart: back from the first Open button of the table, which follows it. */
  async focusChartByKeyboard(): Promise<void> {
    await this.openButtons().first().focus();
    await this.page.keyboard.press('Shift+Tab');
  }
}
