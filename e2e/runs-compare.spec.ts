/**
 * The Runs page compares runs the way a new user tries it: three regression runs on an imported
 * CSV (two losses, two learning rates) and a classification run on the spiral, then a Keras run of
 * one of them whose loss blew up to 3e13 at one epoch. Names tell the runs apart, the table gives
 * each task its own final metric and filters, the curves keep their scale and split by loss, and
 * the settings of all five compare without widening the page, in light and dark, at tablet width.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Locator } from '@playwright/test';
import { DatasetsPage, fixturePath } from './pages/datasets';
import { PlaygroundPage } from './pages/playground';
import { RunsPage } from './pages/runs';
import { kerasRunFile, storedRuns } from './run-file';

const CARS = {
  name: 'cars.csv',
  mimeType: 'text/csv',
  buffer: readFileSync(fixturePath('csv/regression.csv')),
};

/** WCAG contrast of two `rgb(...)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (css: string) => {
    const [r = 0, g = 0, bl = 0] = (css.match(/[\d.]+/g) ?? []).map(Number);
    const lin = (c: number) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(bl);
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The text colour of `element` against the background of the panel it sits in. */
const textOnPanel = (element: Locator) =>
  element.evaluate((el) => {
    const panel = el.closest('.panel') ?? document.body;
    return [getComputedStyle(el).color, getComputedStyle(panel).backgroundColor] as const;
  });

