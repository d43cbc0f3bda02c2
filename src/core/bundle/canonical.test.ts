import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BundleError } from '../errors';
import { canonicalJson, JSON_LIMITS, textFault, toJsonValue } from './canonical';

/** JSON values with keys that tempt prototype lookups; -0 becomes 0, as JSON writes it. */
const keyArb = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', 'a', 'B', 'é', '😀', '\uFF61', '10', '9'),
  fc.string({ maxLength: 8 }),
);
const jsonArb = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x + 0),
    fc.string({ unit: 'grapheme', maxLength: 10 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(keyArb, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** The same value with every object's keys inserted in another order. */
function reorder(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((item) => reorder(item, seed));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const shuffled = entries.map((entry, i) => ({ entry, rank: (i * 7919 + seed) % 101 }));
  shuffled.sort((a, b) => a.rank - b.rank);
  const out = {};
  for (const { entry } of shuffled) {
    Object.defineProperty(out, entry[0], {
      value: reorder(entry[1], seed),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

const nested = (depth: number, leaf: unknown, wrap: (inner: unknown) => unknown) => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
};

describe('canonicalJson', () => {
  it('sorts keys by UTF-16 code units and writes no whitespace', () => {
    const text = canonicalJson({
      b: 1,
      a: [true, null, 'x'],
      B: { d: 2, c: 1.5 },
      '\uFF61': 0,
      '😀': 0,
      10: 1,
      9: 2,
    });
    // '😀' starts with the surrogate \uD83D, so it sorts before \uFF61 (by code point it would not).
    expect(text).toBe('{"10":1,"9":2,"B":{"c":1.5,"d":2},"a":[true,null,"x"],"b":1,"😀":0,"｡":0}');
  });

  it('writes numbers and strings as JSON.stringify does, lone surrogates escaped', () => {
    for (const n of [0, -0, 1e21, 1e-7, 0.1 + 0.2, -5e-324, Number.MAX_VALUE]) {
      expect(canonicalJson(n)).toBe(JSON.stringify(n));
    }
    expect(canonicalJson('a"\\\n\u2028\uD800')).toBe(JSON.stringify('a"\\\n\u2028\uD800'));
    expect(canonicalJson('\uD800')).toBe('"\\ud800"');
  });

  it('leaves out undefined properties and keeps an own __proto__ key as data', () => {
    const value = JSON.parse('{"__proto__":{"x":1},"a":1}') as object;
    expect(canonicalJson({ ...value, gone: undefined })).toBe('{"__proto__":{"x":1},"a":1}');
  });

  it.each([
    [NaN],
    [Infinity],
    [-Infinity],
    [[1, undefined]],
    [() => 1],
    [10n],
    [Symbol('s')],
    [new Date(0)],
    [new Map()],
    [new Uint8Array(2)],
  ])('refuses %s, which JSON cannot hold', (value) => {
    expect(() => canonicalJson({ a: [value] })).toThrow(BundleError);
  });

  it('refuses cycles by their depth instead of overflowing the stack', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => canonicalJson(cycle)).toThrow(/levels of nesting/);
  });

  it('parses back to the same value, whatever order the keys were written in', () => {
    fc.assert(
      fc.property(jsonArb, fc.nat(), (value, seed) => {
        const text = canonicalJson(value);
        expect(canonicalJson(reorder(value, seed))).toBe(text);
        expect(JSON.parse(text)).toEqual(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});

describe('textFault', () => {
  it('accepts well-formed text and names NUL and lone surrogates', () => {
    expect(textFault('Spirals 😀 — ok')).toBeNull();
    expect(textFault('a\u0000b')).toMatch(/NUL/);
    expect(textFault('a\uD83D')).toMatch(/lone surrogate/);
    expect(textFault('\uDE00a')).toMatch(/lone surrogate/);
  });
});

describe('toJsonValue', () => {
  const refused = (input: unknown) => {
    const result = toJsonValue(input);
    expect(result.ok).toBe(false);
    return result.ok ? null : result.error;
  };

  it('copies JSON into fresh objects, leaving undefined properties out', () => {
    const input = { a: [1, 'x', { b: null }], c: undefined };
    const result = toJsonValue(input);
    expect(result).toEqual({ ok: true, value: { a: [1, 'x', { b: null }] } });
    expect(result.ok && result.value).not.toBe(input);
    expect(result.ok && Object.hasOwn(result.value as object, 'c')).toBe(false);
  });

  it('is the identity on arbitrary JSON without refused keys', () => {
    const clean = jsonArb.filter((v) => !/"(__proto__|constructor)":/.test(canonicalJson(v)));
    fc.assert(
      fc.property(clean, (value) => {
        expect(toJsonValue(value)).toEqual({ ok: true, value });
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['__proto__', JSON.parse('{"a":{"__proto__":{"polluted":true}}}')],
    ['constructor', { a: [{ constructor: { prototype: 1 } }] }],
    ['prototype', { prototype: 1 }],
  ])('refuses a %s key wherever it is, naming where', (key, input) => {
    const error = refused(input);
    expect(error?.reason).toBe('forbidden-key');
    expect(error?.message).toContain(key);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses 100k-deep nesting of lists and of objects without overflowing the stack', () => {
    const depth = 100_000;
    const lists = JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown;
    expect(refused(lists)?.reason).toBe('too-deep');
    expect(refused(nested(depth, 1, (inner) => ({ a: inner })))?.reason).toBe('too-deep');
    expect(refused(nested(JSON_LIMITS.depth + 1, 1, (inner) => [inner]))?.reason).toBe('too-deep');
    expect(toJsonValue(nested(JSON_LIMITS.depth, 1, (inner) => [inner])).ok).toBe(true);
  });

  it('refuses a 10M-item list by its length, and shared subtrees by their total size', () => {
    const big = new Array<number>(10_000_000).fill(0);
    const started = performance.now();
    expect(refused({ data: big })?.reason).toBe('too-large');
    expect(performance.now() - started).toBeLessThan(1000);
    // 2^40 values if walked naively; refused after the node limit.
    const shared = nested(40, 0, (inner) => [inner, inner]);
    expect(refused(shared)?.message).toMatch(/values a bundle may hold/);
  });

  it('refuses cycles, holes, getters, symbols and class instances, calling no getter', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(refused(cycle)?.reason).toBe('too-deep');
    const holey = [1];
    holey[2] = 3;
    expect(refused(holey)?.message).toMatch(/missing item at position 2/);
    let calls = 0;
    const getter = {
      get title() {
        calls++;
        return 'x';
      },
    };
    expect(refused(getter)?.message).toMatch(/computed property/);
    expect(calls).toBe(0);
    expect(refused({ [Symbol('s')]: 1 })?.message).toMatch(/symbol key/);
    for (const value of [
      new Date(0),
      new Map(),
      new Uint8Array(1),
      /x/,
      new (class Point {
        constructor(readonly x: number) {}
      })(1),
    ]) {
      expect(refused({ value })?.message).toMatch(/value is not a plain object/);
    }
    for (const value of [NaN, Infinity, 1n, () => 1, Symbol('s')]) {
      expect(refused({ a: [value] })?.reason).toBe('not-json');
    }
    expect(refused(undefined)?.reason).toBe('not-json');
  });

  it('refuses NUL and lone surrogates in text and in keys', () => {
    expect(refused({ notebook: { title: 'a\u0000' } })?.message).toMatch(
      /notebook\.title contains a NUL/,
    );
    expect(refused({ t: '\uD800' })?.reason).toBe('bad-text');
    expect(refused({ ['k\uDC00']: 1 })?.message).toMatch(/is a key that contains a lone surrogate/);
  });

  it('turns a throwing Proxy into an error', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('boom');
        },
      },
    );
    expect(refused({ a: hostile })?.reason).toBe('not-json');
  });
});
