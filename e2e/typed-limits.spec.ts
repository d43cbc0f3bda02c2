/**
 * The format's limits said where the author types: a text cell past 100,000 characters shows a
 * counter that turns into an alert, Save version and Share say what is too long (never that the
 * notebook is damaged), and the draft keeps every character through a reload.
 */
import { expect, test } from '@playwright/test';
import { NotebookPage } from './pages/notebook';

const textOf = (length: number) =>
  'Gradient descent, one step at a time. '.repeat(4000).slice(0, length);

test('a text cell over the limit is counted as it is typed, refused as too long, and kept', async ({
  page,
}) => {
  await page.goto('/?backend=cpu#/');
  await page.getByTestId('home.newNotebook').click();
  const notebook = new NotebookPage(page);
  await expect(notebook.title).toHaveText('Untitled notebook');
  await page.getByTestId('cell.edit').first().click();
  const text = page.getByTestId('cell.text');
  const counter = page.getByTestId('cell.textLimit');

  await text.fill(textOf(70_000));
  await expect(counter).toHaveCount(0);
  await text.fill(textOf(85_000));
  await expect(counter).toHaveText('85,000 of 100,000 characters');
  await expect(counter).toHaveAttribute('data-state', 'near');

  await text.fill(textOf(120_000));
  await expect(counter).toHaveAttribute('data-state', 'over');
  await expect(counter).toHaveAttribute('role', 'alert');
  await expect(counter).toHaveText(
    '120,000 characters: too long by 20,000, a text cell holds at most 100,000. Shorten it or ' +
      'split it into two cells to save a version or share; the draft keeps it meanwhile.',
  );
  await expect(text).toHaveAttribute('aria-invalid', 'true');
  await notebook.saved();

  const tooLong =
    'The text of cell 1 is too long: 120,000 characters, where at most 100,000 fit. Shorten it ' +
    'or split it into two cells, then try again; the draft keeps your text.';
  await page.getByTestId('notebook.saveVersion').click();
  const error = page.getByTestId('notebook.error');
  await expect(error).toContainText(`This version could not be saved: ${tooLong}`);
  await expect(error).not.toContainText('damaged');
  await expect(page.getByTestId('notebook.version')).toHaveCount(0);

  await page.getByTestId('share.open').click();
  const shareError = page.getByTestId('share.error');
  await expect(shareError).toHaveText(`This could not be shared: ${tooLong}`);
  await expect(shareError).not.toContainText('damaged');
  await page.getByTestId('share.close').click();

  // The draft kept every character: after a reload the cell holds them all.
  await page.reload();
  await expect(notebook.title).toHaveText('Untitled notebook');
  await page.getByTestId('cell.edit').first().click();
  await expect.poll(() => text.inputValue()).toBe(textOf(120_000));
  await expect(counter).toHaveAttribute('data-state', 'over');

  // Shortened to the limit, it saves.
  await expect(error).toHaveCount(0);
  await text.fill(textOf(100_000));
  await expect(counter).toHaveAttribute('data-state', 'near');
  await notebook.saveVersion();
  await expect(error).toHaveCount(0);
});
