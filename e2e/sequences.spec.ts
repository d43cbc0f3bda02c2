/**
 * Sequences and attention (issue 16), end to end: the names dataset trains the "Transformer
 * (2 layers)" preset on wasm, its generated names appear and its attention heatmap is drawn; a
 * sequence lesson opens from its link in a fresh browser, as a student's would, and trains.
 */
import { expect, test } from '@playwright/test';
import { ModelEditor } from './pages/model';
import { NotebookPage } from './pages/notebook';
import { PlaygroundPage } from './pages/playground';
import { SequenceViews, lessonLink } from './pages/sequences';

test('names train the Transformer (2 layers) preset on wasm: samples appear and attention is drawn', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  const editor = new ModelEditor(page);
  const views = new SequenceViews(page);
  await playground.open('wasm');
  await views.chooseDataset('Names (character model)');
  await editor.preset('Transformer (2 layers)');
  await expect(editor.layerError).toHaveCount(0);
  expect(await editor.paramCount()).toBeGreaterThan(50_000);
  // Few steps of a big batch: four steps an epoch.
  await views.limit(1024);
  await playground.set('Batch size', 256);
  await playground.trainToEnd(1, 180_000);
  await expect(playground.backendStatus).toContainText('wasm');

  const samples = await views.samplesAfterEpoch(1);
  expect(samples.length).toBeGreaterThan(0);
  expect(samples.join('')).toMatch(/[a-z]/);
  const { painted, total } = await views.attentionPixels();
  expect(total).toBeGreaterThan(1);
  expect(painted).toBeGreaterThan(0);
});

test('the attention lesson opens from its link in a fresh browser and trains', async ({
  browser,
}) => {
  const title = 'Attention learns where to look';
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/?backend=wasm${lessonLink('attention-looks')}`);
  await expect(page.getByTestId('import.title')).toHaveText(title);
  await page.getByTestId('import.open').click();
  const notebook = new NotebookPage(page);
  await expect(notebook.title).toHaveText(title);
  await notebook.waitForOpenCell();
  await expect(page.getByTestId('notebook.mode.student')).toBeChecked();
  await expect(page.getByTestId('dataset.select')).toBeDisabled();

  const playground = new PlaygroundPage(page);
  await playground.train();
  await playground.waitForEpoch(2);
  const views = new SequenceViews(page);
  await expect(views.attentionHead).toBeVisible();
  expect((await views.attentionPixels()).painted).toBeGreaterThan(0);
  await context.close();
});
