/**
 * Run all trains every experiment of a lesson in order and records each run on its own cell,
 * following runs by id to their end: whatever the timing of the worker's events (a run at batch
 * 400 ends within one batch of them), nothing waits for a status it never sees.
 */
import { expect, test, type Page } from '@playwright/test';
import { NotebookPage } from './pages/notebook';

/** The loss each experiment cell's last run reports, in the order of the cells. */
async function losses(page: Page): Promise<number[]> {
  const notebook = new NotebookPage(page);
  const results = await notebook.experiments().getByTestId('cell.result').allTextContents();
  return results.map((text) => Number(/loss ([\d.e+-]+)/.exec(text)?.[1] ?? NaN));
}

test('Run all in the learning-rate lesson records each experiment’s own result, kept after a reload', async ({
  page,
}) => {
  const lesson = new NotebookPage(page);
  await lesson.openLesson('Learning rate: too small, too large');
  await expect(lesson.experiments()).toHaveCount(3);
  await lesson.runAll();
  const results = lesson.experiments().getByTestId('cell.result');
  await expect(results).toHaveCount(3);
  for (const result of await results.all()) await expect(result).toContainText('12 epochs');
  const [tiny, good, huge] = await losses(page);
  expect(new Set([tiny, good, huge]).size).toBe(3);
  // Rate 3 diverges, rate 0.001 barely moves: the largest loss is the largest rate's.
  expect(huge).toBeGreaterThan(tiny!);
  expect(huge).toBeGreaterThan(good!);
  expect(good).toBeLessThan(tiny!);

  await lesson.saved();
  await page.reload();
  await lesson.waitForOpenCell();
  expect(await losses(page)).toEqual([tiny, good, huge]);
});

test('Run all in the batch-size lesson finishes every experiment', async ({ page }) => {
  const lesson = new NotebookPage(page);
  await lesson.openLesson('Batch size and noise');
  await expect(lesson.experiments()).toHaveCount(2);
  await lesson.runAll(240_000);
  const results = lesson.experiments().getByTestId('cell.result');
  await expect(results).toHaveCount(2);
  for (const result of await results.all()) await expect(result).toContainText('epochs, loss');
  for (const run of await page.getByTestId('cell.run').all()) await expect(run).toBeEnabled();
});
