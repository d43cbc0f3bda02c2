/**
 * A link whose inline weights are the right shapes and byte count but hold NaN and infinity, built
 * as the app builds links (the v1 fixture with its weights' bytes replaced and its id recomputed):
 * the preview and the cell say which layer is damaged, nothing claims the weights were loaded, and
 * the notebook opens and trains from its seed, exactly as the same bundle without weights does.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Browser } from '@playwright/test';
import { canonicalJson } from '../src/core/bundle/canonical';
import { contentId } from '../src/core/bundle/content-id';
import { encodeInlineLink } from '../src/core/bundle/link';
import { PlaygroundPage } from './pages/playground';
import { savedNotebooks } from './pages/storage';

type Json = Record<string, unknown>;
interface Weights {
  weightSpecs: { name: string; shape: number[] }[];
  data: string;
}

const V1_TEXT = readFileSync('src/core/bundle/fixtures/v1.json', 'utf8');

/** The fixture with `edit` applied and its true id, as an inline link's fragment. */
async function linkOf(edit: (json: Json) => void): Promise<string> {
  const json = JSON.parse(V1_TEXT) as Json;
  edit(json);
  json.id = await contentId(json);
  return encodeInlineLink(canonicalJson(json)).fragment;
}

/** Every float32 of the fixture's one weights entry NaN or infinite; the byte count unchanged. */
function damage(json: Json): void {
  const weights = (json.weights as Record<string, Weights>)['run-1'];
  if (weights === undefined) throw new Error('the fixture has no run-1 weights');
  const values = Buffer.from(weights.data, 'base64').length / 4;
  const bad = Float32Array.from(
    { length: values },
    (_, i) => [NaN, Infinity, -Infinity][i % 3] as number,
  );
  weights.data = Buffer.from(bad.buffer).toString('base64');
}

/** The same bundle with no weights at all: what "opens without them" must match. */
function withoutWeights(json: Json): void {
  delete json.weights;
  for (const run of json.runs as Json[]) delete run.weightsKey;
}

async function openLink(browser: Browser, fragment: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/?backend=cpu${fragment}`);
  await expect(page.getByTestId('import.preview')).toBeVisible();
  return { context, page };
}

test('a link with NaN weights opens without them, says which layer, and trains from its seed', async ({
  browser,
}) => {
  const { context, page } = await openLink(browser, await linkOf(damage));
  const refusal =
    /^The weights of layer dense_0 \(kernel\) hold 4 values that are not numbers \(NaN or infinite\), as do 1 other weight tensor \(6 values of 6 in all\): this bundle's weights are damaged; it opens without them/;
  await expect(page.getByTestId('import.weightsDamaged')).toHaveText(refusal);
  await page.getByTestId('import.open').click();
  await expect(page.getByTestId('import.preview')).toHaveCount(0);
  expect(await savedNotebooks(page)).toBe(1);

  const weights = page.getByTestId('cell.weights');
  await expect(weights).toHaveText(refusal);
  await expect(weights).toHaveAttribute('role', 'alert');
  await expect(page.getByText('Trained weights loaded')).toHaveCount(0);
  const playground = new PlaygroundPage(page);
  await expect(page.getByTestId('train.start')).toBeEnabled();
  await playground.train();
  await expect(playground.status).toHaveText('done');
  const losses = await playground.epochLosses();
  expect(losses).toHaveLength(3);
  for (const loss of losses) expect(Number(loss)).toBeGreaterThan(0);
  await context.close();

  // The same notebook shared without weights trains to the same losses: the run began from the
  // seeded weights, not from the damaged ones.
  const plain = await openLink(browser, await linkOf(withoutWeights));
  await plain.page.getByTestId('import.open').click();
  await expect(plain.page.getByTestId('train.start')).toBeEnabled();
  await expect(plain.page.getByTestId('cell.weights')).toHaveCount(0);
  const again = new PlaygroundPage(plain.page);
  await again.train();
  await expect(again.status).toHaveText('done');
  expect(await again.epochLosses()).toEqual(losses);
  await plain.context.close();
});
