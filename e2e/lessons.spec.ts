import { expect, test } from '@playwright/test';
import { DiagramPage } from './pages/DiagramPage';
import { LessonsPage } from './pages/LessonsPage';

test.describe('lessons', () => {
  test("VGG's stacked 3x3 convolutions: 5x5 with 73,728 weights against 102,400, then 7x7, live as C and n change", async ({ page }) => {
    const l = new LessonsPage(page);
    await l.goto();
    await expect(page.getByTestId('stacked-rf-stack')).toHaveText('5x5');
    await expect(page.getByTestId('stacked-rf-single')).toHaveText('5x5');
    await expect(page.getByTestId('stacked-params-stack')).toHaveText('73,728');
    await expect(page.getByTestId('stacked-params-single')).toHaveText('102,400');
    await page.getByTestId('stacked-n').selectOption('3');
    await expect(page.getByTestId('stacked-growth')).toContainText('3x3 → 5x5 → 7x7');
    await expect(page.getByTestId('stacked-rf-single')).toHaveText('7x7');
    await expect(page.getByTestId('stacked-params-stack')).toHaveText('110,592');
    await expect(page.getByTestId('stacked-params-single')).toHaveText('200,704');
    await page.getByTestId('stacked-c-slider').fill('128');
    await expect(page.getByTestId('stacked-c')).toHaveText('128');
    await expect(page.getByTestId('stacked-params-stack')).toHaveText('442,368');
    await expect(page.getByTestId('stacked-ratio')).toContainText('1.81x fewer weights');
  });

  test('Inception cost: 120.4 M naive, 12.4 M with a 16-channel bottleneck, live as k moves', async ({ page }) => {
    const l = new LessonsPage(page);
    await l.goto();
    await expect(l.naive).toHaveAttribute('data-value', '120422400');
    await expect(l.naive).toHaveText('120.4 M');
    await l.setK(16);
    await expect(l.bottleneck).toHaveAttribute('data-value', '12443648');
    await expect(l.bottleneck).toHaveText(/^12\.4/);
    await l.setK(32);
    await expect(l.bottleneck).toHaveAttribute('data-value', String(2 * 12443648));
    await expect(page.getByTestId('inception-ratio')).toContainText('4.8x fewer');
  });

  test('1x1 convolution: 28x28x192 -> 28x28x32, the same parameters as a dense layer', async ({ page }) => {
    const l = new LessonsPage(page);
    await l.goto();
    await expect(page.getByTestId('onebyone-output')).toHaveText('28x28x32');
    await expect(page.getByTestId('onebyone-conv-params')).toHaveText('6,176');
    await expect(page.getByTestId('onebyone-dense-params')).toHaveText('6,176');
    await expect(page.getByTestId('onebyone-same')).toContainText('Same parameters');
  });

  test('residual block: identity shortcut, then a projection when the shapes differ', async ({ page }) => {
    const l = new LessonsPage(page);
    const d = new DiagramPage(page, 'residual-diagram');
    await l.goto();
    await d.waitReady();
    await expect(page.getByTestId('residual-shortcut')).toContainText('identity');
    await expect(d.svg.locator('.dg-edges .dg-edge.role-shortcut')).toHaveCount(1);
    await page.getByTestId('residual-stride').selectOption('2');
    await page.getByTestId('residual-channels').selectOption('128');
    await expect(page.getByTestId('residual-shortcut')).toContainText('1x1 convolution W_s with stride 2');
    await expect(d.node('W_s 1x1 projection')).toBeVisible();
    await expect(d.svg.locator('.dg-edge[data-to="a[l+2] = g(z + a[l])"] .dg-label')).toHaveText(['28x28x128', '28x28x128']);
  });

  test('the identity argument: at zero weights the residual block returns its input, the plain block zeros', async ({ page }) => {
    const l = new LessonsPage(page);
    await l.goto();
    const slider = page.getByTestId('identity-slider');
    await expect(page.getByTestId('identity-scale')).toHaveText('1.00');
    const before = parseFloat((await page.getByTestId('identity-residual').textContent())!);
    expect(before).toBeGreaterThan(0);
    await slider.fill('0');
    await expect(page.getByTestId('identity-scale')).toHaveText('0.00');
    await expect(page.getByTestId('identity-residual')).toHaveText('0.0%');
    await expect(page.getByTestId('identity-plain')).toHaveText('100.0%');
  });
});
