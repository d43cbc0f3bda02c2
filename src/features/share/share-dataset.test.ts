import { describe, expect, it } from 'vitest';
import type { LocalDatasetRef } from '../../core/data/dataset';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { inlineWeightsOf } from './inline-weights';
import { IMPORTED_FILE_NOTE, shareDataset } from './share-dataset';

const ref: LocalDatasetRef = { kind: 'local', sha256: 'b'.repeat(64), name: 'digits', limit: 50 };
const record = (patch: Partial<StoredDataset>) =>
  ({ sha256: ref.sha256, name: 'digits', sourceSha256: 'c'.repeat(64), ...patch }) as StoredDataset;

describe('shareDataset', () => {
  it('keeps portable refs as they are', () => {
    const shipped = { kind: 'shipped', name: 'iris' } as const;
    expect(shareDataset(shipped, null)).toEqual({ ref: shipped, note: null });
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
      note: null,
    });
  });

  it('keeps a several-file download local, and says why', () => {
    const source = { kind: 'url', url: 'https://example.com/i.gz', format: 'idx' } as const;
    const shared = shareDataset(ref, record({ source }));
    expect(shared.ref).toBe(ref);
    expect(shared.note).toMatch(/several files/);
  });

  it('keeps a download without a recorded hash local', () => {
    const source = { kind: 'url', url: 'https://example.com/d.csv', format: 'csv' } as const;
    expect(shareDataset(ref, record({ source, sourceSha256: null })).note).toMatch(/SHA-256/);
  });

  it('keeps imported files, and records of other data, local', () => {
    const source = { kind: 'file', fileName: 'd.csv', format: 'csv' } as const;
    expect(shareDataset(ref, record({ source })).note).toBe(IMPORTED_FILE_NOTE);
    expect(shareDataset(ref, null).note).toBe(IMPORTED_FILE_NOTE);
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
