// Page object of the patient list and the new-patient form: locators only, one user action per method.
import type { Page } from '@playwright/test';

export class PatientsPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  heading = () => this.page.getByRole('heading', { level: 1, name: 'Patients' });
  codeInput = () => this.page.getByLabel('Patient code');
  birthYearInput = () => this.page.getByLabel('Year of birth');
  lesionSideSelect = () => this.page.getByLabel('Lesion side');
  dominantHandSelect = () => this.page.getByLabel('Dominant hand');
  createButton = () => this.page.getByRole('button', { name: 'Create patient' });
  alert = () => this.page.getByRole('alert');
  openPatientButton = (code: string) => this.page.getByRole('button', { name: `Open patient ${code}` });

  async createPatient(fields: { code: string; birthYear?: string; lesionSide?: string; dominantHand?: string }): Promise<void> {
    await this.codeInput().fill(fields.code);
    if (fields.birthYear) await this.birthYearInput().fill(fields.birthYear);
    if (fields.lesionSide) await this.lesionSideSelect().selectOption({ label: fields.lesionSide });
    if (fields.dominantHand) await this.dominantHandSelect().selectOption({ label: fields.dominantHand });
    await this.createButton().click();
  }

  async openPatient(code: string): Promise<void> {
    await this.openPatientButton(code).click();
  }
}
