import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/**
 * Cross-origin isolation, so the training worker may share memory with its kernel threads (SharedArrayBuffer).
 * A static host must send the same two headers for threads; without them training runs on one thread.
 */
export const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

// One config for the app (vite) and the unit tests (vitest).
export default defineConfig({
  plugins: [react()],
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
