/**
 * A notebook on paper and as one standalone page: printing shows the text and results without
 * the editing tools, and the exported HTML holds the text and each run's curves but no script.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { NotebookPage } from './pages/notebook';

const LESSON = 'What a single neuron can separate';

test('a lesson prints cleanly and exports as a standalone page with its results', async ({
  page,
}) => {
  const notebook = new NotebookPage(page);
  await notebook.openLesson(LESSON);
  await notebook.runAll();

  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('notebook.runAll')).toBeHidden();
  await expect(page.getByTestId('notebook.exportHtml')).toBeHidden();
  await expect(page.locator('header.app-header')).toBeHidden();
  await expect(notebook.cells.first()).toBeVisible();
  await expect(page.getByTestId('chart.loss')).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  const download = page.waitForEvent('download');
  await page.getByTestId('notebook.exportHtml').click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe(`${LESSON}.html`);
  const html = readFileSync(await saved.path(), 'utf8');
  expect(html).toContain(`<title>${LESSON}</title>`);
  expect(html).not.toMatch(/<script/i);
  // Two experiments, each with the lesson's run and this one: a loss and an accuracy chart each.
  expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(4);

  // The page opens on its own, offline, and shows the text.
  const standalone = await page.context().newPage();
  await standalone.setContent(html);
  await expect(standalone.getByRole('heading', { name: LESSON })).toBeVisible();
});
