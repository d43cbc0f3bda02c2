import { describe, expect, it } from 'vitest';
import type { LocalDatasetRef } from '../../core/data/dataset';
import { versionFields, type StoredDataset } from '../../core/data/stored-dataset';
import { inlineWeightsOf } from './inline-weights';
import { datasetTravel, shareDataset } from './share-dataset';

const ref: LocalDatasetRef = { kind: 'local', sha256: 'b'.repeat(64), name: 'digits', limit: 50 };
const record = (patch: Partial<StoredDataset>) =>
  ({
    sha256: ref.sha256,
    name: 'digits',
    header: { name: 'digits' },
    sourceSha256: 'c'.repeat(64),
    ...versionFields(ref.sha256, '2026-01-01T00:00:00.000Z'),
    ...patch,
  }) as StoredDataset;
const parent = 'd'.repeat(64);
/** Version 2 of a dataset whose first version is `parent`. */
const second = {
  lineage: {
    lineId: parent,
    version: 2,
    parent,
    note: 'fixed a label',
    changes: { added: [], removed: [], relabelled: [{ index: 3, from: 0, to: 1 }] },
  },
};
const imported = { kind: 'file', fileName: 'digits.csv', format: 'csv' } as const;
const choices = { header: 'present', target: 0, task: 'classification' } as const;

describe('shareDataset', () => {
  it('keeps portable refs as they are', () => {
    const shipped = { kind: 'shipped', name: 'iris' } as const;
    expect(shareDataset(shipped, null)).toEqual({ ref: shipped, inline: null });
  });

  it('pins a one-file download, keeping the limit', () => {
    const source = { kind: 'url', url: 'https://example.com/d.zip', format: 'image-zip' } as const;
    expect(shareDataset(ref, record({ source }))).toEqual({
      ref: {
        kind: 'url',
        name: 'digits',
        format: 'image-zip',
        files: [{ url: source.url, sha256: 'c'.repeat(64) }],
        limit: 50,
      },
      inline: null,
    });
  });

  it('keeps a several-file download, or one without a recorded hash, local', () => {
    const idx = { kind: 'url', url: 'https://example.com/i.gz', format: 'idx' } as const;
    expect(shareDataset(ref, record({ source: idx }))).toEqual({ ref, inline: null });
    const csv = { kind: 'url', url: 'https://example.com/d.csv', format: 'csv' } as const;
    expect(shareDataset(ref, record({ source: csv, sourceSha256: null }))).toEqual({
      ref,
      inline: null,
    });
  });

  it('names an imported CSV by its choices, and offers its kept text inline', () => {
    const text = 'a,b\n1,x\n';
    const shared = shareDataset(ref, record({ source: imported, csv: { ...choices, text } }));
    expect(shared.ref).toEqual({ ...ref, csv: choices });
    expect(shared.inline).toEqual({
      kind: 'inline',
      name: 'digits',
      csv: text,
      ...choices,
      limit: 50,
    });
    const unkept = shareDataset(ref, record({ source: imported, csv: { ...choices, text: null } }));
    expect(unkept).toEqual({ ref: { ...ref, csv: choices }, inline: null });
  });

  it('sends a later version as its bytes only, naming its version and parent', () => {
    const later = { ...ref, version: 2, parent };
    const text = 'a,b\n1,x\n';
    // Its CSV, download or text file would give version 1, so none of them is offered.
    const csv = record({ source: imported, csv: { ...choices, text }, ...second });
    expect(shareDataset(ref, csv)).toEqual({ ref: later, inline: null });
    const source = { kind: 'url', url: 'https://example.com/d.zip', format: 'image-zip' } as const;
    expect(shareDataset(ref, record({ source, ...second }))).toEqual({ ref: later, inline: null });
    const captured = { kind: 'capture', what: 'webcam' } as const;
    expect(shareDataset(ref, record({ source: captured, ...second }))).toEqual({
      ref: later,
      inline: null,
    });
  });

  it('keeps imports stored before the choices were kept, and unknown data, as they are', () => {
    expect(shareDataset(ref, record({ source: imported }))).toEqual({ ref, inline: null });
    expect(shareDataset(ref, null)).toEqual({ ref, inline: null });
  });
});

describe('datasetTravel', () => {
  const stored = (patch: Partial<StoredDataset>) => [record({ source: imported, ...patch })];
  const only = (travel: ReturnType<typeof datasetTravel>) => {
    expect(travel).toHaveLength(1);
    return travel[0];
  };

  it('says an inline CSV travels in the link and the file', () => {
    const travel = datasetTravel(
      { datasets: { d: { kind: 'inline', name: 'tiny', csv: 'a\n1\n' } } },
      [],
    );
    expect(only(travel)).toMatchObject({ travel: 'link', sha256: null });
    expect(only(travel)?.note).toMatch(/“tiny” travels in the link and in the file/);
  });

  it('says a local dataset travels in the file only, and why not in the link', () => {
    const local = { datasets: { a: ref, b: ref } };
    const cases: [Partial<StoredDataset>, RegExp][] = [
      [{ csv: { ...choices, text: 'a\n1\n' } }, /link would be longer than 8.0 KB/],
      [{ csv: { ...choices, text: null } }, /larger than 64.0 KB or not UTF-8/],
      [{}, /imported before Gradlab kept the text/],
      [{ source: { kind: 'file', fileName: 'd.zip', format: 'image-zip' } }, /only CSV text/],
      [{ source: { kind: 'url', url: 'https://e.org/i.gz', format: 'idx' } }, /several files/],
      [{ csv: { ...choices, text: 'a\n1\n' }, ...second }, /version 2 of its dataset/],
    ];
    for (const [patch, why] of cases) {
      const travel = only(datasetTravel(local, stored(patch)));
      expect(travel).toMatchObject({ travel: 'file', sha256: ref.sha256 });
      expect(travel?.note).toMatch(why);
      expect(travel?.note).toMatch(/asked for its file/);
    }
  });

  it('says a dataset this browser does not hold travels nowhere, and others need no word', () => {
    const travel = only(datasetTravel({ datasets: { a: ref } }, []));
    expect(travel).toMatchObject({ travel: 'none', sha256: null });
    expect(travel?.note).toMatch(/neither the link nor the file/);
    expect(datasetTravel({ datasets: { s: { kind: 'shipped', name: 'iris' } } }, [])).toEqual([]);
  });
});

describe('inlineWeightsOf', () => {
  const modelJson = JSON.stringify({
    weightsManifest: [{ weights: [{ name: 'k', shape: [3], dtype: 'float32' }] }],
  });

  it('refuses bytes that the specs do not cover exactly, and text that is not model.json', () => {
    expect(inlineWeightsOf(modelJson, new ArrayBuffer(12))).not.toBeNull();
    expect(inlineWeightsOf(modelJson, new ArrayBuffer(8))).toBeNull();
    expect(inlineWeightsOf('{', new ArrayBuffer(0))).toBeNull();
    expect(
      inlineWeightsOf('{"weightsManifest":[{"weights":[{"name":"k"}]}]}', new ArrayBuffer(0)),
    ).toBeNull();
  });
});
