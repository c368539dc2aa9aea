// Page object of the Visualise step: the R² map, its readout, the topographic map, the spectra and the chosen features.
import type { Page } from '@playwright/test';

export class VisualisePage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  r2Map = () => this.page.getByTestId('r2-map');
  r2Canvas = () => this.r2Map().locator('canvas').first();
  readout = () => this.page.getByTestId('r2-readout');
  topomap = () => this.page.getByTestId('topomap');
  spectra = () => this.page.getByTestId('spectra');
  selectedFeatures = () => this.page.getByTestId('selected-features').getByRole('listitem');
  exportButton = (view: string, format: 'PNG' | 'SVG') => this.page.getByRole('button', { name: `Save the ${view} as ${format}` });
  signedToggle = () => this.page.getByLabel('Signed R²', { exact: true });
  erdsView = () => this.page.getByTestId('erds-view');
  erdsShow = () => this.page.getByTestId('erds-show');
  erdsMap = () => this.page.getByTestId('erds-map');
  erdsReadout = () => this.page.getByTestId('erds-readout');
  linksReadout = () => this.page.getByTestId('links-readout');
  connectivityView = () => this.page.getByTestId('connectivity-view');
  strengthMap = () => this.page.getByTestId('strength-map');
  linksMap = () => this.page.getByTestId('links-map');
  /** The Spectra / Connectivity switch of an extraction of both families. */
  showPart = (name: 'Power spectrum (PSD)' | 'Connectivity') => this.page.getByTestId('family-toggle').getByLabel(name, { exact: true });

  /** A point inside the map's plotting area, as fractions of the chart box (the labels take its left edge, the scale its right). */
  async pointOnMap(fx: number, fy: number): Promise<{ x: number; y: number }> {
    const box = (await this.r2Map().boundingBox())!;
    return { x: box.width * fx, y: box.height * fy };
  }

  /** Moves the pointer there, scrolling the map into view first. */
  async hoverMap(fx: number, fy: number): Promise<void> {
    await this.r2Map().hover({ position: await this.pointOnMap(fx, fy) });
  }

  async clickMap(fx: number, fy: number): Promise<void> {
    await this.r2Map().click({ position: await this.pointOnMap(fx, fy) });
  }

  async dragMap(from: [number, number], to: [number, number]): Promise<void> {
    await this.hoverMap(...from);
    await this.page.mouse.down();
    const box = (await this.r2Map().boundingBox())!;
    await this.page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 6 });
    await this.page.mouse.up();
  }
}
