import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { PlaygroundPage } from './pages/playground';
import { RunsPage, type PickedFile } from './pages/runs';
import { kerasRunFile, storedRuns } from './run-file';

const picked = (
  name: string,
  bytes: Uint8Array | string,
  mimeType = 'application/octet-stream',
): PickedFile => ({
  name,
  mimeType,
  buffer: Buffer.from(bytes),
});

test("a run of the experiment's Keras project comes back: where it ran, its curves over the browser's, its weights in the playground", async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.open('cpu');
  await playground.trainToEnd(3);
  const cells = page.getByTestId('insights.cell');
  await expect(cells.first()).toBeVisible();
  const trainedConfusion = await cells.evaluateAll((all) =>
    all.map((c) => c.getAttribute('aria-label')),
  );

  // The output folder's model.json and weights.bin, as the app's Export model writes them.
  const download = page.waitForEvent('download');
  await page.getByTestId('export.model').click();
  const zip = unzipSync(readFileSync(await (await download).path()));
  const modelJson = zip['model.json'];
  const weightsBin = zip['weights.bin'];
  if (!modelJson || !weightsBin) throw new Error('Export model gave no model.json and weights.bin');

  const runs = new RunsPage(page);
  await runs.open();
  await expect(runs.rows).toHaveCount(1);
  const [browserRun] = await storedRuns(page);
  if (!browserRun) throw new Error('the browser run was not stored');
  const metrics = picked('metrics.jsonl', kerasRunFile(browserRun), 'application/json');

  // A broken file is refused in an alert, and nothing is saved.
  await runs.importFiles([picked('metrics.jsonl', '{"kind": "epoch", "epoch": 1}\n')]);
  await expect(runs.importError).toHaveAttribute('role', 'alert');
  await expect(runs.importError).toContainText('Line 1 of the run file cannot be read');
  await expect(runs.importError).toContainText('Nothing was imported');
  await expect(runs.rows).toHaveCount(1);

  await runs.importFiles([
    metrics,
    picked('model.json', modelJson),
    picked('weights.bin', weightsBin),
  ]);
  await expect(runs.importDone).toContainText(
    `drawn below over those of the browser run “${browserRun.name}”`,
  );
  await expect(runs.rows).toHaveCount(2);
  const importedId = (await storedRuns(page)).find((r) => r.id !== browserRun.id)?.id ?? '';
  await expect(runs.row(browserRun.id).getByTestId('runs.origin')).toHaveText('This browser · CPU');
  await expect(runs.row(importedId).getByTestId('runs.origin')).toHaveText(
    'Keras 3.15.1 · TensorFlow 2.21.0 · 2× GPU · mirrored',
  );

  // Both runs are selected and drawn together; the overlay action brings them back together.
  await expect(page.getByTestId('runs.curves.loss')).toBeVisible();
  expect(await runs.drawnRunIds()).toEqual([browserRun.id, importedId]);
  await runs.row(browserRun.id).getByTestId('runs.select').uncheck();
  expect(await runs.drawnRunIds()).toEqual([importedId]);
  await runs.row(importedId).getByTestId('runs.overlay').click();
  expect(await runs.drawnRunIds()).toEqual([browserRun.id, importedId]);
  await expect(runs.legend.nth(1)).toContainText('Keras 3.15.1');

  // train.py's output folder, picked whole: a run killed before its end line says so.
  const folder = mkdtempSync(join(tmpdir(), 'gradlab-keras-run-'));
  writeFileSync(join(folder, 'metrics.jsonl'), kerasRunFile(browserRun, { killed: true }));
  writeFileSync(join(folder, 'model.keras'), 'not read');
  await runs.importFolder(folder);
  await expect(runs.rows).toHaveCount(3);
  await expect(page.getByTestId('runs.origin').filter({ hasText: 'no end line' })).toHaveText(
    'Keras 3.15.1 · TensorFlow 2.21.0 · 2× GPU · mirrored · no end line: stopped or killed',
  );
  await runs.row(importedId).getByTestId('runs.overlay').click();

  // Its weights go into the playground's model: the views show what that model gets right.
  await runs.row(importedId).getByTestId('runs.loadWeights').click();
  await expect(page).toHaveURL(/#\/playground$/);
  await expect(page.getByTestId('playground.runWeights')).toContainText(
    'The model holds the weights of',
  );
  await expect(page.getByTestId('playground.runWeights')).toContainText('Keras 3.15.1');
  await expect
    .poll(() => cells.evaluateAll((all) => all.map((c) => c.getAttribute('aria-label'))))
    .toEqual(trainedConfusion);
});
