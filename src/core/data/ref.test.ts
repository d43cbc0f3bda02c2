import { describe, expect, it } from 'vitest';
import { validateDatasetRef } from './ref';

const sha = 'a'.repeat(64);

describe('validateDatasetRef', () => {
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

  it.each([
    [null, /missing/],
    [{ kind: 'url' }, /Unknown kind/],
    [{ kind: 'shipped', name: 'cifar' }, /no shipped dataset/],
    [{ kind: 'local', sha256: 'abc', name: 'x' }, /SHA-256/],
    [{ kind: 'local', sha256: sha, name: 'x', limit: 0 }, /at least 1/],
    [{ kind: 'shipped', name: 'iris', limit: 1.5 }, /whole number/],
    [{ kind: 'shipped', name: 'iris', limit: '10' }, /whole number/],
  ])('refuses %j with a message', (ref, message) => {
    const result = validateDatasetRef(ref);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(message);
  });
});
