#!/usr/bin/env node
/* global document, HTMLElement -- page.evaluate runs this callback in the browser */
// Screenshots the built app (run `npx vite build` first) at 1280x800 into docs/screenshot.png.
// Usage: node scripts/screenshot.mjs [model-id] [output.png]     (defaults: vgg16, docs/screenshot.png)
//        node scripts/screenshot.mjs predict [output.png]      the Predict screen: a sample digit with 5 crops
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { CHROMIUM_HELP, resolveChromium } from './chromium-path.mjs';

const [model = 'vgg16', out = 'docs/screenshot.png'] = process.argv.slice(2);
if (!existsSync('dist/index.html')) {
  console.error('No build found in dist/. Run `npx vite build` first.');
  process.exit(1);
}
const browserPath = resolveChromium();
if (!browserPath.found) {
  console.error(`No Chromium at ${browserPath.path}.\n${CHROMIUM_HELP}`);
  process.exit(1);
}

const server = await preview({ preview: { port: 4174, strictPort: true }, logLevel: 'warn' });
const browser = await chromium.launch({
  executablePath: browserPath.path,
  args: ['--no-sandbox', '--disable-quic'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  if (model === 'predict') {
    await page.setViewportSize({ width: 1280, height: 1100 });
    await page.goto('http://localhost:4174/?view=predict');
    await page.locator('[data-sample="mnist/digit-3-18.png"]').click();
    await page.getByTestId('prediction').waitFor();
    await page.getByLabel('5 crops').check();
    await page.getByTestId('crop-grid').waitFor();
  } else {
    await page.goto(`http://localhost:4174/?model=${encodeURIComponent(model)}`);
    await page.getByTestId('summary-table').waitFor();
    await page.getByTestId('total-params').waitFor();
  }
  // Take the focus ring off the title so the picture shows the page as a visitor sees it.
  await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`Wrote ${out}`);
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
