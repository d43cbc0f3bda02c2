/**
 * The lesson journey: a lesson opens from the gallery and runs; shared by link it opens in a
 * fresh browser for a student, whose locked fields are disabled and whose open ones change the
 * result; "Reset to lesson" brings the lesson back; versions are saved, compared and restored.
 */
import { expect, test } from '@playwright/test';
import { NotebookPage } from './pages/notebook';

const LESSON = 'Learning rate: too small, too large';

test('a lesson runs, is shared, and opens for a student with its locks', async ({
  page,
  browser,
}) => {
  const lesson = new NotebookPage(page);
  await lesson.openLesson(LESSON);
  await expect(lesson.experiments()).toHaveCount(3);
  await lesson.runAll();
  for (const cell of await lesson.experiments().all()) {
    await expect(cell.getByTestId('cell.result')).toContainText('12 epochs');
  }

  await page.getByTestId('share.open').click();
  const link = page.getByTestId('share.link');
  await expect(link).toHaveValue(/#b=/);
  const url = await link.inputValue();

  const context = await browser.newContext();
  const fresh = await context.newPage();
  await fresh.goto(url);
  await expect(fresh.getByTestId('import.title')).toHaveText(LESSON);
  await fresh.getByTestId('import.open').click();
  const student = new NotebookPage(fresh);
  await expect(student.title).toHaveText(LESSON);
  await student.waitForOpenCell();
  await expect(fresh.getByTestId('notebook.mode.student')).toBeChecked();

  // The lesson is about the learning rate: everything else is fixed.
  for (const locked of ['train.optimizer', 'train.batchSize', 'train.epochs', 'dataset.select']) {
    await expect(fresh.getByTestId(locked)).toBeDisabled();
  }
  const rate = fresh.getByTestId('train.learningRate');
  await expect(rate).toBeEnabled();
  await expect(rate).toHaveValue('0.01');
  await expect(fresh.getByTestId('lesson.compare')).toBeVisible();

  const first = student.experiments().first();
  const status = fresh.getByTestId('train.status');
  await first.getByTestId('cell.run').click();
  await expect(status).toHaveText('done', { timeout: 60_000 });
  const lessonLoss = await fresh.getByTestId('metrics.loss').textContent();

  await rate.fill('0.5');
  await rate.blur();
  await first.getByTestId('cell.run').click();
  await expect(status).toHaveText('done', { timeout: 60_000 });
  expect(await fresh.getByTestId('metrics.loss').textContent()).not.toBe(lessonLoss);
  await expect(first.getByTestId('cell.summary')).toContainText('rate 0.5');

  await fresh.getByTestId('notebook.reset').click();
  await expect(rate).toHaveValue('0.01');
  await expect(first.getByTestId('cell.summary')).toContainText('rate 0.01');

  // Two versions of the student's own, compared, and the first of them restored.
  const opened = Number(await fresh.getByTestId('notebook.version').textContent());
  for (const value of ['0.2', '0.3']) {
    await rate.fill(value);
    await rate.blur();
    await expect(first.getByTestId('cell.summary')).toContainText(`rate ${value}`);
    await student.saveVersion();
  }
  await expect(fresh.getByTestId('notebook.version')).toHaveText(String(opened + 2));
  await fresh.getByTestId('notebook.history').click();
  const rows = fresh.getByTestId('version.row');
  await expect(rows).toHaveCount(3);
  await rows.nth(0).getByTestId('version.pick').check();
  await rows.nth(1).getByTestId('version.pick').check();
  const diff = fresh.getByTestId('notebook.diff');
  await expect(diff).toContainText('config.learningRate');
  await expect(diff).toContainText('0.2');
  await expect(diff).toContainText('0.3');

  await rows.nth(1).getByTestId('version.restore').click();
  await expect(fresh.getByTestId('version.restored')).toBeVisible();
  await expect(rate).toHaveValue('0.2');
  await context.close();
});
