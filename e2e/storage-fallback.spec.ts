/**
 * When the browser's storage cannot be opened, the app runs from memory: a banner says nothing
 * will be kept, the generated datasets still train, and everything can be exported.
 */
import { expect, test } from '@playwright/test';
import { PlaygroundPage } from './pages/playground';

test('without storage the app runs from memory, says so, trains and exports', async ({ page }) => {
  // As in a browser whose storage is disabled: opening any database throws.
  await page.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
  });
  const playground = new PlaygroundPage(page);
  await playground.open('cpu');
  const banner = page.getByTestId('storage.memoryMode');
  await expect(banner).toBeVisible();
  await expect(banner).toHaveAttribute('role', 'alert');
  await expect(banner).toContainText('nothing will be kept');

  await playground.trainToEnd(3);

  // Notebooks work for this tab's lifetime, in memory.
  await page.goto('/?backend=cpu#/');
  await page.getByTestId('home.newNotebook').click();
  await expect(page.getByTestId('notebook.title')).toHaveText('Untitled notebook');

  const download = page.waitForEvent('download');
  await page.getByTestId('storage.exportAll').click();
  expect((await download).suggestedFilename()).toMatch(/\.zip$/);
});
