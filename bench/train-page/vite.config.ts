import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { ISOLATION_HEADERS } from '../../vite.config';

// The benchmark page: built like the app (production, module worker, wasm served as assets), from bench/train-page.
export default defineConfig({
  root: resolve(import.meta.dirname),
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: resolve(import.meta.dirname, '../../dist-bench-train'), emptyOutDir: true, chunkSizeWarningLimit: 8192 },
  preview: { strictPort: true, headers: ISOLATION_HEADERS },
});
