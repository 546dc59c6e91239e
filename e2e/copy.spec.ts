import { expect, test } from '@playwright/test';
import { NetworkPage } from './pages/NetworkPage';

test.describe('copy as text', () => {
  test('copies the summary to the clipboard', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const net = new NetworkPage(page);
    await net.goto('vgg16');
    await net.copyButton.click();
    await expect(net.copyStatus).toHaveText('Copied');
    const text = await page.evaluate(() => navigator.clipboard.readText());
    expect(text).toContain('Total params: 138,357,544');
    expect(text).toContain('conv1_1');
    // The receptive-field column travels with the text: pool5 sees 212x212 input pixels, 32 apart.
    expect(text).toMatch(/pool5 \(max pool\) .* 212x212 +32\n/);
  });

  test('shows the text to copy by hand when there is no clipboard', async ({ page }) => {
    await page.addInitScript(() => {
      Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
    });
    const net = new NetworkPage(page);
    await net.goto('vgg16');
    await net.copyButton.click();
    await expect(net.copyFallback).toBeVisible();
    await expect(net.copyFallback).toHaveValue(/Total params: 138,357,544/);
    await expect(net.copyStatus).toHaveText('');
  });
});
