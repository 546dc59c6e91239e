import { expect, type Locator, type Page } from '@playwright/test';

/** The gallery screen: zoo cards grouped by family, and the unknown-network message. */
export class GalleryPage {
  readonly root: Locator;
  readonly unknownModel: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('gallery');
    this.unknownModel = page.getByTestId('unknown-model');
  }

  /** Opens the app at the gallery (or at any query) and waits until the cards are there. */
  async goto(search = '') {
    await this.page.goto(`./${search}`);
    await expect(this.root).toBeVisible();
  }

  card(id: string): Locator {
    return this.page.getByTestId(`gallery-card-${id}`);
  }

  /** The card's parameter figure ("138.4 M", exact count in its title). */
  params(id: string): Locator {
    return this.page.getByTestId(`gallery-params-${id}`);
  }

  /** Opens a network by clicking its card (the title link covers the card). */
  async open(id: string) {
    await this.card(id).click();
  }
}
