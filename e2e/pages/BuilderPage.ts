import { expect, type Locator, type Page } from '@playwright/test';

/** The builder screen: library, palette, editable layer table, totals, issues, exports. */
export class BuilderPage {
  readonly root: Locator;
  readonly table: Locator;
  readonly totalParams: Locator;
  readonly errorCount: Locator;
  readonly notice: Locator;
  readonly saveStatus: Locator;
  readonly inputShape: Locator;
  readonly name: Locator;
  readonly codePreview: Locator;
  readonly undoButton: Locator;
  readonly redoButton: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('builder');
    this.table = page.getByTestId('builder-table');
    this.totalParams = page.getByTestId('builder-total-params');
    this.errorCount = page.getByTestId('builder-error-count');
    this.notice = page.getByTestId('builder-notice');
    this.saveStatus = page.getByTestId('save-status');
    this.inputShape = page.getByTestId('builder-input-shape');
    this.name = page.getByTestId('builder-name');
    this.codePreview = page.getByTestId('code-preview');
    this.undoButton = page.getByTestId('undo');
    this.redoButton = page.getByTestId('redo');
  }

  /** Opens the builder screen straight from the URL and waits until the saved networks are loaded. */
  async goto(hash = '') {
    await this.page.goto(`./?view=build${hash}`);
    await expect(this.root).toBeVisible();
    await expect(this.page.getByTestId('library')).toBeVisible();
  }

  /** Forks a zoo network ("Fork a classic"). */
  async fork(id: string) {
    await this.page.getByTestId('fork-select').selectOption(id);
    await this.page.getByTestId('fork-button').click();
  }

  async newBlank() {
    await this.page.getByTestId('new-blank').click();
    await expect(this.table).toBeVisible();
    await this.waitSaved();
  }

  /** Waits until the last change is stored in IndexedDB. */
  async waitSaved() {
    await expect(this.saveStatus).toHaveAttribute('data-state', 'saved');
  }

  /** Adds a layer from the palette (after the selected layer) and returns its id from the selection. */
  async add(kind: string): Promise<string> {
    await this.page.getByTestId(`palette-${kind}`).click();
    const row = this.table.locator('tr.brow.selected');
    await expect(row).toHaveCount(1);
    const testId = await row.getAttribute('data-testid');
    return testId!.replace('builder-row-', '');
  }

  row(id: string): Locator {
    return this.page.getByTestId(`builder-row-${id}`);
  }

  field(layer: string, key: string): Locator {
    return this.page.getByTestId(`field-${layer}-${key}`);
  }

  shape(id: string): Locator {
    return this.page.getByTestId(`shape-${id}`);
  }

  error(id: string): Locator {
    return this.page.getByTestId(`builder-error-${id}`);
  }

  /** Sets a text field of a layer. */
  async set(layer: string, key: string, value: string) {
    await this.field(layer, key).fill(value);
  }

  async expectParams(n: number) {
    await expect(this.totalParams).toHaveAttribute('data-value', String(n));
  }

  savedItem(name: string): Locator {
    return this.page.locator(`[data-testid="saved-item"][data-name="${name}"]`);
  }
}
