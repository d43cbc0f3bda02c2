/**
 * The version jobs through the data worker's protocol, as the page sends them: a capture stored
 * as version 1, edited to version 2, extended to version 3, and versions compared.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { goodCsv } from '../../scripts/datasets/tables';
import { decodePacked } from '../../src/core/data/packed';
import { shippedMnist } from '../../src/core/data/versions/test-mnist';
import { sharedDetailsOf } from '../../src/core/data/stored-dataset';
import type { DataCommand } from '../../src/core/data-protocol';
import {
  getDataset,
  listCurrentDatasets,
  listDatasets,
  readDatasetBytes,
  storedPieceBytes,
} from '../../src/storage/datasets-repo';
import type { GradlabDb } from '../../src/storage/open';
import { closeBridges, dataOverBridge } from './test-bridge';

afterEach(closeBridges);

type Captured = Omit<Extract<DataCommand, { type: 'storeCaptured' }>, 'requestId'>;

/** Points [i, -i] for each label, in classes "left" and "right". */
const drawn = (labels: number[], classNames = ['left', 'right']): Captured => ({
  type: 'storeCaptured',
  name: 'my points',
  what: 'points',
  kind: 'points',
  inputShape: [2],
  x: Float32Array.from(labels.flatMap((_, i) => [i, -i])),
  labels: Uint16Array.from(labels),
  classNames,
  parent: null,
  note: 'drawn in class',
  license: 'CC-BY-4.0',
});

/** The packed content of a stored version. */
async function content(db: GradlabDb, sha: string) {
  const bytes = await readDatasetBytes(db, sha, { verify: true });
  if (!bytes.ok) throw bytes.error;
  const packed = decodePacked(bytes.value);
  if (!packed.ok) throw packed.error;
  return {
    x: Array.from(packed.value.x),
    y: Array.from(packed.value.y),
    header: packed.value.header,
  };
}

