/**
 * The whole way out and back, nothing edited by hand: a run trained in the playground becomes a
 * Keras project, real Keras trains it on (TensorFlow backend, CPU), and its output folder comes
 * back on the Runs page as a run of the same experiment, drawn over the browser's curves.
 * It needs the Python environment the Keras check makes (`npm run test:keras`, part of npm test).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { DatasetsPage, FIXTURES_ORIGIN, fixtureSha256 } from './pages/datasets';
import { PlaygroundPage } from './pages/playground';
import { RunsPage } from './pages/runs';

const PYTHON = resolve('.cache/keras-venv/bin/python');

test.skip(
  !existsSync(PYTHON),
  `Keras chain skipped: no Python environment at ${PYTHON} (npm run test:keras makes it)`,
);
test.describe.configure({ timeout: 240_000 });

/** Clicks Export training project and unpacks the download into a fresh folder. */
async function downloadProject(
  page: Page,
): Promise<{ folder: string; files: Record<string, Uint8Array> }> {
  const download = page.waitForEvent('download');
  await page.getByTestId('export.project').click();
  const files = unzipSync(readFileSync(await (await download).path()));
  const folder = mkdtempSync(join(tmpdir(), 'gradlab-project-'));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(folder, name), bytes);
  return { folder, files };
}

/** Runs the project's train.py with real Keras (TensorFlow, CPU); its metrics.jsonl, line by line. */
function trainPy(folder: string, args: string[]): { kind: string }[] {
  execFileSync(PYTHON, ['train.py', ...args, '--out', 'out'], {
    cwd: folder,
    env: { ...process.env, KERAS_BACKEND: 'tensorflow' },
    stdio: 'pipe',
  });
  return readFileSync(join(folder, 'out', 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { kind: string });
}

test('a playground run goes to Keras with its project and comes back overlaid on the Runs page', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.open('cpu');
  await playground.trainToEnd(3);

  const { folder } = await downloadProject(page);
  const lines = trainPy(folder, ['--init', 'browser', '--epochs', '2', '--export-tfjs']);
  const out = join(folder, 'out');
  expect(lines.map((line) => line.kind)).toEqual(['gradlab-run', 'epoch', 'epoch', 'end']);

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

const DOWNLOADS = [
  {
    format: 'idx',
    name: 'Clothes',
    files: ['fashion/train-images-idx3-ubyte.gz', 'fashion/train-labels-idx1-ubyte.gz'],
    status: '500 examples, 28 x 28 x 1 pixels, 10 classes',
  },
  {
    format: 'cifar10',
    name: 'Scenes',
    files: ['cifar/cifar-10-binary.tar.gz'],
    status: '200 examples, 32 x 32 x 3 pixels, 10 classes',
  },
] as const;

for (const { format, name, files: fixtures, status } of DOWNLOADS) {
  test(`a downloaded ${format} dataset is named in the project, and train.py fetches, checks and decodes it as the browser did`, async ({
    page,
  }) => {
    const datasets = new DatasetsPage(page);
    await page.goto('/?backend=cpu#/data');
    const files = fixtures.map((fixture) => ({
      url: `${FIXTURES_ORIGIN}/generated/${fixture}`,
      sha256: fixtureSha256(fixture),
    }));
    await datasets.downloadFromUrl(format, files, name);
    await expect(datasets.row(name)).toBeVisible({ timeout: 60_000 });
    await datasets.row(name).getByRole('button', { name, exact: true }).click();
    await datasets.useLastInPlayground(status);
    const playground = new PlaygroundPage(page);
    await playground.set('Epochs', 1);
    await playground.set('Batch size', 100);

    const { folder, files: zip } = await downloadProject(page);
    const manifest = JSON.parse(new TextDecoder().decode(zip['experiment.json'])) as {
      data: {
        remote?: { format: string; files: { url: string; sha256: string }[]; count: number };
      };
    };
    expect(manifest.data.remote?.format).toBe(format);
    expect(manifest.data.remote?.files).toEqual(files);
    // The examples are not carried: data.npz holds the split alone.
    expect(zip['data.npz']?.byteLength).toBeLessThan((manifest.data.remote?.count ?? 0) * 16);

    // train.py refuses the examples unless they decode to the arrays the browser trained on.
    const lines = trainPy(folder, ['--init', 'seed', '--epochs', '1']);
    const epoch = (lines[1] ?? { kind: 'none' }) as { kind: string; trainLoss?: number };
    expect(epoch.kind).toBe('epoch');
    expect(Number.isFinite(epoch.trainLoss)).toBe(true);
    for (const fixture of fixtures) {
      expect(existsSync(join(folder, 'downloads', fixture.split('/').pop() ?? ''))).toBe(true);
    }
  });
}
