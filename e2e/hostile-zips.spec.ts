/**
 * Bundle files built byte by byte to be read two ways, opened through the page: two `bundle.json`
 * entries, and ten weight entries on one 50 MB deflate stream in a 57 KB file. Each is refused
 * with a message and opens nothing; the reading runs in the data worker, so neither they nor a
 * large honest file stall the page: no main-thread task over 200 ms.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { duplicateBundleZip, sharedStreamZip } from '../src/core/bundle/test-bombs';
import { ImportLayer, longTasks, watchLongTasks } from './pages/import';
import { savedNotebooks } from './pages/storage';

const V1 = readFileSync('src/core/bundle/fixtures/v1.json');
const LONG_TASK_MS = 200;

test('ambiguous and overlapping bundle files are refused without stalling the page', async ({
  page,
}) => {
  await watchLongTasks(page);
  await page.goto('/#/');
  const layer = new ImportLayer(page);
  const other = new TextEncoder().encode('{"another":"bundle"}');
  const hostile: [string, Uint8Array, string][] = [
    [
      'two-bundles.gradlab.zip',
      duplicateBundleZip(V1, other),
      'This ZIP file holds two entries named "bundle.json", so different programs could read ' +
        'different files from it. Gradlab refuses such archives; create the ZIP again.',
    ],
    [
      'overlap.gradlab.zip',
      sharedStreamZip(V1, 10, 50),
      'The entries "weights/0.bin" and "weights/1.bin" of this ZIP file share the same bytes, ' +
        'which no ZIP tool writes: the archive was crafted. Gradlab refuses it.',
    ],
  ];
  for (const [name, bytes, message] of hostile) {
    await layer.openFile(name, bytes);
    await expect(layer.error, name).toHaveText(message);
    await expect(layer.preview, name).toHaveCount(0);
    await layer.dismissError();
  }
  expect(await savedNotebooks(page)).toBe(0);
  expect((await longTasks(page)).filter((ms) => ms > LONG_TASK_MS)).toEqual([]);

  // An honest file as large (one name on the stream) is read whole, in the worker too.
  await layer.openFile('large.gradlab.zip', sharedStreamZip(V1, 1, 50));
  await expect(page.getByTestId('import.weights')).toHaveText(/^50(\.\d)? MB/);
  await page.getByTestId('import.cancel').click();
  await expect(layer.preview).toHaveCount(0);
  expect((await longTasks(page)).filter((ms) => ms > LONG_TASK_MS)).toEqual([]);
  expect(await savedNotebooks(page)).toBe(0);
});
