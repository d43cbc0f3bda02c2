/**
 * A notebook trained on an imported CSV carries its data: its file holds the stored dataset, its
 * link the CSV text while the link stays small, and a notebook opened without its data asks for
 * the file and takes it without a reload.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { DatasetsPage, fixturePath } from './pages/datasets';
import { PlaygroundPage } from './pages/playground';
import { storedDatasets } from './pages/storage';

const FRUIT = readFileSync(fixturePath('csv/good.csv'), 'utf8');
const [HEADER = '', ...ROWS] = FRUIT.trimEnd().split('\n');

/** The fixture's header and its first `rows` rows, as a CSV file named `name`. */
const csvFile = (name: string, rows: string[]) => ({
  name,
  mimeType: 'text/csv',
  buffer: Buffer.from(`${[HEADER, ...rows].join('\n')}\n`),
});

/** 60 rows: small enough for the link to carry with the trained weights. */
const SMALL = csvFile('fruit.csv', ROWS.slice(0, 60));
/** The rows nine times over, past the 64 KB whose text Gradlab keeps for links. */
const LARGE = csvFile('orchard.csv', Array.from({ length: 9 }, () => ROWS).flat());

interface Shared {
  link: string;
  file: { name: string; mimeType: string; buffer: Buffer };
  /** The imported dataset as the author's browser stored it. */
  dataset: { name: string; sha256: string };
}

/**
 * Imports `csv` with "color" as the target (not the import's default, the last column), trains
 * it in the playground on the cpu backend and shares it with its weights.
 */
async function trainAndShare(page: Page, csv: typeof SMALL, travel: 'link' | 'file') {
  const datasets = new DatasetsPage(page);
  await page.goto('/?backend=cpu#/data');
  const name = csv.name.replace(/\.csv$/, '');
  await datasets.importCsv(csv, 'color', name);
  await datasets.useLastInPlayground('3 classes');

  const playground = new PlaygroundPage(page);
  await expect(playground.backendStatus).toContainText('cpu');
  await playground.trainToEnd(2, 60_000);

  await page.getByTestId('share.open').click();
  await page.getByTestId('share.weights').check();
  const link = page.getByTestId('share.link');
  await expect(link).toHaveValue(/#b=/);
  const dataset = page.getByTestId('share.dataset');
  await expect(dataset).toHaveAttribute('data-travel', travel);
  await expect(dataset).toContainText(travel === 'link' ? 'travels in the link' : 'file only');
  const download = page.waitForEvent('download');
  await page.getByTestId('share.file').click();
  const saved = await download;
  const shared: Shared = {
    link: await link.inputValue(),
    file: {
      name: saved.suggestedFilename(),
      mimeType: 'application/zip',
      buffer: readFileSync(await saved.path()),
    },
    dataset: await storedAs(page, name),
  };
  await page.getByTestId('share.close').click();
  return shared;
}

/** The dataset this page's browser stored under `name`; fails the test when there is none. */
async function storedAs(page: Page, name: string) {
  const found = (await storedDatasets(page)).find((d) => d.name === name);
  expect(found, `no dataset called ${name} is stored`).toBeDefined();
  return found ?? { name, sha256: '' };
}

/** Opens the preview in a fresh browser (by link or through Open…) and presses Open. */
async function openFresh(browser: Browser, shared: Shared, by: 'link' | 'file', where: RegExp) {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (by === 'link') {
    await page.goto(shared.link);
  } else {
    await page.goto('/?backend=cpu');
    await page.getByTestId('import.menu').click();
    await page.getByTestId('import.file').setInputFiles(shared.file);
  }
  await expect(page.getByTestId('import.datasets')).toContainText(where);
  await page.getByTestId('import.open').click();
  await expect(page.getByTestId('import.preview')).toHaveCount(0);
  return { context, page };
}

/** The open cell is ready to train with the author's weights in its model. */
async function expectReady(page: Page) {
  await expect(page.getByTestId('cell.weights')).toContainText('Trained weights loaded', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('train.start')).toBeEnabled();
  await expect(page.getByTestId('dataset.status')).toContainText('3 classes');
  await expect(page.getByTestId('dataset.missing')).toHaveCount(0);
}

test('a notebook trained on an imported CSV opens complete from its link and from its file', async ({
  page,
  browser,
}) => {
  const shared = await trainAndShare(page, SMALL, 'link');

  for (const [by, where] of [
    ['link', /inline in the bundle \(CSV\)/],
    ['file', /inline in the bundle \(CSV\)/],
  ] as const) {
    const { context, page: fresh } = await openFresh(browser, shared, by, where);
    await expectReady(fresh);
    // The same file imported the same way: the very dataset the weights were trained on.
    expect(await storedAs(fresh, shared.dataset.name)).toEqual(shared.dataset);
    await context.close();
  }
});

test('a notebook whose data is too large for its link: the file carries it, the link asks for it', async ({
  page,
  browser,
}) => {
  const shared = await trainAndShare(page, LARGE, 'file');

  const fromFile = await openFresh(browser, shared, 'file', /carried in this file/);
  await expectReady(fromFile.page);
  expect(await storedAs(fromFile.page, 'orchard')).toEqual(shared.dataset);
  await fromFile.context.close();

  const { context, page: fresh } = await openFresh(browser, shared, 'link', /ask for its file/);
  const missing = fresh.getByTestId('dataset.missing');
  await expect(missing).toBeVisible();
  await expect(fresh.getByTestId('dataset.status')).toContainText(
    `This notebook needs orchard (sha256 ${shared.dataset.sha256.slice(0, 12)}…)`,
  );
  await expect(fresh.getByTestId('train.start')).toBeDisabled();
  // Whatever happens next happens in this page: a reload would lose this mark.
  await fresh.evaluate(() => Object.assign(window, { gradlabNoReload: true }));

  // Another file is refused, and nothing is kept.
  await fresh.getByTestId('dataset.missingFile').setInputFiles(SMALL);
  await expect(fresh.getByTestId('dataset.missingError')).toContainText('different dataset');
  expect(await storedDatasets(fresh)).toEqual([]);

  // The right one, even under the name a second download gives it.
  await fresh
    .getByTestId('dataset.missingFile')
    .setInputFiles({ ...LARGE, name: 'orchard (1).csv' });
  await expectReady(fresh);
  expect(await storedAs(fresh, 'orchard')).toEqual(shared.dataset);
  expect(await fresh.evaluate(() => 'gradlabNoReload' in window)).toBe(true);
  await context.close();
});
