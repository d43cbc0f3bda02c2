/** e2e against the production build in headless Chromium, with WebGPU on a software adapter. */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_FLAGS, chromiumExecutablePath } from './scripts/chromium.mjs';

const PORT = 4173;
/** A second origin serving e2e/fixtures, as a remote dataset host would (CORS, throttling). */
export const FIXTURES_PORT = 4174;
/** The same build served from a sub-path, as a static host such as GitHub Pages would. */
export const SUBPATH_PORT = 4175;

export default defineConfig({
  testDir: 'e2e',
  timeout: 240_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  // Software WebGPU and WebGL use every core: tests in parallel would only slow each other down.
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    launchOptions: { executablePath: chromiumExecutablePath(), args: CHROMIUM_FLAGS },
    trace: 'retain-on-failure',
    // The service worker is tested on its own (offline.spec.ts); elsewhere it would only make
    // every fresh context download the whole app again.
    serviceWorkers: 'block',
  },
  webServer: [
    {
      command: `npx vite preview --port ${PORT} --strictPort`,
      url: `http://localhost:${PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      command: `node scripts/serve-fixtures.mjs`,
      env: { FIXTURES_PORT: String(FIXTURES_PORT) },
      url: `http://localhost:${FIXTURES_PORT}/generated/SHA256SUMS`,
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
    },
    {
      command: 'node scripts/serve-dist-subpath.mjs',
      env: { SUBPATH_PORT: String(SUBPATH_PORT) },
      url: `http://localhost:${SUBPATH_PORT}/gradlab/`,
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
    },
  ],
});
