import { expect, type Locator, type Page } from '@playwright/test';

/** The compare screen: network picks, settings, the side-by-side table and the accuracy chart. */
export class ComparePage {
  readonly screen: Locator;
  readonly table: Locator;
  readonly batch: Locator;
  readonly optimizer: Locator;
  readonly dtype: Locator;
  readonly budget: Locator;
  readonly accuracy: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('compare-screen');
    this.table = page.getByTestId('compare-table');
    this.batch = page.getByTestId('compare-batch');
    this.optimizer = page.getByTestId('compare-optimizer');
    this.dtype = page.getByTestId('compare-dtype');
    this.budget = page.getByTestId('compare-budget');
    this.accuracy = page.getByTestId('accuracy-chart');
  }

  async goto(query: string) {
    await this.page.goto(`./?view=compare${query ? `&${query}` : ''}`);
    await expect(this.screen).toBeVisible();
  }

  pick(id: string): Locator {
    return this.page.getByTestId(`compare-pick-${id}`);
  }

  column(id: string): Locator {
    return this.page.getByTestId(`compare-col-${id}`);
  }

  /** One figure of one network. */
  cell(row: string, net: string): Locator {
    return this.page.getByTestId(`compare-row-${row}`).locator(`td[data-net="${net}"]`);
  }

  /** The query string of the address bar, parsed. */
  async urlParams(): Promise<URLSearchParams> {
    return new URL(this.page.url()).searchParams;
  }
}
