import { expect, test } from '@playwright/test';
import { ComparePage } from './pages/ComparePage';

test.describe('compare', () => {
  test('ResNet-50 vs VGG-16 side by side, figures from the engine', async ({ page }) => {
    const c = new ComparePage(page);
    await c.goto('nets=resnet50,vgg16');
    await expect(c.column('resnet50')).toHaveText('ResNet-50');
    await expect(c.column('vgg16')).toHaveText('VGG-16');
    await expect(c.cell('params', 'vgg16').locator('span')).toHaveAttribute('title', '138,357,544');
    await expect(c.cell('params', 'resnet50').locator('span')).toHaveAttribute('title', '25,610,152');
    await expect(c.cell('macs', 'vgg16')).toHaveText('15.47 G');
    await expect(c.cell('macs', 'resnet50')).toHaveText('4.09 G');
    await expect(c.cell('depth', 'vgg16')).toHaveText('16');
    await expect(c.cell('depth', 'resnet50')).toHaveText('50');
    await expect(c.cell('weights', 'vgg16')).toHaveText('527.8 MiB');
  });

  test('batch, optimizer, precision and budget change the training memory and the verdict, and live in the URL', async ({ page }) => {
    const c = new ComparePage(page);
    await c.goto('nets=resnet50,vgg16&batch=32&opt=adam&dtype=4&budget=16');
    const before = await c.cell('training', 'vgg16').locator('span').getAttribute('title');
    await expect(c.cell('fits', 'vgg16').locator('span')).toHaveAttribute('data-fits', 'true');
    await c.batch.fill('512');
    await expect(c.cell('fits', 'vgg16').locator('span')).toHaveAttribute('data-fits', 'false');
    await expect(c.cell('fits', 'vgg16')).toContainText('largest batch 245');
    await c.optimizer.selectOption('sgd');
    await c.dtype.selectOption('2');
    await c.budget.fill('80');
    await expect(c.cell('fits', 'vgg16').locator('span')).toHaveAttribute('data-fits', 'true');
    expect(await c.cell('training', 'vgg16').locator('span').getAttribute('title')).not.toBe(before);
    await expect.poll(async () => (await c.urlParams()).toString()).toBe('view=compare&nets=resnet50%2Cvgg16&batch=512&opt=sgd&dtype=2&budget=80');

    // The link restores the same comparison.
    await page.goto(page.url());
    await expect(c.batch).toHaveValue('512');
    await expect(c.optimizer).toHaveValue('sgd');
    await expect(c.dtype).toHaveValue('2');
    await expect(c.budget).toHaveValue('80');
    await expect(c.column('vgg16')).toBeVisible();
  });

  test('picking networks: at least two, at most six; a bad URL value is reported, not fatal', async ({ page }) => {
    const c = new ComparePage(page);
    await c.goto('nets=resnet50,nonsense&batch=zero');
    await expect(page.getByRole('alert').filter({ hasText: "'nonsense'" })).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: "Batch size 'zero'" })).toBeVisible();
    await expect(page.getByTestId('compare-too-few')).toBeVisible();
    for (const id of ['vgg16', 'googlenet', 'resnet18', 'alexnet', 'lenet5']) await c.pick(id).check();
    await expect(c.table.locator('thead th[scope="col"]')).toHaveCount(7);
    await expect(c.pick('vgg19')).toBeDisabled();
    await c.batch.fill('abc');
    await expect(page.locator('#compare-batch-msg')).toContainText("'abc' is not a batch size");
  });

  test('params vs accuracy chart cites a source for every published figure', async ({ page }) => {
    const c = new ComparePage(page);
    await c.goto('nets=resnet50,vgg16');
    await expect(page.getByTestId('accuracy-point-resnet50')).toHaveClass(/chosen/);
    await expect(page.getByTestId('accuracy-point-resnet152')).not.toHaveClass(/chosen/);
    await page.getByText('Sources of the accuracy figures').click();
    const sources = page.getByTestId('accuracy-sources');
    await expect(sources.locator('li')).toHaveCount(9);
    await expect(sources).toContainText('ResNet-50: 76.13%');
    for (const a of await sources.getByRole('link').all()) await expect(a).toHaveAttribute('href', /^https:\/\/pytorch\.org\/vision\//);
  });
});
