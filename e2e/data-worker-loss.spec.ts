/**
 * The data worker ending in the middle of a job: a worker that closes itself fires no event on
 * the page, yet the job must fail with a message that says so (the worker's life lock tells the
 * page), and the next download or import must start a fresh worker and succeed. Playwright runs
 * `self.close()` inside the worker itself, so the app carries no hook for it.
 */
import { expect, test } from '@playwright/test';
import { DatasetsPage, fixturePath } from './pages/datasets';

/** A CSV of `bytes` or a little more: 20 numeric columns and a class label. */
function largeCsv(bytes: number): Buffer {
  const lines = [Array.from({ length: 20 }, (_, i) => `f${i}`).join(',') + ',label'];
  let size = lines[0]!.length;
  for (let r = 0; size < bytes; r++) {
    const line =
      Array.from({ length: 20 }, (_, c) => (((r * 31 + c * 17) % 1000) / 7).toFixed(3)).join(',') +
      `,c${r % 3}`;
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(lines.join('\n'));
}

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

test('a 25 MB CSV import whose data worker closes fails clearly, keeps what was stored, and the next import works', async ({
  page,
}) => {
  const datasets = new DatasetsPage(page);
  await datasets.open();
  await datasets.importCsv(fixturePath('csv/good.csv'), 'label', 'good');
  await expect(datasets.storageRows).toHaveCount(1);

  const csv = { name: 'large.csv', mimeType: 'text/csv', buffer: largeCsv(25 * 1024 * 1024) };
  await datasets.chooseCsv(csv);
  await expect(page.getByTestId('import.preview')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('import.target').selectOption({ label: 'label' });
  await page.getByTestId('import.confirm').click();
  await expect(datasets.progress).toBeVisible();
  const worker = page.workers().find((w) => w.url().includes('data.worker'));
  expect(worker).toBeDefined();
  await worker!.evaluate(() => self.close());
  await expect(datasets.importError).toContainText(
    'The data worker stopped unexpectedly. Try again: a fresh one starts.',
  );
  await expect(datasets.progress).toHaveCount(0);
  await expect(datasets.storageRows).toHaveCount(1);
  await expect(datasets.row('good')).toBeVisible();

  await datasets.importCsv(csv, 'label', 'large');
  await expect(datasets.importError).toHaveCount(0);
  await expect(datasets.storageRows).toHaveCount(2);
});
