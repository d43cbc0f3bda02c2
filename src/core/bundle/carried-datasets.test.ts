import { describe, expect, it } from 'vitest';
import type { LocalDatasetRef } from '../data/dataset';
import { encodePacked } from '../data/packed';
import type { SharedDatasetDetails } from '../data/stored-dataset';
import { sha256Hex } from '../hash';
import { carriedDatasetsOf, carriedEntries, localDatasetsOf } from './carried-datasets';
import { datasetEntryPath, decodeBundleFile, encodeBundleFile } from './file';
import { deflatedZip, zerosBomb } from './test-bombs';

/** A tiny two-class table, packed as the data worker packs one. */
const packed = encodePacked({
  header: {
    name: 'tiny',
    kind: 'tabular',
    task: 'classification',
    count: 2,
    inputShape: [2],
    xType: 'float32',
    classNames: ['no', 'yes'],
    featureNames: ['a', 'b'],
  },
  x: new Float32Array([1, -1, -1, 1]),
  y: new Uint16Array([0, 1]),
});

const choices = { header: 'auto', target: 2, task: 'classification' } as const;
const details: SharedDatasetDetails = {
  name: 'tiny',
  source: { kind: 'file', fileName: 'tiny.csv', format: 'csv' },
  sourceSha256: 'c'.repeat(64),
  columns: [{ name: 'a', type: 'numeric', missing: 0, distinct: 2, mean: 0, std: 1 }],
  notes: ['label: 2 classes'],
  csv: { ...choices, text: 'a,b,label\n1,-1,no\n-1,1,yes\n' },
  // The import's exact statistics travel too, so the receiver's model export can use them.
  encoding: [
    { name: 'a', kind: 'numeric', mean: 0, std: 1 },
    { name: 'b', kind: 'numeric', mean: 0, std: 1 },
    { name: 'label', kind: 'target' },
  ],
};

async function fixture() {
  const sha256 = await sha256Hex(packed);
  const ref: LocalDatasetRef = { kind: 'local', sha256, name: 'tiny', csv: choices };
  const bundle = { datasets: { a: ref, b: ref, iris: { kind: 'shipped', name: 'iris' } } } as const;
  return { sha256, ref, bundle };
}

/** The extras of a bundle file holding `entries`, as the reader gives them back. */
function extrasOf(entries: Record<string, Uint8Array>) {
  const decoded = decodeBundleFile(encodeBundleFile('{}', entries), 'x.gradlab.zip');
  if (!decoded.ok) throw decoded.error;
  return decoded.value.extras;
}

describe('datasets carried in a bundle file', () => {
  it('round-trips through the file: the packed bytes as stored, and what was known of them', async () => {
    const { sha256, bundle } = await fixture();
    expect(localDatasetsOf(bundle).map((ref) => ref.sha256)).toEqual([sha256]);
    const entries = carriedEntries([{ sha256, bytes: packed, details }]);
    expect(Object.keys(entries).sort()).toEqual([
      datasetEntryPath(sha256, 'json'),
      datasetEntryPath(sha256, 'packed'),
    ]);
    const carried = await carriedDatasetsOf(bundle, extrasOf(entries), 'x.gradlab.zip');
    expect(carried).toEqual({ ok: true, value: [{ sha256, bytes: packed, details }] });
  });

  it("carries a version's lineage and licence with its bytes", async () => {
    const { sha256, bundle } = await fixture();
    const parent = 'd'.repeat(64);
    const versioned: SharedDatasetDetails = {
      ...details,
      license: 'CC BY 4.0',
      lineage: {
        lineId: parent,
        version: 2,
        parent,
        note: 'fixed a label',
        changes: { added: [], removed: [], relabelled: [{ index: 1, from: 0, to: 1 }] },
      },
    };
    const entries = carriedEntries([{ sha256, bytes: packed, details: versioned }]);
    const carried = await carriedDatasetsOf(bundle, extrasOf(entries), 'x.gradlab.zip');
    expect(carried.ok && carried.value[0]?.details).toEqual(versioned);
  });

  it('stores the packed bytes in the ZIP as they are, uncompressed', async () => {
    const { sha256 } = await fixture();
    const zip = encodeBundleFile('{}', carriedEntries([{ sha256, bytes: packed, details }]));
    const at = Buffer.from(zip).indexOf(Buffer.from(packed));
    expect(at).toBeGreaterThan(0);
  });

  it('refuses bytes that do not hash to the sha256 the bundle names', async () => {
    const { sha256, bundle } = await fixture();
    const altered = packed.slice();
    const last = altered.length - 1;
    altered[last] = (altered[last] ?? 0) ^ 1;
    const extras = extrasOf(carriedEntries([{ sha256, bytes: altered, details }]));
    const carried = await carriedDatasetsOf(bundle, extras, 'x.gradlab.zip');
    expect(carried.ok).toBe(false);
    if (carried.ok) return;
    expect(carried.error.reason).toBe('file-dataset-mismatch');
    expect(carried.error.message).toMatch(/"x\.gradlab\.zip" carries the dataset "tiny"/);
  });

  it('refuses a description that is not one, and makes do without one', async () => {
    const { sha256, bundle, ref } = await fixture();
    const bad = extrasOf({
      [datasetEntryPath(sha256, 'packed')]: packed,
      [datasetEntryPath(sha256, 'json')]: new TextEncoder().encode('{"name":3}'),
    });
    const refused = await carriedDatasetsOf(bundle, bad, 'x.gradlab.zip');
    expect(!refused.ok && refused.error.reason).toBe('file-bad-dataset');
    const bare = extrasOf({ [datasetEntryPath(sha256, 'packed')]: packed });
    const carried = await carriedDatasetsOf(bundle, bare, 'x.gradlab.zip');
    expect(carried.ok && carried.value[0]?.details).toEqual({
      name: ref.name,
      source: { kind: 'file', fileName: 'tiny', format: 'packed' },
      sourceSha256: null,
      columns: null,
      notes: [],
      csv: { ...choices, text: null },
    });
  });

  it('leaves out datasets no ref names, and refs the file does not carry', async () => {
    const { sha256, bundle } = await fixture();
    const other = 'd'.repeat(64);
    const extras = extrasOf(carriedEntries([{ sha256: other, bytes: packed, details }]));
    expect(await carriedDatasetsOf(bundle, extras, 'x.gradlab.zip')).toEqual({
      ok: true,
      value: [],
    });
    expect(sha256).not.toBe(other);
  });

  it('keeps the file limits: a dataset entry that inflates past them is refused', async () => {
    const { sha256 } = await fixture();
    const bomb = deflatedZip(datasetEntryPath(sha256, 'packed'), zerosBomb(1024), 1024 ** 3);
    const decoded = decodeBundleFile(bomb, 'x.gradlab.zip');
    expect(!decoded.ok && decoded.error.reason).toBe('file-inflated-too-large');
  });
});
