import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { buildReportPlugin } from './scripts/vite-plugin-build-report.js';
import { serviceWorkerPlugin } from './scripts/vite-plugin-sw.js';
import { tfjsForInPlugin } from './scripts/vite-plugin-tfjs-for-in.js';
import { ISOLATION_HEADERS } from './src/sw/isolation.js';

/**
 * The dev server injects inline scripts (React Refresh) and inline styles (CSS hot updates), which
 * index.html's Content-Security-Policy forbids; it holds for the build and `vite preview` only.
 */
const noCspInDev: Plugin = {
  name: 'gradlab:no-csp-in-dev',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>\s*/i, ''),
};

export default defineConfig({
  // Relative asset paths: the built app works from any static host and any sub-path.
  base: './',
  plugins: [
    react(),
    noCspInDev,
    serviceWorkerPlugin({ entry: 'src/sw/service-worker.ts' }),
    // dist/.vite/build-report.json, read by scripts/check-build.ts; not precached.
    buildReportPlugin(),
  ],
  worker: {
    format: 'es',
    // TF.js trains in the workers; V8 re-optimizes its tape's loops without end unless rewritten.
    plugins: () => [tfjsForInPlugin()],
    // TF.js's threaded WASM build starts its threads from its own source text, which minifying
    // breaks (tensorflow/tfjs#4253: "_scriptDir is not defined"); unminified, threads work on a
    // cross-origin isolated page. It costs about 250 KB more, gzipped, for the training worker.
    rolldownOptions: { output: { minify: false } },
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  // `npm run dev` serves TF.js pre-bundled, apart from the worker's plugins.
  optimizeDeps: { rolldownOptions: { plugins: [tfjsForInPlugin()] } },
  // Cross-origin isolated, so the WASM backend runs threaded (src/sw/isolation.ts says why these
  // values). `vite preview` (npm start, the e2e, the bench) takes the dev server's headers.
  server: {
    headers: { ...ISOLATION_HEADERS },
    // The Keras check's virtual environment (scripts/interop/) holds ~45,000 files to not watch.
    watch: { ignored: ['**/.cache/**'] },
  },
  preview: { port: 4173, strictPort: true },
});
