/**
 * Hostile text cannot freeze the tab (issue 19, item 6): a notebook whose text cells are each a
 * 100,000-character hostile text (25,000 headings, deep nesting, thousands of links and formulas,
 * huge tables...) opens, from a file and again from storage, with no task on the main thread
 * longer than 200 ms, and shows each text up to its caps with a note saying what was left out.
 * Importing the 2 MB file (item 5: read, validated and migrated in the data worker) holds the
 * page for no long task at all.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { contentId } from '../src/core/bundle/content-id';
import { adversarialTexts } from '../src/core/markdown/adversarial';
import { MARKDOWN_LIMITS } from '../src/core/markdown/limits';
import { NotebookPage } from './pages/notebook';

const LONG_TASK_MS = 200;

// Playwright's trace snapshots the page's DOM at each action, on the page's main thread: over
// these notebooks' DOM one took 0.8 to 2.3 s in Chromium 150, a long task of the harness's that
// the page would be blamed for.
test.use({ trace: 'off' });

interface V1Bundle {
  id: string;
  notebook: { title: string; cells: { type: string; id: string; text?: string }[] };
}

/** The v1 fixture with `texts` as its text cells, before its first experiment. */
async function hostileBundle(texts: string[]): Promise<Buffer> {
  const bundle = JSON.parse(readFileSync('src/core/bundle/fixtures/v1.json', 'utf8')) as V1Bundle;
  const experiment = bundle.notebook.cells.find((cell) => cell.type === 'experiment');
  bundle.notebook.title = 'Hostile text';
  bundle.notebook.cells = [
    ...texts.map((text, i) => ({ type: 'markdown', id: `text-${i}`, text })),
    ...(experiment ? [experiment] : []),
  ];
  bundle.id = await contentId(bundle);
  return Buffer.from(JSON.stringify(bundle));
}

interface LongTask {
  start: number;
  duration: number;
}

/** Records every long task from the page's first script on, in `window.longTasks`. */
async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const tasks: LongTask[] = [];
    Object.assign(window, { longTasks: tasks });
    new PerformanceObserver((list) => {
      for (const { startTime, duration } of list.getEntries()) {
        tasks.push({ start: Math.round(startTime), duration: Math.round(duration) });
      }
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The long tasks that started at `since` (the page's clock) or later. */
const longTasks = (page: Page, since = 0) =>
  page.evaluate(
    (from) =>
      (window as unknown as { longTasks: LongTask[] }).longTasks.filter((t) => t.start >= from),
    since,
  );

const pageNow = (page: Page) => page.evaluate(() => performance.now());

test('a notebook of hostile text opens without a long task, shown up to its caps', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const kinds = adversarialTexts(MARKDOWN_LIMITS.length);
  const names = Object.keys(kinds);
  const file = await hostileBundle(Object.values(kinds));
  await watchLongTasks(page);
  await page.goto('/?backend=cpu#/');
  const notebook = new NotebookPage(page);

  await page.getByTestId('import.menu').click();
  await page.getByTestId('import.file').setInputFiles({
    name: 'hostile.json',
    mimeType: 'application/json',
    buffer: file,
  });
  await expect(page.getByTestId('import.title')).toHaveText('Hostile text');
  // Reading the 2 MB file for its preview is the next test's; from Open on, the notebook opens
  // and renders its text.
  const opening = await pageNow(page);
  await page.getByTestId('import.open').click();
  await expect(notebook.title).toHaveText('Hostile text');
  await notebook.textsRendered(names.length);
  console.log(`long tasks while importing: ${JSON.stringify(await longTasks(page))}`);
  const onOpen = await longTasks(page, opening);

  const headings = notebook.texts().nth(names.indexOf('repeated headings'));
  await expect(headings.locator('h1')).toHaveCount(MARKDOWN_LIMITS.headings);
  await expect(
    notebook
      .notesOf(names.indexOf('repeated headings'))
      .filter({ hasText: 'Only the first 1,000 headings are shown as headings; 24,000 more' }),
  ).toBeVisible();
  await expect(
    notebook
      .notesOf(names.indexOf('deep quotes'))
      .filter({ hasText: 'nested more than 20 levels deep are shown as plain text' }),
  ).toBeVisible();
  await expect(
    notebook
      .notesOf(names.indexOf('inline math'))
      .filter({ hasText: 'Only the first 1,000 formulas are typeset' }),
  ).toBeVisible();
  // Past the notebook's budget a text waits for a click, and shows on it, up to its own cap.
  const table = names.indexOf('long table');
  await expect(notebook.notesOf(table).filter({ hasText: 'is not shown yet' })).toBeVisible();
  await notebook.cells
    .filter({ has: page.getByTestId('markdown.text') })
    .nth(table)
    .getByTestId('markdown.showAnyway')
    .click();
  await expect(
    notebook.notesOf(table).filter({
      hasText: `more than the ${MARKDOWN_LIMITS.elements.toLocaleString('en-US')} a text cell shows`,
    }),
  ).toBeVisible();
  await expect(notebook.texts().nth(table).locator('tr').first()).toBeVisible();

  // Opening the saved notebook again (a reload) renders it all again.
  await page.reload();
  await expect(notebook.title).toHaveText('Hostile text');
  await notebook.textsRendered(names.length);
  await expect(headings.locator('h1')).toHaveCount(MARKDOWN_LIMITS.headings);
  const onReopen = await longTasks(page);
  console.log(`long tasks while reopening: ${JSON.stringify(onReopen)}`);
  expect(Math.max(0, ...onOpen.map((t) => t.duration))).toBeLessThan(LONG_TASK_MS);
  expect(Math.max(0, ...onReopen.map((t) => t.duration))).toBeLessThan(LONG_TASK_MS);
});

test('importing a 2 MB notebook of hostile text holds the page for no long task at all', async ({
  page,
}) => {
  const file = await hostileBundle(Object.values(adversarialTexts(MARKDOWN_LIMITS.length)));
  expect(file.length).toBeGreaterThan(2_000_000);
  await watchLongTasks(page);
  await page.goto('/?backend=cpu#/');
  await page.getByTestId('import.menu').click();
  // The file is made in the page before the measured time, as a file chooser hands one over: a
  // handle whose bytes only the worker reads (Playwright's setInputFiles would build it there).
  await page.evaluate((text) => {
    Object.assign(window, { chosen: new File([text], 'hostile.json') });
  }, file.toString('utf8'));
  // Playwright builds its script in the page's own world at the first locator.evaluate, a task of
  // 15 to 45 ms on two cores: made before the measured time, so the task measured is the page's.
  await page.getByTestId('import.file').evaluate(() => undefined);
  const importing = await pageNow(page);
  await page.getByTestId('import.file').evaluate((input: HTMLInputElement) => {
    const files = new DataTransfer();
    files.items.add((window as unknown as { chosen: File }).chosen);
    input.files = files.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  // The worker reads, validates and migrates it (a version 1 bundle); the page shows the preview.
  // The page itself is asked, each frame, whether the preview shows: Playwright's expect, while
  // it polls, snapshots the page's accessibility tree on the page's main thread (for its failure
  // message): a task of 50 to 83 ms in 9 of 70 runs on two cores (a DevTools message in a Chrome
  // trace, Playwright's aria snapshot in a profile), the harness's, that the page would be blamed
  // for. The measured time ends two frames after the preview shows, its layout and paint included.
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="import.title"]')?.textContent === 'Hostile text' &&
      document.querySelector('[data-testid="import.open"]:enabled') !== null,
    undefined,
    { polling: 'raf', timeout: 30_000 },
  );
  const shown = await page.evaluate(
    () =>
      new Promise<number>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now()))),
      ),
  );
  const onImport = (await longTasks(page, importing)).filter((t) => t.start < shown);
  console.log(
    `long tasks in the ${Math.round(shown - importing)} ms of importing: ${JSON.stringify(onImport)}`,
  );
  // A long task is one over 50 ms: there is none.
  expect(onImport).toEqual([]);
  await expect(page.getByTestId('import.title')).toHaveText('Hostile text');
  await expect(page.getByTestId('import.open')).toBeEnabled();
});

