/**
 * Dataset versions end to end, made through the app as a user makes them (points drawn on the
 * plot and saved twice): runs on two versions say so on the Runs page and link to the diff of the
 * versions; a version restored as the current one; a bundle carrying a drawn dataset's later
 * version opens in a fresh browser with the same SHA-256, version, parent and licence.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { AnnotatePage } from './pages/annotate';
import { chosenDatasetSha, DataVersionsPage } from './pages/data-versions';
import { PlaygroundPage } from './pages/playground';
import { PointsDrawing } from './pages/points';
import { RunsPage } from './pages/runs';
import { storedDatasets } from './pages/storage';

/** Nine points in a square of the plot from (u0, v0), spaced wider than the pick radius. */
function cluster(u0: number, v0: number): [number, number][] {
  const spots: [number, number][] = [];
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) spots.push([u0 + 0.09 * i, v0 + 0.09 * j]);
  return spots;
}

/**
 * Draws two clusters of nine points and saves them as `name` (version 1), then two more points of
 * class 0 saved as version 2, training a run on each when `train` says so. The versions' SHA-256s.
 */
async function drawTwoVersions(page: Page, name: string, train: boolean) {
  const playground = new PlaygroundPage(page);
  await playground.open('cpu');
  const points = new PointsDrawing(page);
  await points.start();
  await points.clear();
  await points.chooseClass(0);
  for (const [u, v] of cluster(0.12, 0.12)) await points.clickAt(u, v);
  await points.chooseClass(1);
  for (const [u, v] of cluster(0.62, 0.62)) await points.clickAt(u, v);
  await points.save(name);
  await expect(points.saved).toContainText('version 1');
  const v1 = await chosenDatasetSha(page);
  if (train) await playground.trainToEnd(5, 120_000);

  await points.chooseClass(0);
  await points.clickAt(0.1, 0.5);
  await points.clickAt(0.2, 0.5);
  await points.save();
  await expect(points.saved).toContainText('version 2');
  const v2 = await chosenDatasetSha(page);
  expect(v2).not.toBe(v1);
  if (train) await playground.trainToEnd(5, 120_000);
  return { v1, v2 };
}

test('runs on two versions show the difference on the Runs page, whose link opens the diff; a version is restored', async ({
  page,
}) => {
  const { v1, v2 } = await drawTwoVersions(page, 'Blobs', true);

  const runs = new RunsPage(page);
  await runs.open();
  await expect(runs.rows).toHaveCount(2);
  expect((await page.getByTestId('runs.dataset').allTextContents()).sort()).toEqual([
    'Blobs v1',
    'Blobs v2',
  ]);
  await runs.selectAll.check();
  const note = page.getByTestId('runs.dataVersions');
  await expect(note).toContainText('data: version 1 vs version 2 of Blobs');
  await note.getByTestId('runs.dataDiff').click();

  await expect(page).toHaveURL(new RegExp(`#/data/${v2}/diff/${v1}$`));
  const data = new DataVersionsPage(page);
  await expect(data.hash).toHaveText(v2);
  await expect(data.diff.getByTestId('data.diff.summary')).toHaveText('2 added.');
  const added = data.diff.getByTestId('data.diff.added');
  await expect(added.getByTestId('data.diff.example')).toHaveCount(2);
  await expect(data.diff.getByTestId('data.diff.relabelled')).toHaveCount(0);
  await expect(data.diff.getByTestId('data.diff.removed')).toHaveCount(0);
  const counts = data.diff.getByTestId('data.diff.counts').locator('tbody tr');
  await expect(counts.nth(0).locator('td')).toHaveText(['9', '11', '+2']);
  await expect(counts.nth(1).locator('td')).toHaveText(['9', '9', '']);

  // The history: version 2 is current; restoring version 1 makes it current, here and after a
  // reload, and the storage panel's one row for the dataset says so.
  await expect(data.versions).toHaveCount(2);
  await expect(data.version(2)).toHaveAttribute('data-current', 'true');
  await data.restore(1);
  await expect(data.version(1)).toHaveAttribute('data-current', 'true');
  await expect(data.version(2)).not.toHaveAttribute('data-current', 'true');
  const row = page.getByTestId('storage.row').filter({ hasText: 'Blobs' });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('storage.version')).toHaveText('v1');
  await page.reload();
  await expect(data.version(1)).toHaveAttribute('data-current', 'true');

  // Deleting version 2 frees what only it used and shows the version left.
  await data.version(2).getByTestId('data.version.delete').click();
  await data.version(2).getByTestId('data.version.confirmDelete').click();
  await expect(page).toHaveURL(new RegExp(`#/data/${v1}$`));
  await expect(data.versions).toHaveCount(1);
  await expect(data.status).toContainText(/Deleted version 2: [\d.]+ [kK]?B freed/);
  expect((await storedDatasets(page)).map((d) => d.sha256)).not.toContain(v2);
});

