/**
 * Bad links and files, each through the page as a user would open it: every one ends in
 * `import.error` (role=alert) with the reader's own message for it, and nothing is saved. The
 * expected message is what the same reader says in Node, so the test checks that the page shows
 * it, and that the cases are told apart.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { encodeInlineLink } from '../src/core/bundle/link';
import { deflatedZip, zerosBomb } from '../src/core/bundle/test-bombs';
import { readBundle, type ImportSource } from '../src/core/bundle/read';
import { savedNotebooks } from './pages/storage';

const V1_TEXT = readFileSync('src/core/bundle/fixtures/v1.json', 'utf8');
type Json = Record<string, unknown>;
const v1 = (): Json => JSON.parse(V1_TEXT) as Json;
const MB = 1024 * 1024;

/** The v1 fixture with `edit` applied, as JSON text (`raw` replaces a marker for non-JSON). */
function edited(edit: (json: Json) => void, raw?: [string, string]): string {
  const json = v1();
  edit(json);
  const text = JSON.stringify(json);
  return raw ? text.replace(raw[0], raw[1]) : text;
}

const firstExperiment = (json: Json) =>
  (json.notebook as { cells: Json[] }).cells.find((c) => c.type === 'experiment') as Json & {
    model: { layers: Json[] };
    config: Json;
  };

const linkOf = (text: string) => encodeInlineLink(text).fragment;
/** Every character as %XX, as a mail client might turn a link; encoded again, it is %25XX. */
const percentEncoded = (text: string) =>
  [...text].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');

const LINKS: [string, string][] = [
  ['empty', '#b='],
  ['truncated base64url', linkOf(V1_TEXT).slice(0, -5)],
  ['standard base64', '#b=abc+/def'],
  ['double percent-encoding', `#b=${encodeURIComponent(percentEncoded(linkOf(V1_TEXT).slice(3)))}`],
  ['a deflate bomb', `#b=${Buffer.from(zerosBomb(1024)).toString('base64url')}`],
  ['schemaVersion 999', linkOf(edited((j) => (j.schemaVersion = 999)))],
  ['schemaVersion -1', linkOf(edited((j) => (j.schemaVersion = -1)))],
  ['schemaVersion "2"', linkOf(edited((j) => (j.schemaVersion = '2')))],
  ['schemaVersion 1.5', linkOf(edited((j) => (j.schemaVersion = 1.5)))],
  [
    'an unknown layer',
    linkOf(edited((j) => (firstExperiment(j).model.layers[0]!.type = 'quantum'))),
  ],
  ['an unknown optimizer', linkOf(edited((j) => (firstExperiment(j).config.optimizer = 'magic')))],
  [
    'an unknown activation',
    linkOf(edited((j) => (firstExperiment(j).model.layers[0]!.activation = 'sparkle'))),
  ],
  ['a __proto__ key', linkOf(edited(() => undefined, ['{', '{"__proto__":{"polluted":1},']))],
  ['a constructor key', linkOf(edited(() => undefined, ['{', '{"constructor":{"x":1},']))],
  [
    'learning rate 1e309',
    linkOf(edited((j) => (firstExperiment(j).config.learningRate = 'LR'), ['"LR"', '1e309'])),
  ],
  ['epochs 1e9', linkOf(edited((j) => (firstExperiment(j).config.epochs = 1e9)))],
  ['units 2^31', linkOf(edited((j) => (firstExperiment(j).model.layers[0]!.units = 2 ** 31)))],
  ['batch size 0', linkOf(edited((j) => (firstExperiment(j).config.batchSize = 0)))],
  ['100k-deep nesting', linkOf(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)],
  [
    'a 10M-element array',
    linkOf(edited((j) => (j.runs = 'BIG'), ['"BIG"', `[${'0,'.repeat(1e7 - 1)}0]`])),
  ],
  [
    'a lone surrogate in the title',
    linkOf(edited((j) => ((j.notebook as Json).title = 'T'), ['"T"', '"a\\ud800b"'])),
  ],
  [
    'NUL in the title',
    linkOf(edited((j) => ((j.notebook as Json).title = 'T'), ['"T"', '"a\\u0000b"'])),
  ],
  [
    'weights that do not match their shapes',
    linkOf(
      edited((j) => {
        const weights = (j.weights as Record<string, { data: string }>)['run-1']!;
        weights.data = weights.data.slice(0, -8);
      }),
    ),
  ],
  ['a dangling dataset key', linkOf(edited((j) => ((j.runs as Json[])[0]!.dataset = 'nowhere')))],
  ['a file: address', `#url=${encodeURIComponent('file:///etc/passwd')}`],
];

const importError = (page: Page) => page.getByTestId('import.error');

async function expectedMessage(source: ImportSource): Promise<string> {
  const read = await readBundle(source);
  if (read.ok)
    throw new Error(`the reader accepted a bad bundle: ${JSON.stringify(source).slice(0, 80)}`);
  return read.error.message;
}

test('every bad link says what is wrong in its own words and saves nothing', async ({ page }) => {
  test.setTimeout(300_000);
  const messages = new Map<string, string>();
  for (const [name, hash] of LINKS) {
    const expected = await expectedMessage({ kind: 'link', hash });
    await page.goto('/#/');
    await page.goto(`/${hash}`);
    const error = importError(page);
    await expect(error, name).toBeVisible();
    await expect(error, name).toHaveAttribute('role', 'alert');
    await expect(error, name).toHaveText(expected);
    await expect(page.getByTestId('import.preview'), name).toHaveCount(0);
    messages.set(name, expected);
  }
  expect(await savedNotebooks(page)).toBe(0);
  // Faults of one kind share a message (the four schemaVersions, the two forbidden keys); the
  // rest are told apart.
  expect(new Set(messages.values()).size).toBeGreaterThanOrEqual(LINKS.length - 5);
});

test('bombed bundle files are refused by the bytes they produce, saving nothing', async ({
  page,
}) => {
  const files: [string, Uint8Array][] = [
    ['bomb.gradlab.zip', deflatedZip('bundle.json', zerosBomb(1024), 1024 * MB)],
    ['liar.gradlab.zip', deflatedZip('bundle.json', zerosBomb(64), 1000)],
  ];
  await page.goto('/#/');
  for (const [name, bytes] of files) {
    const expected = await expectedMessage({
      kind: 'file',
      name,
      blob: new Blob([bytes as BlobPart]),
    });
    await page.getByTestId('import.menu').click();
    await page.getByTestId('import.file').setInputFiles({
      name,
      mimeType: 'application/zip',
      buffer: Buffer.from(bytes),
    });
    await expect(importError(page), name).toHaveText(expected);
    await page.getByRole('button', { name: 'Dismiss' }).first().click();
  }
  expect(await savedNotebooks(page)).toBe(0);
});
