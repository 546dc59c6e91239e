import { expect, test } from '@playwright/test';
import { GalleryPage } from './pages/GalleryPage';
import { NetworkPage } from './pages/NetworkPage';

test.describe('gallery', () => {
  test('opens VGG-16 from its card and shows 138,357,544 parameters', async ({ page }) => {
    const gallery = new GalleryPage(page);
    await gallery.goto();
    await expect(gallery.params('vgg16')).toHaveAttribute('title', '138,357,544');
    await expect(gallery.card('vgg16')).toContainText('Very deep convolutional networks', { ignoreCase: true });

    await gallery.open('vgg16');
    const net = new NetworkPage(page);
    await net.waitForNetwork('VGG-16');
    await expect(page).toHaveURL(/\?model=vgg16$/);
    await expect(net.figure('total-params')).toHaveAttribute('title', '138,357,544');
    await expect(page.getByTestId('total-params-exact')).toHaveText('138,357,544');
    await expect(net.figure('total-params')).toHaveText('138.4 M');
  });

  test('goes back to the gallery with the link and with browser Back', async ({ page }) => {
    const gallery = new GalleryPage(page);
    await gallery.goto();
    await gallery.open('lenet5');
    const net = new NetworkPage(page);
    await net.waitForNetwork('LeNet-5');

    await net.backLink.click();
    await expect(gallery.root).toBeVisible();
    await expect(page).not.toHaveURL(/model=/);
    await expect(page.locator('#card-link-lenet5')).toBeFocused();

    await page.goBack();
    await net.waitForNetwork('LeNet-5');
    await page.goBack();
    await expect(gallery.root).toBeVisible();
  });

  test('an unknown network id shows a message and the gallery', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const gallery = new GalleryPage(page);
    await gallery.goto('?model=xyz');
    await expect(gallery.unknownModel).toContainText("Unknown network 'xyz'");
    await expect(gallery.card('resnet50')).toBeVisible();
    expect(errors).toEqual([]);

    await gallery.open('resnet50');
    await new NetworkPage(page).waitForNetwork('ResNet-50');
    await expect(gallery.unknownModel).toHaveCount(0);
  });

  test('is usable from the keyboard', async ({ page }) => {
    const gallery = new GalleryPage(page);
    await gallery.goto();
    await page.locator('#card-link-googlenet').focus();
    await page.keyboard.press('Enter');
    const net = new NetworkPage(page);
    await net.waitForNetwork('GoogLeNet');
    await expect(net.title).toBeFocused();
  });
});
