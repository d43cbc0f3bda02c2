/**
 * Words a newcomer understands: the header says in a sentence where the model trains, with the
 * backend's technical details behind a toggle and without moving the page; the tagline promises
 * no GPU; the layer editor's buttons draw their icons in any font and have names.
 */
import { expect, test } from '@playwright/test';
import { PlaygroundPage } from './pages/playground';

test('the header says where the model trains, its details behind a toggle', async ({ page }) => {
  await page.goto('/#/playground');
  const header = page.locator('.app-header');
  const summary = page.getByTestId('backend.summary');
  await expect(summary).toBeVisible();
  const before = await header.boundingBox();
  // Headless Chromium's GPUs are software: auto measures them slower than the processor.
  await expect(summary).toHaveText(
    /^Training on this computer's processor \((WebAssembly, \d+ threads?|plain JavaScript)\): measured /,
    { timeout: 60_000 },
  );
  // Shown whole, in the room kept for it, and the header did not move when it arrived.
  expect(await summary.evaluate((el) => el.scrollHeight <= el.clientHeight)).toBe(true);
  expect(await header.boundingBox()).toEqual(before);
  await expect(page.locator('.tagline')).not.toContainText('GPU');

  const reason = page.getByTestId('backend.reason');
  await expect(reason).toBeHidden();
  await summary.click();
  await expect(reason).toBeVisible();
  await expect(reason).toContainText(/auto: (wasm|cpu) trained this model/);
  await expect(page.getByTestId('backend.status')).toContainText(/wasm|cpu/);
  // The details open over the page, not in the header.
  expect(await header.boundingBox()).toEqual(before);
  await summary.click();
  await expect(reason).toBeHidden();
});

test('the layer buttons and undo draw SVG icons and are named', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.open('cpu');
  const layer = page.getByTestId('model.layer').first();
  const buttons = [
    ...['Move up', 'Move down', 'Duplicate', 'Remove'].map((name) =>
      layer.getByRole('button', { name: new RegExp(`^${name} \\(Layer 1,`) }),
    ),
    page.getByRole('button', { name: 'Undo', exact: true }),
    page.getByRole('button', { name: 'Redo', exact: true }),
  ];
  for (const button of buttons) {
    await expect(button).toHaveCount(1);
    // No text glyph a font could lack: the icon is a drawn path.
    expect(await button.textContent()).toBe('');
    const area = await button.locator('svg path').evaluate((path) => {
      const box = (path as SVGPathElement).getBBox();
      return box.width * box.height;
    });
    expect(area).toBeGreaterThan(10);
  }
});
