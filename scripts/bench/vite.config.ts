/**
 * Builds the benchmark page (`npm run bench`), apart from the app: its own root and its own output
 * folder under bench-results/, so nothing of it reaches the app's dist/. The page's worker imports
 * the app's training code from ../../src and ../../workers, which Vite bundles like any module.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { ISOLATION_HEADERS } from '../../src/sw/isolation.js';
import { tfjsForInPlugin } from '../vite-plugin-tfjs-for-in.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: './',
  // As the app's worker: unminified, so TF.js's threaded WASM build can start its threads, with
  // TF.js's tape rewritten, and served cross-origin isolated (for `vite preview` too), so it does:
  // the bench measures what users get.
  worker: {
    format: 'es',
    plugins: () => [tfjsForInPlugin()],
    rolldownOptions: { output: { minify: false } },
  },
  server: { headers: { ...ISOLATION_HEADERS } },
  build: {
    target: 'es2022',
    outDir: here('../../bench-results/site'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
  },
  logLevel: 'warn',
});
