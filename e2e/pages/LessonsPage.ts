import { expect, type Locator, type Page } from '@playwright/test';

/** The lessons screen: Inception bottleneck cost, 1x1 convolutions, the residual block. */
export class LessonsPage {
  readonly screen: Locator;
  readonly k: Locator;
  readonly slider: Locator;
  readonly naive: Locator;
  readonly bottleneck: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('lessons-screen');
    this.k = page.getByTestId('inception-k');
    this.slider = page.getByTestId('inception-k-slider');
    this.naive = page.getByTestId('inception-naive-macs');
    this.bottleneck = page.getByTestId('inception-bottleneck-macs');
  }

  async goto() {
    await this.page.goto('./?view=lessons');
    await expect(this.screen).toBeVisible();
  }

  /** Sets the bottleneck slider to k (keyboard, as a user would: Home then ArrowRight). */
  async setK(k: number) {
    await this.slider.focus();
    await this.slider.press('Home');
    for (let i = 1; i < k; i++) await this.slider.press('ArrowRight');
    await expect(this.k).toHaveText(String(k));
  }
}
