/**
 * How e2e tests and the benchmark launch Chromium: Playwright's own browser where it is installed,
 * else the system one (Debian's chromium; Playwright's browser download fails on our machines), with
 * flags that give WebGPU and WebGL on a software adapter (SwiftShader), so both run without a GPU,
 * and a fake camera.
 *
 * The page itself is composited in software, as Chrome does on a machine without a usable GPU
 * (since Chrome 139 it no longer falls back to SwiftShader for that): the SwiftShader flags alone
 * would also composite every frame with SwiftShader's emulated GPU, which costs 20 to 50 ms of CPU
 * a frame on an idle 2-core machine and 150 to 700 ms beside training, a configuration no user has
 * (README, "What the UI costs"). WebGL and WebGPU stay on SwiftShader.
 * Plain JavaScript so `node scripts/bench.mjs` and playwright.config.ts can share it.
 */
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';

export const CHROMIUM_FLAGS = [
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--enable-features=Vulkan',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-gpu-compositing',
  '--no-sandbox',
  '--disable-background-networking',
  // A fake webcam (a moving test pattern) that is allowed without a prompt: the capture page's
  // tests and the webcam bench record from it. A test that needs a refusal denies the camera
  // for its own context.
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

/** @returns {string | undefined} undefined lets Playwright use its managed browser. */
export function chromiumExecutablePath() {
  try {
    if (existsSync(chromium.executablePath())) return undefined;
  } catch {
    // No managed browser: fall through to the system one.
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
}
