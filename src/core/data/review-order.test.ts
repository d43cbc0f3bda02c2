import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { certainty, reviewOrder, SURE, type ReviewedExamples } from './review-order';

const examplesOf = (
  items: readonly (readonly [actual: number, predicted: number, confidence: number])[],
): ReviewedExamples => ({
  actual: Int32Array.from(items, ([a]) => a),
  predicted: Int32Array.from(items, ([, p]) => p),
  confidence: Float32Array.from(items, ([, , c]) => c),
});

describe('certainty', () => {
  it('is 0 for a guess and 1 for certain, whatever the number of classes', () => {
    expect(certainty(0.5, 2)).toBe(0);
    expect(certainty(0.1, 10)).toBeCloseTo(0);
    expect(certainty(1, 2)).toBe(1);
    expect(certainty(1, 10)).toBe(1);
    expect(certainty(0.75, 2)).toBeCloseTo(0.5);
    expect(certainty(0.05, 10)).toBe(0);
  });
});

describe('reviewOrder', () => {
  it('puts confident mistakes first, then the least sure, and leaves out sure right answers', () => {
    const examples = examplesOf([
      [0, 0, 0.99], // 0: right and sure: left out
      [0, 1, 0.6], // 1: wrong, unsure (certainty 0.2)
      [1, 0, 0.98], // 2: wrong and sure: a likely label error
      [1, 1, 0.55], // 3: right but unsure (certainty 0.1)
      [2, 1, 0.9], // 4: wrong and sure, less than 2
      [2, 2, 0.6], // 5: right, as unsure as 1
    ]);
    expect(reviewOrder(examples, 2)).toEqual([2, 4, 3, 1, 5]);
  });

  it('judges "sure" against chance: 0.5 is a guess for 2 classes, not for 10', () => {
    const examples = examplesOf([[0, 1, 0.6]]);
    expect(reviewOrder(examples, 2)).toEqual([0]);
    // For ten classes 0.6 is well above chance (0.1): still wrong, so reviewed, and first.
    expect(
      reviewOrder(
        examplesOf([
          [0, 1, 0.6],
          [1, 1, 0.3],
        ]),
        10,
      ),
    ).toEqual([0, 1]);
  });

  it('lists each reviewed example once, in the order its rule says', () => {
    const items = fc.array(
      fc.tuple(fc.nat(3), fc.nat(3), fc.float({ min: 0, max: 1, noNaN: true })),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(items, fc.integer({ min: 2, max: 10 }), (list, classes) => {
        const order = reviewOrder(examplesOf(list), classes);
        expect(new Set(order).size).toBe(order.length);
        const confidence = Float32Array.from(list, ([, , c]) => c);
        const sure = (i: number) => certainty(confidence[i]!, classes);
        const wrong = (i: number) => list[i]![0] !== list[i]![1];
        const expected = list.map((_, i) => i).filter((i) => wrong(i) || sure(i) < SURE);
        expect([...order].sort((a, b) => a - b)).toEqual(expected);
        const errors = order.filter((i) => wrong(i) && sure(i) >= SURE);
        expect(order.slice(0, errors.length)).toEqual(errors);
        for (let k = 1; k < errors.length; k++) {
          expect(sure(errors[k - 1]!)).toBeGreaterThanOrEqual(sure(errors[k]!));
        }
        const rest = order.slice(errors.length);
        for (let k = 1; k < rest.length; k++) {
          expect(sure(rest[k - 1]!)).toBeLessThanOrEqual(sure(rest[k]!));
        }
      }),
    );
  });
});