test('a bundle with a drawn dataset opens in a fresh browser with the same data hash, version and licence', async ({
  page,
  browser,
}) => {
  const { v1, v2 } = await drawTwoVersions(page, 'Pairs', false);
  const data = new DataVersionsPage(page);
  await data.open(v2);
  await data.setLicense('CC BY 4.0');
  await expect(page.getByTestId('data.card.version')).toHaveText('2 of 2');

  await page.getByRole('link', { name: 'Playground' }).click();
  await page.getByTestId('share.open').click();
  await expect(page.getByTestId('share.dataset')).toHaveAttribute('data-travel', 'file');
  const download = page.waitForEvent('download');
  await page.getByTestId('share.file').click();
  const saved = await download;
  const file = {
    name: saved.suggestedFilename(),
    mimeType: 'application/zip',
    buffer: readFileSync(await saved.path()),
  };

  const context = await browser.newContext();
  const fresh = await context.newPage();
  await fresh.goto('/?backend=cpu');
  await fresh.getByTestId('import.menu').click();
  await fresh.getByTestId('import.file').setInputFiles(file);
  await expect(fresh.getByTestId('import.datasets')).toContainText(/carried in this file/);
  await fresh.getByTestId('import.open').click();
  await expect(fresh.getByTestId('dataset.status')).toContainText('20 examples');
  await expect(fresh.getByTestId('dataset.missing')).toHaveCount(0);

  const opened = new DataVersionsPage(fresh);
  await opened.open(v2);
  await expect(opened.license).toHaveValue('CC BY 4.0');
  await expect(fresh.getByTestId('data.card.version')).toContainText('2 of 2');
  await expect(fresh.getByTestId('data.card.parent')).toContainText(
    `${v1.slice(0, 12)}…, which is not in this browser`,
  );
  expect((await storedDatasets(fresh)).map((d) => d.sha256)).toEqual([v2]);
  await context.close();
});

test('a whole class relabelled from the dataset page makes the next version with every example of it changed', async ({
  page,
}) => {
  const { v2 } = await drawTwoVersions(page, 'Pairs', false);
  const data = new DataVersionsPage(page);
  await data.open(v2);
  const whole = page.getByTestId('annotate.wholeClass');
  await whole.locator('summary').click();
  await whole.getByTestId('annotate.wholeClass.from').selectOption('1');
  await whole.getByTestId('annotate.wholeClass.to').selectOption('0');
  const save = whole.getByTestId('annotate.wholeClass.save');
  await expect(save).toHaveText('Save as version 3 (9 examples)');
  await save.click();

  // The page follows the version made: 20 examples of class 0, the 9 of class 1 relabelled.
  await expect(data.versions).toHaveCount(3);
  await expect(data.hash).not.toHaveText(v2);
  const v3 = (await data.hash.textContent()) ?? '';
  await expect(data.version(3)).toContainText('relabelled');
  const stored = await new AnnotatePage(page).storedVersions();
  const made = stored.find((record) => record.sha256 === v3);
  expect(made?.classCounts).toEqual([20, 0]);
  expect(made?.lineage).toMatchObject({ version: 3, parent: v2 });
  expect(made?.lineage.changes?.relabelled).toHaveLength(9);
});
