/**
 * The reported case, for real: a bundle with a conv2d of 4096 'same' filters on MNIST at batch
 * 10,000 (32 M parameters) once aborted the wasm backend ("memory access out of bounds") and left
 * it broken for every later model. It is now refused before it starts, with the estimate and a way
 * out; the way out trains, and so does a 7,850-parameter model, on the same page.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { canonicalJson } from '../src/core/bundle/canonical';
import { contentId } from '../src/core/bundle/content-id';
import { encodeInlineLink } from '../src/core/bundle/link';
import { validateBundle } from '../src/core/bundle/validate';
import type { ModelSpec } from '../src/core/model/spec';
import { ModelEditor } from './pages/model';
import { PlaygroundPage } from './pages/playground';

const BIG: ModelSpec = {
  layers: [
    { type: 'conv2d', filters: 4096, kernelSize: 3, padding: 'same', activation: 'relu' },
    { type: 'flatten' },
    { type: 'dense', units: 10, activation: 'softmax' },
  ],
};

/** A bundle link whose one experiment trains `model` on MNIST-10k at batch 10,000. */
async function linkTo(model: ModelSpec): Promise<string> {
  const v1: unknown = JSON.parse(readFileSync('src/core/bundle/fixtures/v1.json', 'utf8'));
  const current = validateBundle(v1);
  if (!current.ok) throw current.error;
  const json = JSON.parse(JSON.stringify(current.value)) as Record<string, unknown>;
  json.datasets = { mnist: { kind: 'shipped', name: 'mnist-10k' } };
  json.runs = [];
  json.notebook = {
    ...current.value.notebook,
    title: 'Four thousand filters',
    cells: [
      {
        type: 'experiment',
        id: 'big',
        dataset: 'mnist',
        model,
        config: {
          optimizer: 'adam',
          learningRate: 0.001,
          schedule: { kind: 'constant' },
          loss: 'categoricalCrossentropy',
          l1: 0,
          l2: 0,
          clipNorm: 0,
          weightDecay: 0,
          batchSize: 10_000,
          epochs: 1,
          validationSplit: 0,
          seed: 1,
        },
        views: ['curves'],
        locks: [],
      },
    ],
  };
  json.id = await contentId(json);
  const bundle = validateBundle(json);
  if (!bundle.ok) throw bundle.error;
  return encodeInlineLink(canonicalJson(bundle.value)).fragment;
}

const batchOf = (text: string | null): number =>
  Number(/lower the batch size to ([\d,]+)\.$/.exec(text ?? '')?.[1]?.replace(/,/g, ''));

async function setBatch(page: Page, batch: number): Promise<void> {
  await page.getByLabel('Batch size', { exact: true }).fill(String(batch));
}

test('a model too large for WebAssembly is refused with its estimate and a way out, and smaller ones then train on the same page', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.goto(`/?backend=wasm${await linkTo(BIG)}`);
  await page.getByTestId('import.open').click();

  const refusal = page.getByTestId('train.memory');
  const start = page.getByTestId('train.start');
  await expect(refusal).toHaveText(
    /^This model needs about [\d,.]+ GB for a batch of 10,000 on WebAssembly, more than the 2 GB it can use, and even a batch of 1 needs about [\d.]+ GB: make the model smaller; its largest layer is layer 3 \(dense, 32,112,650 parameters, output \[10\]\), which needs about [\d.]+ GB\.$/,
    { timeout: 60_000 },
  );
  await expect(refusal).toHaveAttribute('role', 'alert');
  await expect(start).toBeDisabled();

  // Run all does not get past the check either: it stops at the cell, and nothing runs.
  const status = page.getByTestId('train.status');
  await page.getByTestId('notebook.runAll').click();
  await expect(page.getByTestId('notebook.runAll')).toBeEnabled();
  await expect(status).toHaveText('idle');
  await expect(refusal).toBeVisible();

  // With 32 filters the model fits a smaller batch: the refusal says which, and that batch trains.
  await page.getByLabel('Layer 1 filters', { exact: true }).fill('32');
  await expect(refusal).toHaveText(
    /^This model needs about [\d.]+ GB for a batch of 10,000 on WebAssembly, more than the 2 GB it can use: lower the batch size to [\d,]+\.$/,
  );
  const batch = batchOf(await refusal.textContent());
  expect(batch).toBeGreaterThan(1000);
  expect(batch).toBeLessThan(10_000);
  await setBatch(page, batch);
  await expect(refusal).toBeHidden();
  const playground = new PlaygroundPage(page);
  await playground.train();
  await expect(status).toHaveText('done', { timeout: 180_000 });
  await expect(page.getByTestId('metrics.epoch')).toHaveText('1');
  await expect(page.getByTestId('train.error')).toHaveCount(0);

  // The 7,850-parameter model at the reported batch of 10,000.
  const model = new ModelEditor(page);
  await model.preset('Logistic regression');
  await setBatch(page, 10_000);
  await expect(model.params).toHaveText('7850');
  await expect(refusal).toBeHidden();
  await playground.train();
  await expect(status).toHaveText('done', { timeout: 60_000 });
  await expect(page.getByTestId('metrics.epoch')).toHaveText('1');
  await expect(page.getByTestId('train.error')).toHaveCount(0);
  await expect(page.getByTestId('backend.status')).toContainText('wasm');
});

