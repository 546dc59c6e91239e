import { defineConfig } from '@playwright/test';
import { chromiumPath } from './scripts/chromium-path.mjs';

// End-to-end tests against the production build (`vite build` runs first in `npm run test:e2e`), served by
// `vite preview` under a sub-path (/convatlas/), in the system's headless Chromium. One worker: the machines have 2 cores and software rendering.
// E2E_PORT and E2E_TAG let several runs share a checkout side by side: E2E_TAG=x serves dist-x
// (build it with `vite build --outDir dist-x`) and writes test-results-x and reports/e2e-x.json.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const TAG = process.env.E2E_TAG ? `-${process.env.E2E_TAG}` : '';
const DIST = `dist${TAG}`;
const CI = Boolean(process.env.CI);
/** The tests use the built site as a static host would serve it from a sub-path (its URLs are relative). */
const SUBPATH = '/convatlas/';

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: `reports/e2e${TAG}.json` }]],
  outputDir: `test-results${TAG}`,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    browserName: 'chromium',
    headless: true,
    baseURL: `http://localhost:${PORT}${SUBPATH}`,
    viewport: { width: 1280, height: 800 },
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: ['--no-sandbox', '--disable-quic', '--enable-unsafe-webgpu', '--enable-unsafe-swiftshader'],
    },
  },
  projects: [{ name: 'chromium' }],
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort --outDir ${DIST} --base ${SUBPATH}`,
    url: `http://localhost:${PORT}${SUBPATH}`,
    reuseExistingServer: !CI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
