/**
 * The whole way out and back, nothing edited by hand: a run trained in the playground becomes a
 * Keras project, real Keras trains it on (TensorFlow backend, CPU), and its output folder comes
 * back on the Runs page as a run of the same experiment, drawn over the browser's curves.
 * It needs the Python environment the Keras check makes (`npm run test:keras`, part of npm test).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { PlaygroundPage } from './pages/playground';
import { RunsPage } from './pages/runs';

const PYTHON = resolve('.cache/keras-venv/bin/python');

test('a playground run goes to Keras with its project and comes back overlaid on the Runs page', async ({
  page,
}) => {
  test.skip(
    !existsSync(PYTHON),
    `Keras chain skipped: no Python environment at ${PYTHON} (npm run test:keras makes it)`,
  );
  test.setTimeout(240_000);
  const playground = new PlaygroundPage(page);
  await playground.open('cpu');
  await playground.trainToEnd(3);

  const download = page.waitForEvent('download');
  await page.getByTestId('export.project').click();
  const files = unzipSync(readFileSync(await (await download).path()));
  const project = mkdtempSync(join(tmpdir(), 'gradlab-project-'));
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(project, name)), { recursive: true });
    writeFileSync(join(project, name), bytes);
  }

  execFileSync(
    PYTHON,
    ['train.py', '--init', 'browser', '--epochs', '2', '--export-tfjs', '--out', 'out'],
    { cwd: project, env: { ...process.env, KERAS_BACKEND: 'tensorflow' }, stdio: 'pipe' },
  );
  const out = join(project, 'out');
  const lines = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n');
  expect(lines.map((line) => (JSON.parse(line) as { kind: string }).kind)).toEqual([
    'gradlab-run',
    'epoch',
    'epoch',
    'end',
  ]);

  const runs = new RunsPage(page);
  await runs.open();
  await expect(runs.rows).toHaveCount(1);
  const browserId = (await runs.rows.first().getAttribute('data-run-id')) ?? '';
  await runs.importFiles(
    ['metrics.jsonl', 'model.json', 'weights.bin'].map((name) => ({
      name,
      mimeType: 'application/octet-stream',
      buffer: readFileSync(join(out, name)),
    })),
  );
  await expect(runs.rows).toHaveCount(2);
  const importedId =
    (await runs.rows.evaluateAll(
      (rows, id) =>
        rows.map((r) => r.getAttribute('data-run-id')).find((other) => other !== id) ?? null,
      browserId,
    )) ?? '';
  expect(importedId).not.toBe('');
  await expect(runs.row(importedId).getByTestId('runs.origin')).toContainText(
    /Keras 3\.\d+\.\d+ · TensorFlow/,
  );
  await expect(runs.row(browserId).getByTestId('runs.origin')).toContainText('This browser');
  expect(await runs.drawnRunIds()).toEqual([browserId, importedId]);

  // Keras's weights go into the playground's model, which then shows what it predicts.
  await runs.row(importedId).getByTestId('runs.loadWeights').click();
  await expect(page).toHaveURL(/#\/playground$/);
  await expect(page.getByTestId('playground.runWeights')).toBeVisible();
});
