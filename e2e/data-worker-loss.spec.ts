/**
 * The data worker ending in the middle of a job: a worker that closes itself fires no event on
 * the page, yet the job must fail with a message that says so (the worker's life lock tells the
 * page), and the next download must start a fresh worker and succeed.
 */
import { expect, test } from '@playwright/test';
import { DatasetsPage } from './pages/datasets';

test('a download whose data worker closes fails clearly, and the next one works', async ({
  page,
  context,
}) => {
  const datasets = new DatasetsPage(page);
  await datasets.open();
  // The app's own Iris file, held back until the worker is gone, so the job is still waiting.
  let reached!: () => void;
  let release!: () => void;
  const requested = new Promise<void>((resolve) => (reached = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  await context.route('**/datasets/iris.csv', async (route) => {
    reached();
    await released;
    // The first request died with its worker; continuing it may fail.
    await route.continue().catch(() => undefined);
  });
  const url = new URL('datasets/iris.csv', page.url()).href;

  await datasets.downloadFromUrl('csv', [{ url }], 'Iris');
  await requested;
  const worker = page.workers().find((w) => w.url().includes('data.worker'));
  expect(worker).toBeDefined();
  await worker!.evaluate(() => self.close());
  await expect(datasets.importError).toContainText('The data worker stopped unexpectedly');
  await expect(page.getByTestId('url.download')).toBeVisible();

  release();
  await page.getByTestId('url.download').click();
  await expect(datasets.row(url)).toBeVisible();
  await expect(datasets.importError).toHaveCount(0);
});
