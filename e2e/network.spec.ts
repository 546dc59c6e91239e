import { expect, test } from '@playwright/test';
import { DiagramPage } from './pages/DiagramPage';
import { NetworkPage } from './pages/NetworkPage';

test.describe('network view', () => {
  test('ResNet-50 from the URL shows its totals', async ({ page }) => {
    const net = new NetworkPage(page);
    await net.goto('resnet50');
    await expect(net.title).toContainText('ResNet-50');
    await expect(net.figure('trainable-params')).toHaveAttribute('title', '25,557,032');
    await expect(net.figure('non-trainable-params')).toHaveAttribute('title', '53,120');
    // The headline is the learned parameters (what PyTorch prints), the batch-norm statistics apart.
    await expect(page.getByTestId('totals').locator('dt').first()).toHaveText('Parameters');
    await expect(page.getByTestId('totals').locator('dd').first()).toContainText('25,557,032');
    await expect(page.getByTestId('totals').locator('dt').nth(1)).toHaveText('Batch-norm statistics');
    await expect(net.figure('total-macs')).toHaveText('4.09 G');
    await expect(page.getByTestId('totals')).toContainText('FLOPs = 2 x MACs; conv and dense only');
    await expect(page.getByTestId('layout-note')).toBeVisible();
    await expect(net.errorList).toContainText('No errors or warnings');
  });

  test('GoogLeNet: inception3a.concat outputs 28x28x256', async ({ page }) => {
    const net = new NetworkPage(page);
    await net.goto('googlenet');
    await expect(net.cell('inception3a.concat', 'shape')).toHaveText('28x28x256');
    await expect(net.cell('inception3a.concat', 'kind')).toHaveText(/concat/);
  });

  test("VGG-16's receptive fields: 212x212 at pool5 in the table, the whole input after flatten, the sentence in layer details", async ({ page }) => {
    const net = new NetworkPage(page);
    const d = new DiagramPage(page);
    await d.goto('vgg16');
    await expect(net.cell('conv5_3', 'rf')).toHaveText('196x196 /16');
    await expect(net.cell('pool5', 'rf')).toHaveText('212x212 /32');
    await expect(net.cell('fc8', 'rf')).toHaveText('whole input');
    await d.clickNode('pool5');
    await expect(d.details).toContainText('212x212 input pixels (padding included); jump 32; the first centred at row 15.5, col 15.5');
  });

  test('LeNet-5 at 3x3x1 shows the engine error on c1 and stays usable', async ({ page }) => {
    const net = new NetworkPage(page);
    await net.goto('lenet5');
    await expect(net.cell('c1', 'shape')).toHaveText('28x28x6');

    await net.setInputShape('3x3x1');
    await expect(net.row('c1')).toHaveAttribute('data-status', 'error');
    await expect(net.cell('c1', 'error')).toContainText('does not fit');
    await expect(net.errorList).toContainText("conv 'c1'");
    await expect(net.errorList).toContainText('does not fit');
    await expect(net.row('c3')).toHaveAttribute('data-status', 'blocked');
    await expect(net.trainingMemory).toContainText('Fix the network');

    // The page is still alive: fixing the shape brings the figures back.
    await net.setInputShape('32x32x1');
    await expect(net.cell('c1', 'shape')).toHaveText('28x28x6');
    await expect(net.figure('total-params')).toHaveAttribute('title', '61,706');
  });

  test('an invalid input shape shows an inline message and keeps the previous shape', async ({ page }) => {
    const net = new NetworkPage(page);
    await net.goto('lenet5');
    await net.setInputShape('32 by 32');
    await expect(net.inputShape).toHaveAttribute('aria-invalid', 'true');
    await expect(net.inputShapeMessage).toContainText('is not a shape');
    await expect(net.inputShapeMessage).toContainText('Still showing 32x32x1');
    await expect(net.cell('c1', 'shape')).toHaveText('28x28x6');
  });

  test('the input size lives in the URL: a link opens the network at it, Back returns to the one before', async ({ page }) => {
    const net = new NetworkPage(page);
    await page.goto('./?model=vgg16&input=64x64x3');
    await expect(net.inputShape).toHaveValue('64x64x3');
    // 14,714,688 in the convolutions + fc6 (2x2x512 -> 4096) 8,392,704 + fc7 16,781,312 + fc8 4,097,000.
    await expect(net.figure('trainable-params')).toHaveAttribute('title', '43,985,704');
    await net.setInputShape('96x96x3');
    await expect.poll(() => new URL(page.url()).searchParams.get('input')).toBe('96x96x3');
    await net.setInputShape('224x224x3');
    await expect.poll(() => new URL(page.url()).search).toBe('?model=vgg16');
    await page.goto('./?model=lenet5');
    await page.goBack();
    await expect(net.inputShape).toHaveValue('224x224x3');
  });

  test('training memory follows batch size and optimizer', async ({ page }) => {
    const net = new NetworkPage(page);
    await net.goto('vgg16');
    await net.batchSize.fill('1');
    await net.optimizer.selectOption('sgd');
    await expect(net.trainingMemory).toContainText('batch 1 with SGD');
    const sgd = await net.trainingMemory.locator('.figure').getAttribute('title');
    await net.optimizer.selectOption('adam');
    await expect(net.trainingMemory).toContainText('with Adam');
    await expect(net.trainingMemory.locator('.figure')).not.toHaveAttribute('title', sgd ?? '');
    await net.batchSize.fill('0');
    await expect(page.getByText('The batch size must be a whole number')).toBeVisible();
  });

  test('ResNet-152 renders all its rows', async ({ page }) => {
    const net = new NetworkPage(page);
    await net.goto('resnet152');
    await expect(net.table.locator('tbody tr')).toHaveCount(465);
    await expect(net.figure('trainable-params')).toHaveAttribute('title', '60,192,808');
  });
});
