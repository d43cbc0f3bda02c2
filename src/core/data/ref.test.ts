import { describe, expect, it } from 'vitest';
import { MAX_INLINE_CSV_CHARS, validateDatasetRef } from './ref';

const sha = 'a'.repeat(64);
const csvFile = { url: 'https://example.org/iris.csv', sha256: sha };
const urlRef = { kind: 'url', name: 'Iris', format: 'csv', files: [csvFile] };
const inlineRef = { kind: 'inline', name: 'tiny', csv: 'a,b\n1,2\n' };

describe('validateDatasetRef', () => {
  it('refuses a shipped name that is not a string with a message, without calling into it', () => {
    // fast-check found it: String() of [{ toString: false }] throws inside the message.
    const checked = validateDatasetRef({ kind: 'shipped', name: [{ toString: false }] });
    expect(checked.ok ? null : checked.error.message).toMatch(
      /^There is no shipped dataset called "\[\{\\"toString\\":false\}\]"; Gradlab ships /,
    );
  });

  it('accepts a toy sequence task and the shipped text, refusing impossible params by name', () => {
    const reverse = {
      kind: 'sequence',
      task: 'reverse',
      params: { size: 100, length: 6, vocab: 8 },
      seed: 3,
    };
    expect(validateDatasetRef({ ...reverse, extra: true })).toEqual({ ok: true, value: reverse });
    const tooLong = validateDatasetRef({ ...reverse, params: { ...reverse.params, length: 99 } });
    expect(!tooLong.ok && tooLong.error.message).toMatch(/^Reverse \(toy task\): the length/);
    const text = {
      mode: 'language',
      tokenizer: 'word',
      context: 8,
      layout: 'windows',
      maxVocab: 50,
    };
    const local = { kind: 'local', sha256: sha, name: 'poems', text };
    expect(validateDatasetRef(local)).toEqual({ ok: true, value: local });
    const badText = validateDatasetRef({ ...local, text: { ...text, context: 1 } });
    expect(!badText.ok && badText.error.message).toMatch(/text choices are not valid/);
    for (const name of ['names', 'sotu', 'spam']) {
      expect(validateDatasetRef({ kind: 'shipped', name }).ok).toBe(true);
    }
  });

  it("keeps a later version's number and parent, with its CSV choices", () => {
    const parent = 'b'.repeat(64);
    const csv = { header: 'present', target: 0, task: 'classification' } as const;
    const later = { kind: 'local', sha256: sha, name: 'x', version: 3, parent, csv } as const;
    expect(validateDatasetRef(later)).toEqual({ ok: true, value: later });
    const first = validateDatasetRef({ kind: 'local', sha256: sha, name: 'x' });
    expect(first.ok && 'version' in first.value).toBe(false);
  });

  it('keeps only the known fields of each kind', () => {
    const local = validateDatasetRef({
      kind: 'local',
      sha256: sha,
      name: 'x',
      extra: 1,
      limit: 50,
    });
    expect(local).toEqual({
      ok: true,
      value: { kind: 'local', sha256: sha, name: 'x', limit: 50 },
    });
    const csv = { header: 'present', target: 0, task: 'classification' } as const;
    const imported = validateDatasetRef({ kind: 'local', sha256: sha, name: 'x', csv });
    expect(imported).toEqual({ ok: true, value: { kind: 'local', sha256: sha, name: 'x', csv } });
    const shipped = validateDatasetRef({ kind: 'shipped', name: 'mnist-10k', __proto__: { a: 1 } });
    expect(shipped).toEqual({ ok: true, value: { kind: 'shipped', name: 'mnist-10k' } });
    const builtin = validateDatasetRef({
      kind: 'builtin',
      generator: 'spiral',
      params: { size: 100, noise: 0.1 },
      seed: 3,
    });
    expect(builtin.ok && builtin.value).toMatchObject({ kind: 'builtin', generator: 'spiral' });
  });

  it('accepts a dataset to download, pinned file by file, keeping only its known fields', () => {
    const idx = {
      kind: 'url',
      name: 'Fashion-MNIST',
      format: 'idx',
      files: [
        { url: 'https://example.org/images.gz', sha256: sha, mirror: 'x' },
        { url: 'http://localhost:4173/labels.gz', sha256: 'b'.repeat(64) },
      ],
      classNames: ['T-shirt', 'Trouser'],
      limit: 100,
      extra: true,
    };
    expect(validateDatasetRef(idx)).toEqual({
      ok: true,
      value: {
        kind: 'url',
        name: 'Fashion-MNIST',
        format: 'idx',
        files: [
          { url: 'https://example.org/images.gz', sha256: sha },
          { url: 'http://localhost:4173/labels.gz', sha256: 'b'.repeat(64) },
        ],
        classNames: ['T-shirt', 'Trouser'],
        limit: 100,
      },
    });
    expect(validateDatasetRef({ ...urlRef, target: 'species' })).toEqual({
      ok: true,
      value: { ...urlRef, target: 'species' },
    });
  });

  it('accepts a small CSV carried inline with its import settings', () => {
    expect(validateDatasetRef(inlineRef)).toEqual({ ok: true, value: inlineRef });
    const full = { ...inlineRef, header: 'present', target: 0, task: 'regression', limit: 1 };
    expect(validateDatasetRef({ ...full, note: 'kept out' })).toEqual({ ok: true, value: full });
  });

  it.each([
    [null, /missing/],
    [{ kind: 'remote' }, /Unknown kind/],
    [{ kind: 'shipped', name: 'cifar' }, /no shipped dataset/],
    [{ kind: 'local', sha256: 'abc', name: 'x' }, /SHA-256/],
    [{ kind: 'local', sha256: sha, name: 'x', limit: 0 }, /at least 1/],
    [{ kind: 'local', sha256: sha, name: 'x', version: 2 }, /parent version must be named/],
    [{ kind: 'local', sha256: sha, name: 'x', version: 1, parent: sha }, /from 2/],
    [{ kind: 'local', sha256: sha, name: 'x', parent: sha }, /from 2/],
    [{ kind: 'local', sha256: sha, name: 'x', version: 2, parent: 'abc' }, /SHA-256/],
    [{ kind: 'local', sha256: sha, name: 'x', csv: 'yes' }, /CSV choices must be an object/],
    [{ kind: 'local', sha256: sha, name: 'x', csv: { target: 1 } }, /header, target column/],
    [
      { kind: 'local', sha256: sha, name: 'x', csv: { header: 'auto', target: -1, task: 'auto' } },
      /column number/,
    ],
    [{ kind: 'shipped', name: 'iris', limit: 1.5 }, /whole number/],
    [{ kind: 'shipped', name: 'iris', limit: '10' }, /whole number/],
    [{ ...urlRef, name: '' }, /needs a name/],
    [{ ...urlRef, format: 'tar' }, /format must be one of/],
    [{ ...urlRef, format: 'idx' }, /from 2 files:/],
    [{ ...urlRef, files: [{ ...csvFile, url: 'http://example.org/iris.csv' }] }, /plain http/],
    [{ ...urlRef, files: [{ ...csvFile, url: 'file:///etc/passwd' }] }, /not file: ones/],
    [{ ...urlRef, files: [{ ...csvFile, url: 'data:text/csv,a,b' }] }, /not data: ones/],
    [{ ...urlRef, files: [{ ...csvFile, url: 'not a url' }] }, /not a web address/],
    [{ ...urlRef, files: [{ url: csvFile.url }] }, /SHA-256/],
    [{ ...urlRef, files: [{ ...csvFile, sha256: sha.toUpperCase() }] }, /SHA-256/],
    [{ ...urlRef, files: 'x' }, /from 1 file/],
    [{ ...urlRef, format: 'image-zip', target: 'y' }, /Only a CSV/],
    [{ ...urlRef, classNames: [] }, /Class names/],
    [{ ...urlRef, classNames: [1] }, /Class names/],
    [{ ...urlRef, limit: -1 }, /at least 1/],
    [{ ...inlineRef, name: 5 }, /needs a name/],
    [{ ...inlineRef, csv: '' }, /CSV text/],
    [{ ...inlineRef, csv: 'x'.repeat(MAX_INLINE_CSV_CHARS + 1) }, /share bigger data by URL/],
    [{ ...inlineRef, header: 'yes' }, /header setting/],
    [{ ...inlineRef, target: -1 }, /column number/],
    [{ ...inlineRef, target: 1.5 }, /column number/],
    [{ ...inlineRef, target: 1000 }, /at most 1000 columns/],
    [{ ...inlineRef, task: 'clustering' }, /task must be one of/],
  ])('refuses %j with a message', (ref, message) => {
    const result = validateDatasetRef(ref);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(message);
  });
});
