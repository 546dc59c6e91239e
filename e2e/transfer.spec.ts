import { chromium, expect, test, type Locator, type Page } from '@playwright/test';
import { chromiumPath } from '../scripts/chromium-path.mjs';
import { PredictPage } from './pages/PredictPage';

/** Draws a polyline (points in 0..1 of the canvas) with the mouse. */
async function stroke(page: Page, canvas: Locator, pts: [number, number][]) {
  // The mouse acts at viewport coordinates: the pad must be on screen.
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
  await page.mouse.move(...at(pts[0]!));
  await page.mouse.down();
  for (const p of pts.slice(1)) await page.mouse.move(...at(p), { steps: 3 });
  await page.mouse.up();
}

/** The three shapes, each drawn a little differently by `v` (0..5): where, how big. */
const SHAPES: Record<string, (v: number) => [number, number][][]> = {
  circle: (v) => {
    const r = 0.25 + 0.02 * v;
    const c = 0.45 + 0.02 * v;
    return [Array.from({ length: 25 }, (_, i) => [c + r * Math.cos((i / 24) * 2 * Math.PI), c + r * Math.sin((i / 24) * 2 * Math.PI)] as [number, number])];
  },
  cross: (v) => {
    const a = 0.2 + 0.02 * v;
    const b = 0.8 - 0.02 * v;
    return [
      [
        [a, a],
        [b, b],
      ],
      [
        [b, a],
        [a, b],
      ],
    ];
  },
  line: (v) => [
    [
      [0.15 + 0.02 * v, 0.5 + 0.02 * v],
      [0.85 - 0.02 * v, 0.5 - 0.01 * v],
    ],
  ],
};

async function draw(page: Page, canvas: Locator, shape: string, v: number) {
  for (const s of SHAPES[shape]!(v)) await stroke(page, canvas, s);
}

