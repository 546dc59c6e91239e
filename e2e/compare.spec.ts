import { expect, test } from '@playwright/test';
import { BuilderPage } from './pages/BuilderPage';
import { ComparePage } from './pages/ComparePage';

test.describe('compare', () => {
  test('ResNet-50 vs VGG-16 side by side, figures from the engine', async ({ page }) => {
    const c = new ComparePage(page);
    await c.goto('nets=resnet50,vgg16');
    await expect(c.column('resnet50')).toHaveText('ResNet-50');
    await expect(c.column('vgg16')).toHaveText('VGG-16');
    await expect(c.cell('params', 'vgg16').locator('span')).toHaveAttribute('title', '138,357,544');
    // Trainable parameters first (what PyTorch's sum(p.numel()) prints), batch-norm statistics apart.
    await expect(c.cell('params', 'resnet50').locator('span').first()).toHaveAttribute('title', '25,557,032');
    await expect(c.cell('params', 'resnet50').getByTestId('params-buffers')).toHaveText('+ 53.12 k BN statistics');
    await expect(c.cell('params', 'vgg16').getByTestId('params-buffers')).toHaveCount(0);
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

  test("your own network: a share link opened twice in a fresh context saves it once; beside VGG-16 in Compare; a comparison's link carries it", async ({ page, browser }) => {
    const b = new BuilderPage(page);
    await b.goto();
    await b.fork('lenet5');
    await b.set('f6', 'units', '42');
    await b.waitSaved();
    await page.getByTestId('share-link').click();
    const url = await page.getByTestId('share-url').inputValue();
    // 400*120+120 + 120*42+42 + 42*10+10 + the convolutions' 156 + 2,416.
    const params = '56,204';

    const fresh = await browser.newContext();
    const other = new BuilderPage(await fresh.newPage());
    await other.page.goto(url);
    await expect(other.name).toHaveValue('LeNet-5 (fork)');
    await other.waitSaved();
    await other.page.goto(url);
    await expect(other.notice).toContainText("The shared network 'LeNet-5 (fork)' is already in your networks, unchanged: opened it.");
    await expect(other.page.getByTestId('saved-item')).toHaveCount(1);
    const id = new URL(other.page.url()).searchParams.get('net');
    expect(id).toMatch(/^[\w-]+$/);

    const c = new ComparePage(other.page);
    await c.goto('nets=vgg16');
    await c.pick(`saved:${id}`).check();
    await expect(c.column(`saved:${id}`)).toContainText('LeNet-5 (fork)');
    await expect(c.column(`saved:${id}`)).toContainText('your network');
    await expect(c.cell('params', `saved:${id}`).locator('span').first()).toHaveAttribute('title', params);
    await expect(c.cell('input', `saved:${id}`)).toHaveText('32x32x1');
    await expect.poll(async () => (await c.urlParams()).get('nets')).toBe(`vgg16,saved:${id}`);

    // The comparison's link carries the network itself: a third, empty browser sees the same column.
    await other.page.getByTestId('compare-share').click();
    const link = await other.page.getByTestId('compare-share-url').inputValue();
    expect(link).toMatch(/nets=vgg16%2Clink%3A0&.*#compare=/);
    const third = await browser.newContext();
    const p3 = await third.newPage();
    await p3.goto(link);
    const c3 = new ComparePage(p3);
    await expect(c3.column('link:0')).toContainText('LeNet-5 (fork)');
    await expect(c3.column('link:0')).toContainText('from the link');
    await expect(c3.cell('params', 'link:0').locator('span').first()).toHaveAttribute('title', params);
    await expect(c3.cell('params', 'vgg16').locator('span').first()).toHaveAttribute('title', '138,357,544');
    await p3.reload();
    await expect(c3.column('link:0')).toContainText('LeNet-5 (fork)');
    await third.close();
    await fresh.close();
  });
});
