#!/usr/bin/env node
// Fails fast, with instructions, when the Chromium the end-to-end tests need is missing.
import { CHROMIUM_HELP, resolveChromium } from './chromium-path.mjs';

const { path, source, found } = resolveChromium();
if (found) {
  console.log(`Chromium for the e2e tests: ${path}${source === 'CHROMIUM_PATH' ? ' (from CHROMIUM_PATH)' : ''}`);
} else {
  const where = source === 'CHROMIUM_PATH' ? `CHROMIUM_PATH is set to ${path}, but` : `The e2e tests use ${path} by default, but`;
  console.error(`${where} no executable Chromium is there.\n${CHROMIUM_HELP}`);
  process.exit(1);
}
