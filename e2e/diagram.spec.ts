import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { DiagramPage } from './pages/DiagramPage';
import { NetworkPage } from './pages/NetworkPage';

test.describe('architecture diagram', () => {
  test('GoogLeNet: modules collapsed, 28x28x256 leaves inception 3a; expanded, its branches meet in the concat', async ({ page }) => {
    const d = new DiagramPage(page);
    await d.goto('googlenet');
    await expect(d.node('g:inception3a')).toContainText('inception3a');
    await expect(d.edgeLabel('g:inception3a', 'g:inception3b')).toHaveText('28x28x256');
    await expect(d.edgeLabel('g:inception3b', 'maxpool3')).toHaveText('28x28x480');

    await d.clickNode('g:inception3a');
    await expect(d.collapseButton('g:inception3a')).toBeVisible();
    // Four branches leave the module's input; the concat outputs 28x28x256.
    await expect(d.edgeLabelsFrom('maxpool2')).toHaveCount(4);
    await expect(d.edgeLabel('inception3a.concat', 'g:inception3b')).toHaveText('28x28x256');
    await d.clickNode('inception3a.concat');
    await expect(d.details).toContainText('64 + 128 + 32 + 32 = 256');
  });

  test('GoogLeNet with auxiliary classifiers draws them as side outputs', async ({ page }) => {
    const d = new DiagramPage(page);
    await d.goto('googlenet-aux');
    await expect(d.node('g:aux1')).toContainText('side output');
    await expect(d.svg.locator('.dg-edge.role-side[data-to="g:aux1"] .dg-label')).toHaveText('14x14x512');
  });

  test('ResNet-152: stages collapse to one node each, a stage expands on click and collapses back', async ({ page }) => {
    const d = new DiagramPage(page);
    await d.goto('resnet152');
    await expect(d.diagram).toHaveAttribute('data-visible-nodes', '11');
    await expect(d.node('g:layer3')).toContainText('36 blocks');
    await d.clickNode('g:layer3');
    await expect(d.diagram).toHaveAttribute('data-visible-nodes', String(11 - 1 + 36));
    await expect(d.node('g:layer3.0')).toBeVisible();
    await expect(d.edgeLabel('g:layer2', 'g:layer3.0')).toHaveText('28x28x512');
    // A block expands into its layers, with the shortcut drawn as its own edge.
    await d.clickNode('g:layer3.1');
    await expect(d.node('layer3.1.conv2')).toBeVisible();
    await expect(d.svg.locator('.dg-edge.role-shortcut[data-to="layer3.1.add"]')).toHaveCount(1);
    // The view fitted around the block: its collapse button is in reach; then Backspace collapses the stage around it.
    await d.collapseButton('g:layer3.1').click();
    await expect(d.node('g:layer3.1')).toBeFocused();
    await page.keyboard.press('Backspace');
    await expect(d.diagram).toHaveAttribute('data-visible-nodes', '11');
    await expect(d.node('g:layer3')).toBeFocused();
  });

  test('a summary-table row opens its layer in the diagram, expanding the groups around it', async ({ page }) => {
    const d = new DiagramPage(page);
    await d.goto('resnet50');
    await expect(d.node('layer3.2.conv2')).toHaveCount(0);
    await page.getByTestId('show-in-diagram-layer3.2.conv2').click();
    await expect(d.node('layer3.2.conv2')).toBeFocused();
    await expect(d.node('layer3.2.conv2')).toBeInViewport();
    await expect(d.details).toContainText('layer3 › layer3.2');
    await expect(d.arithmetic).toContainText('3 x 3 x 256 x 256 = 589,824');
  });

  test('selecting a layer shows the arithmetic with its values filled in', async ({ page }) => {
    const d = new DiagramPage(page);
    await d.goto('alexnet');
    await d.clickNode('conv1');
    await expect(d.arithmetic).toContainText('floor((n + 2p - f) / s) + 1');
    await expect(d.arithmetic).toContainText('floor((227 + 2 x 0 - 11) / 4) + 1 = 55');
    await expect(d.arithmetic).toContainText('11 x 11 x 3 x 96 + 96 = 34,944');
    await expect(d.arithmetic).toContainText('55 x 55 x 96 x 11 x 11 x 3 = 105,415,200');
  });

  test('keyboard: Tab reaches a layer, Enter opens details, arrows move along the graph', async ({ page }) => {
    const d = new DiagramPage(page);
    await d.goto('lenet5');
    await d.node('input').focus();
    await page.keyboard.press('ArrowDown');
    await expect(d.node('c1')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(d.details).toContainText('32 + 2 x 0 - 5');
    await page.keyboard.press('ArrowDown');
    await expect(d.node('s2')).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expect(d.node('c1')).toBeFocused();
    // The diagram is one Tab stop: Tab leaves it (the lecture spec walks the roving focus in full).
    await page.keyboard.press('Tab');
    await expect(d.node('s2')).not.toBeFocused();
  });

  test('a layer with an error is marked in place with its message', async ({ page }) => {
    const net = new NetworkPage(page);
    const d = new DiagramPage(page);
    await net.goto('lenet5');
    await net.setInputShape('3x3x1');
    await expect(d.node('c1')).toHaveAttribute('data-status', 'error');
    await expect(page.getByTestId('diagram-error-c1')).toContainText('does not fit');
    await expect(d.diagram.getByTestId('diagram-errors')).toContainText("conv 'c1'");
    await d.clickNode('c1');
    await expect(d.details.getByTestId('diagram-details-error')).toContainText('does not fit');
  });

  test('VGG-16 charts: the fully connected layers hold most parameters, the early layers most memory', async ({ page }) => {
    const d = new DiagramPage(page);
    await d.goto('vgg16');
    const dense = Number(await page.getByTestId('share-dense').getAttribute('data-value'));
    expect(dense).toBeGreaterThan(0.85);
    await expect(page.getByTestId('share-dense')).toContainText('fc6');
    expect(Number(await page.getByTestId('share-early-memory').getAttribute('data-value'))).toBeGreaterThan(0.7);
    // fc6's bar is the tallest parameter bar; conv1_1/conv1_2 the tallest memory bars.
    const heights = await page.getByTestId('chart-params').locator('rect.bar[data-layer]').evaluateAll((bars) =>
      bars.map((b) => ({ id: b.getAttribute('data-layer'), h: Number(b.getAttribute('height')) })),
    );
    expect(heights.reduce((m, b) => (b.h > m.h ? b : m)).id).toBe('fc6');
    const mem = await page.getByTestId('chart-memory').locator('rect.bar[data-layer]').evaluateAll((bars) =>
      bars.map((b) => ({ id: b.getAttribute('data-layer'), h: Number(b.getAttribute('height')) })),
    );
    expect(['conv1_1', 'conv1_2']).toContain(mem.reduce((m, b) => (b.h > m.h ? b : m)).id);
    // Log scale keeps every bar visible.
    await page.getByTestId('chart-scale-log').check();
    await expect(page.getByTestId('chart-params').locator('svg')).toHaveAttribute('aria-label', /log scale/);
    expect(Number(await d.chartBar('params', 'conv1_1').getAttribute('height'))).toBeGreaterThan(20);
  });

  test('the notes panel: what the network introduced, its paper, live numbers and classic vs modern', async ({ page }) => {
    const d = new DiagramPage(page);
    await d.goto('lenet5');
    await expect(d.notes).toContainText('Average pooling');
    await expect(d.notes).toContainText('Sigmoid and tanh');
    await expect(page.getByTestId('notes-numbers')).toContainText('61.71 k parameters');
    await d.goto('resnet50');
    await expect(page.getByTestId('notes-numbers')).toContainText('ImageNet top-1 76.1%');
    await expect(page.getByTestId('notes-numbers').getByRole('link')).toHaveAttribute('href', /pytorch\.org\/vision/);
  });

  test('the diagram downloads as an SVG that parses and names the network, and as a PNG', async ({ page }) => {
    const d = new DiagramPage(page);
    await d.goto('resnet50');
    const [svgDl] = await Promise.all([page.waitForEvent('download'), d.exportButton('svg').click()]);
    expect(svgDl.suggestedFilename()).toBe('resnet-50-architecture.svg');
    const text = await readFile((await svgDl.path())!, 'utf8');
    const parsed = await page.evaluate((t) => {
      const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: doc.documentElement.nodeName,
        title: doc.querySelector('title')?.textContent ?? '',
        labels: Array.from(doc.querySelectorAll('text'), (x) => x.textContent ?? ''),
      };
    }, text);
    expect(parsed.error).toBeNull();
    expect(parsed.root).toBe('svg');
    expect(parsed.title).toContain('ResNet-50');
    expect(parsed.labels).toContain('Legend');
    expect(parsed.labels).toContain('56x56x256');
    const [pngDl] = await Promise.all([page.waitForEvent('download'), d.exportButton('png').click()]);
    expect(pngDl.suggestedFilename()).toBe('resnet-50-architecture.png');
    const png = await readFile((await pngDl.path())!);
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    // Charts export too, named after the network.
    const [chartDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('chart-params-export-svg').click()]);
    expect(await readFile((await chartDl.path())!, 'utf8')).toContain('ResNet-50 — Parameters per layer');
  });
});
