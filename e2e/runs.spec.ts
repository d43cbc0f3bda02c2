import { expect, test } from '@playwright/test';
import { PlaygroundPage } from './pages/playground';

test('finished runs are recorded, listed, compared, renamed, tagged and deleted, and survive a reload', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.open('cpu');
  await playground.trainToEnd(5);
  await playground.set('Learning rate', 0.1);
  await playground.train();
  await expect(playground.status).toHaveText('done');

  await page.getByRole('link', { name: 'Runs' }).click();
  const rows = page.getByTestId('runs.row');
  await expect(rows).toHaveCount(2);
  await rows.nth(0).getByTestId('runs.select').check();
  await rows.nth(1).getByTestId('runs.select').check();
  const diff = page.getByTestId('runs.compare');
  await expect(diff).toContainText('0.03');
  await expect(diff).toContainText('0.1');
  await expect(page.getByTestId('runs.curves.loss')).toBeVisible();

  // Tags first: the rename's write, which the page waits for, commits after the tags' write.
  await rows.nth(1).getByTestId('runs.tags').fill('baseline, lr');
  await rows.nth(1).getByTestId('runs.tags').press('Enter');
  await rows.nth(1).getByTestId('runs.name').click();
  await rows.nth(1).getByTestId('runs.rename').fill('slow learner');
  await rows.nth(1).getByTestId('runs.rename').press('Enter');
  await expect(page.getByTestId('runs.name').filter({ hasText: 'slow learner' })).toBeVisible();

  await page.reload();
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('runs.name').filter({ hasText: 'slow learner' })).toBeVisible();
  await expect(page.getByTestId('runs.tags').nth(1)).toHaveValue('baseline, lr');
  await rows.nth(0).getByTestId('runs.delete').click();
  await page.getByTestId('runs.delete.confirm').click();
  await expect(rows).toHaveCount(1);
});
