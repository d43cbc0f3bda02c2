/**
 * Baselines say what a number means: beside a classifier's validation accuracy, what always
 * answering the training split's most common class scores on the same examples.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { splitIndices } from '../src/core/data/split';
import { DatasetsPage, fixturePath } from './pages/datasets';
import { PlaygroundPage } from './pages/playground';

const SEED = 3;

test('a classifier’s accuracy stands beside the majority class’s', async ({ page }) => {
  const datasets = new DatasetsPage(page);
  await datasets.open();
  await datasets.importCsv(fixturePath('csv/good.csv'), 'label', 'good');
  await datasets.useLastInPlayground('3 classes');

  const playground = new PlaygroundPage(page);
  await playground.choose('Backend', 'cpu');
  await expect(playground.backendStatus).toContainText('cpu');
  await playground.set('Seed', SEED);
  await playground.trainToEnd(10, 60_000);

  // The majority of the training split, scored on the validation split, from the file itself.
  const labels = readFileSync(fixturePath('csv/good.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').at(-1)!);
  const split = splitIndices(labels.length, 0.2, SEED);
  const counts = new Map<string, number>();
  for (const row of split.train) counts.set(labels[row]!, (counts.get(labels[row]!) ?? 0) + 1);
  // Classes are sorted by name; among equal counts the first wins.
  const [majority] = [...counts].sort(([a, m], [b, n]) => n - m || (a < b ? -1 : 1))[0]!;
  const hits = [...split.validation].filter((row) => labels[row] === majority).length;
  const share = hits / split.validation.length;

  const baseline = page.getByTestId('metrics.baseline');
  await expect(baseline).toContainText(
    new RegExp(
      `^Always answering ‘${majority}’ gets ${(share * 100).toFixed(1).replace('.', '\\.')}% of the validation examples right; the model gets [\\d.]+%\\.$`,
    ),
  );
  const model = Number(/the model gets ([\d.]+)%/.exec((await baseline.textContent()) ?? '')![1]);
  expect(model).toBeCloseTo((await playground.metric('valAccuracy')) * 100, 1);
  expect(model).toBeGreaterThan(share * 100);
});
