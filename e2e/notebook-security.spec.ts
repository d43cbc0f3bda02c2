/**
 * A notebook's text comes from whoever made the link: none of it may run. The page is watched for
 * dialogs, navigations and CSP violations while the hostile text is rendered and clicked.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { canonicalJson } from '../src/core/bundle/canonical';
import { contentId } from '../src/core/bundle/content-id';
import { encodeInlineLink } from '../src/core/bundle/link';
import { NotebookPage } from './pages/notebook';

interface V1Bundle {
  id: string;
  notebook: { title: string; cells: { type: string; text?: string }[] };
}

const HOSTILE = [
  '# Hostile text',
  'Image: <img src=x onerror=alert(1)>',
  'Link: [click me](javascript:alert(1))',
  'Script: <svg><script>alert(1)</script></svg>',
  'Frame: <iframe srcdoc="<script>alert(1)</script>"></iframe>',
  'Data: [open data](data:text/html,<script>alert(1)</script>)',
  'Math: $\\href{javascript:alert(1)}{x}$',
].join('\n\n');

test('hostile markdown in a shared notebook is shown as text and runs nothing', async ({
  page,
}) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  // A bundle saved by an older Gradlab, with hostile text and its id made to match again.
  const bundle = JSON.parse(readFileSync('src/core/bundle/fixtures/v1.json', 'utf8')) as V1Bundle;
  const intro = bundle.notebook.cells.find((cell) => cell.type === 'markdown');
  if (intro) intro.text = HOSTILE;
  bundle.id = await contentId(bundle);
  const { fragment } = encodeInlineLink(canonicalJson(bundle));
  await page.goto(`/?backend=cpu${fragment}`);
  await page.getByTestId('import.open').click();
  const notebook = new NotebookPage(page);
  await expect(notebook.title).toHaveText(bundle.notebook.title);

  const text = notebook.cells.first();
  await expect(text).toContainText('<img src=x onerror=alert(1)>');
  await expect(text).toContainText('<svg><script>alert(1)</script></svg>');
  await expect(text).toContainText('<iframe srcdoc=');
  await expect(text.locator('img, script, iframe, svg, object, embed')).toHaveCount(0);
  await expect(text.locator('a')).toHaveCount(0);
  const handlers = await text.evaluate((root) =>
    [...root.querySelectorAll('*')].flatMap((element) =>
      [...element.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name),
    ),
  );
  expect(handlers).toEqual([]);

  const url = page.url();
  await text.getByText('click me').click();
  await text.getByText('open data').click();
  await page.waitForTimeout(500);
  expect(page.url()).toBe(url);
  expect(dialogs).toEqual([]);
});
