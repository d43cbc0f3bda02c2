import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PackedDataset } from '../packed';
import { diffDatasets } from './diff';
import { appendExamples, applyEdits } from './edit';

/** Points, one [x, 0] per value, with their classes. */
function points(xs: number[], labels: number[], classNames = ['a', 'b', 'c']): PackedDataset {
  return {
    header: {
      name: 'drawn',
      kind: 'points',
      task: 'classification',
      count: xs.length,
      inputShape: [2],
      xType: 'float32',
      classNames,
      featureNames: ['x', 'y'],
    },
    x: Float32Array.from(xs.flatMap((x) => [x, 0])),
    y: Uint16Array.from(labels),
  };
}

describe('diffDatasets', () => {
  it('finds exactly what an edit changed, with the change log the edit wrote', () => {
    const v1 = points([1, 2, 3, 4, 5], [0, 0, 1, 1, 2]);
    const v2 = applyEdits(v1, { relabel: [{ index: 3, to: 0 }], remove: [1] });
    if (!v2.ok) throw v2.error;
    const diff = diffDatasets(v1, v2.value.packed);
    expect(diff).toEqual({
      classNames: ['a', 'b', 'c'],
      countsA: [2, 2, 1],
      countsB: [2, 1, 1],
      added: [],
      removed: [1],
      relabelled: [{ a: 3, b: 2, from: 1, to: 0 }],
    });
    expect(diff.removed).toEqual(v2.value.changes.removed);
    expect(diff.relabelled.map((r) => r.a)).toEqual(
      v2.value.changes.relabelled.map((r) => r.index),
    );
  });

  it('finds appended examples and a class only the newer version has', () => {
    const v1 = points([1, 2], [0, 1], ['a', 'b']);
    const v2 = appendExamples(v1, points([9], [0], ['new']));
    if (!v2.ok) throw v2.error;
    expect(diffDatasets(v1, v2.value.packed)).toEqual({
      classNames: ['a', 'b', 'new'],
      countsA: [1, 1, 0],
      countsB: [1, 1, 1],
      added: [2],
      removed: [],
      relabelled: [],
    });
  });

  it('matches copies of one example one to one, relabelling only the copy that changed', () => {
    // Three copies of the point 7: two "a" and one "b" become one "a" and two "b".
    const a = points([7, 7, 7, 1], [0, 0, 1, 2]);
    const b = points([1, 7, 7, 7], [2, 1, 0, 1]);
    const diff = diffDatasets(a, b);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.relabelled).toEqual([{ a: 1, b: 3, from: 0, to: 1 }]);
  });

  it('compares unrelated versions: other order, other class names, examples on one side', () => {
    const a = points([1, 2, 3], [0, 1, 1], ['cat', 'dog']);
    const b = points([3, 4, 1], [0, 1, 0], ['dog', 'cat']);
    expect(diffDatasets(a, b)).toEqual({
      classNames: ['dog', 'cat'],
      countsA: [2, 1],
      countsB: [2, 1],
      added: [1],
      removed: [1],
      // Point 1 was a cat and is now a dog; point 3 was a dog and still is.
      relabelled: [{ a: 0, b: 2, from: 1, to: 0 }],
    });
  });

  it('matches nothing between examples of another shape or type', () => {
    const gray: PackedDataset = {
      header: {
        ...points([], []).header,
        count: 1,
        kind: 'image',
        xType: 'uint8',
        inputShape: [8, 1, 1],
      },
      x: new Uint8Array(8),
      y: Uint16Array.from([0]),
    };
    // The same 8 bytes as the one float point [0, 0].
    const diff = diffDatasets(gray, points([0], [0]));
    expect(diff.added).toEqual([0]);
    expect(diff.removed).toEqual([0]);
  });

  it('compares regression data by its features alone', () => {
    const table = (xs: number[]): PackedDataset => ({
      ...points(xs, []),
      header: { ...points(xs, []).header, task: 'regression', classNames: [] },
      y: new Float32Array(xs.length),
    });
    expect(diffDatasets(table([1, 2]), table([2, 3]))).toEqual({
      classNames: [],
      countsA: [],
      countsB: [],
      added: [1],
      removed: [0],
      relabelled: [],
    });
  });

  it('accounts for every example of both versions, whatever the edit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 2 })), {
          minLength: 2,
          maxLength: 30,
        }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 2 })), { maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        (examples, relabel, remove) => {
          const v1 = points(
            examples.map(([x]) => x),
            examples.map(([, label]) => label),
          );
          const n = examples.length;
          const edits = {
            relabel: relabel.map(([index, to]) => ({ index: index % n, to })),
            remove: remove.map((index) => index % n),
          };
          const v2 = applyEdits(v1, edits);
          if (!v2.ok) return;
          const diff = diffDatasets(v1, v2.value.packed);
          const count = v2.value.packed.header.count;
          // Every example of each side is matched, relabelled, added or removed, and the
          // duplicates among these points can only make the diff smaller than the edit's log.
          expect(diff.added).toEqual([]);
          expect(n - diff.removed.length).toBe(count);
          expect(diff.removed.length).toBe(v2.value.changes.removed.length);
          expect(diff.relabelled.length).toBeLessThanOrEqual(v2.value.changes.relabelled.length);
          expect(diff.countsB).toEqual(
            [0, 1, 2].map((c) => Array.from(v2.value.packed.y).filter((y) => y === c).length),
          );
        },
      ),
    );
  });
});
