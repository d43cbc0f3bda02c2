import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { decodePacked } from '../src/core/data/packed';
import { ModelEditor } from './pages/model';
import { PlaygroundPage } from './pages/playground';

/** Chooses MNIST-10k and its first `limit` digits. */
async function chooseDigits(page: Page, limit: number) {
  await page.getByTestId('dataset.select').selectOption('shipped:mnist-10k');
  await expect(page.getByTestId('dataset.status')).toContainText('10,000 examples');
  await page.getByTestId('dataset.limit').fill(String(limit));
  await expect(page.getByTestId('dataset.status')).toContainText(`first ${limit}`);
}

/** The first digits of the shipped MNIST-10k file, as the app trains on them (pixels / 255). */
function digitPixels(rows: number[]): number[][] {
  const packed = decodePacked(gunzipSync(readFileSync('public/datasets/mnist-10k.gds.gz')));
  if (!packed.ok) throw packed.error;
  return rows.map((row) =>
    Array.from(packed.value.x.subarray(row * 784, (row + 1) * 784), (v) => v / 255),
  );
}

test('a CNN built in the editor trains one epoch on MNIST digits on webgpu; its confusion matrix opens its examples and the drawing pad predicts', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  const editor = new ModelEditor(page);
  await playground.open('webgpu');
  await chooseDigits(page, 300);

  await editor.preset('Logistic regression');
  expect(await editor.types()).toEqual(['flatten']);
  await editor.add('conv2d');
  await expect(editor.layerError.first()).toBeVisible();
  await editor.moveUp(2);
  await editor.add('maxPooling2d');
  await editor.moveUp(3);
  expect(await editor.types()).toEqual(['conv2d', 'maxPooling2d', 'flatten']);
  await expect(editor.layerError).toHaveCount(0);
  expect(await editor.paramCount()).toBeGreaterThan(1000);

  await playground.set('Epochs', 1);
  await playground.set('Batch size', 60);
  await playground.train();
  await expect(playground.status).toHaveText('done', { timeout: 180_000 });

  const cells = page.getByTestId('insights.cell');
  await expect(cells).toHaveCount(100);
  const diagonal = cells.filter({
    has: page.locator(':scope[aria-label^="actual 1, predicted 1:"]'),
  });
  const cell = (await diagonal.count()) > 0 ? diagonal.first() : cells.first();
  const counted = Number((await cell.getAttribute('aria-label'))?.match(/(\d+) examples?/)?.[1]);
  await cell.click();
  const listed = page.getByTestId('insights.cellExamples');
  await expect(listed).toBeVisible();
  if (counted > 0) await expect(listed.locator('canvas')).toHaveCount(Math.min(counted, 64));

  // Each point of the stroke is placed on the pad where it is at that moment: views above it
  // (feature maps, the examples of a cell) can still be growing and move it down the page.
  // A shift between placing the pointer and pressing it would start the stroke off the pad (and
  // draw nothing), so the stroke waits for the page to hold still and is drawn again if it missed.
  const pad = page.getByTestId('insights.drawCanvas');
  const size = await pad.evaluate((canvas) => canvas.getBoundingClientRect());
  const at = (x: number, y: number) =>
    pad.hover({ position: { x: size.width * x, y: size.height * y } });
  const top = () => pad.evaluate((canvas) => canvas.getBoundingClientRect().top);
  await expect(async () => {
    const before = await top();
    await page.waitForTimeout(300);
    expect(await top()).toBe(before);
  }).toPass({ timeout: 15_000 });
  await expect(async () => {
    await at(0.5, 0.2);
    await page.mouse.down();
    for (let step = 1; step <= 16; step++) {
      const t = step / 16;
      await at(0.5 + 0.02 * Math.sin(Math.PI * t), 0.2 + 0.6 * t);
    }
    await page.mouse.up();
    await expect(page.getByTestId('insights.drawPrediction')).toContainText('%', {
      timeout: 5_000,
    });
  }).toPass({ timeout: 30_000 });
});

