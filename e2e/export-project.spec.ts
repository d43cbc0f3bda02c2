import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test, type Download, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { NotebookPage } from './pages/notebook';
import { PlaygroundPage } from './pages/playground';

interface ProjectJson {
  kind: string;
  name: string;
  experiment: { config: { epochs: number; seed: number }; dataset: { kind: string } };
  sourceRunId: string | null;
  browserEpochs: { epoch: number }[];
  data: { file: string; sha256: string };
  weights: {
    manifest: { name: string; shape: number[] }[];
    initial: string;
    browser: string | null;
  };
}

/** The project a click downloads, its files by name. */
async function downloadProject(page: Page, click: () => Promise<void>) {
  const download: Promise<Download> = page.waitForEvent('download');
  await click();
  const file = await download;
  const files = unzipSync(new Uint8Array(readFileSync(await file.path())));
  const project = JSON.parse(new TextDecoder().decode(files['experiment.json'])) as ProjectJson;
  return { fileName: file.suggestedFilename(), files, project };
}

const sha256 = (bytes: Uint8Array | undefined) =>
  createHash('sha256')
    .update(bytes ?? new Uint8Array(0))
    .digest('hex');

const floats = (manifest: ProjectJson['weights']['manifest']) =>
  manifest.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);

test('the playground, a notebook cell and a recorded run each download a Keras training project', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.open('cpu');

  // Untrained: the project starts from the seed and has no browser weights to continue from.
  const fresh = await downloadProject(page, () => page.getByTestId('export.project').click());
  expect(fresh.fileName).toBe('Spiral-keras.zip');
  expect(fresh.project.weights.browser).toBeNull();
  expect(fresh.project.sourceRunId).toBeNull();

  await playground.trainToEnd(3);
  const trained = await downloadProject(page, () => page.getByTestId('export.project').click());
  await expect(page.getByTestId('export.saved')).toHaveText('Saved Spiral-keras.zip');
  const { files, project } = trained;
  for (const name of [
    'experiment.json',
    'data.npz',
    'preprocessing.json',
    'model.json',
    'initial.weights.bin',
    'browser.weights.bin',
    'train.py',
    'train.ipynb',
    'requirements.txt',
    'README.md',
  ]) {
    expect(files[name], name).toBeDefined();
  }
  expect(project.kind).toBe('gradlab-keras-project');
  expect(project.experiment.config.epochs).toBe(3);
  expect(project.browserEpochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
  expect(project.sourceRunId).not.toBeNull();
  expect(sha256(files['data.npz'])).toBe(project.data.sha256);
  const weightBytes = floats(project.weights.manifest) * 4;
  expect(files['initial.weights.bin']?.byteLength).toBe(weightBytes);
  expect(files['browser.weights.bin']?.byteLength).toBe(weightBytes);
  // Training moved the weights away from the seeded start, which an untrained export shares.
  expect(sha256(files['initial.weights.bin'])).toBe(sha256(fresh.files['initial.weights.bin']));
  expect(sha256(files['browser.weights.bin'])).not.toBe(sha256(files['initial.weights.bin']));
  const preprocessing = JSON.parse(new TextDecoder().decode(files['preprocessing.json'])) as {
    kind: string;
  };
  expect(preprocessing.kind).toBe('points');

  // The same run's project from the Runs page carries the same weights and names the run.
  await page.getByRole('link', { name: 'Runs' }).click();
  const row = page.getByTestId('runs.row').first();
  const runId = await row.getAttribute('data-run-id');
  const fromRun = await downloadProject(page, () => row.getByTestId('export.project').click());
  expect(fromRun.project.sourceRunId).toBe(runId);
  expect(project.sourceRunId).toBe(runId);
  expect(sha256(fromRun.files['browser.weights.bin'])).toBe(sha256(files['browser.weights.bin']));

  // A notebook cell's experiment exports as it is open in the cell.
  const notebook = new NotebookPage(page);
  await notebook.openLesson('Batch size and noise');
  const cell = await downloadProject(page, () => page.getByTestId('export.project').click());
  expect(cell.fileName).toMatch(/-keras\.zip$/);
  expect(cell.project.experiment.dataset.kind).toBeDefined();
  expect(sha256(cell.files['data.npz'])).toBe(cell.project.data.sha256);
});
