import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidDatasetError } from '../errors';
import {
  GENERATORS,
  type BuiltinDatasetRef,
  type ClassificationDataset,
  type GeneratorName,
  type RegressionDataset,
} from './dataset';

type Points = ClassificationDataset | RegressionDataset;
import { DATASET_LIMITS, GENERATOR_INFO, generate } from './generators';

const ref = (
  generator: GeneratorName,
  size = 200,
  noise = 0.1,
  seed = 1,
  classes?: number,
): BuiltinDatasetRef => ({
  kind: 'builtin',
  generator,
  params: classes === undefined ? { size, noise } : { size, noise, classes },
  seed,
});

const build = (r: BuiltinDatasetRef): Points => {
  const result = generate(r);
  if (!result.ok) throw result.error;
  return result.value;
};

const bytes = (d: Points): number[] => [
  ...new Uint8Array(d.x.buffer),
  ...new Uint8Array(d.task === 'classification' ? d.labels.buffer : d.targets.buffer),
];

const classCounts = (d: Points): number[] => {
  if (d.task !== 'classification') throw new Error('not classification');
  const counts = new Array<number>(d.numClasses).fill(0);
  for (const label of d.labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
};

const anyGenerator = fc.constantFrom(...GENERATORS);
const anySize = fc.integer({ min: DATASET_LIMITS.minSize, max: 400 });
const anyNoise = fc.double({ min: 0, max: DATASET_LIMITS.maxNoise, noNaN: true });
const anySeed = fc.integer({ min: 0, max: 2 ** 32 - 1 });

describe('generate', () => {
  it('is byte-identical for the same ref and differs across seeds, for every generator', () => {
    // From 20 rows up, two seeds sharing a whole permutation (possible at 4 rows) is negligible.
    const largeSize = fc.integer({ min: 20, max: 400 });
    fc.assert(
      fc.property(anyGenerator, largeSize, anyNoise, anySeed, (generator, size, noise, seed) => {
        const a = build(ref(generator, size, noise, seed));
        expect(bytes(build(ref(generator, size, noise, seed)))).toEqual(bytes(a));
        const other = build(ref(generator, size, noise, (seed + 1) >>> 0));
        expect(bytes(other)).not.toEqual(bytes(a));
      }),
      { numRuns: 60 },
    );
  });

  it('gives the right shapes, lengths, label ranges and balanced classes', () => {
    fc.assert(
      fc.property(anyGenerator, anySize, anyNoise, anySeed, (generator, size, noise, seed) => {
        const info = GENERATOR_INFO[generator];
        const classes = info.classesEditable
          ? info.minClasses + (seed % (info.maxClasses - info.minClasses + 1))
          : undefined;
        const d = build(ref(generator, size, noise, seed, classes));
        expect(d.n).toBe(size);
        expect(d.task).toBe(info.task);
        expect(d.x.every(Number.isFinite)).toBe(true);
        if (d.task === 'regression') {
          expect(d.inputShape).toEqual([1]);
          expect(d.x).toHaveLength(size);
          expect(d.targets).toHaveLength(size);
          expect(d.targets.every(Number.isFinite)).toBe(true);
          return;
        }
        expect(d.inputShape).toEqual([2]);
        expect(d.x).toHaveLength(size * 2);
        expect(d.labels).toHaveLength(size);
        expect(d.numClasses).toBe(classes ?? info.defaultClasses);
        expect(d.labels.every((l) => l >= 0 && l < d.numClasses)).toBe(true);
        const counts = classCounts(d);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 100 },
    );
  });

  it.each(GENERATORS)('%s keeps clean data inside [-1, 1]', (generator) => {
    const d = build(ref(generator, 2000, 0, 5, GENERATOR_INFO[generator].maxClasses));
    expect(d.x.every((v) => Math.abs(v) <= 1)).toBe(true);
    if (d.task === 'regression') {
      const exact = d.targets.every(
        (t, i) => Math.abs(t - Math.sin(Math.PI * (d.x[i] ?? 0))) < 1e-6,
      );
      expect(exact).toBe(true);
    }
  });

  it('mixes the classes, so a contiguous slice is not one class', () => {
    for (const generator of GENERATORS.filter((g) => GENERATOR_INFO[g].task !== 'regression')) {
      const d = build(ref(generator, 400));
      if (d.task !== 'classification') throw new Error('not classification');
      const head = classCounts({ ...d, labels: d.labels.slice(0, 100) });
      expect(Math.min(...head)).toBeGreaterThan(20);
    }
  });

  it('separates the clean classes as each generator promises', () => {
    const circles = build(ref('circles', 400, 0));
    const xor = build(ref('xor', 400, 0));
    if (circles.task !== 'classification' || xor.task !== 'classification') throw new Error();
    circles.labels.forEach((label, i) => {
      const r = Math.hypot(circles.x[2 * i] ?? 0, circles.x[2 * i + 1] ?? 0);
      expect(label === 0 ? r <= 0.5 : r >= 0.7).toBe(true);
    });
    xor.labels.forEach((label, i) => {
      const same = Math.sign(xor.x[2 * i] ?? 0) === Math.sign(xor.x[2 * i + 1] ?? 0);
      expect(label).toBe(same ? 0 : 1);
    });
  });

  it('adds noise of the requested size', () => {
    const clean = build(ref('sine', 5000, 0, 9));
    const noisy = build(ref('sine', 5000, 0.3, 9));
    if (clean.task !== 'regression' || noisy.task !== 'regression') throw new Error();
    let sq = 0;
    noisy.targets.forEach((t, i) => {
      sq += (t - Math.sin(Math.PI * (noisy.x[i] ?? 0))) ** 2;
    });
    expect(Math.sqrt(sq / 5000)).toBeCloseTo(0.3, 1);
  });
});

describe('generate with bad params', () => {
  const bad: [string, unknown][] = [
    ['unknown generator', { ...ref('spiral'), generator: 'swirl' }],
    ['generator not a string', { ...ref('spiral'), generator: 3 }],
    ['not builtin', { ...ref('spiral'), kind: 'url' }],
    ['null ref', null],
    ['params missing', { kind: 'builtin', generator: 'spiral', seed: 1 }],
    ['params null', { ...ref('spiral'), params: null }],
    ['size too small', ref('spiral', 3)],
    ['size too large', ref('spiral', 100_001)],
    ['size fractional', ref('spiral', 10.5)],
    ['size NaN', ref('spiral', NaN)],
    ['size a string', { ...ref('spiral'), params: { size: '100', noise: 0.1 } }],
    ['noise negative', ref('moons', 100, -0.1)],
    ['noise too large', ref('moons', 100, 2.01)],
    ['noise NaN', ref('moons', 100, NaN)],
    ['noise infinite', ref('moons', 100, Infinity)],
    ['spiral classes too few', ref('spiral', 100, 0.1, 1, 1)],
    ['spiral classes too many', ref('spiral', 100, 0.1, 1, 7)],
    ['gaussian classes too many', ref('gaussian', 100, 0.1, 1, 9)],
    ['classes fractional', ref('gaussian', 100, 0.1, 1, 2.5)],
    ['classes a string', { ...ref('gaussian'), params: { size: 100, noise: 0, classes: '3' } }],
    ['seed NaN', ref('xor', 100, 0.1, NaN)],
    ['seed infinite', ref('xor', 100, 0.1, -Infinity)],
    ['seed a string', { ...ref('xor'), seed: '1' }],
  ];

  it.each(bad)('%s gives an invalid-dataset error', (_name, input) => {
    const result = generate(input as BuiltinDatasetRef);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(InvalidDatasetError);
    expect(result.error.code).toBe('invalid-dataset');
    expect(result.error.message.length).toBeGreaterThan(10);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const result = generate(input as BuiltinDatasetRef);
        if (!result.ok) expect(result.error.code).toBe('invalid-dataset');
      }),
    );
    fc.assert(
      fc.property(
        anyGenerator,
        fc.oneof(fc.double(), fc.integer({ min: -10, max: 200_000 })),
        fc.double(),
        fc.oneof(fc.double(), fc.integer({ min: -2, max: 12 }), fc.constant(undefined)),
        fc.double(),
        (generator, size, noise, classes, seed) => {
          const result = generate({
            kind: 'builtin',
            generator,
            params: { size: Math.min(size, 5000), noise, classes },
            seed,
          });
          if (!result.ok) expect(result.error.code).toBe('invalid-dataset');
        },
      ),
    );
  });

  it('names the problem in the message', () => {
    const message = (input: BuiltinDatasetRef) => {
      const result = generate(input);
      return result.ok ? '' : result.error.message;
    };
    expect(message({ ...ref('spiral'), generator: 'swirl' as GeneratorName })).toMatch(/swirl/);
    expect(message(ref('spiral', 3))).toMatch(/size.*4 to 100000/);
    expect(message(ref('spiral', 100, 0.1, 1, 9))).toMatch(/Spiral.*2 to 6/);
  });

  it('ignores classes for generators with a fixed class count', () => {
    const d = build(ref('circles', 100, 0.1, 1, 5));
    expect(d.task === 'classification' && d.numClasses).toBe(2);
    expect(bytes(d)).toEqual(bytes(build(ref('circles', 100, 0.1, 1))));
  });
});