describe('the version jobs over the bridge', () => {
  it('stores webcam frames as the first version of a captured dataset', async () => {
    const { bridge, db } = dataOverBridge();
    const frames = Uint8Array.from({ length: 3 * 4 * 4 * 3 }, (_, i) => i % 256);
    const saved = await bridge.request({
      type: 'storeCaptured',
      name: 'hands',
      what: 'webcam',
      kind: 'image',
      inputShape: [4, 4, 3],
      x: frames,
      labels: Uint16Array.from([1, 0, 1]),
      classNames: ['open', 'fist'],
      parent: null,
      note: '',
      license: '',
    }).done;
    if (!saved.ok) throw saved.error;
    const { record, created } = saved.value;
    expect(created).toBe(true);
    expect(record).toMatchObject({
      name: 'hands',
      source: { kind: 'capture', what: 'webcam' },
      sourceKey: 'capture:webcam',
      sourceSha256: null,
      license: '',
      classCounts: [1, 2],
      header: { kind: 'image', xType: 'uint8', inputShape: [4, 4, 3], count: 3, featureNames: [] },
      lineage: { lineId: record.sha256, version: 1, parent: null, note: '', changes: null },
    });
    const stored = await content(await db(), record.sha256);
    expect(stored.x).toEqual(Array.from(frames));
    expect(stored.y).toEqual([1, 0, 1]);
  });

  it('makes v1 -> v2 -> v3: a capture, an edit of it, and examples appended to the edit', async () => {
    const { bridge, db } = dataOverBridge();
    const v1 = await bridge.request(drawn([0, 0, 1, 1])).done;
    if (!v1.ok) throw v1.error;
    const first = v1.value.record;
    expect(first).toMatchObject({
      sourceKey: 'capture:points',
      license: 'CC-BY-4.0',
      header: { kind: 'points', xType: 'float32', featureNames: ['x', 'y'] },
      lineage: { lineId: first.sha256, version: 1, parent: null, note: 'drawn in class' },
    });

    const v2 = await bridge.request({
      type: 'editDataset',
      sha256: first.sha256,
      edits: { relabel: [{ index: 3, to: 0 }], remove: [0] },
      note: 'point 3 was mislabelled; point 0 was a slip',
    }).done;
    if (!v2.ok) throw v2.error;
    const second = v2.value.record;
    expect(second.sha256).not.toBe(first.sha256);
    expect(second).toMatchObject({
      name: 'my points',
      source: { kind: 'capture', what: 'points' },
      sourceKey: `version:${second.sha256}`,
      license: 'CC-BY-4.0',
      classCounts: [2, 1],
      lineage: {
        lineId: first.sha256,
        version: 2,
        parent: first.sha256,
        note: 'point 3 was mislabelled; point 0 was a slip',
        changes: { added: [], removed: [0], relabelled: [{ index: 3, from: 1, to: 0 }] },
      },
    });
    expect(second.currentSince > first.currentSince).toBe(true);

    const v3 = await bridge.request({
      ...drawn([1, 0], ['middle', 'left']),
      x: Float32Array.from([9, 9, 8, 8]),
      parent: second.sha256,
      note: 'two more',
      license: '',
    }).done;
    if (!v3.ok) throw v3.error;
    const third = v3.value.record;
    expect(third).toMatchObject({
      header: { classNames: ['left', 'right', 'middle'], count: 5 },
      classCounts: [3, 1, 1],
      sourceKey: `version:${third.sha256}`,
      // No licence given: the parent's.
      license: 'CC-BY-4.0',
      lineage: {
        lineId: first.sha256,
        version: 3,
        parent: second.sha256,
        note: 'two more',
        changes: { added: [3, 4], removed: [], relabelled: [] },
      },
    });
    const stored = await content(await db(), third.sha256);
    expect(stored.x).toEqual([1, -1, 2, -2, 3, -3, 9, 9, 8, 8]);
    expect(stored.y).toEqual([0, 1, 0, 0, 2]);

    // All three versions stay, each whole; the first is still what its source finds.
    const all = await listDatasets(await db());
    expect(all.map((r) => r.lineage.version).sort()).toEqual([1, 2, 3]);
    expect((await content(await db(), first.sha256)).y).toEqual([0, 0, 1, 1]);

    const diff = await bridge.request({ type: 'diffDatasets', a: first.sha256, b: third.sha256 })
      .done;
    if (!diff.ok) throw diff.error;
    expect(diff.value.diff).toEqual({
      classNames: ['left', 'right', 'middle'],
      countsA: [2, 2, 0],
      countsB: [3, 1, 1],
      added: [3, 4],
      removed: [0],
      relabelled: [{ a: 3, b: 2, from: 1, to: 0 }],
    });
  });

  it('relabels a whole class the page names without listing its examples', async () => {
    const { bridge, db } = dataOverBridge();
    const v1 = await bridge.request(drawn([0, 1, 1, 0, 1])).done;
    if (!v1.ok) throw v1.error;
    const v2 = await bridge.request({
      type: 'editDataset',
      sha256: v1.value.record.sha256,
      edits: { classes: [{ from: 1, to: 0 }], relabel: [{ index: 4, to: 1 }], remove: [] },
      note: 'one class after all, but for point 4',
    }).done;
    if (!v2.ok) throw v2.error;
    expect(v2.value.record.classCounts).toEqual([4, 1]);
    expect(v2.value.record.lineage.changes?.relabelled).toEqual([
      { index: 1, from: 1, to: 0 },
      { index: 2, from: 1, to: 0 },
    ]);
    expect((await content(await db(), v2.value.record.sha256)).y).toEqual([0, 0, 0, 0, 1]);
  });

  it('stores a relabel of MNIST-10k in under 1% new bytes, sharing the rest', async () => {
    const { bridge, db } = dataOverBridge();
    const mnist = shippedMnist();
    const v1 = await bridge.request({
      type: 'storeCaptured',
      name: 'digits',
      what: 'drawing',
      kind: 'image',
      inputShape: [28, 28, 1],
      x: Uint8Array.from(mnist.x),
      labels: Uint16Array.from(mnist.y),
      classNames: mnist.header.classNames,
      parent: null,
      note: '',
      license: '',
    }).done;
    if (!v1.ok) throw v1.error;
    const before = await storedPieceBytes(await db());
    const from = mnist.y[4321] as number;
    const v2 = await bridge.request({
      type: 'editDataset',
      sha256: v1.value.record.sha256,
      edits: { relabel: [{ index: 4321, to: (from + 1) % 10 }], remove: [] },
      note: '',
    }).done;
    if (!v2.ok) throw v2.error;
    const added = (await storedPieceBytes(await db())) - before;
    expect(added).toBeGreaterThan(0);
    expect(added / v2.value.record.byteLength).toBeLessThan(0.01);
    expect((await content(await db(), v2.value.record.sha256)).y[4321]).toBe((from + 1) % 10);
  });

  it('makes the version an edit gives back current again when it was stored before', async () => {
    const { bridge, db } = dataOverBridge();
    const v1 = await bridge.request(drawn([0, 1, 1])).done;
    if (!v1.ok) throw v1.error;
    const edit = (sha256: string, to: number) =>
      bridge.request({
        type: 'editDataset',
        sha256,
        edits: { relabel: [{ index: 2, to }], remove: [] },
        note: '',
      }).done;
    const v2 = await edit(v1.value.record.sha256, 0);
    if (!v2.ok) throw v2.error;
    expect((await listCurrentDatasets(await db())).map((r) => r.sha256)).toEqual([
      v2.value.record.sha256,
    ]);
    const back = await edit(v2.value.record.sha256, 1);
    if (!back.ok) throw back.error;
    expect(back.value.created).toBe(false);
    expect(back.value.record.sha256).toBe(v1.value.record.sha256);
    expect(back.value.record.lineage.version).toBe(1);
    expect((await listCurrentDatasets(await db())).map((r) => r.sha256)).toEqual([
      v1.value.record.sha256,
    ]);
  });

  it('gives appended examples the name and licence given with them', async () => {
    const { bridge } = dataOverBridge();
    const v1 = await bridge.request(drawn([0, 1])).done;
    if (!v1.ok) throw v1.error;
    const v2 = await bridge.request({
      ...drawn([1]),
      name: 'more points',
      parent: v1.value.record.sha256,
      license: 'CC0-1.0',
    }).done;
    if (!v2.ok) throw v2.error;
    expect(v2.value.record).toMatchObject({
      name: 'more points',
      license: 'CC0-1.0',
      lineage: { version: 2, changes: { added: [2] } },
    });
  });

  it("does not carry what would give back the parent's bytes (a CSV's text, its file's hash)", async () => {
    const { bridge, db } = dataOverBridge();
    const imported = await bridge.request({
      type: 'importCsv',
      file: { path: 'fruit.csv', blob: new Blob([goodCsv()]) },
      header: 'auto',
      target: 4,
      task: 'auto',
    }).done;
    if (!imported.ok) throw imported.error;
    const parent = imported.value.record;
    expect(parent.csv).toBeDefined();
    expect(parent.sourceSha256).not.toBeNull();
    const edited = await bridge.request({
      type: 'editDataset',
      sha256: parent.sha256,
      edits: { relabel: [], remove: [0, 1] },
      note: '',
    }).done;
    if (!edited.ok) throw edited.error;
    const record = edited.value.record;
    expect(record.header.count).toBe(parent.header.count - 2);
    expect(record.source).toEqual(parent.source);
    expect(record.sourceSha256).toBeNull();
    expect(record.csv).toBeUndefined();
    expect(record.columns).toEqual(parent.columns);
    expect(record.encoding).toEqual(parent.encoding);
    expect(record.sourceKey).toBe(`version:${record.sha256}`);
    // The import is still the one its file finds.
    expect((await getDataset(await db(), parent.sha256))?.sourceKey).toBe(parent.sourceKey);
  });

  it("keeps a bundle's version and licence when another browser stores its bytes", async () => {
    const author = dataOverBridge();
    const v1 = await author.bridge.request(drawn([0, 1, 1])).done;
    if (!v1.ok) throw v1.error;
    const v2 = await author.bridge.request({
      type: 'editDataset',
      sha256: v1.value.record.sha256,
      edits: { relabel: [{ index: 2, to: 0 }], remove: [] },
      note: 'fixed',
    }).done;
    if (!v2.ok) throw v2.error;
    const shared = v2.value.record;
    const bytes = await readDatasetBytes(await author.db(), shared.sha256);
    if (!bytes.ok) throw bytes.error;

    const reader = dataOverBridge();
    const stored = await reader.bridge.request({
      type: 'storeShared',
      file: { path: 'datasets/x.gds', blob: new Blob([bytes.value as BlobPart]) },
      sha256: shared.sha256,
      details: sharedDetailsOf(shared),
    }).done;
    if (!stored.ok) throw stored.error;
    expect(stored.value.record.sha256).toBe(shared.sha256);
    expect(stored.value.record.lineage).toEqual(shared.lineage);
    expect(stored.value.record.license).toBe('CC-BY-4.0');
    expect(stored.value.record.sourceKey).toBe(`version:${shared.sha256}`);
  });

  it('answers a refused edit or capture with its message and stores nothing', async () => {
    const { bridge, db } = dataOverBridge();
    const v1 = await bridge.request(drawn([0, 1])).done;
    if (!v1.ok) throw v1.error;
    const { sha256 } = v1.value.record;
    const none = await bridge.request({
      type: 'editDataset',
      sha256,
      edits: { relabel: [{ index: 1, to: 1 }], remove: [] },
      note: '',
    }).done;
    expect(none).toMatchObject({
      ok: false,
      error: { code: 'invalid-dataset', message: expect.stringMatching(/no changes to save/) },
    });
    const gone = await bridge.request({
      type: 'editDataset',
      sha256: 'f'.repeat(64),
      edits: { relabel: [], remove: [0] },
      note: '',
    }).done;
    expect(gone).toMatchObject({
      ok: false,
      error: { code: 'storage-corrupt', message: expect.stringMatching(/not in this browser/) },
    });
    const ragged = await bridge.request({ ...drawn([0, 1]), x: new Float32Array(3) }).done;
    expect(ragged).toMatchObject({
      ok: false,
      error: { message: 'Nothing was saved: 2 examples of 2 values each need 4, not 3.' },
    });
    const clash = await bridge.request(drawn([0, 1], ['same', 'same'])).done;
    expect(clash).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/two classes are both named "same"/) },
    });
    const wrongShape = await bridge.request({
      ...drawn([0, 1]),
      parent: sha256,
      kind: 'image',
      x: new Uint8Array(4),
      inputShape: [1, 1, 2],
    }).done;
    expect(wrongShape).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/height x width x 1 \(gray\) or 3 \(RGB\)/) },
    });
    expect(await listDatasets(await db())).toHaveLength(1);
  });
});
