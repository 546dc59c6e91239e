import { expect, test } from '@playwright/test';

// The depth experiment live, at a size a shared 2-core machine trains in seconds: plain-8 and ResNet-8.
test.describe('Depth screen', () => {
  test('queues plain-8 and ResNet-8 for a few steps; both lines draw, then the error against depth', async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto('./?view=depth');
    await expect(page.getByTestId('depth-screen')).toBeVisible();
    // A first visit shows the committed reference grid (npm run experiment:depth): 4 depths, plain and residual.
    await expect(page.getByTestId('depth-reference')).toContainText('npm run experiment:depth');
    await expect(page.getByTestId('depth-curves')).toHaveAttribute('data-series', '8');
    await expect(page.getByTestId('depth-final')).toHaveAttribute('data-points', '8');
    await page.getByTestId('depth-20').uncheck();
    await expect(page.getByTestId('depth-queue')).toHaveText('Queue 2 runs');
    await page.getByTestId('depth-dataset').selectOption('mnist');
    await page.getByTestId('depth-steps').fill('30');
    await page.getByTestId('depth-queue').click();
    await expect(page.getByTestId('depth-message')).toContainText('Queued 2 runs (Plain-8 (CIFAR), ResNet-8 (CIFAR))');
    const rows = page.getByTestId('depth-table').locator('tbody tr');
    // The new experiment replaces the reference on the charts; the reference stays one choice away.
    await expect(rows).toHaveCount(2);
    await expect(page.getByTestId('depth-group').locator('option')).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('completed', { timeout: 120_000 });
    await expect(rows.nth(1)).toContainText('completed', { timeout: 120_000 });
    for (const i of [0, 1]) await expect(rows.nth(i).locator('td').nth(1)).toHaveText('30');
    await expect(page.getByTestId('depth-curves')).toHaveAttribute('data-series', '2');
    await expect(page.getByTestId('depth-path').and(page.locator('[data-kind="plain"]'))).toHaveAttribute('stroke-dasharray', '6 4');
    await expect(page.getByTestId('depth-path').and(page.locator('[data-kind="residual"]'))).not.toHaveAttribute('stroke-dasharray', /./);
    await expect(page.getByTestId('depth-final')).toHaveAttribute('data-points', '2');
    for (const i of [0, 1]) await expect(rows.nth(i).locator('td').nth(2)).toHaveText(/^\d+\.\d%$/);
    // The runs are ordinary runs: the Train screen's Runs panel keeps them.
    await page.getByTestId('nav-train').click();
    await expect(page.getByTestId('run-row')).toHaveCount(2);
  });
});
