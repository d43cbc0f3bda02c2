/**
 * Several tabs of one browser: what one saves shows up in the others, and a database upgrade by a
 * newer tab makes an older one let go of its connection and ask for a reload.
 */
import { expect, test } from '@playwright/test';

test('two tabs: a notebook made and renamed in one shows up in the other', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await a.goto('/#/');
  await b.goto('/#/');
  await expect(b.getByText('None yet.', { exact: false })).toBeVisible();

  await a.getByTestId('home.newNotebook').click();
  await expect(a.getByTestId('notebook.title')).toHaveText('Untitled notebook');
  const notebooks = b.getByTestId('home.notebook');
  await expect(notebooks).toHaveCount(1);
  await expect(notebooks).toContainText('Untitled notebook');

  await a.getByTestId('notebook.titleInput').fill('Shared between tabs');
  await expect(notebooks).toContainText('Shared between tabs');

  // With the notebook open in both, the other tab's page follows too.
  await notebooks.getByRole('link').click();
  await expect(b.getByTestId('notebook.title')).toHaveText('Shared between tabs');
  await a.getByTestId('notebook.titleInput').fill('Edited in tab A');
  await expect(b.getByTestId('notebook.title')).toHaveText('Edited in tab A');
});

test('an upgrade of the database by another tab makes this one ask for a reload', async ({
  context,
}) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await a.goto('/#/runs');
  await expect(a.getByTestId('storage.versionChange')).toHaveCount(0);
  await b.goto('/#/');
  // Tab B stands for a newer Gradlab: it opens the database at the next schema version.
  const upgraded = await b.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const probe = indexedDB.open('gradlab');
        probe.onsuccess = () => {
          const next = probe.result.version + 1;
          probe.result.close();
          const open = indexedDB.open('gradlab', next);
          open.onsuccess = () => {
            open.result.close();
            resolve(next);
          };
          open.onerror = () => reject(open.error);
          open.onblocked = () => reject(new Error('blocked by an older tab'));
        };
        probe.onerror = () => reject(probe.error);
      }),
  );
  expect(upgraded).toBeGreaterThan(1);
  const notice = a.getByTestId('storage.versionChange');
  await expect(notice).toBeVisible();
  await expect(notice).toHaveAttribute('role', 'alert');
  await expect(notice).toContainText(/reload/i);
});
