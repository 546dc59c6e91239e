import { expect, test, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { PredictPage } from './pages/PredictPage';
import { TrainPage } from './pages/TrainPage';

// The built site as a classroom gets it: served from a sub-path (playwright.config.ts), under its own
// Content-Security-Policy, installable, and working offline after the first visit.

/** Collects console errors, uncaught exceptions and CSP violations from the first script on. */
async function watch(page: Page) {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const w = window as unknown as { __csp?: string[] };
      (w.__csp ??= []).push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  return {
    problems,
    violations: () => page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []),
  };
}

test.describe('classroom-ready', () => {
  test('every screen, used, under the strict CSP: no violation, no console error, no exception', async ({ page }) => {
    test.setTimeout(180_000);
    const w = await watch(page);
    await page.goto('./');
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe');
    // The detector works: an inline script is refused and reported.
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__ran = 1';
      document.head.append(s);
    });
    await expect.poll(w.violations).toHaveLength(1);
    expect(await page.evaluate(() => (window as unknown as { __ran?: number }).__ran)).toBeUndefined();
    // That refusal is logged as a console error too; from here on, the app's own use counts.
    expect(w.problems).toEqual([expect.stringContaining('violates the following Content Security Policy directive')]);
    w.problems.length = 0;
    await page.reload();

    await page.getByTestId('gallery').waitFor();
    await page.goto('./?model=resnet50');
    await page.getByTestId('summary-table').waitFor();
    // Image export builds styled SVG (through the CSSOM: the policy refuses style attributes).
    for (const kind of ['SVG', 'PNG']) {
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: new RegExp(`as ${kind}$`) }).first().click();
      await download;
    }
    await page.goto('./?view=compare');
    await page.getByTestId('compare-table').waitFor();
    await page.goto('./?view=depth');
    await page.getByTestId('depth-screen').waitFor();
    await page.goto('./?view=lessons');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.goto('./?view=build');
    await page.getByTestId('fork-select').selectOption('lenet5-modern');
    await page.getByTestId('fork-button').click();
    await page.getByTestId('train-this').click();
    const train = new TrainPage(page);
    await train.useSmallSubset();
    await train.setHyper({ epochs: '1', batch: '64' });
    await train.start.click();
    await train.statusIs('completed', 120_000);
    await page.getByTestId('run-predict').click();
    await new PredictPage(page).drawOne();
    await expect(page.getByTestId('prediction')).toBeVisible();
    await page.getByRole('tab', { name: 'Drop, paste or pick' }).click();
    await page.locator('[data-sample="mnist/digit-7-0.png"]').click();
    await expect(page.getByTestId('prediction')).toContainText('7');

    expect(await w.violations()).toEqual([]);
    expect(w.problems).toEqual([]);
  });

  test('installable: a manifest with icons, a favicon, a service worker', async ({ page, request }) => {
    await page.goto('./');
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = await (await request.get(href!)).json();
    expect(manifest.name).toBe('ConvAtlas');
    expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const i of manifest.icons) expect((await request.get(i.src)).status(), i.src).toBe(200);
    expect((await request.get('favicon.svg')).status()).toBe(200);
    expect(await page.evaluate(async () => !!(await navigator.serviceWorker.ready).active)).toBe(true);
  });

  test('offline after the first visit: reload, open a network, predict a sample digit, train on a cached dataset', async ({ page, context }) => {
    test.setTimeout(180_000);
    // The first visit opens the Train screen straight away: MNIST is stored on this first use, not on install.
    const train = new TrainPage(page);
    await train.goto();
    await train.useSmallSubset();
    await expect.poll(() => page.evaluate(async () => (await (await caches.open('convatlas-datasets')).keys()).length)).toBe(4);
    // Meanwhile the service worker installed the app and took this page over.
    await page.evaluate(async () => void (await navigator.serviceWorker.ready));
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

    await context.setOffline(true);
    await page.reload();
    await page.goto('./?model=lenet5');
    await expect(page.getByTestId('total-params-exact')).toHaveText('61,706');
    await page.goto('./?view=predict');
    await page.locator('[data-sample="mnist/digit-0-3.png"]').click();
    await expect(page.getByTestId('prediction')).toContainText('0 (');
    await expect(page.getByTestId('prediction')).toContainText('correct');
    await train.goto();
    await train.useSmallSubset();
    await train.setHyper({ epochs: '1' });
    await train.start.click();
    await train.statusIs('completed', 120_000);
    await expect(train.testAccuracy).toHaveText(/^\d+\.\d\d%$/);
    await context.setOffline(false);
  });

  test('a new deployment waits for the user: "A new version is ready", and Reload brings it in', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto('./');
    await page.evaluate(async () => void (await navigator.serviceWorker.ready));
    await page.reload();
    // Whether the page's service worker changes: a flag that outlives the reload.
    await page.evaluate(() => navigator.serviceWorker.addEventListener('controllerchange', () => sessionStorage.setItem('sw-changed', '1')));
    // A redeploy, as the browser sees it: a service worker that differs by a byte.
    const sw = `${process.env.E2E_TAG ? `dist-${process.env.E2E_TAG}` : 'dist'}/sw.js`;
    const original = readFileSync(sw, 'utf8');
    writeFileSync(sw, `${original}\n// redeployed\n`);
    try {
      await page.evaluate(async () => void (await (await navigator.serviceWorker.getRegistration())!.update()));
      await expect(page.getByTestId('update-ready')).toContainText('A new version of ConvAtlas is ready');
      // Until the user says so, the new version waits and this page keeps the one it started with.
      expect(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())!.waiting)).toBe(true);
      await page.waitForTimeout(500);
      expect(await page.evaluate(() => sessionStorage.getItem('sw-changed'))).toBeNull();
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Reload to update' }).click()]);
      await expect(page.getByTestId('update-ready')).toHaveCount(0);
      expect(await page.evaluate(() => sessionStorage.getItem('sw-changed'))).toBe('1');
      expect(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())!.waiting)).toBe(false);
    } finally {
      writeFileSync(sw, original);
    }
  });
});
