import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { BundleError } from '../errors';
import { BUNDLE_JSON_LIMITS, parseJsonSafely, type JsonLimits } from './json-limits';
import { allowedJson } from './test-json';

const small: JsonLimits = { maxBytes: 1000, maxDepth: 4, maxArrayLength: 3, maxKeys: 2 };

const reasonOf = (text: string, limits = BUNDLE_JSON_LIMITS) => {
  const result = parseJsonSafely(text, limits);
  return result.ok ? 'ok' : result.error.reason;
};

describe('parseJsonSafely', () => {
  it('parses JSON within the limits', () => {
    const result = parseJsonSafely('{"a":[1,2,{"b":"x,y]}"}],"c":null}', small);
    expect(result).toEqual({ ok: true, value: { a: [1, 2, { b: 'x,y]}' }], c: null } });
  });

  it('refuses 100k-deep nesting quickly and without a stack overflow', () => {
    const start = performance.now();
    const result = parseJsonSafely('['.repeat(100_000) + ']'.repeat(100_000), BUNDLE_JSON_LIMITS);
    expect(performance.now() - start).toBeLessThan(500);
    expect(!result.ok && result.error).toBeInstanceOf(BundleError);
    expect(!result.ok && result.error.reason).toBe('json-too-deep');
    expect(!result.ok && result.error.message).toContain('64 levels');
  });

  it('counts depth of objects and arrays alike, and the top level as 1', () => {
    expect(reasonOf('[{"a":[{}]}]', small)).toBe('ok');
    expect(reasonOf('[{"a":[{"b":[]}]}]', small)).toBe('json-too-deep');
  });

  it('refuses a 10M-element array before parsing it', () => {
    const text = `[${'0,'.repeat(10_000_000 - 1)}0]`;
    const start = performance.now();
    const result = parseJsonSafely(text, BUNDLE_JSON_LIMITS);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(!result.ok && result.error.reason).toBe('json-array-too-long');
    expect(!result.ok && result.error.message).toContain('1,000,000 items');
  });

  it('counts items and keys per container, ignoring commas inside strings', () => {
    expect(reasonOf('[1,2,3]', small)).toBe('ok');
    expect(reasonOf('[1,2,3,4]', small)).toBe('json-array-too-long');
    expect(reasonOf('[[1,2,3],[1,2,3],["a,b,c,d,e"]]', small)).toBe('ok');
    expect(reasonOf('{"a":1,"b":[1,2,3]}', small)).toBe('ok');
    expect(reasonOf('{"a":1,"b":2,"c":3}', small)).toBe('json-too-many-keys');
    expect(reasonOf('{"a\\",\\"b":1,"c":"\\\\"}', small)).toBe('ok');
  });

  it('does not take brackets inside strings, escaped quotes included, as nesting', () => {
    expect(reasonOf('["\\"[[[[[[[[", "]]]]{{{{"]', small)).toBe('ok');
  });

  it('refuses text over the byte limit, counting UTF-8 bytes', () => {
    const limits = { ...small, maxBytes: 10 };
    expect(reasonOf('"abcdefgh"', limits)).toBe('ok');
    expect(reasonOf('"abcdefghi"', limits)).toBe('json-too-large');
    expect(reasonOf('"ééééé"', limits)).toBe('json-too-large');
    expect(reasonOf('"😀😀"', limits)).toBe('ok');
  });

  it('refuses __proto__, constructor and prototype keys at any depth, escaped or not', () => {
    for (const text of [
      '{"__proto__":{"polluted":true}}',
      '{"a":[{"constructor":{"prototype":{}}}]}',
      '{"prototype":1}',
      '{"\\u005f_proto__":1}',
    ]) {
      const result = parseJsonSafely(text, BUNDLE_JSON_LIMITS);
      expect(!result.ok && result.error.reason).toBe('json-forbidden-key');
    }
    const result = parseJsonSafely('{"__proto__":{"polluted":true}}', BUNDLE_JSON_LIMITS);
    expect(!result.ok && result.error.message).toContain('"__proto__"');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('lets the forbidden names through as string values', () => {
    expect(reasonOf('["__proto__",{"a":"constructor"}]')).toBe('ok');
  });

  it('refuses text that is not JSON, saying so', () => {
    for (const text of ['', '{', '[1,]', "{'a':1}", 'NaN', '{"a":1}}']) {
      expect(reasonOf(text)).toBe('bad-json');
    }
  });

  it('leaves lone surrogates and NUL in strings to the schema', () => {
    const result = parseJsonSafely('{"title":"a\\ud800b\\u0000"}', BUNDLE_JSON_LIMITS);
    expect(result).toEqual({ ok: true, value: { title: 'a\ud800b\u0000' } });
  });

  it('returns what JSON.parse returns for any JSON without forbidden keys', () => {
    fc.assert(
      fc.property(allowedJson(5), (text) => {
        const result = parseJsonSafely(text, BUNDLE_JSON_LIMITS);
        expect(result).toEqual({ ok: true, value: JSON.parse(text) });
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on random text, __proto__-style keys included, and never yields those keys', () => {
    const key = fc.constantFrom('__proto__', 'constructor', 'prototype', 'a', '');
    const value = fc.letrec<{ v: unknown }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.integer(),
        fc.string(),
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(key, tie('v'), { maxKeys: 4 }),
      ),
    })).v;
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: fc.constantFrom(...'[]{}",:\\0a ') }),
      value.map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(text, (t) => {
        const result = parseJsonSafely(t, small);
        if (result.ok) {
          expect(JSON.stringify(result.value)).not.toMatch(/"(__proto__|constructor|prototype)":/);
        } else {
          expect(result.error).toBeInstanceOf(BundleError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
