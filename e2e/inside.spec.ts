import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { PredictPage } from './pages/PredictPage';

test.describe('Inside the network (Predict)', () => {
  test("the shipped LeNet-5's feature maps for a sample 7: 6 maps after c1; a clicked c1 value is worked out over its 5x5 receptive field", async ({ page }) => {
    const p = new PredictPage(page);
    await p.goto();
    await p.openInside();
    await p.sample('mnist/digit-7-0.png').click();
    await expect(p.prediction).toContainText('7 (');
    await expect(p.insideLayer('c1')).toHaveAttribute('data-maps', '6');
    await expect(p.insideMaps('c1')).toHaveCount(6);
    await expect(p.insideLayer('c1')).toContainText('28 x 28 x 6');
    // Every layer of the model after the input, the dense ones as bars; the output names the ten digits.
    await expect(p.insidePanel.getByTestId('inside-layer')).toHaveCount(9);
    await expect(p.insideLayer('output').getByTestId('inside-bars')).toHaveAttribute('data-units', '10');
    await expect(p.insidePanel.getByTestId('first-filters')).toHaveAttribute('data-count', '6');
    await expect(p.insidePanel.getByTestId('grad-cam')).toHaveAttribute('data-class', '7');

    // Map 3, row 8, column 14: on the 7's top bar, so the value is not a ReLU zero.
    await p.clickMapValue('c1', 2, 8, 14, 28);
    await expect(p.worked).toBeVisible();
    await expect(p.fieldOutline('input')).toHaveAttribute('data-size', '5x5');
    await expect(p.worked).toHaveAttribute('data-taps', '25');
    await expect(p.worked).toHaveAttribute('data-matches', 'true');
    const d = await p.worked.evaluate((e) => ({ shown: Number(e.getAttribute('data-shown')), sum: Number(e.getAttribute('data-activated')) }));
    expect(d.shown).toBeGreaterThan(0);
    expect(Math.abs(d.sum - d.shown)).toBeLessThan(1e-5);
    // What the page writes: the activated sum and the value under the click, both to four places.
    await expect(p.worked.getByTestId('probe-value')).toHaveText(d.shown.toFixed(4));
    await expect(p.worked).toContainText(`relu(${d.shown.toFixed(4)}) = ${d.shown.toFixed(4)} = the value shown`);
    await expect(p.worked.getByTestId('worked-patch').locator('td')).toHaveCount(25);
  });

  test('follows the pad while the user draws, and a Fashion-MNIST ResNet-mini shows its padded corner; no serious axe violations', async ({ page }) => {
    const p = new PredictPage(page);
    await p.goto();
    await p.openInside();
    await p.drawOne();
    await expect(p.prediction).toContainText('1 (');
    await expect(p.insidePanel.getByTestId('grad-cam')).toHaveAttribute('data-class', '1');
    await page.getByRole('tab', { name: 'Drop, paste or pick' }).click();
    await p.sample('fashion/trouser-2.png').click();
    await expect(p.prediction).toContainText('Trouser');
    await expect(p.insideLayer('conv1')).toHaveAttribute('data-maps', '24');
    // conv1 reads its ZeroPadding2D: the corner's 3x3 window sits on the padding and the input's first 2x2.
    await p.clickMapValue('conv1', 0, 0, 0, 28);
    await expect(p.worked).toHaveAttribute('data-matches', 'true');
    await expect(p.fieldOutline('conv1/pad')).toHaveAttribute('data-size', '3x3');
    await expect(p.fieldOutline('input')).toHaveAttribute('data-size', '3x3');
    await expect(p.insidePanel.getByTestId('grad-cam')).toHaveAttribute('data-layer', 'layer2.0.add');
    const r = await new AxeBuilder({ page }).include('[data-testid="inside-panel"]').analyze();
    expect(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});
