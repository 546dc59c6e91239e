import { expect, test } from '@playwright/test';
import { TrainPage } from './pages/TrainPage';

// Small runs (1,000 MNIST images) in real Chromium: every backend here is software and the machine is shared.
test.describe('Train screen', () => {
  test('trains LeNet-5 in the worker on wasm: samples, padding note, falling loss, curves, pause/resume, test accuracy', async ({ page }) => {
    test.setTimeout(180_000);
    const train = new TrainPage(page);
    await page.addInitScript(() => {
      // Long tasks on the main thread while training: the worker must keep them away.
      (window as unknown as { __long: number[] }).__long = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => (window as unknown as { __long: number[] }).__long.push(e.duration))).observe({ type: 'longtask', buffered: true });
    });
    await train.goto();
    await train.useSmallSubset();
    await expect(train.samples).toHaveCount(32);
    await expect(train.samples.first().locator('figcaption')).toHaveText('5');
    await expect(train.adaptation).toContainText('zero-padded to the network\'s 32x32x1 input');
    await expect(train.backend).toHaveText('wasm');
    await expect(train.backendWhy).toContainText(/software|no WebGPU|not available/);
    const kernels = page.getByTestId('train-backend-kernels');
    await expect(kernels).toContainText("ConvAtlas's own SIMD kernels (atlas.wasm) for both convolution gradients, batch norm");
    // The preview server sends COOP/COEP, so the worker shares memory with one kernel thread per core.
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await expect(kernels).toContainText(cores > 1 ? `convolutions and their gradients on ${cores} threads, one per core` : '1 thread');

    // Enough epochs that the run is still going when it is paused (ConvAtlas's kernels train ~100 batches a second here).
    await train.setHyper({ optimizer: 'adam', lr: '0.003', batch: '32', epochs: '8' });
    await train.start.click();
    await train.waitForPoints(8);
    const longBefore = await page.evaluate(() => (window as unknown as { __long: number[] }).__long.length);
    await train.pause.click();
    await train.statusIs('paused');
    // A batch in flight when the pause arrived may still land; after that, none across a real wait.
    await expect(train.resume).toBeVisible();
    await page.waitForTimeout(300);
    const paused = await train.points();
    await page.waitForTimeout(1500);
    expect(await train.points()).toBe(paused);
    expect(paused).toBeLessThan(8 * 29);
    await train.resume.click();
    await train.statusIs('training');
    await train.statusIs('completed', 120_000);

    const first = Number(await train.lossCurve.getAttribute('data-first'));
    const last = Number(await train.lossCurve.getAttribute('data-last'));
    expect(first).toBeGreaterThan(1.5);
    expect(last).toBeLessThan(first * 0.6);
    expect(await train.points()).toBe(8 * 29);
    await expect(page.getByTestId('curve-loss-path')).toHaveAttribute('d', /^M[\d.]+,[\d.]+L/);
    await expect(train.progressText).toContainText('images/s');
    await expect(train.testAccuracy).toHaveText(/^\d+\.\d\d%$/);
    expect(parseFloat((await train.testAccuracy.textContent())!)).toBeGreaterThan(70);
    await expect(train.confusion.locator('tbody tr')).toHaveCount(10);
    const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
    console.log(`main-thread long tasks during training: ${long.length - longBefore}, longest ${Math.max(0, ...long.slice(longBefore)).toFixed(0)} ms`);
  });

  test('loads Fashion-MNIST from its gzipped IDX files, with labelled samples', async ({ page }) => {
    const train = new TrainPage(page);
    await train.goto();
    await train.dataset.selectOption('fashion-mnist');
    await train.subset.selectOption('1000');
    await expect(train.dataReady).toContainText('Fashion-MNIST: 1,000 training and 500 test images');
    await expect(train.samples).toHaveCount(32);
    // Zalando's training file starts with an ankle boot and a T-shirt.
    await expect(train.samples.locator('figcaption').nth(0)).toHaveText('Ankle boot');
    await expect(train.samples.locator('figcaption').nth(1)).toHaveText('T-shirt/top');
    await expect(page.getByText('Zalando SE, MIT')).toBeVisible();
  });

  test('profiles one training step of ResNet-mini on wasm: its kernels by time, with what each computes', async ({ page }) => {
    const train = new TrainPage(page);
    await train.goto();
    await train.useSmallSubset();
    await train.model.selectOption('resnet-mini');
    await train.setHyper({ batch: '32' });
    const profile = page.getByTestId('train-profile');
    await profile.getByTestId('train-profile-start').click();
    await expect(profile.getByTestId('train-profile-summary')).toContainText(/ResNet-mini, batch 32, on wasm: [\d.]+ ms a step \([\d,]+ images\/s\)/, { timeout: 60_000 });
    const rows = profile.getByTestId('train-profile-table').locator('tbody tr');
    await expect(rows).toHaveCount(10);
    const kernels = await rows.locator('th code').allTextContents();
    // The convolutions' two gradients and ConvAtlas's own batch-norm kernels are among the ten largest.
    for (const k of ['Conv2DBackpropInput', 'Conv2DBackpropFilter', 'FusedConv2D']) expect(kernels).toContain(k);
    await expect(rows.filter({ hasText: 'Conv2DBackpropFilter' })).toContainText("convolution's gradient for its filters");
    const shares = (await rows.locator('td.share').allTextContents()).map((t) => parseFloat(t));
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    expect(shares.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(100.5);
    // No run was started.
    await train.statusIs('idle');
  });

  test('offers VGG-16 the changes that let it take MNIST, then refuses a batch that will not fit memory, before allocating', async ({ page }) => {
    const train = new TrainPage(page);
    await train.goto();
    await train.model.selectOption('vgg16');
    await expect(train.refused).toContainText('VGG-16 cannot train here as it is');
    await expect(train.refused).toContainText('does not take MNIST as it is: its input is 224x224x3, its classifier head is 1000 units');
    await expect(page.getByTestId('train-offer-diff')).toContainText('32x32x1');
    await expect(page.getByTestId('train-offer-diff')).toContainText('138,357,544');
    await expect(train.start).toBeDisabled();
    await page.getByTestId('train-accept').click();
    await expect(train.refused).toHaveCount(0);
    await expect(train.adaptation).toContainText("zero-padded to the network's 32x32x1 input");
    await expect(train.start).toBeEnabled();
    // The adapted network at batch 4,096: over the budget, with the batch size that would fit.
    await train.batch.fill('4096');
    await expect(train.refused).toContainText('VGG-16 needs about');
    await expect(train.refused).toContainText('over this browser');
    await expect(train.refused).toContainText(/a batch size of [\d,]+ or less would fit/);
    await expect(train.start).toBeDisabled();
    await train.batch.fill('64');
    await train.model.selectOption('lenet5-modern');
    await expect(train.refused).toHaveCount(0);
    await expect(train.start).toBeEnabled();
  });

  test('an absurd learning rate stops with a message and keeps the last good weights', async ({ page }) => {
    test.setTimeout(120_000);
    const train = new TrainPage(page);
    await train.goto();
    await train.useSmallSubset();
    await train.model.selectOption('lenet5-modern');
    await train.setHyper({ optimizer: 'adam', lr: '1e38', epochs: '1' });
    await train.start.click();
    await train.statusIs('diverged');
    await expect(train.message).toContainText('NaN or infinite');
    await expect(train.message).toContainText('last weights with a finite loss were kept');
    await expect(train.message).toContainText('10x lower');
    // The kept weights still classify: the test result is computed from them and is a number.
    await expect(train.testAccuracy).toHaveText(/^\d+\.\d\d%$/);
  });

  test('reload mid-run and resume from the checkpoint', async ({ page }) => {
    test.setTimeout(180_000);
    const train = new TrainPage(page);
    await train.goto();
    await train.useSmallSubset();
    // Enough epochs (~0.3 s each here) that the run is still going when the page reloads.
    await train.setHyper({ batch: '64', epochs: '30' });
    await train.start.click();
    await expect(page.getByText(/Checkpoint saved after epoch [12]\./)).toBeVisible({ timeout: 60_000 });
    await page.reload();
    await expect(train.resumeOffer).toContainText('LeNet-5');
    await expect(train.resumeOffer).toContainText(/stopped after epoch \d+ of 30/);
    await train.resumeCheckpoint.click();
    // The curves so far come back at once; training goes on from there.
    await train.waitForPoints(15, 10_000);
    await train.statusIs('completed', 120_000);
    expect(await train.points()).toBe(30 * 15);
    await expect(train.testAccuracy).toHaveText(/%$/);
  });

  test('runs training steps on the WebGPU backend (software adapter)', async ({ page }) => {
    test.setTimeout(180_000);
    const train = new TrainPage(page);
    await train.goto();
    await train.useSmallSubset();
    await train.backendChoice.selectOption('webgpu');
    await expect(train.backend).toHaveText('webgpu', { timeout: 60_000 });
    await expect(train.backendWhy).toContainText('You chose webgpu');
    await expect(page.getByText(/webgpu.*software adapter/)).toBeVisible();
    await train.setHyper({ batch: '16', epochs: '1' });
    await train.start.click();
    await train.waitForPoints(2, 120_000);
    await train.stop.click();
    await train.statusIs('stopped', 120_000);
    const loss = Number(await train.lossCurve.getAttribute('data-last'));
    expect(Number.isFinite(loss)).toBe(true);
    expect(loss).toBeGreaterThan(0);
  });
});
