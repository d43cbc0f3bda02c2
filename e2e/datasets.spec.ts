import { expect, test } from '@playwright/test';
import { DatasetsPage, FIXTURES_ORIGIN, fixturePath, fixtureSha256 } from './pages/datasets';
import { PlaygroundPage } from './pages/playground';

const SPRITE = 'mnist/mnist_images.png';
const LABELS = 'mnist/mnist_labels_uint8';

test.describe('datasets', () => {
  test('MNIST-10k ships with the app, previews its digits and trains a small CNN', async ({
    page,
  }) => {
    const playground = new PlaygroundPage(page);
    await playground.open('wasm');
    await page.getByTestId('dataset.select').selectOption('shipped:mnist-10k');
    await expect(page.getByTestId('dataset.status')).toContainText('10,000 examples');
    await expect(page.getByTestId('preview.images').locator('canvas')).toHaveCount(48);
    await expect(page.getByTestId('preview.balance').locator('li')).toHaveCount(10);
    await playground.set('Epochs', 1);
    await playground.set('Batch size', 256);
    await playground.train();
    await expect(playground.status).toHaveText('done', { timeout: 180_000 });
    expect(await playground.metric('accuracy')).toBeGreaterThan(0.5);
  });

  test('a download shows its progress, stays after a reload and loads with its server blocked', async ({
    page,
    context,
  }) => {
    const datasets = new DatasetsPage(page);
    await datasets.open();
    await datasets.downloadFromUrl(
      'mnist-sprite',
      [
        { url: `${FIXTURES_ORIGIN}/generated/${SPRITE}?slow=32`, sha256: fixtureSha256(SPRITE) },
        { url: `${FIXTURES_ORIGIN}/generated/${LABELS}`, sha256: fixtureSha256(LABELS) },
      ],
      'Digits fixture',
    );
    await expect(datasets.progress).toBeVisible();
    await expect(datasets.progress).toHaveAttribute('aria-label', /Downloading: .* of /);
    await expect(datasets.row('Digits fixture')).toBeVisible({ timeout: 60_000 });
    await expect(datasets.progress).toHaveCount(0);

    await context.route(`${FIXTURES_ORIGIN}/**`, (route) => route.abort());
    await page.reload();
    await expect(datasets.row('Digits fixture')).toBeVisible();
    await datasets
      .row('Digits fixture')
      .getByRole('button', { name: 'Digits fixture', exact: true })
      .click();
    await expect(page.getByTestId('dataset.preview')).toContainText('3,000 examples');
    await expect(page.getByTestId('preview.images').locator('canvas')).toHaveCount(48);
  });

  test('a download whose SHA-256 does not match is refused and nothing is kept', async ({
    page,
  }) => {
    const datasets = new DatasetsPage(page);
    await datasets.open();
    await datasets.downloadFromUrl(
      'csv',
      [{ url: `${FIXTURES_ORIGIN}/generated/csv/good.csv`, sha256: '0'.repeat(64) }],
      'Tampered',
    );
    await expect(datasets.importError).toContainText('does not match the SHA-256');
    await expect(datasets.storageRows).toHaveCount(0);
  });

  test('a CSV imported through the file chooser trains in the playground', async ({ page }) => {
    const datasets = new DatasetsPage(page);
    await datasets.open();
    await datasets.chooseCsv(fixturePath('csv/good.csv'));
    const preview = page.getByTestId('import.preview');
    await expect(preview).toContainText('header row found');
    await expect(preview.getByTestId('preview.columns')).toContainText('categorical');
    await page.getByTestId('import.header').selectOption('absent');
    await expect(preview).toContainText('301 rows');
    await expect(preview).toContainText('no header row');
    await page.getByTestId('import.header').selectOption('auto');
    await expect(preview).toContainText('300 rows');
    await page.getByTestId('import.target').selectOption({ label: 'label' });
    await page.getByTestId('import.confirm').click();
    await expect(datasets.row('good')).toBeVisible();
    await datasets.useLastInPlayground('3 classes');

    const playground = new PlaygroundPage(page);
    await playground.choose('Backend', 'cpu');
    await expect(playground.backendStatus).toContainText('cpu');
    await playground.trainToEnd(30, 60_000);
    expect(await playground.metric('accuracy')).toBeGreaterThan(0.7);
  });

  test('a ZIP with a folder per class imports as resized images with their classes', async ({
    page,
  }) => {
    const datasets = new DatasetsPage(page);
    await datasets.open();
    await page.getByTestId('import.imageSize').selectOption('28');
    await page.getByTestId('import.channels').selectOption('1');
    await page.getByTestId('import.imagesZip').setInputFiles(fixturePath('images/shapes.zip'));
    await expect(datasets.row('shapes')).toBeVisible();
    await datasets.row('shapes').getByRole('button', { name: 'shapes', exact: true }).click();
    const preview = page.getByTestId('dataset.preview');
    await expect(preview).toContainText('40 examples, 28 x 28 x 1 pixels, 2 classes');
    await expect(preview.getByTestId('preview.balance')).toContainText('circle');
    await expect(preview.getByTestId('preview.images').locator('canvas')).toHaveCount(40);
  });

  test('a malformed CSV shows import.error and stores nothing', async ({ page }) => {
    const datasets = new DatasetsPage(page);
    await datasets.open();
    await datasets.chooseCsv(fixturePath('csv/malformed.csv'));
    await expect(datasets.importError).toBeVisible();
    await expect(datasets.importError).toHaveAttribute('role', 'alert');
    await expect(datasets.importError).toContainText(/row|line/i);
    await expect(page.getByTestId('import.preview')).toHaveCount(0);
    await expect(datasets.storageRows).toHaveCount(0);
  });

  test('with the origin quota lowered a large import says storage is full and stores nothing', async ({
    page,
    baseURL,
  }) => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', {
      origin: new URL(baseURL as string).origin,
      quotaSize: 2 * 1024 * 1024,
    });
    const datasets = new DatasetsPage(page);
    await datasets.open();
    const header = Array.from({ length: 40 }, (_, i) => `f${i}`).join(',') + ',label';
    // No row repeats: storage keeps repeated content once, and rows that repeated every 1,000
    // would pack 4.9 MB into 0.3 MB of distinct pieces, well within the quota.
    const rows = Array.from(
      { length: 30_000 },
      (_, r) =>
        Array.from({ length: 40 }, (_, c) => (((r * 40 + c) * 7919) % 100_003) / 7).join(',') +
        `,${r % 3}`,
    );
    await datasets.chooseCsv({
      name: 'large.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from([header, ...rows].join('\n')),
    });
    await expect(page.getByTestId('import.preview')).toBeVisible();
    await page.getByTestId('import.confirm').click();
    await expect(datasets.importError).toContainText(/storage.*full|full.*storage/i, {
      timeout: 60_000,
    });
    await expect(datasets.storageRows).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'In this browser' })).toBeVisible();
    await expect(datasets.storageRows).toHaveCount(0);
  });
});
