/**
 * A sweep as a user runs one: a 3 x 3 grid over the learning rate and the first layer's units on
 * the spiral, started from the playground, reloaded in the middle, finished, then read in its
 * parallel coordinates, scatter plots and table.
 */
import { expect, test } from '@playwright/test';
import { PlaygroundPage } from './pages/playground';
import { SweepPage } from './pages/sweep';

const RATES = ['0.01', '0.03', '0.1'];
const UNITS = ['4', '8', '16'];

test('a 3 x 3 grid completes, resumes after a reload without repeating runs, and its charts filter the table', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  const sweep = new SweepPage(page);
  await playground.open();
  // Small runs: the spiral's 400 points in batches of 100, a few epochs each.
  await playground.set('Epochs', 6);
  await playground.set('Batch size', 100);

  await sweep.openDialog();
  await sweep.vary(0, 'config.learningRate', RATES.join(', '));
  await sweep.vary(1, 'layer.0.units', UNITS.join(', '));
  await expect(page.getByTestId('sweep.method')).toHaveValue('grid');
  await expect(page.getByTestId('sweep.summary')).toContainText('9 runs');
  const id = await sweep.start();
  await expect(sweep.status).toContainText('of 9 runs');

  // A reload with some runs finished and some not: the stored queue goes on where it was.
  await sweep.waitForDone(2);
  const before = await sweep.storedRuns(id);
  expect((await sweep.counts()).done).toBeLessThan(9);
  await page.reload();
  await expect(sweep.status).toContainText('of 9 runs');
  await sweep.waitForDone(9);
  await expect(sweep.status).toHaveAttribute('data-state', 'done');

  const after = await sweep.storedRuns(id);
  expect(after).toHaveLength(9);
  expect(new Set(after.map((r) => r.trialId)).size).toBe(9);
  // A run finished before the reload is the same run after it, not trained again.
  for (const run of before) {
    expect(after.find((r) => r.id === run.id)).toEqual(run);
  }
  await expect(sweep.rows).toHaveCount(9);
  await expect(sweep.best).toContainText('spiral');

  // Both charts are drawn.
  expect(await sweep.paintedPixels(sweep.parallel)).toBeGreaterThan(500);
  await expect(sweep.scatters).toHaveCount(2);
  for (const scatter of await sweep.scatters.all()) {
    expect(await sweep.paintedPixels(scatter)).toBeGreaterThan(300);
  }

  // Brushing the head of the units axis keeps the 16-unit runs only.
  await sweep.brush('layer.0.units', 0.8, 1);
  await expect(sweep.rows).toHaveCount(3);
  expect(await sweep.fieldValues(1)).toEqual(['16', '16', '16']);
  await expect(page.getByTestId('sweep.filterNote')).toContainText('3 of 9');
  // A second brush narrows it further: the smallest learning rate among them.
  await sweep.brush('config.learningRate', 0, 0.1);
  await expect(sweep.rows).toHaveCount(1);
  expect(await sweep.fieldValues(0)).toEqual(['0.01']);
  await page.getByTestId('sweep.clearFilters').click();
  await expect(sweep.rows).toHaveCount(9);

  // A row shows its run's curves beside the best run's.
  await sweep.rows.nth(4).click();
  await expect(page.getByTestId('sweep.curves.loss')).toBeVisible();
  const legend = page.getByTestId('sweep.curves').getByTestId('runs.legend');
  await expect(legend.first()).toHaveAttribute(
    'data-run-id',
    (await sweep.rows.nth(4).getAttribute('data-run-id')) ?? '',
  );
});
