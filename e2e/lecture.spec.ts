import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { DiagramPage } from './pages/DiagramPage';

test.describe('the diagram in a lecture', () => {
  test('at 1280x720 the diagram is the first thing on a network page, notes follow behind a jump link', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const d = new DiagramPage(page);
    await d.goto('resnet34');
    const box = (await page.getByTestId('diagram-viewport').boundingBox())!;
    expect(box.y).toBeLessThan(400);
    expect(720 - box.y).toBeGreaterThan(300);
    await expect(d.node('conv1')).toBeInViewport();
    await expect(d.node('conv1')).toContainText('7x7 conv, 64 filters');
    await expect(d.node('conv1')).toContainText('stride 2, pad 3');
    await expect(d.notes).not.toBeInViewport();
    await page.getByTestId('jump-network-notes').click();
    await expect(d.notes).toBeInViewport();
  });

  test('presentation mode fills the screen and steps through the layers with the arrow keys', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const d = new DiagramPage(page);
    await d.goto('lenet5');
    await d.button('present').click();
    await expect(d.diagram).toHaveAttribute('data-presenting', 'true');
    const box = (await d.diagram.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(1270);
    expect(box.height).toBeGreaterThanOrEqual(710);
    await expect(d.presentStep).toContainText('input');
    await page.keyboard.press('ArrowRight');
    await expect(d.presentStep).toContainText('c1 5x5 conv, 6 filters');
    await expect(d.presentStep).toContainText('(2 of 11)');
    expect(await d.focusedKey()).toBe('c1');
    await expect(d.details).toContainText('32 + 2 x 0 - 5');
    // Text is large enough for the back of a room: a node title at least 18 px on screen.
    const title = await d.node('c1').locator('.dg-title').boundingBox();
    expect(title!.height).toBeGreaterThanOrEqual(18);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(d.presentStep).toContainText('s2.sigmoid');
    await page.keyboard.press('ArrowLeft');
    await expect(d.presentStep).toContainText('s2 2x2 avg pool /2');
    await page.keyboard.press('End');
    await expect(d.presentStep).toContainText('(11 of 11)');
    await page.keyboard.press('Escape');
    await expect(d.diagram).not.toHaveAttribute('data-presenting', 'true');
    await expect(d.button('present')).toBeVisible();
  });

  test('one Tab stop: Tab enters the diagram once, arrows move inside, Tab leaves', async ({ page }) => {
    const d = new DiagramPage(page);
    await d.goto('lenet5');
    await expect(d.svg.locator('[role="treeitem"][tabindex="0"]')).toHaveCount(1);
    await d.button('export-png').focus();
    await page.keyboard.press('Tab');
    expect(await d.focusedKey()).toBe('input');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await d.focusedKey()).toBe('s2');
    await page.keyboard.press('Tab');
    expect(await d.focusedKey()).toBeNull();
    // Shift+Tab comes back to where the user was.
    await page.keyboard.press('Shift+Tab');
    expect(await d.focusedKey()).toBe('s2');
    await page.keyboard.press('End');
    expect(await d.focusedKey()).toBe('output');
  });

  test('Enter on layer1 expands it and keeps focus inside it; arrows walk into it; Backspace collapses it again', async ({ page }) => {
    const d = new DiagramPage(page);
    await d.goto('resnet34');
    await d.node('g:layer1').focus();
    await page.keyboard.press('Enter');
    await expect(d.collapseButton('g:layer1')).toBeVisible();
    await expect.poll(() => d.focusedKey()).toBe('g:layer1.0');
    await expect(d.node('g:layer1.0')).toBeInViewport();
    await page.keyboard.press('ArrowDown');
    expect(await d.focusedKey()).toBe('g:layer1.1');
    await page.keyboard.press('Enter');
    await expect.poll(() => d.focusedKey()).toBe('layer1.1.conv1');
    await page.keyboard.press('Backspace');
    await expect.poll(() => d.focusedKey()).toBe('g:layer1.1');
    await page.keyboard.press('Backspace');
    await expect.poll(() => d.focusedKey()).toBe('g:layer1');
    await expect(d.collapseButton('g:layer1')).toHaveCount(0);
  });

  test('left-to-right layout: the graph flows along x and the right arrow follows it', async ({ page }) => {
    const d = new DiagramPage(page);
    await d.goto('lenet5');
    await d.button('dir-lr').click();
    await expect(d.diagram).toHaveAttribute('data-direction', 'LR');
    const a = (await d.node('input').boundingBox())!;
    const b = (await d.node('c1').boundingBox())!;
    expect(b.x).toBeGreaterThan(a.x + a.width - 1);
    expect(Math.abs(b.y - a.y)).toBeLessThan(2);
    await d.node('input').focus();
    await page.keyboard.press('ArrowRight');
    expect(await d.focusedKey()).toBe('c1');
  });

  test("LeNet-5's volume view draws the course's boxes and exports as SVG", async ({ page }) => {
    const d = new DiagramPage(page);
    await d.goto('lenet5');
    await d.button('view-volume').click();
    const v = page.getByTestId('diagram-volume');
    await expect(v).toHaveAttribute('data-boxes', '9');
    await expect(page.getByTestId('diagram-volume-box-c1')).toHaveAttribute('data-shape', '28x28x6');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('diagram-volume-export-svg').click()]);
    expect(dl.suggestedFilename()).toBe('lenet-5-volumes.svg');
    const text = await readFile((await dl.path())!, 'utf8');
    const parsed = await page.evaluate((t) => {
      const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
      return { error: doc.querySelector('parsererror')?.textContent ?? null, labels: Array.from(doc.querySelectorAll('text'), (x) => x.textContent ?? '') };
    }, text);
    expect(parsed.error).toBeNull();
    expect(parsed.labels).toContain('28x28x6');
    expect(parsed.labels.join(' ')).toContain('5x5 conv, 6 filters');
  });

  test('ResNet-152: each level lays out in the worker while the page stays responsive, then every node is drawn near the view and reachable', async ({ page }) => {
    const d = new DiagramPage(page);
    await d.goto('resnet152');
    await d.button('expand-level').click();
    await expect(d.diagram).toHaveAttribute('data-visible-nodes', String(11 - 4 + 50));
    await expect(d.diagram).toHaveAttribute('data-layout-where', 'worker');
    // 57 nodes: those near the view are drawn (the view starts at the top, at the smallest readable text).
    await expect(d.node('g:layer1.0')).toBeInViewport();
    expect(Number(await d.diagram.getAttribute('data-drawn-nodes'))).toBeLessThan(57);
    await d.button('expand-level').click();
    await expect(d.diagram).toHaveAttribute('data-visible-nodes', /^\d+$/);
    await expect(d.diagram).not.toHaveAttribute('data-pending', 'true', { timeout: 60_000 });
    await expect(d.diagram).toHaveAttribute('data-visible-nodes', '461');
    // Hundreds of nodes: only those near the view are drawn, and the keyboard still reaches any of them.
    expect(Number(await d.diagram.getAttribute('data-drawn-nodes'))).toBeLessThan(200);
    await d.node('input').focus();
    await page.keyboard.press('End');
    await expect.poll(() => d.focusedKey()).toBe('fc');
    await expect(d.node('fc')).toBeInViewport();
    // The exported SVG still holds every node.
    const [dl] = await Promise.all([page.waitForEvent('download'), d.exportButton('svg').click()]);
    const text = await readFile((await dl.path())!, 'utf8');
    expect(text.match(/data-key="/g)).toHaveLength(461);
  });
});
