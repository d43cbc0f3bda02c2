/**
 * Regression teaches too: the noisy sine and an imported CSV with a numeric target both show the
 * validation loss, the typical error in the target's own units, what always predicting the mean
 * would score, and the validation examples' predictions against their actual values (read from
 * the canvas pixels: blue dots and the orange diagonal).
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Locator } from '@playwright/test';
import { splitIndices } from '../src/core/data/split';
import { DatasetsPage, fixturePath } from './pages/datasets';
import { PlaygroundPage } from './pages/playground';

const SEED = 5;

/**
 * Shares of the canvas in the dots' blue (SERIES_CSS.primary, rgb 61 143 209, drawn at 0.8
 * opacity) and in the diagonal's orange (SERIES_CSS.secondary, rgb 230 159 0).
 */
function colourShares(canvas: Locator): Promise<{ blue: number; orange: number }> {
  return canvas.evaluate((element) => {
    const c = element as HTMLCanvasElement;
    const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    let blue = 0;
    let orange = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
      if (b > r + 60 && b > g + 20) blue += 1;
      if (r > b + 120 && g > b + 60) orange += 1;
    }
    const pixels = data.length / 4;
    return { blue: blue / pixels, orange: orange / pixels };
  });
}

/** The leading number of a metric's text ("12.3 price_k" -> 12.3). */
async function leadingNumber(locator: Locator): Promise<number> {
  return Number.parseFloat((await locator.textContent()) ?? '');
}

/** "…has a typical error of 88.2 price_k on…" -> 88.2 */
function baselineError(sentence: string): number {
  const match = /typical error of ([\d.]+)/.exec(sentence);
  return match ? Number(match[1]) : NaN;
}

test('the noisy sine shows its fit, predicted against actual and its typical error', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.open('cpu');
  await page.getByTestId('dataset.select').selectOption('sine');
  await expect(page.getByTestId('dataset.status')).toContainText('regression');
  const hint = page.locator('.plot-panel .hint');
  await expect(hint).toHaveText('Dots: the data; line: what the model predicts for each input.');
  await expect(hint).not.toContainText('class');

  await playground.set('Seed', SEED);
  await playground.trainToEnd(40, 120_000);

  expect(Number.isFinite(await playground.metric('valLoss'))).toBe(true);
  await expect(page.getByTestId('metrics.accuracy')).toHaveCount(0);
  const typical = page.getByTestId('metrics.typicalError');
  await expect(typical).toHaveText(/^\d/);
  // The sine names no target column: the error is a bare number in the data's own units.
  await expect(typical).toHaveText(/^[\d.]+$/);
  const baseline = page.getByTestId('metrics.baseline');
  await expect(baseline).toContainText(
    /^Always predicting the training mean, -?[\d.]+, has a typical error of [\d.]+ on the validation examples; the model’s is [\d.]+\.$/,
  );
  const error = await leadingNumber(typical);
  expect(error).toBeGreaterThan(0);
  expect(error).toBeLessThan(baselineError((await baseline.textContent()) ?? ''));
  // Mean squared error is the loss, so the typical error is the square root of the validation loss.
  expect(error).toBeCloseTo(Math.sqrt(await playground.metric('valLoss')), 2);

  const plot = page.getByTestId('insights.predictedActual');
  await expect(plot).toBeVisible();
  const shares = await colourShares(plot);
  expect(shares.blue).toBeGreaterThan(0.005);
  expect(shares.orange).toBeGreaterThan(0.002);
});

test('a CSV regression target gives its error in its own units, beside the mean’s', async ({
  page,
}) => {
  const datasets = new DatasetsPage(page);
  await datasets.open();
  await datasets.importCsv(fixturePath('csv/regression.csv'), 'price_k', 'regression');
  await datasets.useLastInPlayground('regression');

  const playground = new PlaygroundPage(page);
  await playground.choose('Backend', 'cpu');
  await expect(playground.backendStatus).toContainText('cpu');
  await playground.set('Seed', SEED);
  await playground.trainToEnd(60, 120_000);

  // What always predicting the training mean scores, worked out here from the file and the split.
  const prices = readFileSync(fixturePath('csv/regression.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => Math.fround(Number(line.split(',').at(-1))));
  const split = splitIndices(prices.length, 0.2, SEED);
  const mean = [...split.train].reduce((s, row) => s + prices[row]!, 0) / split.train.length;
  const meanError = Math.sqrt(
    [...split.validation].reduce((s, row) => s + (prices[row]! - mean) ** 2, 0) /
      split.validation.length,
  );
  const three = (x: number) => String(Number(x.toPrecision(3)));
  const baseline = page.getByTestId('metrics.baseline');
  await expect(baseline).toContainText(
    `Always predicting the training mean, ${three(mean)} price_k, has a typical error of ${three(meanError)} price_k on the validation examples; the model’s is `,
  );

  expect(Number.isFinite(await playground.metric('valLoss'))).toBe(true);
  await expect(page.getByTestId('metrics.accuracy')).toHaveCount(0);
  const typical = page.getByTestId('metrics.typicalError');
  await expect(typical).toHaveText(/^[\d.]+ price_k$/);
  const error = await leadingNumber(typical);
  // In the target's units: prices carry noise of 12 price_k, so no fit errs much below that,
  // and a standardised error would be below 1. The model beats the mean by far.
  expect(error).toBeGreaterThan(5);
  expect(error).toBeLessThan(meanError / 2);

  const plot = page.getByTestId('insights.predictedActual');
  await expect(plot).toHaveAttribute('aria-label', /actual price_k for 50 validation examples/);
  const shares = await colourShares(plot);
  expect(shares.blue).toBeGreaterThan(0.005);
  expect(shares.orange).toBeGreaterThan(0.002);
});
