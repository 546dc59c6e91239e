import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DiagramPage } from './pages/DiagramPage';

async function seriousViolations(page: Page) {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

test.describe('accessibility (axe-core): no serious or critical violations', () => {
  test('gallery', async ({ page }) => {
    await page.goto('./');
    await expect(page.getByTestId('gallery-card-vgg16')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('network view with diagram, details, charts and notes', async ({ page }) => {
    const d = new DiagramPage(page);
    await d.goto('googlenet-aux');
    await d.clickNode('g:inception3a');
    await d.clickNode('inception3a.concat');
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('network view with an error', async ({ page }) => {
    const d = new DiagramPage(page);
    await d.goto('lenet5');
    await page.getByTestId('input-shape').fill('3x3x1');
    await expect(d.node('c1')).toHaveAttribute('data-status', 'error');
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('compare', async ({ page }) => {
    await page.goto('./?view=compare&nets=resnet50,vgg16');
    await expect(page.getByTestId('compare-table')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('lessons', async ({ page }) => {
    await page.goto('./?view=lessons');
    await expect(page.getByTestId('residual-diagram')).toHaveAttribute('data-ready', 'true');
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('predict screen with an answer, its steps and the 10 crops', async ({ page }) => {
    await page.goto('./?view=predict');
    await page.locator('[data-sample="mnist/digit-7-0.png"]').click();
    await expect(page.getByTestId('prediction')).toContainText('7 (');
    await page.getByLabel('10 crops (with mirrors)').check();
    await expect(page.getByTestId('crop-grid').locator('li')).toHaveCount(10);
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('builder and training screens', async ({ page }) => {
    await page.goto('./?view=build');
    await expect(page.getByTestId('builder')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto('./?view=train');
    await expect(page.getByTestId('train-screen')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