/**
 * Run inside the training worker by Playwright (no hook in the app): every weight of the model is
 * re-registered with TF.js's wasm module at an address past the end of its heap, as a kernel's
 * pointers are after an allocation failed, so the next step traps for real ("memory access out of
 * bounds"). TF.js keeps its engine on the global object (`_tfengine`).
 */
function misplaceWeights(): number {
  const engine: unknown = Reflect.get(self, '_tfengine');
  const state: unknown = engine && Reflect.get(engine, 'state');
  const variables: unknown = state && Reflect.get(state, 'registeredVariables');
  const backend: unknown = engine && Reflect.get(engine, 'backendInstance');
  const wasm: unknown = backend && Reflect.get(backend, 'wasm');
  const tfjs: unknown = wasm && Reflect.get(wasm, 'tfjs');
  const ids: unknown = backend && Reflect.get(backend, 'dataIdMap');
  if (!variables || !tfjs || !ids) throw new Error('not TF.js on the wasm backend');
  let moved = 0;
  for (const variable of Object.values(variables)) {
    const entry: unknown = Reflect.apply(Reflect.get(ids, 'get'), ids, [
      Reflect.get(variable, 'dataId'),
    ]);
    if (!entry) continue;
    const id: unknown = Reflect.get(entry, 'id');
    Reflect.apply(Reflect.get(tfjs, 'disposeData'), tfjs, [id]);
    Reflect.apply(Reflect.get(tfjs, 'registerTensor'), tfjs, [
      id,
      Reflect.get(variable, 'size'),
      0x7fff0000,
    ]);
    moved += 1;
  }
  return moved;
}

test('a wasm backend that traps mid-run is replaced with a fresh worker, and the next run trains', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.open('wasm');
  await playground.set('Epochs', 5000);
  await playground.train();
  await playground.waitForEpoch(2);
  const before = page.workers().find((w) => w.url().includes('train.worker'));
  if (!before) throw new Error('no training worker');
  expect(await before.evaluate(misplaceWeights)).toBeGreaterThan(0);

  const error = page.getByTestId('train.error');
  await expect(error).toContainText(
    'The training backend broke down (memory access out of bounds)',
    {
      timeout: 30_000,
    },
  );
  await expect(playground.status).toHaveText('error');
  await expect(playground.backendStatus).toContainText('wasm');
  await expect
    .poll(() => page.workers().filter((w) => w.url().includes('train.worker')), { timeout: 30_000 })
    .not.toContain(before);

  await playground.set('Epochs', 3);
  await expect(page.getByTestId('train.start')).toBeEnabled({ timeout: 30_000 });
  await page.getByTestId('train.start').click();
  await expect(playground.epoch).toHaveText('3', { timeout: 60_000 });
  await expect(playground.status).toHaveText('done');
});
