import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, shuffledIndices } from './rng';

const draw = (seed: number, count: number): number[] => {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => rng.next());
};

describe('createRng', () => {
  it('replays the same stream for the same seed', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        expect(draw(seed, 20)).toEqual(draw(seed, 20));
      }),
    );
  });

  it('gives unrelated streams for neighbouring seeds', () => {
    const a = draw(1, 1000);
    const b = draw(2, 1000);
    expect(a.filter((v, i) => v === b[i])).toHaveLength(0);
    const mean = a.reduce((s, v, i) => s + (v - 0.5) * ((b[i] as number) - 0.5), 0) / a.length;
    expect(Math.abs(mean / (1 / 12))).toBeLessThan(0.1);
  });

  it('coerces any finite seed to a uint32', () => {
    expect(draw(7.9, 5)).toEqual(draw(7, 5));
    expect(draw(-1, 5)).toEqual(draw(2 ** 32 - 1, 5));
    expect(draw(2 ** 32 + 3, 5)).toEqual(draw(3, 5));
  });

  it('keeps next, int and normal in range', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 1000 }), (seed, n) => {
        const rng = createRng(seed);
        for (let i = 0; i < 50; i++) {
          const u = rng.next();
          expect(u >= 0 && u < 1).toBe(true);
          const k = rng.int(n);
          expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
          expect(Number.isFinite(rng.normal())).toBe(true);
        }
      }),
    );
  });

  it('draws roughly uniform and standard normal values', () => {
    const rng = createRng(42);
    const count = 20_000;
    const uniform = Array.from({ length: count }, () => rng.next());
    const normal = Array.from({ length: count }, () => rng.normal());
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(uniform)).toBeCloseTo(0.5, 1);
    expect(mean(normal)).toBeCloseTo(0, 1);
    expect(mean(normal.map((v) => v * v))).toBeCloseTo(1, 1);
  });
});

describe('deriveSeed', () => {
  it('is a deterministic uint32 that changes with the seed and every salt', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.nat(), { maxLength: 3 }), (seed, salts) => {
        const derived = deriveSeed(seed, ...salts);
        expect(derived).toBe(deriveSeed(seed, ...salts));
        expect(Number.isInteger(derived) && derived >= 0 && derived < 2 ** 32).toBe(true);
      }),
    );
    expect(deriveSeed(1, 0)).not.toBe(deriveSeed(1, 1));
    expect(deriveSeed(1, 0)).not.toBe(deriveSeed(2, 0));
    expect(deriveSeed(1, 0, 1)).not.toBe(deriveSeed(1, 1, 0));
    expect(deriveSeed(1, 5)).not.toBe(deriveSeed(1, 5, 0));
  });
});

describe('shuffledIndices', () => {
  it('is a permutation of 0..n-1, the same for the same seed', () => {
    fc.assert(
      fc.property(fc.nat({ max: 500 }), fc.integer(), (n, seed) => {
        const perm = shuffledIndices(n, createRng(seed));
        expect(perm).toHaveLength(n);
        expect([...perm].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        expect(shuffledIndices(n, createRng(seed))).toEqual(perm);
      }),
    );
  });

  it('moves elements', () => {
    const perm = shuffledIndices(100, createRng(3));
    expect([...perm].filter((v, i) => v === i).length).toBeLessThan(10);
  });
});
