import { expect, test } from '@playwright/test';
import { AnnotatePage } from './pages/annotate';
import { DataVersionsPage } from './pages/data-versions';

const LIMIT = 200;

test('relabelling an example from the confusion matrix makes version 2 with exactly that change, and the playground trains on it', async ({
  page,
}) => {
  const annotate = new AnnotatePage(page);
  await annotate.trainOnDigits(LIMIT);
  const before = await annotate.storedVersions();
  expect(before).toHaveLength(1);
  const parent = before[0]!;

  const { actual, predicted } = await annotate.openMistakeCell();
  const tile = page.getByTestId('insights.cellExample').first();
  const row = await annotate.rowOf(tile);
  await tile.getByTestId('example.relabel').selectOption(predicted);
  await expect(tile).toContainText(`label: ${predicted}`);
  await expect(annotate.summary).toHaveText('1 change: relabel 1');
  await annotate.save(`row ${row} is a ${predicted}`, 2);

  const after = await annotate.storedVersions();
  expect(after).toHaveLength(2);
  const made = after.find((record) => record.sha256 !== parent.sha256)!;
  expect(made.lineage).toEqual({
    lineId: parent.lineage.lineId,
    version: 2,
    parent: parent.sha256,
    note: `row ${row} is a ${predicted}`,
    changes: {
      added: [],
      removed: [],
      relabelled: [{ index: row, from: Number(actual), to: Number(predicted) }],
    },
  });
  const counts = [...parent.classCounts];
  counts[Number(actual)]! -= 1;
  counts[Number(predicted)]! += 1;
  expect(made.classCounts).toEqual(counts);

  // The playground now names the new version, still its first digits, and trains on it.
  await expect
    .poll(async () => (await annotate.playground.savedExperiment())?.dataset)
    .toEqual({ kind: 'local', sha256: made.sha256, name: made.name, limit: LIMIT });
  await expect(page.getByTestId('dataset.status')).toContainText(`first ${LIMIT}`);
  await annotate.playground.trainToEnd(1, 120_000);

  // The history lists both versions, and their diff is that one example.
  const data = new DataVersionsPage(page);
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, `#/data/${made.sha256}/diff/${parent.sha256}`);
  await expect(data.hash).toHaveText(made.sha256);
  await expect(data.versions).toHaveCount(2);
  await expect(data.version(2)).toContainText(`row ${row} is a ${predicted}`);
  await expect(data.diff.getByTestId('data.diff.summary')).toHaveText('1 relabelled.');
  const relabelled = data.diff.getByTestId('data.diff.relabelled');
  await expect(relabelled.getByTestId('data.diff.example')).toHaveCount(1);
  await expect(relabelled).toContainText(`${actual} → ${predicted}`);
});

test('the review queue relabels, removes and flags by keyboard, and the saved version holds those edits', async ({
  page,
}) => {
  const annotate = new AnnotatePage(page);
  await annotate.trainOnDigits(LIMIT);
  const [parent] = await annotate.storedVersions();

  const queue = annotate.queue;
  await queue.scrollIntoViewIfNeeded();
  await queue.focus();
  const position = page.getByTestId('review.position');
  await expect(position).toContainText(/^1 of \d+/);
  const first = await annotate.rowOf(page.getByTestId('review.example'));
  const firstLabel = Number(await page.getByTestId('review.actual').textContent());
  const to = (firstLabel + 1) % 10;
  // Keys 1-9 give classes 0-8: a class past 8 is the first's neighbour the other way.
  const key = to <= 8 ? to : firstLabel - 1;
  await page.keyboard.press(String(key + 1));
  await expect(position).toContainText(/^2 of /);

  const second = await annotate.rowOf(page.getByTestId('review.example'));
  await page.keyboard.press('x');
  await expect(position).toContainText(/^3 of /);
  const third = await annotate.rowOf(page.getByTestId('review.example'));
  await page.keyboard.press('f');
  await expect(position).toContainText(/^4 of /);
  await expect(annotate.summary).toHaveText('2 changes: relabel 1, remove 1');
  // A flag is no content change: it is stored on the version at once.
  await expect
    .poll(async () => (await annotate.storedVersions()).map((record) => record.flags))
    .toEqual([[third]]);

  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(position).toContainText(/^1 of /);
  await expect(page.getByTestId('review.pending')).toHaveText(`label: ${key}`);

  await annotate.save('reviewed', 2);
  const made = (await annotate.storedVersions()).find((r) => r.sha256 !== parent!.sha256)!;
  expect(made.lineage.parent).toBe(parent!.sha256);
  expect(made.lineage.changes).toEqual({
    added: [],
    removed: [second],
    relabelled: [{ index: first, from: firstLabel, to: key }],
  });
});
