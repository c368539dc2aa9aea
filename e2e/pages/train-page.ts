// Page object of the Select and Train steps: the chosen features, training, the attempts table, the comparison, the model choice.
import type { Page } from '@playwright/test';

export class TrainPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  heading = () => this.page.getByRole('heading', { level: 2, name: 'Train a classifier' });
  chosenFeatures = () => this.page.getByTestId('chosen-feature');
  folds = () => this.page.getByTestId('train-folds');
  family = () => this.page.getByTestId('train-family');
  permutations = () => this.page.getByTestId('train-permutations');
  trainButton = () => this.page.getByTestId('train-start');
  compareButton = () => this.page.getByTestId('train-compare');
  modelJobs = () => this.page.getByTestId('model-job');
  attempts = () => this.page.getByTestId('attempt-row');
  attemptAccuracy = (row: number) => this.attempts().nth(row).getByTestId('attempt-accuracy');
  attemptThreshold = (row: number) => this.attempts().nth(row).getByTestId('attempt-threshold');
  attemptAuc = (row: number) => this.attempts().nth(row).getByTestId('attempt-auc');
  attemptPValue = (row: number) => this.attempts().nth(row).getByTestId('attempt-p-value');
  noModelReasons = () => this.page.getByTestId('attempt-no-model');
  detail = () => this.page.getByTestId('attempt-detail');
  comparison = () => this.page.getByTestId('comparison');
  chooseButton = (row: number) => this.attempts().nth(row).getByTestId('attempt-choose');
  chosenMarks = () => this.page.getByTestId('attempt-chosen');

  async train(): Promise<void> {
    await this.trainButton().click();
  }

  async compare(): Promise<void> {
    await this.compareButton().click();
  }
}
