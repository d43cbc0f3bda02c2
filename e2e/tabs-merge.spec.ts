/**
 * One notebook open in two pages of one browser, both editing within one autosave (400 ms): the
 * edits of different cells both survive, in storage and on both screens; a cell both changed is
 * kept in both versions and both pages say so.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { NotebookPage } from './pages/notebook';
import { storedNotebooks } from './pages/storage';

const INTRO = '# Untitled notebook';

/** A new notebook of two text cells, open in pages a and b. */
async function twoPagesOnOneNotebook(context: BrowserContext): Promise<[Page, Page]> {
  const a = await context.newPage();
  await a.goto('/?backend=cpu#/');
  await a.getByTestId('home.newNotebook').click();
  const notebook = new NotebookPage(a);
  await expect(notebook.title).toHaveText('Untitled notebook');
  await notebook.cells.first().getByTestId('cell.duplicate').click();
  await expect(notebook.cells).toHaveCount(2);
  await notebook.saved();
  const b = await context.newPage();
  await b.goto(a.url());
  await expect(new NotebookPage(b).cells).toHaveCount(2);
  return [a, b];
}

async function startEditing(page: Page, cell: number) {
  const text = new NotebookPage(page).cells.nth(cell);
  await text.getByTestId('cell.edit').click();
  return text.getByTestId('cell.text');
}

test('two pages editing different cells within one autosave keep both edits', async ({
  context,
}) => {
  const [a, b] = await twoPagesOnOneNotebook(context);
  const first = await startEditing(a, 0);
  const second = await startEditing(b, 1);
  await Promise.all([first.fill('Cell one, from A'), second.fill('Cell two, from B')]);

  for (const page of [a, b]) {
    const cells = new NotebookPage(page).cells;
    await expect(cells).toHaveCount(2);
    await expect(cells.nth(0)).toContainText('Cell one, from A');
    await expect(cells.nth(1)).toContainText('Cell two, from B');
    await expect(page.getByTestId('notebook.conflict')).toHaveCount(0);
  }
  await expect
    .poll(async () => (await storedNotebooks(a)).map((n) => n.texts))
    .toEqual([['Cell one, from A', 'Cell two, from B']]);
});

test('two pages changing the same cell keep both versions and say so in both', async ({
  context,
}) => {
  const [a, b] = await twoPagesOnOneNotebook(context);
  const inA = await startEditing(a, 0);
  const inB = await startEditing(b, 0);
  await Promise.all([inA.fill('Intro by A'), inB.fill('Intro by B')]);

  for (const page of [a, b]) {
    const cells = new NotebookPage(page).cells;
    await expect(cells.filter({ hasText: 'Intro by A' })).toHaveCount(1);
    await expect(cells.filter({ hasText: 'Intro by B' })).toHaveCount(1);
    await expect(cells.filter({ hasText: 'From another tab' })).toHaveCount(1);
    const told = page.getByTestId('notebook.conflict');
    await expect(told).toBeVisible();
    await expect(told).toHaveAttribute('role', 'alert');
    await expect(told).toContainText(/another tab/);
  }
  await expect
    .poll(async () => {
      const [stored] = await storedNotebooks(a);
      return ['Intro by A', 'Intro by B'].every((t) => stored?.texts.includes(t));
    })
    .toBe(true);
  const [stored] = await storedNotebooks(a);
  expect(stored?.texts.some((t) => t.startsWith(INTRO))).toBe(true);
});
