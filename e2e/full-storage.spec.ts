/**
 * Storage already full, for real: the origin's quota is lowered below what is stored through the
 * DevTools protocol (pages/quota.ts). Every save that fails says so on the page the user is on,
 * with what to do; the edit stays in the tab and is saved on Retry once there is room; nothing
 * saved before is lost.
 */
import { expect, test, type Page } from '@playwright/test';
import { NotebookPage } from './pages/notebook';
import { PlaygroundPage } from './pages/playground';
import { Quota } from './pages/quota';
import { RunsPage } from './pages/runs';
import { storedNotebooks, storedRunIds } from './pages/storage';

async function expectFullNotice(page: Page, what: RegExp): Promise<void> {
  const notice = page.getByTestId('storage.writeFailed');
  await expect(notice).toBeVisible();
  await expect(notice).toHaveAttribute('role', 'alert');
  await expect(notice).toContainText(/storage is full/i);
  await expect(notice).toContainText(what);
  await expect(notice).toContainText('Export everything');
  await expect(page.getByTestId('storage.openPanel')).toBeVisible();
  await expect(page.getByTestId('storage.retry')).toBeVisible();
}

test('New notebook on a full disk says so on the home page and loses nothing', async ({
  page,
  baseURL,
}) => {
  const quota = await Quota.of(page, baseURL);
  await page.goto('/?backend=cpu#/');
  await page.getByTestId('home.newNotebook').click();
  const notebook = new NotebookPage(page);
  await expect(notebook.title).toHaveText('Untitled notebook');
  await page.getByTestId('notebook.titleInput').fill('Saved before');
  await notebook.saved();
  await page.goto('/?backend=cpu#/');
  await expect(page.getByTestId('home.notebook')).toHaveCount(1);

  await quota.fill(page);
  await page.getByTestId('home.newNotebook').click();
  await expectFullNotice(page, /Could not save the notebook "Untitled notebook"/);
  await expect(page).toHaveURL(/#\/$/);
  await expect(page.getByTestId('home.notebook')).toHaveCount(1);
  await expect(page.getByTestId('home.notebook')).toContainText('Saved before');

  await quota.free();
  await page.getByTestId('home.newNotebook').click();
  await expect(notebook.title).toHaveText('Untitled notebook');
  await expect(page.getByTestId('storage.writeFailed')).toHaveCount(0);
  expect((await storedNotebooks(page)).map((n) => n.title)).toEqual([
    'Saved before',
    'Untitled notebook',
  ]);
});

test('the playground’s autosave on a full disk keeps the edit and saves it on Retry', async ({
  page,
  baseURL,
}) => {
  const quota = await Quota.of(page, baseURL);
  const playground = new PlaygroundPage(page);
  await playground.open('cpu');
  await playground.set('Learning rate', 0.07);
  await playground.savedWithLearningRate(0.07);

  await quota.fill(page);
  await playground.set('Learning rate', 0.02);
  await expectFullNotice(page, /Could not save the playground/);
  await expect(page.getByTestId('playground.error')).toHaveCount(0);
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveValue('0.02');
  await playground.savedWithLearningRate(0.07);

  await quota.free();
  await page.getByTestId('storage.retry').click();
  await playground.savedWithLearningRate(0.02);
  await expect(page.getByTestId('storage.writeFailed')).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveValue('0.02');
});

test('a run that ends on a full disk is kept, listed, and saved on Retry', async ({
  page,
  baseURL,
}) => {
  const quota = await Quota.of(page, baseURL);
  const playground = new PlaygroundPage(page);
  await playground.open('cpu');
  await playground.trainToEnd(1);
  await expect.poll(() => storedRunIds(page)).toHaveLength(1);
  const [before] = await storedRunIds(page);

  await quota.fill(page);
  await playground.trainToEnd(2);
  await expectFullNotice(page, /Could not save the run/);
  const runs = new RunsPage(page);
  await runs.open();
  await expect(runs.rows).toHaveCount(2);
  expect(await storedRunIds(page)).toEqual([before]);

  await quota.free();
  await page.getByTestId('storage.retry').click();
  await expect.poll(() => storedRunIds(page)).toHaveLength(2);
  expect(await storedRunIds(page)).toContain(before);
  await expect(page.getByTestId('storage.writeFailed')).toHaveCount(0);
  await page.reload();
  await expect(runs.rows).toHaveCount(2);
});
