import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellExamples, percent, predictionOrder, topClasses, type Examples } from './examples';

const examplesOf = (
  items: [actual: number, predicted: number, confidence: number][],
): Examples => ({
  rows: Int32Array.from(items, (_, i) => 100 + i),
  actual: Int32Array.from(items, ([a]) => a),
  predicted: Int32Array.from(items, ([, p]) => p),
  confidence: Float32Array.from(items, ([, , c]) => c),
});

const itemsArb = fc.array(
  fc.tuple(fc.nat(3), fc.nat(3), fc.float({ min: 0, max: 1, noNaN: true })),
  { maxLength: 40 },
);

describe('predictionOrder', () => {
  it('lists every example once, misclassified first by falling confidence, then correct by rising', () => {
    fc.assert(
      fc.property(itemsArb, (items) => {
        const examples = examplesOf(items);
        const order = predictionOrder(examples);
        expect([...order].sort((a, b) => a - b)).toEqual(items.map((_, i) => i));
        const wrong = order.filter((i) => items[i]![0] !== items[i]![1]);
        expect(order.slice(0, wrong.length)).toEqual(wrong);
        const conf = (i: number) => examples.confidence[i]!;
        for (let k = 1; k < wrong.length; k++) {
          expect(conf(wrong[k - 1]!)).toBeGreaterThanOrEqual(conf(wrong[k]!));
        }
        const right = order.slice(wrong.length);
        for (let k = 1; k < right.length; k++) {
          expect(conf(right[k - 1]!)).toBeLessThanOrEqual(conf(right[k]!));
        }
      }),
    );
  });

  it('puts a confident mistake before a hesitant one and before any correct answer', () => {
    const order = predictionOrder(
      examplesOf([
        [0, 0, 0.6],
        [1, 0, 0.55],
        [2, 1, 0.99],
        [1, 1, 0.9],
      ]),
    );
    expect(order).toEqual([2, 1, 0, 3]);
  });
});

describe('cellExamples', () => {
  it('gives the examples with that actual and predicted class, most confident first', () => {
    const examples = examplesOf([
      [1, 2, 0.4],
      [1, 2, 0.8],
      [2, 1, 0.9],
      [1, 1, 0.7],
    ]);
    expect(cellExamples(examples, 1, 2)).toEqual([1, 0]);
    expect(cellExamples(examples, 0, 0)).toEqual([]);
  });

  it('splits the examples between the cells with none left out', () => {
    fc.assert(
      fc.property(itemsArb, (items) => {
        const examples = examplesOf(items);
        let total = 0;
        for (let a = 0; a < 4; a++)
          for (let p = 0; p < 4; p++) total += cellExamples(examples, a, p).length;
        expect(total).toBe(items.length);
      }),
    );
  });
});

describe('topClasses', () => {
  it('names the most probable classes first', () => {
    expect(topClasses(Float32Array.of(0.1, 0.7, 0.2), ['cat', 'dog', 'fish'], 2)).toEqual([
      { name: 'dog', probability: expect.closeTo(0.7, 6) as number },
      { name: 'fish', probability: expect.closeTo(0.2, 6) as number },
    ]);
  });

  it('falls back to the class index when a name is missing', () => {
    expect(topClasses(Float32Array.of(0.2, 0.8), [], 1)).toEqual([
      { name: '1', probability: expect.closeTo(0.8, 6) as number },
    ]);
  });
});

describe('percent', () => {
  it('rounds, and never shows a small probability as 0%', () => {
    expect(percent(0.974)).toBe('97%');
    expect(percent(0.001)).toBe('<1%');
    expect(percent(0)).toBe('0%');
  });
});
