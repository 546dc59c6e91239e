#!/usr/bin/env node
// Renders public/favicon.svg to the PNG icons the web app manifest lists (public/icons/icon-{192,512}.png, and a
// maskable 512 with the safe-zone padding), in the system's headless Chromium. Run after changing the SVG:
//   node scripts/make-icons.mjs
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { resolveChromium } from './chromium-path.mjs';

const svg = readFileSync('public/favicon.svg', 'utf8');
const browser = await chromium.launch({ executablePath: resolveChromium().path, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  for (const [size, file, pad] of [
    [192, 'icon-192.png', 0],
    [512, 'icon-512.png', 0],
    [512, 'icon-maskable-512.png', 0.1],
  ]) {
    await page.setViewportSize({ width: size, height: size });
    const inner = Math.round(size * (1 - 2 * pad));
    await page.setContent(
      `<body style="margin:0;background:#14213d;display:grid;place-items:center;width:${size}px;height:${size}px">${svg.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</body>`,
    );
    await page.screenshot({ path: `public/icons/${file}`, omitBackground: pad === 0 });
  }
} finally {
  await browser.close();
}
