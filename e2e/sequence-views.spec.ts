/**
 * The views of sequence models on real data in the browser: the names dataset trains the
 * transformer preset on wasm, its samples appear (the same seed writing the same names), its
 * attention heatmap is painted, with one map per head, and the next-token bars answer typed text;
 * a toy task shows its accuracy per answer position. Needs the data, layers, training and editor
 * sides of issue 16.
 */
import { expect, test, type Page } from '@playwright/test';
import { ModelEditor } from './pages/model';
import { PlaygroundPage } from './pages/playground';
import { SequenceViews } from './pages/sequence-views';

/** Trains `epochs` epochs and fails with the run's error if it ends in one. */
async function trainToEnd(page: Page, epochs: number, timeout: number): Promise<void> {
  await page.getByLabel('Epochs', { exact: true }).fill(String(epochs));
  await page.getByTestId('train.start').click();
  const status = page.getByTestId('train.status');
  await expect(status).toHaveText(/done|error/, { timeout });
  await expect(page.getByTestId('train.error')).toHaveCount(0);
  await expect(status).toHaveText('done');
}

test('names train a transformer on wasm: samples appear and repeat per seed, attention is painted per head, the next token is guessed', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const playground = new PlaygroundPage(page);
  const editor = new ModelEditor(page);
  const views = new SequenceViews(page);
  await playground.open('wasm');
  await page.getByTestId('dataset.select').selectOption({ label: 'Names (character model)' });
  await expect(page.getByTestId('dataset.status')).toContainText('examples');
  await page.getByTestId('dataset.limit').fill('512');
  await expect(page.getByTestId('dataset.status')).toContainText('first 512');
  await editor.preset('Transformer (2 layers)');
  await expect(editor.layerError).toHaveCount(0);
  // The playground's default (Adam at 0.03) is too fast for attention: it collapses onto one token.
  await playground.set('Learning rate', 0.003);

  // Before any training the untrained model already writes (badly).
  expect(await views.sampleTexts(8)).toHaveLength(8);
  await trainToEnd(page, 2, 180_000);
  await expect(page.getByText('Written after epoch 2.')).toBeVisible();
  const written = await views.sampleTexts(8);
  expect(written.some((text) => /\p{L}/u.test(text))).toBe(true);

  // Another seed writes other names; the first seed writes the same names again.
  await views.setSeed(2);
  await expect.poll(() => views.samples.allInnerTexts()).not.toEqual(written);
  await views.setSeed(1);
  await expect.poll(() => views.samples.allInnerTexts()).toEqual(written);

  await expect(views.attention).toBeVisible();
  await expect(views.attention).toHaveAttribute('aria-label', /head 1/);
  expect(await views.attentionPainted()).toBeGreaterThan(0);
  await expect(views.head.locator('option')).toHaveCount(4);
  const first = await views.attentionImage();
  await views.head.selectOption({ index: 1 });
  await expect(views.attention).toHaveAttribute('aria-label', /head 2/);
  await expect.poll(() => views.attentionImage()).not.toBe(first);

  await page.getByTestId('insights.nextTokenInput').fill('ma');
  await expect(views.nextToken.getByRole('listitem')).toHaveCount(10);
});

test('a toy task shows its accuracy per answer position and its token confusion after training', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const playground = new PlaygroundPage(page);
  const views = new SequenceViews(page);
  await playground.open('wasm');
  await page.getByTestId('dataset.select').selectOption({ label: 'Reverse (toy task)' });
  await expect(page.getByTestId('model.note')).toContainText('Char-RNN');
  await trainToEnd(page, 1, 150_000);
  await expect(views.tokenAccuracy.getByRole('listitem').first()).toBeVisible();
  await expect(views.tokenAccuracy.getByRole('listitem').first()).toHaveAttribute(
    'aria-label',
    /answer token 1 \(position \d+\): \d+% right/,
  );
  await expect(page.getByTestId('insights.hiddenState')).toBeVisible();
});
