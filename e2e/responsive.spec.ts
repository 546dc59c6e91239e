import { expect, test } from '@playwright/test';

// A phone (390 px wide): every screen fits the width (wide tables and charts scroll inside their cards), and a
// screen's title, focused for screen readers when it opens, shows no focus ring.

const SCREENS = ['networks', 'networks&model=resnet152', 'networks&model=googlenet', 'predict', 'build', 'compare', 'lessons', 'train', 'depth'];

test.describe('At 390 px wide', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  for (const screen of SCREENS) {
    test(`?view=${screen} has no horizontal page scroll`, async ({ page }) => {
      await page.goto(`./?view=${screen}`);
      await expect(page.locator('main')).toBeVisible();
      // Let the screen's content (diagram, charts, samples) arrive.
      await page.waitForLoadState('networkidle');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `the page is ${width} px wide at a 390 px viewport`).toBeLessThanOrEqual(390);
      // The sections below a network's diagram are drawn only when scrolled near, and they clip what overflows them
      // (content-visibility): scrolled through, none may hold anything wider than itself.
      for (let y = 0; y < (await page.evaluate(() => document.body.scrollHeight)); y += 600) {
        await page.evaluate((top) => window.scrollTo(0, top), y);
        await page.evaluate(() => new Promise(requestAnimationFrame));
      }
      const clipped = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('#network-notes, #network-charts, .network-grid')).filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => `${el.id || el.className}: ${el.scrollWidth} px in ${el.clientWidth}`),
      );
      expect(clipped, 'sections wider inside than out').toEqual([]);
    });
  }

  test("a network's title takes focus on load without a focus ring", async ({ page }) => {
    await page.goto('./?view=networks&model=resnet152');
    const title = page.getByTestId('network-title');
    await expect(title).toBeFocused();
    expect(await title.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('none');
  });
});
