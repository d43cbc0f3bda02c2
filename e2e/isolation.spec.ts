/**
 * Threads by default: the app's server sends the cross-origin isolation headers, so the WASM
 * backend trains on threads; on the isolated page a dataset still downloads from another host and a
 * `#url=` bundle link still opens (both hosts send CORS only, as real ones do); and a copy on a
 * static host that sends no headers (the sub-path server, like GitHub Pages) is isolated after one
 * visit, through its service worker.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { SUBPATH_PORT } from '../playwright.config';
import { DatasetsPage, FIXTURES_ORIGIN, fixturePath, fixtureSha256 } from './pages/datasets';
import { PlaygroundPage } from './pages/playground';

const CSV = 'csv/good.csv';
const BUNDLE = 'bundles/depth-spiral.json';
const LESSON = JSON.parse(readFileSync(fixturePath(BUNDLE), 'utf8')) as {
  notebook: { title: string };
};
const SUBPATH_APP = `http://localhost:${SUBPATH_PORT}/gradlab/`;

/** Downloads the good CSV from the fixtures host through "Dataset from URL" and waits for it. */
async function downloadCsv(page: Page, name: string): Promise<void> {
  const datasets = new DatasetsPage(page);
  await datasets.downloadFromUrl(
    'csv',
    [{ url: `${FIXTURES_ORIGIN}/generated/${CSV}`, sha256: fixtureSha256(CSV) }],
    name,
  );
  await expect(datasets.row(name)).toBeVisible({ timeout: 60_000 });
}

test('the app’s page is cross-origin isolated and trains on 2 or more WASM threads', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  const response = await page.goto('/?backend=wasm#/playground');
  expect(response?.headers()['cross-origin-opener-policy']).toBe('same-origin');
  expect(response?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
  expect(await playground.crossOriginIsolated()).toBe(true);
  await expect(page.getByTestId('train.start')).toBeEnabled({ timeout: 60_000 });
  expect(await playground.wasmThreads()).toBeGreaterThanOrEqual(2);
  // The threaded build trains (a pool that failed to start would hang here, not fail).
  await playground.trainToEnd(3, 60_000);
  expect(await playground.metric('loss')).toBeGreaterThan(0);
});

test('on the isolated page a dataset downloads from another host and a #url= bundle opens and trains', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await new DatasetsPage(page).open();
  expect(await playground.crossOriginIsolated()).toBe(true);
  await downloadCsv(page, 'Remote CSV');

  const address = encodeURIComponent(`${FIXTURES_ORIGIN}/generated/${BUNDLE}`);
  await page.goto(`/?backend=wasm#url=${address}&sha256=${fixtureSha256(BUNDLE)}`);
  await expect(page.getByTestId('import.title')).toHaveText(LESSON.notebook.title);
  await page.getByTestId('import.open').click();
  await expect(page.getByTestId('notebook.title')).toBeVisible();
  expect(await playground.crossOriginIsolated()).toBe(true);
  await expect(page.getByTestId('train.start')).toBeEnabled({ timeout: 60_000 });
  expect(await playground.wasmThreads()).toBeGreaterThanOrEqual(2);
  await playground.train();
  await expect(playground.status).toHaveText('done', { timeout: 120_000 });
});

test.describe('on a static host that sends no headers', () => {
  test.use({ serviceWorkers: 'allow' });

  test('the sub-path build is cross-origin isolated after one visit, through its service worker', async ({
    context,
    page,
  }) => {
    const app = `${SUBPATH_APP}?backend=wasm#/playground`;
    const first = await page.goto(app);
    expect(first?.headers()['cross-origin-embedder-policy']).toBeUndefined();
    const playground = new PlaygroundPage(page);
    expect(await playground.crossOriginIsolated()).toBe(false);
    await expect(playground.backendStatus).toContainText(
      'single thread: the page is not cross-origin isolated',
    );
    // The first visit installs the service worker; the page does not reload by itself, it offers.
    await expect(page.getByTestId('app.offlineReady')).toBeVisible({ timeout: 60_000 });
    const reloaded = page.waitForEvent('load');
    await page.getByTestId('app.offlineReady.reload').click();
    await reloaded;
    expect(await playground.crossOriginIsolated()).toBe(true);
    await expect(page.getByTestId('train.start')).toBeEnabled({ timeout: 60_000 });
    expect(await playground.wasmThreads()).toBeGreaterThanOrEqual(2);
    await expect(page.getByTestId('app.offlineReady.reload')).toHaveCount(0);

    // A later visit is isolated from its first byte: the page and the workers' scripts come from
    // the service worker, with the headers the host never sent.
    const later = await context.newPage();
    const workerScripts: { url: string; coep: string | undefined }[] = [];
    later.on('response', (response) => {
      if (
        /\.worker-[^/]*\.js$/.test(new URL(response.url()).pathname) &&
        response.fromServiceWorker()
      )
        workerScripts.push({
          url: response.url(),
          coep: response.headers()['cross-origin-embedder-policy'],
        });
    });
    const visit = await later.goto(app);
    expect(visit?.fromServiceWorker()).toBe(true);
    expect(visit?.headers()['cross-origin-opener-policy']).toBe('same-origin');
    expect(visit?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
    const laterPlayground = new PlaygroundPage(later);
    expect(await laterPlayground.crossOriginIsolated()).toBe(true);
    await expect(later.getByTestId('train.start')).toBeEnabled({ timeout: 60_000 });
    expect(await laterPlayground.wasmThreads()).toBeGreaterThanOrEqual(2);
    expect(workerScripts.length).toBeGreaterThan(0);
    for (const script of workerScripts) expect(script.coep, script.url).toBe('require-corp');
    await laterPlayground.trainToEnd(3, 60_000);

    // Isolated by its service worker, the page still downloads from a CORS-enabled host.
    await later.goto(`${SUBPATH_APP}#/data`);
    expect(await laterPlayground.crossOriginIsolated()).toBe(true);
    await downloadCsv(later, 'Remote CSV on the static host');
  });
});
