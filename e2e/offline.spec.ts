/**
 * Installable and offline, from any sub-path, under a strict Content-Security-Policy: after one
 * visit the app loads and trains with the network off; the same build works from /gradlab/; and a
 * journey through training, sharing, importing and a lesson raises no CSP violation.
 */
import { expect, test, type Page } from '@playwright/test';
import { SUBPATH_PORT } from '../playwright.config';
import { PlaygroundPage } from './pages/playground';

test.use({ serviceWorkers: 'allow' });

async function trainSpiral(page: Page) {
  const playground = new PlaygroundPage(page);
  await expect(page.getByTestId('train.start')).toBeEnabled({ timeout: 60_000 });
  await playground.trainToEnd(3, 60_000);
}

test('after one visit the app loads and trains offline: the spiral and MNIST-10k', async ({
  context,
  page,
}) => {
  await page.goto('/?backend=cpu#/playground');
  await expect(page.getByTestId('app.offlineReady')).toBeVisible({ timeout: 60_000 });

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('backend.status')).toContainText('cpu');
  await trainSpiral(page);

  const playground = new PlaygroundPage(page);
  await page.getByTestId('dataset.select').selectOption('shipped:mnist-10k');
  await expect(page.getByTestId('dataset.status')).toContainText('10,000 examples', {
    timeout: 60_000,
  });
  await page.getByTestId('dataset.limit').fill('512');
  await playground.set('Epochs', 1);
  await playground.set('Batch size', 128);
  await playground.train();
  await expect(playground.status).toHaveText('done', { timeout: 120_000 });

  // The shipped lessons were precached too.
  await page.goto('/?backend=cpu#/');
  await expect(page.getByTestId('lesson.card')).toHaveCount(10);
});

test('the same build served from a sub-path works', async ({ page }) => {
  await page.goto(`http://localhost:${SUBPATH_PORT}/gradlab/?backend=cpu#/playground`);
  await trainSpiral(page);
  await page.goto(`http://localhost:${SUBPATH_PORT}/gradlab/?backend=cpu#/`);
  await expect(page.getByTestId('lesson.card')).toHaveCount(10);
});

test('train, share, import and a lesson raise no Content-Security-Policy violation', async ({
  page,
}) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(
        `Content-Security-Policy violation: ${event.violatedDirective} ${event.blockedURI}`,
      );
    });
  });

  await page.goto('/?backend=cpu#/playground');
  await trainSpiral(page);
  await page.getByTestId('share.open').click();
  await expect(page.getByTestId('share.link')).toHaveValue(/#b=/);
  const link = await page.getByTestId('share.link').inputValue();
  await page.getByTestId('share.close').click();

  await page.goto(link);
  await page.getByTestId('import.open').click();
  await expect(page.getByTestId('notebook.title')).toBeVisible();
  await trainSpiral(page);

  await page.goto('/?backend=wasm#/');
  await page.getByTestId('lesson.card').first().getByTestId('lesson.open').click();
  await expect(page.getByTestId('notebook.title')).toBeVisible();
  await expect(page.locator('.markdown').first()).toBeVisible();
  await expect(page.getByTestId('train.start')).toBeEnabled({ timeout: 60_000 });
  await page.getByTestId('notebook.runAll').click();
  await expect(page.getByTestId('notebook.runAll')).toBeVisible({ timeout: 120_000 });
  expect(violations).toEqual([]);
});
