import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Cross-origin isolation, so the training worker may share memory with its kernel threads (SharedArrayBuffer).
 * A static host must send the same two headers for threads; without them training runs on one thread.
 */
export const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/**
 * The built page's Content-Security-Policy, as a meta tag so that it holds on any static host. Scripts come only
 * from the site: no inline script, no eval, and no WebAssembly on the page itself (TF.js's wasm runs in the two
 * workers, which a meta tag does not govern); images may also be the user's own files and drawings (blob:,
 * data:). A host that sends CSP headers (which do reach the workers) adds 'wasm-unsafe-eval' for TF.js's wasm and
 * https: to connect-src for the model URLs the user types (README, Deploy).
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "connect-src 'self' blob: data:",
  "worker-src 'self'",
  "manifest-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** Puts the CSP into the built index.html (the dev server injects inline scripts for hot reload, so not there). */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'convatlas-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
  };
}

// One config for the app (vite) and the unit tests (vitest).
export default defineConfig({
  // Relative URLs: the built site works from any sub-path of a static host (/convatlas/, /~teacher/cnn/).
  base: './',
  plugins: [
    react(),
    contentSecurityPolicy(),
    VitePWA({
      // A new version waits until the user accepts the prompt: one page never runs a mix of old and new files.
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'ConvAtlas',
        short_name: 'ConvAtlas',
        description: 'Explore, assemble, compare, train and run convolutional networks in the browser.',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#f6f7f9',
        theme_color: '#14213d',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        // The app, its wasm, the shipped models and the sample images on install (~9 MB). The datasets (MNIST's
        // 53 MB of IDX files, Fashion-MNIST's 30 MB) are stored when first opened, by the training worker itself
        // (src/data/cache.ts), so that works on the first visit too, when no service worker controls the page yet.
        globPatterns: ['**/*.{html,js,mjs,css,wasm,svg,png,jpg,jpeg,json,bin,webmanifest}'],
        globIgnores: ['**/*-ubyte*', 'data/**'],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: 'index.html',
        // Files a user may open directly (licences, attributions) are files, not the app.
        navigateFallbackDenylist: [/\/data\//, /\/sample-images\//, /\/models\//],
        // The first visit's page (and the workers it starts after this) are served from the cache at once.
        clientsClaim: true,
        // ?view= and ?model= pick a screen of the same page.
        ignoreURLParametersMatching: [/.*/],
      },
    }),
  ],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  server: { headers: ISOLATION_HEADERS },
  preview: { port: 4173, strictPort: true, headers: ISOLATION_HEADERS },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/unit.json' },
  },
});
