import { describe, expect, it } from 'vitest';
import { describeDatasetSource } from './dataset-source';

describe('describeDatasetSource', () => {
  it('says a generated dataset is made here, with nothing to download', () => {
    const source = describeDatasetSource({
      kind: 'builtin',
      generator: 'spiral',
      params: { size: 400, noise: 0.1, classes: 2 },
      seed: 7,
    });
    expect(source).toMatchObject({ kind: 'generated', bytes: null, downloads: false });
    expect(source.where).toBe('generated: 400 points, seed 7');
  });

  it('names a shipped dataset by its catalog title and size', () => {
    const source = describeDatasetSource({ kind: 'shipped', name: 'iris' });
    expect(source.kind).toBe('shipped');
    expect(source.name).toMatch(/iris/i);
    expect(source.bytes).toBeGreaterThan(0);
  });

  it('names the hosts a url dataset downloads from, once each', () => {
    const source = describeDatasetSource({
      kind: 'url',
      name: 'digits',
      format: 'idx',
      files: [
        { url: 'https://data.example.org/a.idx', sha256: 'a'.repeat(64) },
        { url: 'https://data.example.org/b.idx', sha256: 'b'.repeat(64) },
      ],
    });
    expect(source).toMatchObject({ kind: 'url', downloads: true, bytes: null });
    expect(source.where).toBe('downloaded from data.example.org');
  });

  it('counts the UTF-8 bytes of an inline CSV', () => {
    const source = describeDatasetSource({ kind: 'inline', name: 'tiny', csv: 'é,1\n2,3\n' });
    expect(source).toMatchObject({ kind: 'inline', name: 'tiny', bytes: 9, downloads: false });
  });

  it("warns that a local dataset lives in its author's browser", () => {
    const source = describeDatasetSource({ kind: 'local', name: 'mine', sha256: 'c'.repeat(64) });
    expect(source.kind).toBe('local');
    expect(source.where).toMatch(/author's browser/);
    expect(source.where).toMatch(/ask for its file \(sha256 cccccccccccc…\)/);
  });

  it('says the file carries a local dataset it holds, with its size', () => {
    const ref = { kind: 'local', name: 'mine', sha256: 'c'.repeat(64) } as const;
    const source = describeDatasetSource(ref, { bytes: new Uint8Array(300) });
    expect(source).toMatchObject({ kind: 'carried', name: 'mine', bytes: 300, downloads: false });
    expect(source.where).toMatch(/carried in this file/);
  });
});
