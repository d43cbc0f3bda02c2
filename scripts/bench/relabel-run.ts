/**
 * The relabel bench's Node side: puts the app build's MNIST-10k where the bench page's server
 * serves it as the app's root does, and runs the page's `runRelabelBench` in a fresh context.
 */
import type { Browser } from '@playwright/test';
import { copyFile, mkdir } from 'node:fs/promises';
import type { RelabelPlan } from './relabel';
import type { RelabelReport } from './relabel-report';

const SHIPPED = 'dist/datasets/mnist-10k.gds.gz';
const RELABEL_TIMEOUT_MS = 120_000;

/** After the bench page's build, which empties its site folder. */
export async function prepareRelabel(site: string): Promise<void> {
  await mkdir(`${site}/datasets`, { recursive: true });
  await copyFile(SHIPPED, `${site}/datasets/mnist-10k.gds.gz`);
}

/** Never throws: a failure is the report's `error`. */
export async function measureRelabel(
  browser: Browser,
  siteUrl: string,
  rounds: number,
): Promise<RelabelReport> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('console', (message) => console.log(`  [relabel] ${message.text()}`));
  const plan: RelabelPlan = { appUrl: siteUrl, rounds };
  try {
    await page.goto(siteUrl);
    await page.waitForFunction(() => typeof window.runRelabelBench === 'function');
    const run = page.evaluate((p) => window.runRelabelBench(p), plan);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the relabel bench took over ${RELABEL_TIMEOUT_MS / 1000} s`)),
        RELABEL_TIMEOUT_MS,
      );
    });
    return await Promise.race([run, late]).finally(() => clearTimeout(timer));
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    return { name: '', examples: 0, setBytes: 0, rounds: [], error: message ?? '' };
  } finally {
    await context.close();
  }
}