test('a saved notebook of 200 hostile text cells, the most a bundle holds, reopens without a long task', async ({
  page,
}) => {
  test.setTimeout(600_000);
  const kinds = Object.values(adversarialTexts(MARKDOWN_LIMITS.length));
  // 199 texts and the fixture's experiment: 200 cells, about 20 MB.
  const texts = Array.from({ length: 199 }, (_, i) => kinds[i % kinds.length] ?? '');
  const file = await hostileBundle(texts);
  await watchLongTasks(page);
  await page.goto('/?backend=cpu#/');
  const notebook = new NotebookPage(page);
  await page.getByTestId('import.menu').click();
  await page.getByTestId('import.file').setInputFiles({
    name: 'hostile.json',
    mimeType: 'application/json',
    buffer: file,
  });
  await page.getByTestId('import.open').click();
  await expect(notebook.title).toHaveText('Hostile text', { timeout: 60_000 });

  await page.reload();
  await expect(notebook.title).toHaveText('Hostile text', { timeout: 60_000 });
  // Reading the 20 MB notebook back and showing its page holds no task over the limit either
  // (comparing the draft with its version whole in the toolbar's render once took 240 ms).
  const shown = await pageNow(page);
  const beforeShown = await longTasks(page);
  console.log(`long tasks before the notebook showed: ${JSON.stringify(beforeShown)}`);
  expect(Math.max(0, ...beforeShown.map((t) => t.duration))).toBeLessThan(LONG_TASK_MS);
  await notebook.textsRendered(texts.length, 480_000);
  await expect(notebook.texts().first().locator('h1')).toHaveCount(MARKDOWN_LIMITS.headings);
  await expect(page.getByTestId('markdown.showAnyway').first()).toBeVisible();
  const onReopen = await longTasks(page, shown);
  console.log(`long tasks while rendering 200 cells: ${JSON.stringify(onReopen)}`);
  expect(Math.max(0, ...onReopen.map((t) => t.duration))).toBeLessThan(LONG_TASK_MS);
});
