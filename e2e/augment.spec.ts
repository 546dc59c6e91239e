import { expect, test, type Locator } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { TrainPage } from './pages/TrainPage';

// Data augmentation as a user meets it: the preview on the Train screen, a run whose batches an augmentation
// worker makes, PCA colour on a photo, and the Lessons section with the measured effect.

/** A fingerprint of what a canvas shows. */
const pixels = (c: Locator) => c.evaluate((el) => (el as HTMLCanvasElement).toDataURL());

test.describe('Data augmentation', () => {
  test('the preview follows the sliders, warns about label-changing ops, and a run trains on batches from the augmentation worker', async ({ page }) => {
    test.setTimeout(180_000);
    const train = new TrainPage(page);
    await train.goto();
    await train.useSmallSubset();
    const grid = page.getByTestId('train-aug-grid');
    await expect(grid.getByTestId('train-aug-variant')).toHaveCount(11);
    const first = grid.getByTestId('train-aug-variant').first();
    // Every op off: each variant is the original.
    const original = await pixels(grid.locator('canvas').first());
    expect(await pixels(first)).toBe(original);
    await page.getByTestId('train-aug-rotate-on').check();
    await expect(page.getByTestId('train-aug-rotate-value')).toHaveText('10°');
    await expect.poll(() => pixels(first)).not.toBe(original);
    const at10 = await pixels(first);
    await page.getByTestId('train-aug-rotate').fill('40');
    await expect(page.getByTestId('train-aug-rotate-value')).toHaveText('40°');
    await expect.poll(() => pixels(first)).not.toBe(at10);
    await expect(page.getByTestId('train-aug-warnings')).toContainText('turn a 6 into a 9');
    await page.getByTestId('train-aug-rotate').fill('10');
    await expect(page.getByTestId('train-aug-warnings')).toHaveCount(0);
    await page.getByTestId('train-aug-mirrorH-on').check();
    await expect(page.getByTestId('train-aug-warnings')).toContainText('Mirroring digits left-right');
    await page.getByTestId('train-aug-mirrorH-on').uncheck();
    // The crop guard measures the ink each crop keeps.
    await page.getByTestId('train-aug-padCrop-on').check();
    await expect(grid.locator('figcaption').nth(1)).toHaveText(/^\d+% ink$/);
    await page.getByTestId('train-aug-padCrop').fill('8');
    await expect(page.getByTestId('train-aug-warnings')).toContainText('off a 28x28 image');
    await page.getByTestId('train-aug-padCrop').fill('2');

    await train.setHyper({ batch: '32', epochs: '1' });
    await page.getByTestId('train-seed').fill('1');
    await train.start.click();
    await train.statusIs('completed', 120_000);
    const feed = page.getByTestId('train-feed');
    await expect(feed).toContainText('Augmentation worker:');
    expect(Number((await page.getByTestId('train-feed-producer').textContent())!.replace(/,/g, ''))).toBeGreaterThan(0);
    await expect(feed).toContainText(/training waited \d+\.\d s for batches/);
    // One epoch of 1,000 distorted digits: well above chance (10%), whatever the machine's thread count does to it.
    expect(parseFloat((await train.testAccuracy.textContent())!)).toBeGreaterThan(30);
    // Its PyTorch export carries the augmentation as torchvision transforms.
    const download = page.waitForEvent('download');
    await page.getByTestId('run-row').first().getByTestId('run-export-pytorch').click();
    const zip = unzipSync(readFileSync((await (await download).path())!));
    const py = strFromU8(zip['model.py']!);
    expect(strFromU8(zip['train.py']!)).toContain('from model import build_model, load_convatlas_weights, convatlas_train_transform');
    expect(py).toContain('def convatlas_train_transform():');
    expect(py).toContain('T.RandomCrop((28, 28), padding=2)');
    expect(py).toContain('T.RandomAffine(degrees=10)');
    // The run keeps its augmentation: Train again puts it back after the screen is changed.
    await page.getByTestId('train-aug-rotate-on').uncheck();
    await page.getByTestId('run-row').first().getByRole('button', { name: /Train again/ }).click();
    await expect(page.getByTestId('train-aug-rotate-on')).toBeChecked();
    await expect(page.getByTestId('train-aug-padCrop-value')).toHaveText('2px');
  });

  test('PCA colour on a photo sample shows its three axes; on grey digits it is brightness only', async ({ page }) => {
    const train = new TrainPage(page);
    await train.goto();
    await train.useSmallSubset();
    await expect(page.getByTestId('train-aug-pca')).toContainText('MNIST is grey: PCA colour has one axis, brightness');
    await page.getByTestId('train-aug-source').selectOption('photo');
    await expect(page.getByTestId('train-aug-pca-axis')).toHaveCount(3);
    await expect(page.getByTestId('train-aug-pca-axis').first()).toContainText(/axis 1: \(-?\d\.\d\d, -?\d\.\d\d, -?\d\.\d\d\), \d+\.\d% of the variance/);
    const first = page.getByTestId('train-aug-grid').getByTestId('train-aug-variant').first();
    const before = await pixels(first);
    await page.getByTestId('train-aug-pcaColour-on').check();
    await expect.poll(() => pixels(first)).not.toBe(before);
  });

  test('Lessons: the augmentation section previews the shipped recipe and quotes the measured accuracies', async ({ page }) => {
    await page.goto('./?view=lessons');
    const lesson = page.getByTestId('lesson-augment');
    await expect(lesson.getByTestId('lesson-aug-variant')).toHaveCount(11);
    await expect(lesson.getByTestId('lesson-aug-warpAlpha-on')).toBeChecked();
    const results = lesson.getByTestId('lesson-augment-results');
    await expect(results.locator('tbody tr')).toHaveCount(2);
    await expect(results.locator('tbody tr').first()).toContainText('elastic warping alpha 34 px');
    await expect(results.locator('tbody tr').first()).toContainText(/\d+\.\d\d%.*\d+\.\d\d%/);
    // The committed small-data grid: both datasets at 1,000 and 5,000 images, and each op of the recipes alone.
    await expect(lesson.getByTestId('lesson-augment-grid').locator('tbody tr')).toHaveCount(4);
    await expect(lesson.getByTestId('lesson-augment-alone').locator('tbody tr')).toHaveCount(6);
    await expect(lesson.getByTestId('lesson-augment-alone')).toContainText(/mirror left-right p 0\.5.*[+-]\d+\.\d\d points/);
  });
});