test.describe('Transfer screen', () => {
  test('shows the committed grid, the cut on the layers and the engine figures; 20 per class frozen at the conv features beats scratch', async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto('./?view=transfer');
    // Run right after train.spec's WebGPU test, this page's main thread is blocked for 13-20 s here while Chromium's
    // GPU process (SwiftShader) finishes that test's work (measured on 2026-12-02, on the code before and after that
    // day's changes alike); on its own the screen shows within a second.
    await expect(page.getByTestId('transfer-screen')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('transfer-reference')).toContainText('npm run experiment:transfer');
    // 7 cuts x 5 sizes, and 5 regime lines x 5 sizes, drawn from the committed experiment.
    await expect(page.getByTestId('cut-chart')).toHaveAttribute('data-points', '35');
    await expect(page.getByTestId('regime-chart')).toHaveAttribute('data-points', '25');
    await expect(page.getByTestId('transfer-cut')).toHaveText('flatten');
    const strip = page.getByTestId('layer-strip');
    await expect(strip.locator('[data-frozen="true"]')).toHaveCount(5);
    // The engine's figures at the cut: a new 5-way softmax on 400 features; c1 and c3 frozen.
    await expect(page.getByTestId('trainable-frozen')).toHaveText('2,005');
    await expect(page.getByTestId('frozen-frozen')).toHaveText('2,572');
    // Cutting one layer later (c5) freezes it too, and the head reads its 120 values.
    await strip.getByRole('button', { name: 'c5' }).click();
    await expect(page.getByTestId('transfer-cut')).toHaveText('c5');
    await expect(strip.locator('[data-frozen="true"]')).toHaveCount(6);
    await expect(page.getByTestId('trainable-frozen')).toHaveText('605');
    // Or on the diagram: a click on c3 cuts there, and the diagram greys c1, s2 and c3.
    await page.getByTestId('transfer-diagram-node-c3').click();
    await expect(page.getByTestId('transfer-cut')).toHaveText('c3');
    await expect(page.locator('[data-testid^="transfer-diagram-node-"][data-frozen="true"]')).toHaveCount(3);
    await strip.getByRole('button', { name: 'flatten' }).click();
    await expect(page.locator('[data-testid^="transfer-diagram-node-"][data-frozen="true"]')).toHaveCount(5);
    await page.getByTestId('transfer-per-class').selectOption('5');
    await expect(page.getByTestId('few-warning')).toBeVisible();
    await page.getByTestId('transfer-per-class').selectOption('20');
    await expect(page.getByTestId('transfer-counts')).toContainText('100 training images: 20 of each of 5 classes');

    await page.getByTestId('transfer-queue').click();
    await expect(page.getByTestId('transfer-message')).toContainText('Queued 5 runs');
    const rows = page.getByTestId('transfer-table').locator('tbody tr');
    await expect(rows).toHaveCount(5);
    for (let i = 0; i < 5; i++) await expect(rows.nth(i).locator('td').nth(0)).toHaveText('completed', { timeout: 120_000 });
    const acc = async (regime: string, nth = 0) => Number((await rows.and(page.locator(`[data-regime="${regime}"]`)).nth(nth).getByTestId('run-accuracy').textContent())!.replace('%', ''));
    const frozen = await acc('frozen');
    const scratch = await acc('scratch');
    expect(frozen).toBeGreaterThan(scratch);
    expect(frozen).toBeGreaterThan(85);
    // The frozen run computed its features once; the kNN run read them from the cache.
    await expect(rows.nth(0).locator('td').nth(3)).toContainText('computed once');
    await expect(rows.nth(1).locator('td').nth(3)).toContainText('read from the cache');
    // This browser's runs overwrite their points: hollow dots on both charts.
    await expect(page.getByTestId('cut-chart')).toHaveAttribute('data-live', '1');
    await expect(page.getByTestId('regime-chart')).toHaveAttribute('data-live', '5');
    await expect(page.getByTestId('transfer-curves')).toHaveAttribute('data-series', '4');
  });

  test('draw three classes of shapes, train a head, and Predict names new drawings by the classes’ names', async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto('./?view=transfer');
    const panel = page.getByTestId('own-classes');
    await expect(panel.getByTestId('own-class')).toHaveCount(3);
    const pad = panel.getByTestId('own-pad');
    // An empty pad adds nothing.
    await expect(panel.getByTestId('own-add-drawing')).toBeDisabled();
    for (const shape of ['circle', 'cross', 'line']) {
      await panel.getByTestId('own-target').selectOption({ label: shape });
      for (let v = 0; v < 6; v++) {
        await draw(page, pad, shape, v);
        await panel.getByTestId('own-add-drawing').click();
      }
    }
    for (let k = 0; k < 3; k++) await expect(panel.getByTestId('own-class').nth(k)).toHaveAttribute('data-count', '6');
    // Remove one example and rename a class: the counts and names follow.
    await panel.getByRole('button', { name: 'Remove line example 6' }).click();
    await expect(panel.getByTestId('own-class').nth(2)).toHaveAttribute('data-count', '5');
    await panel.getByLabel('Name of class 3').fill('dash');
    await expect(panel.getByTestId('own-target').locator('option').nth(2)).toHaveText('dash');
    // A file that is not an image is refused by name; the examples stay.
    await panel.getByTestId('own-files').first().setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await expect(panel.getByTestId('own-notice')).toContainText('notes.txt');
    await expect(panel.getByTestId('own-class').nth(0)).toHaveAttribute('data-count', '6');

    await panel.getByTestId('own-train').click();
    await expect(panel.getByTestId('own-result')).toHaveAttribute('data-status', 'completed', { timeout: 120_000 });
    // A quarter of each class held out: 2 of 6, 2 of 6, 1 of 5.
    await expect(panel.getByTestId('own-result')).toContainText(/Trained: \d+\.\d% of 5 held-out examples right/);
    await panel.getByTestId('own-predict').click();
    const p = new PredictPage(page);
    await expect(p.screen).toBeVisible();
    await page.getByRole('tab', { name: 'Draw a digit' }).click();
    await draw(page, page.getByTestId('draw-canvas'), 'circle', 2.5);
    await expect(p.prediction).toContainText('circle');
    // And a new stroke across is the renamed class, not whichever class came first.
    await page.getByRole('button', { name: 'Clear' }).click();
    await draw(page, page.getByTestId('draw-canvas'), 'line', 2.5);
    await expect(p.prediction).toContainText('dash');
  });

  test('a browser without a camera says so and keeps the pad and files', async ({ page }) => {
    await page.addInitScript(() => Object.defineProperty(navigator, 'mediaDevices', { value: undefined }));
    await page.goto('./?view=transfer');
    await page.getByTestId('own-classes').getByTestId('camera-start').click();
    await expect(page.getByTestId('camera-problem')).toContainText('This browser offers no camera here');
    await expect(page.getByTestId('own-pad')).toBeVisible();
  });

  test("Chromium's fake camera: a snapped frame joins a class, flagged as a photo; Predict answers the camera live", async ({ baseURL }) => {
    // A browser of its own, with Chromium's test camera (a moving pattern) and no permission prompt.
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] });
    try {
      const context = await browser.newContext({ baseURL: baseURL!, permissions: ['camera'] });
      const page = await context.newPage();
      await page.goto('./?view=transfer');
      const panel = page.getByTestId('own-classes');
      await panel.getByTestId('camera-start').click();
      await panel.getByTestId('camera-snap').click();
      await expect(panel.getByTestId('own-class').nth(0)).toHaveAttribute('data-count', '1');
      await expect(panel.getByTestId('own-domain')).toContainText('Some examples are photos');
      await page.goto('./?view=predict');
      await page.getByRole('tab', { name: 'Camera' }).click();
      await page.getByTestId('camera-start').click();
      await expect(page.getByTestId('prediction')).toBeVisible({ timeout: 15_000 });
    } finally {
      await browser.close();
    }
  });
});