test('the Runs page names, measures, filters, draws and compares runs of different tasks and losses', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const datasets = new DatasetsPage(page);
  await datasets.open();
  await datasets.importCsv(CARS, 'price_k', 'cars');
  await datasets.useLastInPlayground('regression');

  const playground = new PlaygroundPage(page);
  await playground.choose('Backend', 'cpu');
  await expect(playground.backendStatus).toContainText('cpu');
  await playground.trainToEnd(3);
  await playground.set('Learning rate', 0.1);
  await playground.trainToEnd(3);
  await page.getByTestId('train.loss').selectOption('meanAbsoluteError');
  await playground.trainToEnd(3);
  await page.getByTestId('dataset.select').selectOption('spiral');
  await playground.trainToEnd(3);

  const runs = new RunsPage(page);
  await runs.open();
  await expect(runs.rows).toHaveCount(4);

  // Names: unique, and each says what differs.
  expect((await runs.shownNames()).sort()).toEqual([
    'cars · mae · lr 0.1',
    'cars · mse · lr 0.03',
    'cars · mse · lr 0.1',
    'spiral · lr 0.1',
  ]);

  // The metric that fits each task, no "—" for a regression run; the loss and validation loss.
  const metricOf = (name: string) => runs.rowNamed(name).getByTestId('runs.metric');
  await expect(metricOf('cars · mse · lr 0.03')).toHaveText(/^RMSE \d/);
  await expect(metricOf('cars · mae · lr 0.1')).toHaveText(/^MAE \d/);
  await expect(metricOf('spiral · lr 0.1')).toHaveText(/^acc\. (0(\.\d+)?|1)$/);
  await expect(runs.rowNamed('cars · mae · lr 0.1').getByTestId('runs.lossKind')).toHaveText('MAE');
  await expect(runs.rowNamed('spiral · lr 0.1').getByTestId('runs.lossKind')).toHaveText(
    'cross-entropy',
  );
  for (const cell of await page.getByTestId('runs.metric').all()) {
    await expect(cell).not.toHaveText(/—/);
  }
  for (const cell of await page.getByTestId('runs.valLoss').all()) {
    await expect(cell).toHaveText(/^\d/);
  }
  // RMSE is the square root of the validation MSE.
  const mse = Number(
    await runs.rowNamed('cars · mse · lr 0.03').getByTestId('runs.valLoss').textContent(),
  );
  const rmse = Number(((await metricOf('cars · mse · lr 0.03').textContent()) ?? '').slice(5));
  expect(Math.abs(rmse - Math.sqrt(mse)) / Math.sqrt(mse)).toBeLessThan(0.01);

  // Sorting by the metric (from the keyboard): the classifier's accuracy, then RMSE best first.
  await page.getByTestId('runs.sort.metric').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('runs.sort.metric').locator('..')).toHaveAttribute(
    'aria-sort',
    'descending',
  );
  const sorted = await runs.shownNames();
  expect(sorted[0]).toBe('spiral · lr 0.1');
  expect(sorted[3]).toBe('cars · mae · lr 0.1');
  const rmses = await Promise.all(
    sorted
      .slice(1, 3)
      .map(async (name) => Number(((await metricOf(name).textContent()) ?? '').slice(5))),
  );
  expect(rmses[0]).toBeLessThanOrEqual(rmses[1] ?? 0);

  // A Keras run of one of them that blew up at epoch 2.
  const source = (await storedRuns(page)).find((r) => r.name === 'cars · mse · lr 0.1');
  if (!source) throw new Error('the run to import beside was not stored');
  const spiked = {
    ...source,
    // The run file scales losses by 0.8: 3.75e13 reads as 3e13.
    epochs: source.epochs.map((e) => (e.epoch === 2 ? { ...e, trainLoss: 3.75e13 } : e)),
  };
  await runs.importFiles([
    {
      name: 'metrics.jsonl',
      mimeType: 'application/json',
      buffer: Buffer.from(kerasRunFile(spiked)),
    },
  ]);
  await expect(runs.importDone).toBeVisible();
  await expect(runs.rows).toHaveCount(5);
  await expect(runs.rowNamed('cars · mse · lr 0.1 · Keras')).toHaveCount(1);

  // Filters: where it ran, dataset, tag, sweep; the count says how many are shown.
  await runs.filter('origin', 'Imported from Keras');
  await expect(runs.rows).toHaveCount(1);
  await expect(runs.filterCount).toContainText('1 of 5 runs');
  await runs.filter('origin', 'Anywhere');
  await runs.filter('dataset', 'cars');
  await expect(runs.rows).toHaveCount(4);
  await runs.rowNamed('cars · mse · lr 0.03').getByTestId('runs.tags').fill('baseline');
  await runs.rowNamed('cars · mse · lr 0.03').getByTestId('runs.tags').press('Enter');
  await runs.filter('tag', 'baseline');
  await expect(runs.rows).toHaveCount(1);
  await runs.filter('sweep', 'In no sweep');
  await expect(runs.rows).toHaveCount(1);
  await page.getByTestId('runs.filter.clear').click();
  await expect(runs.rows).toHaveCount(5);
  await expect(runs.filterCount).toHaveText('All 5 runs');

  // All five selected: one loss chart per loss, said so; the spike is off the chart and marked.
  await runs.selectAll.check();
  await expect(runs.lossPanels).toHaveCount(3);
  await expect(runs.lossNote).toContainText('different losses');
  for (const loss of ['MSE', 'MAE', 'cross-entropy'])
    await expect(runs.lossNote).toContainText(loss);
  const msePanel = runs.lossPanel('meanSquaredError');
  await expect(msePanel.getByTestId('runs.legend')).toHaveCount(3);
  const clipped = msePanel.getByTestId('runs.curves.clipped');
  await expect(clipped).toContainText('cars · mse · lr 0.1 · Keras: train 3e13 at epoch 2');
  const mseChart = msePanel.getByTestId('runs.curves.loss');
  await expect(mseChart).toHaveAttribute('aria-label', /1 off the chart$/);
  // The other runs keep their scale: the first browser run's curve rises well above the axis.
  const steady = msePanel.getByTestId('runs.legend').filter({ hasText: 'cars · mse · lr 0.03' });
  expect(await runs.curveReach(mseChart, steady)).toBeGreaterThan(0.3);

  // The log scale, from the keyboard.
  const pixels = () => mseChart.evaluate((canvas) => (canvas as HTMLCanvasElement).toDataURL());
  const linear = await pixels();
  await runs.logScale.focus();
  await page.keyboard.press('Space');
  await expect(runs.logScale).toBeChecked();
  await expect(mseChart).toHaveAttribute('aria-label', /^Loss: MSE \(log scale\) of /);
  expect(await pixels()).not.toBe(linear);

  // Settings of all five, only what differs by default; the hash shortened, with Copy.
  await expect(runs.compare.getByTestId('runs.compare.summary')).toContainText('5 runs compared');
  await expect(runs.compare.locator('thead th')).toHaveCount(6);
  const rowLabels = () => runs.compareRows.locator('th').allTextContents();
  const differing = await rowLabels();
  expect(differing.join('|')).toContain('learningRate');
  expect(differing.join('|')).toContain('loss');
  expect(differing.join('|')).not.toContain('batchSize');
  for (const row of await runs.compareRows.all()) {
    await expect(row).toHaveAttribute('data-changed', 'true');
  }
  await runs.compare.getByTestId('runs.compare.all').check();
  expect((await rowLabels()).length).toBeGreaterThan(differing.length);
  await expect(runs.compareRows.filter({ hasText: 'batchSize' })).toHaveCount(1);
  const shaRow = runs.compareRows.filter({ hasText: 'sha256' });
  await expect(shaRow.locator('td').first()).toHaveText(/^[0-9a-f]{8}…[0-9a-f]{4}Copy/);
  const stored = (await storedRuns(page)).find((r) => r.name === 'cars · mse · lr 0.03');
  const fullSha = /"sha256":"([0-9a-f]{64})"/.exec(JSON.stringify(stored?.experiment))?.[1];
  await shaRow.getByTestId('runs.compare.copy').first().click();
  await expect(shaRow.getByRole('status').first()).toHaveText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(/^[0-9a-f]{64}$/);
  expect(copied).toBe(fullSha);

  // Nothing widens the page: not the hash, not five runs side by side, not at tablet width.
  const wide = await runs.fitsWidth();
  expect(wide.scrollWidth).toBeLessThanOrEqual(wide.innerWidth);
  await page.setViewportSize({ width: 768, height: 1024 });
  const tablet = await runs.fitsWidth();
  expect(tablet.scrollWidth).toBeLessThanOrEqual(tablet.innerWidth);

  // Dark mode: the new text reads on its panel.
  await page.emulateMedia({ colorScheme: 'dark' });
  for (const element of [
    runs.compareRows.first().locator('td').first(),
    clipped,
    runs.lossNote,
    runs.filterCount,
  ]) {
    const [text, background] = await textOnPanel(element);
    expect(contrast(text, background)).toBeGreaterThan(4.5);
  }
});
