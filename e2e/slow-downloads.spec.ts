/**
 * `#url=` links to a real throttled server (scripts/serve-fixtures.mjs, a byte a second or a
 * silence after a few bytes): the status shows the bytes received of how many, Cancel stops the
 * download and leaves the page usable, moving to another page cancels it and clears the status,
 * and a server gone silent is given up with a message (the limit shortened with `?testHooks=1`).
 */
import { expect, test, type Page } from '@playwright/test';
import { FIXTURES_ORIGIN } from './pages/datasets';
import { ImportLayer } from './pages/import';
import { savedNotebooks } from './pages/storage';

const BUNDLE = `${FIXTURES_ORIGIN}/generated/bundles/depth-spiral.json`;
const linkTo = (address: string) => `#url=${encodeURIComponent(address)}`;

/** Opens a link to the bundle served a byte a second, and waits until some bytes have come. */
async function openTrickling(page: Page): Promise<ImportLayer> {
  const layer = new ImportLayer(page);
  await page.goto(`/${linkTo(`${BUNDLE}?bytesPerSecond=1`)}`);
  await expect(layer.status).toContainText('Downloading the bundle');
  await expect(layer.progress).toBeVisible();
  await expect(layer.stop).toBeVisible();
  await expect(layer.received).toHaveText(/^[1-9]\d* B of \d+(\.\d)? KB received$/, {
    timeout: 10_000,
  });
  const first = await layer.bytesReceived();
  await expect.poll(() => layer.bytesReceived(), { timeout: 10_000 }).toBeGreaterThan(first);
  return layer;
}

test('a link to a server sending a byte a second shows the bytes received and can be cancelled', async ({
  page,
}) => {
  const layer = await openTrickling(page);
  const bar = await layer.progress.evaluate((el: HTMLProgressElement) => [el.value, el.max]);
  expect(bar[0]).toBeGreaterThan(0);
  expect(bar[1]).toBeGreaterThan(1000);

  await layer.stop.click();
  await expect(layer.status).toHaveCount(0);
  await expect(layer.error).toHaveCount(0);
  expect(new URL(page.url()).hash).toBe('#/');
  // The page still works: the same bundle at full speed opens.
  await page.goto(`/${linkTo(BUNDLE)}`);
  await expect(layer.preview).toBeVisible();
  await page.getByTestId('import.cancel').click();
  expect(await savedNotebooks(page)).toBe(0);
});

test('moving to another page cancels a download and clears its status', async ({ page }) => {
  const layer = await openTrickling(page);
  await page.getByRole('link', { name: 'Runs', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Import run' })).toBeVisible();
  await expect(layer.status).toHaveCount(0);
  await expect(layer.error).toHaveCount(0);
  // A download left running would end in a preview over the runs page; it never comes.
  await page.waitForTimeout(3000);
  await expect(layer.preview).toHaveCount(0);
  expect(new URL(page.url()).hash).toBe('#/runs');
});

test('a server that goes silent is given up, saying for how long and what to do', async ({
  page,
}) => {
  const layer = new ImportLayer(page);
  await page.goto(`/?testHooks=1&stallMs=1500${linkTo(`${BUNDLE}?stallAfter=100`)}`);
  await expect(layer.error).toHaveText(
    'localhost:4174 sent nothing for 1.5 seconds after 100 bytes, so Gradlab stopped waiting for ' +
      'the bundle: the server or the connection has stopped. Nothing was opened. Try again ' +
      'later, or download the file yourself and open it from disk with Open….',
  );
  await expect(layer.status).toHaveCount(0);
  await expect(layer.preview).toHaveCount(0);
  expect(await savedNotebooks(page)).toBe(0);
});

test('the stall limit cannot be shortened without test hooks', async ({ page }) => {
  const layer = new ImportLayer(page);
  await page.goto(`/?stallMs=500${linkTo(`${BUNDLE}?stallAfter=100`)}`);
  await expect(layer.received).toHaveText(/^100 B of \d+(\.\d)? KB received$/);
  await page.waitForTimeout(2000);
  await expect(layer.error).toHaveCount(0);
  await expect(layer.status).toBeVisible();
  await layer.stop.click();
  await expect(layer.status).toHaveCount(0);
});
