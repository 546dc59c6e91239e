import { expect, type Locator, type Page } from '@playwright/test';

/** The network screen: title, input shape, summary table, totals, training memory, issues, copy. */
export class NetworkPage {
  readonly title: Locator;
  readonly inputShape: Locator;
  readonly inputShapeMessage: Locator;
  readonly table: Locator;
  readonly errorList: Locator;
  readonly copyButton: Locator;
  readonly copyStatus: Locator;
  readonly copyFallback: Locator;
  readonly backLink: Locator;
  readonly trainingMemory: Locator;
  readonly batchSize: Locator;
  readonly optimizer: Locator;

  constructor(readonly page: Page) {
    this.title = page.getByTestId('network-title');
    this.inputShape = page.getByTestId('input-shape');
    this.inputShapeMessage = page.getByTestId('input-shape-message');
    this.table = page.getByTestId('summary-table');
    this.errorList = page.getByTestId('error-list');
    this.copyButton = page.getByTestId('copy-summary');
    this.copyStatus = page.getByTestId('copy-status');
    this.copyFallback = page.getByTestId('summary-text');
    this.backLink = page.getByTestId('back-to-gallery');
    this.trainingMemory = page.getByTestId('training-memory');
    this.batchSize = page.getByTestId('batch-size');
    this.optimizer = page.getByTestId('optimizer');
  }

  /** Opens a network straight from the URL and waits for its table. */
  async goto(id: string) {
    await this.page.goto(`./?model=${encodeURIComponent(id)}`);
    await this.waitForNetwork();
  }

  /** Waits until a network is shown (optionally a given one) with its summary table. */
  async waitForNetwork(name?: string | RegExp) {
    if (name !== undefined) await expect(this.title).toContainText(name);
    else await expect(this.title).toBeVisible();
    await expect(this.table).toBeVisible();
  }

  /** A totals figure by test id: its short text, and the exact value from its title. */
  figure(testId: 'total-params' | 'trainable-params' | 'non-trainable-params' | 'total-macs' | 'activation-memory' | 'weight-memory'): Locator {
    return this.page.getByTestId(testId);
  }

  row(layerId: string): Locator {
    return this.page.getByTestId(`layer-row-${layerId}`);
  }

  cell(layerId: string, col: 'kind' | 'shape' | 'params' | 'macs' | 'activation' | 'rf' | 'error'): Locator {
    return this.row(layerId).locator(`[data-col="${col}"]`);
  }

  async setInputShape(text: string) {
    await this.inputShape.fill(text);
  }
}
