// Where the headless Chromium for Playwright lives: shared by scripts/check-chromium.mjs and playwright.config.ts.
import { accessSync, constants, statSync } from 'node:fs';

/** The Chromium the project uses when CHROMIUM_PATH is not set (Debian's `chromium` package). */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** How to get a Chromium, for messages. */
export const CHROMIUM_HELP = [
  'Install one with:',
  '  sudo apt-get install -y --no-install-recommends chromium',
  'or point CHROMIUM_PATH at an existing Chromium or Chrome binary, e.g.',
  '  CHROMIUM_PATH=/opt/chrome/chrome npm run test:e2e',
].join('\n');

/** The Chromium path to use: $CHROMIUM_PATH when set (and not blank), else the default. */
export function chromiumPath(env = process.env) {
  const fromEnv = env.CHROMIUM_PATH?.trim();
  return fromEnv ? fromEnv : DEFAULT_CHROMIUM_PATH;
}

/** Resolves the Chromium path and says whether an executable file is there. */
export function resolveChromium(env = process.env) {
  const path = chromiumPath(env);
  const source = env.CHROMIUM_PATH?.trim() ? 'CHROMIUM_PATH' : 'default';
  try {
    accessSync(path, constants.X_OK);
    return { path, source, found: statSync(path).isFile() };
  } catch {
    return { path, source, found: false };
  }
}
