/**
 * The model editor on text: choosing a toy sequence task makes the model one that reads token
 * ids (with a note and undo), the text presets are offered where they fit, the transformer preset
 * shows its residual blocks, and a layer that reduces the sequence is named. Needs the toy tasks
 * in dataset.select (the data side of issue 16).
 */
import { expect, test } from '@playwright/test';
import { ModelEditor } from './pages/model';
import { PlaygroundPage } from './pages/playground';

test('a toy sequence task gets the Char-RNN, the transformer preset shows its blocks, and an LSTM that reduces the sequence is named', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  const editor = new ModelEditor(page);
  await playground.open();
  await page.getByTestId('dataset.select').selectOption({ label: 'Reverse (toy task)' });
  await expect(page.getByTestId('model.note')).toContainText('Char-RNN');
  expect(await editor.types()).toEqual(['embedding', 'lstm']);
  // The embedding's vocabulary follows the dataset and is not a field to type into.
  await expect(editor.layers.first()).toContainText('(dataset)');
  await expect(page.getByLabel('Layer 1 vocabulary', { exact: true })).toHaveCount(0);
  const output = page.getByTestId('model.output');
  await expect(output).toContainText(/\d+×\d+/);

  const preset = page.getByTestId('model.preset');
  await expect(preset.locator('option', { hasText: 'LSTM classifier' })).toBeDisabled();
  await expect(preset.locator('option', { hasText: 'Small CNN' })).toBeDisabled();
  await expect(page.getByTestId('model.presetHelp')).toContainText('Transformer (2 layers)');

  await editor.preset('Transformer (2 layers)');
  expect(await editor.types()).toEqual([
    'embedding',
    'positionalEmbedding',
    'residual',
    'residual',
    'residual',
    'residual',
    'layerNormalization',
  ]);
  await expect(page.getByTestId('model.residual')).toHaveCount(4);
  expect(await editor.innerTypes(3)).toEqual(['layerNormalization', 'causalSelfAttention']);
  expect(await editor.innerTypes(4)).toEqual(['layerNormalization', 'dense', 'dense']);
  await expect(editor.layerError).toHaveCount(0);
  expect(await editor.paramCount()).toBeGreaterThan(100_000);

  await editor.preset('Char-RNN');
  await page.getByLabel('Layer 2 return sequences', { exact: true }).uncheck();
  await expect(editor.layerError).toContainText(
    'Layer 2 (lstm) turns the sequence into one vector',
  );
  await expect(editor.layerError).toContainText('turn on Return sequences');
  await page.getByTestId('model.undo').click();
  await expect(editor.layerError).toHaveCount(0);
});
