/**
 * The model editor's residual blocks: a nested group of layers built, edited and reordered from
 * the keyboard, with shapes and parameters per inner layer, the broken inner layer marked, and
 * undo. Runs on the playground's spiral, which every build has.
 */
import { expect, test } from '@playwright/test';
import { ModelEditor } from './pages/model';
import { PlaygroundPage } from './pages/playground';

test('a residual block is built, broken, fixed and reordered from the keyboard, its parameters counted', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  const editor = new ModelEditor(page);
  await playground.open();
  expect(await editor.types()).toEqual(['dense', 'dense']);
  const mlp = await editor.paramCount();

  for (const type of ['embedding', 'lstm', 'gru', 'causalSelfAttention', 'residual']) {
    await page.getByTestId('model.addLayer').click();
    await expect(page.getByTestId(`model.addLayer.${type}`)).toBeVisible();
    await page.keyboard.press('Escape');
  }

  // The block after the two 16-unit layers starts as one layer normalization: 32 parameters.
  await editor.add('residual');
  expect(await editor.types()).toEqual(['dense', 'dense', 'residual']);
  await expect(editor.innerLayers(3)).toHaveCount(1);
  expect(await editor.paramCount()).toBe(mlp + 32);
  await expect(page.getByTestId('model.residual.add.residual')).toHaveCount(0);

  // A dense layer of 8 inside gives [8], which cannot be added to the block's input [16].
  await editor.addToBlock(3, 'dense');
  await page.getByLabel('Layer 3.2 units', { exact: true }).fill('8');
  const inner = editor.innerLayers(3);
  await expect(inner.nth(1).getByTestId('model.layerError')).toContainText('must match');
  await expect(inner.nth(1)).toContainText('8');
  await expect(editor.params).toHaveCount(0);

  // A dense layer of 16 after it gives the block its input's shape back.
  await editor.addToBlock(3, 'dense');
  await expect(editor.layerError).toHaveCount(0);
  expect(await editor.innerTypes(3)).toEqual(['layerNormalization', 'dense', 'dense']);
  await expect(inner.nth(0).getByTestId('model.layerParams')).toHaveText(/32 params/);
  await expect(inner.nth(1).getByTestId('model.layerParams')).toHaveText(/136 params/);
  await expect(inner.nth(2).getByTestId('model.layerParams')).toHaveText(/144 params/);
  expect(await editor.paramCount()).toBe(mlp + 32 + 136 + 144);

  // Enter on "Move up" moves the dense layer of 8 to the top of the block; the focus follows it,
  // so Enter again on its "Move down" moves it back.
  const moveUp = page.getByRole('button', { name: 'Move up (Layer 3.2, Dense)' });
  await moveUp.focus();
  await page.keyboard.press('Enter');
  expect(await editor.innerTypes(3)).toEqual(['dense', 'layerNormalization', 'dense']);
  await expect(page.getByRole('button', { name: 'Move down (Layer 3.1, Dense)' })).toBeFocused();
  // The layer norm now normalises 8 features: 16 parameters instead of 32.
  expect(await editor.paramCount()).toBe(mlp + 136 + 16 + 144);
  await page.keyboard.press('Enter');
  expect(await editor.innerTypes(3)).toEqual(['layerNormalization', 'dense', 'dense']);
  expect(await editor.paramCount()).toBe(mlp + 32 + 136 + 144);
  await page.keyboard.press('Control+Z');
  expect(await editor.innerTypes(3)).toEqual(['dense', 'layerNormalization', 'dense']);

  // The block moves as a whole, its layers with it.
  await editor.moveUp(3);
  expect(await editor.types()).toEqual(['dense', 'residual', 'dense']);
  expect(await editor.innerTypes(2)).toEqual(['dense', 'layerNormalization', 'dense']);
  // The flow of shapes shows the block as a group of its own shapes, then the sum.
  const group = page.getByTestId('model.flow').locator('[aria-label="residual block 2"]');
  await expect(group).toContainText('dense 8');
  await expect(group).toContainText('+ input 16');

  await editor.layers
    .nth(1)
    .getByRole('button', { name: 'Remove (Layer 2, Residual block)' })
    .click();
  expect(await editor.types()).toEqual(['dense', 'dense']);
  expect(await editor.paramCount()).toBe(mlp);
});