test('a reload during training offers Resume, which continues from the saved epoch', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.open('cpu');
  await playground.set('Epochs', 5000);
  await playground.train();
  const note = page.getByTestId('train.checkpoint');
  await expect(note).toContainText(/Saved at epoch \d+/, { timeout: 30_000 });
  await page.reload();
  await expect(playground.backendStatus).not.toHaveText(/starting/);

  const resume = page.getByTestId('train.resume');
  await expect(resume).toBeVisible();
  const saved = Number((await resume.textContent())?.match(/epoch (\d+)/)?.[1]);
  expect(saved).toBeGreaterThan(0);
  await resume.click();
  await expect(playground.status).toHaveText('running');
  // The curve comes back with the run: its epochs so far, then the ones after the checkpoint.
  expect(await playground.epochNow()).toBeGreaterThanOrEqual(saved);
  await playground.waitForEpoch(saved + 3);
  await expect(page.getByTestId('train.eta')).toContainText('left');
  await expect(page.getByTestId('train.epochs')).toHaveValue('5000');
  await page.getByTestId('train.stop').click();
  await expect(playground.status).toHaveText('done');
});

test('an exported model loaded with TF.js in Node predicts what the app predicts', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.open('wasm');
  await chooseDigits(page, 500);
  await playground.set('Epochs', 2);
  await playground.set('Batch size', 50);
  await playground.train();
  await expect(playground.status).toHaveText('done', { timeout: 120_000 });

  const tiles = page.getByTestId('insights.prediction').locator('canvas');
  await expect(tiles.first()).toBeVisible();
  const labels = (await tiles.evaluateAll((all) => all.map((c) => c.getAttribute('aria-label'))))
    .slice(0, 10)
    .map((label) => {
      const [, row, predicted, confidence] =
        label?.match(/row (\d+): actual \S+, predicted (\S+) \((\d+)%\)/) ?? [];
      return { row: Number(row), predicted: Number(predicted), confidence: Number(confidence) };
    });
  expect(labels).toHaveLength(10);

  const download = page.waitForEvent('download');
  await page.getByTestId('export.model').click();
  const file = await (await download).path();
  const dir = mkdtempSync(join(tmpdir(), 'gradlab-export-'));
  const inputs = join(dir, 'inputs.json');
  writeFileSync(inputs, JSON.stringify(digitPixels(labels.map((l) => l.row))));
  const output = execFileSync('node', ['e2e/load-exported.mjs', file, inputs, '28,28,1'], {
    encoding: 'utf8',
  });
  const predictions = JSON.parse(output) as number[][];
  // The ZIP says what the model takes and gives: classes, input and preprocessing.
  const files = unzipSync(new Uint8Array(readFileSync(file)));
  expect(Object.keys(files)).toEqual(
    expect.arrayContaining(['preprocessing.json', 'predict.py', 'predict.mjs']),
  );
  const preprocessing = {
    format: 1,
    kind: 'image',
    task: 'classification',
    inputShape: [28, 28, 1],
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    targetName: null,
    height: 28,
    width: 28,
    channels: 1,
    scale: 255,
  };
  expect(JSON.parse(new TextDecoder().decode(files['preprocessing.json']))).toEqual(preprocessing);
  const modelJson = JSON.parse(new TextDecoder().decode(files['model.json'])) as {
    userDefinedMetadata?: { gradlab?: unknown };
  };
  expect(modelJson.userDefinedMetadata?.gradlab).toMatchObject({
    classNames: preprocessing.classNames,
    inputShape: [28, 28, 1],
    task: 'classification',
    preprocessing,
  });
  for (const [i, probabilities] of predictions.entries()) {
    const best = probabilities.indexOf(Math.max(...probabilities));
    const expected = labels[i]!;
    expect(best).toBe(expected.predicted);
    expect(
      Math.abs(Math.round((probabilities[best] ?? 0) * 100) - expected.confidence),
    ).toBeLessThanOrEqual(1);
  }
});

test('impossible layer settings are refused at their field and training cannot start', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  const editor = new ModelEditor(page);
  await playground.open('cpu');
  await playground.set('Layer 1 units', 2 ** 31);
  await expect(page.getByLabel('Layer 1 units', { exact: true })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await playground.set('Layer 1 units', 'many');
  await expect(page.getByLabel('Layer 1 units', { exact: true })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await playground.set('Layer 1 units', 8);

  await chooseDigits(page, 100);
  await expect(editor.layers.first()).toHaveAttribute('data-type', 'conv2d');
  await playground.set('Layer 1 kernel', 40);
  await expect(editor.layerError.first()).toContainText(/kernel|larger|input/i);
  await expect(page.getByTestId('train.start')).toBeDisabled();
  await playground.set('Layer 1 kernel', 3);
  await expect(editor.layerError).toHaveCount(0);
  await expect(page.getByTestId('train.start')).toBeEnabled();
});
