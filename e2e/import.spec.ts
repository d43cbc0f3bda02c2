import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { canonicalJson } from '../src/core/bundle/canonical';
import { encodeInlineLink } from '../src/core/bundle/link';
import { FIXTURES_ORIGIN } from './pages/datasets';
import { PlaygroundPage } from './pages/playground';
import { savedNotebooks } from './pages/storage';

interface PastBundle {
  schemaVersion: number;
  notebook: { title: string; cells: { type: string; config?: { epochs: number } }[] };
}

/** Bundles saved by older Gradlabs (one per past schema version): opening one migrates it. */
const PAST = [1, 2, 3].map(
  (version) =>
    JSON.parse(readFileSync(`src/core/bundle/fixtures/v${version}.json`, 'utf8')) as PastBundle,
);

const importError = (page: Page) => page.getByTestId('import.error');

for (const past of PAST) {
  test(`a link made by a version ${past.schemaVersion} Gradlab opens in a fresh browser: a preview first, then the experiment trains`, async ({
    browser,
  }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const { fragment } = encodeInlineLink(canonicalJson(past));
    await page.goto(`/?backend=cpu${fragment}`);

    const preview = page.getByTestId('import.preview');
    await expect(preview).toBeVisible();
    await expect(page.getByTestId('import.title')).toHaveText(past.notebook.title);
    await expect(page.getByTestId('import.version')).toHaveText('1');
    await expect(page.getByTestId('import.datasets')).toContainText(/spiral/i);
    await page.getByTestId('import.open').click();
    await expect(preview).toHaveCount(0);
    expect(await savedNotebooks(page)).toBe(1);

    const playground = new PlaygroundPage(page);
    await expect(page.getByTestId('dataset.select')).toHaveValue('spiral');
    const first = past.notebook.cells.find((cell) => cell.type === 'experiment');
    await expect(page.getByTestId('train.epochs')).toHaveValue(String(first?.config?.epochs));
    await expect(page.getByTestId('train.start')).toBeEnabled();
    await playground.train();
    await expect(playground.status).toHaveText('done');
    await context.close();
  });
}

test('bad links each say what is wrong and save nothing', async ({ page }) => {
  const cases: [string, RegExp][] = [
    ['#b=', /no bundle in it/i],
    ['#b=abc+/def', /base64/i],
    ['#url=http%3A%2F%2Fexample.com%2Fb.json', /https/i],
    ['#url=data%3Atext%2Fhtml%2Cx', /https/i],
  ];
  for (const [hash, message] of cases) {
    await page.goto(`/${hash}`);
    await expect(importError(page)).toBeVisible();
    await expect(importError(page)).toHaveAttribute('role', 'alert');
    await expect(importError(page)).toContainText(message);
  }
  expect(await savedNotebooks(page)).toBe(0);
});

test('a by-reference link whose file does not match its sha256 is refused', async ({ page }) => {
  const url = encodeURIComponent(`${FIXTURES_ORIGIN}/generated/csv/good.csv`);
  await page.goto(`/#url=${url}&sha256=${'0'.repeat(64)}`);
  await expect(importError(page)).toContainText(/SHA-256|sha256|match/i);
  await expect(page.getByTestId('import.preview')).toHaveCount(0);
});

/** The per-epoch losses in the curves' table of numbers. */
async function epochLosses(page: Page): Promise<string[]> {
  const numbers = page.getByTestId('chart.numbers');
  if ((await numbers.getAttribute('open')) === null) await numbers.locator('summary').click();
  const rows = numbers.getByTestId('chart.row');
  await expect(rows.first()).toBeVisible();
  return rows.evaluateAll((all) => all.map((row) => row.querySelector('td')?.textContent ?? ''));
}

test('a shared link reproduces the run: the same per-epoch losses in a fresh browser', async ({
  page,
  browser,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.open('cpu');
  await playground.trainToEnd(5);
  const original = await epochLosses(page);
  expect(original).toHaveLength(5);

  await page.getByTestId('share.open').click();
  await page.getByTestId('share.title').fill('Spiral, reproduced');
  const link = page.getByTestId('share.link');
  await expect(link).toHaveValue(/#b=/);
  await expect(page.getByTestId('share.size')).toContainText(/B/);
  const url = await link.inputValue();

  const context = await browser.newContext();
  const fresh = await context.newPage();
  await fresh.goto(url);
  await expect(fresh.getByTestId('import.title')).toHaveText('Spiral, reproduced');
  await fresh.getByTestId('import.open').click();
  const again = new PlaygroundPage(fresh);
  await expect(fresh.getByTestId('train.start')).toBeEnabled();
  await again.train();
  await expect(again.status).toHaveText('done');
  expect(await epochLosses(fresh)).toEqual(original);
  await context.close();
});

test('a bundle file downloaded from the share dialog opens through the file chooser', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.open('cpu');
  await playground.trainToEnd(2);
  await page.getByTestId('share.open').click();
  await page.getByTestId('share.title').fill('Filed away');
  const download = page.waitForEvent('download');
  await page.getByTestId('share.file').click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('Filed away.gradlab.zip');
  const path = await saved.path();
  await page.getByTestId('share.close').click();

  await page.getByTestId('import.menu').click();
  await page.getByTestId('import.file').setInputFiles({
    name: saved.suggestedFilename(),
    mimeType: 'application/zip',
    buffer: readFileSync(path),
  });
  await expect(page.getByTestId('import.title')).toHaveText('Filed away');
  await page.getByTestId('import.open').click();
  await expect(page.getByTestId('import.preview')).toHaveCount(0);
});

test('a link with the trained weights opens with the same predictions as the trained model', async ({
  page,
  browser,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.open('cpu');
  await playground.trainToEnd(3);
  await page.getByTestId('share.open').click();
  await page.getByTestId('share.weights').check();
  const link = page.getByTestId('share.link');
  await expect(link).toHaveValue(/#b=/);
  await expect(page.getByTestId('share.error')).toHaveCount(0);
  const url = await link.inputValue();

  const context = await browser.newContext();
  const fresh = await context.newPage();
  await fresh.goto(url);
  await fresh.getByTestId('import.open').click();
  await expect(fresh.getByTestId('cell.weights')).toContainText('Trained weights loaded');
  const opened = new PlaygroundPage(fresh);
  // The worker answers loaded weights with their boundary and then their insights, so the
  // confusion matrix showing means the loaded boundary has come; before it, the plot may still
  // hold the fresh model's boundary, steady for as long as the worker takes on a busy machine.
  await expect(fresh.getByTestId('insights.cell').first()).toBeVisible();
  // The boundary the loaded weights draw, once it has stopped changing.
  let loaded = await opened.snapshot('plot.data');
  await expect
    .poll(async () => {
      const previous = loaded;
      loaded = await opened.snapshot('plot.data');
      return loaded === previous;
    })
    .toBe(true);

  // Training again from the same seed on the same backend ends with the weights that were shared:
  // its decision boundary is the one the loaded weights drew.
  await opened.train();
  await expect(opened.status).toHaveText('done');
  await expect.poll(() => opened.snapshot('plot.data')).toBe(loaded);
  await context.close();
});
