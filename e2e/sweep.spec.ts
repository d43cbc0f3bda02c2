/**
 * A sweep as a user runs one: a 3 x 3 grid over the learning rate and the first layer's units on
 * the spiral, started from the playground, reloaded in the middle, finished, then read in its
 * parallel coordinates, scatter plots and table, and from the Runs page.
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
  // The cpu backend: the fastest on software rendering for a model this small.
  await playground.open('cpu');
  // Small runs: 50 epochs of the spiral's 320 training points in batches of 32, about a second
  // each, so the reload comes while runs are in flight.
  await playground.set('Epochs', 50);

  await sweep.openDialog();
  await sweep.vary(0, 'config.learningRate', RATES.join(', '));
  await sweep.vary(1, 'layer.0.units', UNITS.join(', '));
  await expect(page.getByTestId('sweep.method')).toHaveValue('grid');
  await expect(page.getByTestId('sweep.summary')).toContainText('9 runs');
  const id = await sweep.start();
  await expect(sweep.status).toContainText('of 9 runs');
  // On cpu the runs of one width, which differ only in their learning rate, train as one model.
  await expect(page.getByTestId('sweep.parallelism')).toContainText('runs at once as one model');

  // A reload with some runs finished and some not: the stored queue goes on where it was.
  await sweep.waitForDone(1);
  const before = await sweep.storedRuns(id);
  expect(before.length).toBeGreaterThan(0);
  expect((await sweep.counts()).done).toBeLessThan(9);
  await page.reload();
  await expect(sweep.status).toContainText('of 9 runs');
  expect((await sweep.counts()).done).toBeGreaterThanOrEqual(before.length);
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
  // The same kind of filter typed, as the keyboard does it: 8 units or more.
  await page.getByText('Filter by typing ranges').click();
  const units = page.getByRole('group', { name: 'layer 1 (dense) units' });
  await units.getByTestId('sweep.filterMin').fill('8');
  await units.getByTestId('sweep.filterMin').press('Enter');
  await expect(sweep.rows).toHaveCount(6);
  await page.getByTestId('sweep.clearFilters').click();
  await expect(sweep.rows).toHaveCount(9);

  // A row shows its run's curves beside the best run's.
  const bestTrial = (await sweep.best.getAttribute('data-trial-id')) ?? '';
  const other = sweep.rows.and(page.locator(`:not([data-trial-id="${bestTrial}"])`)).first();
  await other.click();
  await expect(other).toHaveAttribute('aria-selected', 'true');
  const legend = page.getByTestId('sweep.curves').getByTestId('runs.legend');
  await expect(legend).toHaveCount(4);
  const drawn = await legend.evaluateAll((items) =>
    items.slice(0, 2).map((li) => li.getAttribute('data-run-id')),
  );
  expect(drawn).toEqual([
    await other.getAttribute('data-run-id'),
    await sweep.rows
      .and(page.locator(`[data-trial-id="${bestTrial}"]`))
      .getAttribute('data-run-id'),
  ]);

  // The Runs page lists the sweep, and its runs name it.
  await page.getByRole('link', { name: 'All runs and sweeps' }).click();
  await expect(page.getByTestId('sweep.item')).toContainText('9 of 9 runs');
  await expect(page.getByTestId('runs.sweep')).toHaveCount(9);
  await expect(page.getByTestId('runs.sweep').first()).toHaveText('spiral');
  // A run's own Sweep... starts from that run's experiment.
  await page.getByTestId('runs.row').first().getByTestId('sweep.open').click();
  await expect(sweep.dialog).toBeVisible();
  await expect(sweep.fields.first()).toHaveValue('config.learningRate');
  await expect(page.getByTestId('sweep.summary')).toContainText('runs of up to 50 epochs');
  await page.getByTestId('sweep.cancel').click();
  await expect(sweep.dialog).toBeHidden();
});
