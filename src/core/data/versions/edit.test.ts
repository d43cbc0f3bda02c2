import { describe, expect, it } from 'vitest';
import { decodePacked, encodePacked, type PackedDataset } from '../packed';
import { appendExamples, applyEdits } from './edit';

/** Five 2x2 gray images; example i has every pixel i * 10, so each can be told by its pixels. */
function digits(labels = [0, 1, 2, 1, 0]): PackedDataset {
  return {
    header: {
      name: 'digits',
      kind: 'image',
      task: 'classification',
      count: labels.length,
      inputShape: [2, 2, 1],
      xType: 'uint8',
      classNames: ['zero', 'one', 'two'],
      featureNames: [],
    },
    x: Uint8Array.from(labels.flatMap((_, i) => [i * 10, i * 10, i * 10, i * 10])),
    y: Uint16Array.from(labels),
  };
}

/** The first pixel of each example: which parent example it is. */
const which = (packed: PackedDataset): number[] =>
  Array.from({ length: packed.header.count }, (_, i) => (packed.x[i * 4] as number) / 10);

describe('applyEdits', () => {
  it('relabels and removes together, logging each change by parent index', () => {
    const parent = digits();
    const next = applyEdits(parent, {
      relabel: [
        { index: 3, to: 2 },
        { index: 0, to: 1 },
      ],
      remove: [4, 1],
    });
    if (!next.ok) throw next.error;
    const { packed, changes } = next.value;
    expect(packed.header.count).toBe(3);
    expect(which(packed)).toEqual([0, 2, 3]);
    expect(Array.from(packed.y)).toEqual([1, 2, 2]);
    expect(changes).toEqual({
      added: [],
      removed: [1, 4],
      relabelled: [
        { index: 0, from: 0, to: 1 },
        { index: 3, from: 1, to: 2 },
      ],
    });
    // The parent is left as it was, and the result packs and reads back.
    expect(Array.from(parent.y)).toEqual([0, 1, 2, 1, 0]);
    const decoded = decodePacked(encodePacked(packed));
    expect(decoded.ok && Array.from(decoded.value.y)).toEqual([1, 2, 2]);
  });

  it('keeps the last relabel of an example and lets a removal override a relabel', () => {
    const next = applyEdits(digits(), {
      relabel: [
        { index: 2, to: 0 },
        { index: 2, to: 1 },
        { index: 4, to: 2 },
      ],
      remove: [4, 4],
    });
    if (!next.ok) throw next.error;
    expect(next.value.changes).toEqual({
      added: [],
      removed: [4],
      relabelled: [{ index: 2, from: 2, to: 1 }],
    });
    expect(Array.from(next.value.packed.y)).toEqual([0, 1, 1, 1]);
  });

  it('does not log a relabel to the class an example already has', () => {
    const next = applyEdits(digits(), {
      relabel: [
        { index: 1, to: 1 },
        { index: 2, to: 0 },
      ],
      remove: [],
    });
    if (!next.ok) throw next.error;
    expect(next.value.changes.relabelled).toEqual([{ index: 2, from: 2, to: 0 }]);
  });

  it('refuses edits that change nothing, with a message saying so', () => {
    expect(applyEdits(digits(), { relabel: [], remove: [] })).toMatchObject({
      ok: false,
      error: { code: 'invalid-dataset', message: expect.stringMatching(/no changes to save/) },
    });
    expect(applyEdits(digits(), { relabel: [{ index: 1, to: 1 }], remove: [] })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/keeps the class it has/) },
    });
  });

  it('refuses an example or class the version does not have, and removing every example', () => {
    expect(applyEdits(digits(), { relabel: [], remove: [5] })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/Example 5 is not in "digits".*5 examples/) },
    });
    expect(applyEdits(digits(), { relabel: [{ index: 0, to: 3 }], remove: [] })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/Class 3 is not one of the 3 classes/) },
    });
    expect(applyEdits(digits(), { relabel: [], remove: [0, 1, 2, 3, 4] })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/at least one example/) },
    });
  });

  it('refuses data without classes', () => {
    const table: PackedDataset = {
      header: { ...digits().header, kind: 'tabular', task: 'regression', classNames: [] },
      x: new Uint8Array(20),
      y: new Float32Array(5),
    };
    expect(applyEdits(table, { relabel: [], remove: [0] })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/regression dataset; only classification/) },
    });
  });
});

describe('applyEdits on whole classes', () => {
  it('relabels or removes every example of a class, logged example by example', () => {
    const parent = digits([0, 1, 2, 1, 0, 1]);
    const merged = applyEdits(parent, { classes: [{ from: 1, to: 2 }], relabel: [], remove: [] });
    if (!merged.ok) throw merged.error;
    expect(Array.from(merged.value.packed.y)).toEqual([0, 2, 2, 2, 0, 2]);
    expect(merged.value.changes.relabelled).toEqual([
      { index: 1, from: 1, to: 2 },
      { index: 3, from: 1, to: 2 },
      { index: 5, from: 1, to: 2 },
    ]);
    const dropped = applyEdits(parent, {
      classes: [{ from: 0, to: null }],
      relabel: [],
      remove: [],
    });
    if (!dropped.ok) throw dropped.error;
    expect(which(dropped.value.packed)).toEqual([1, 2, 3, 5]);
    expect(dropped.value.changes.removed).toEqual([0, 4]);
  });

  it('lets a per-example edit override the class edit it falls under', () => {
    const parent = digits([0, 1, 2, 1, 0]);
    const next = applyEdits(parent, {
      classes: [
        { from: 1, to: null },
        { from: 0, to: 2 },
      ],
      relabel: [{ index: 3, to: 0 }],
      remove: [4],
    });
    if (!next.ok) throw next.error;
    // Example 1 (class 1) removed; 3 (class 1) kept as class 0; 0 becomes 2; 4 removed.
    expect(which(next.value.packed)).toEqual([0, 2, 3]);
    expect(Array.from(next.value.packed.y)).toEqual([2, 2, 0]);
  });

  it('refuses a class the version does not have, and a class with no examples', () => {
    const parent = digits([0, 0, 2]);
    const unknown = applyEdits(parent, { classes: [{ from: 5, to: 0 }], relabel: [], remove: [] });
    expect(unknown.ok || unknown.error.message).toMatch(/Class 5 is not one of the 3 classes/);
    const empty = applyEdits(parent, { classes: [{ from: 1, to: 0 }], relabel: [], remove: [] });
    expect(empty.ok || empty.error.message).toMatch(/the classes named have no examples/);
    const all = applyEdits(digits([0, 0]), {
      classes: [{ from: 0, to: null }],
      relabel: [],
      remove: [],
    });
    expect(all.ok || all.error.message).toMatch(/at least one example/);
  });
});

describe('appendExamples', () => {
  it('appends after the parent, matching classes by name and adding new ones at the end', () => {
    const parent = digits([0, 1]);
    const added: PackedDataset = {
      header: { ...parent.header, count: 3, classNames: ['two', 'zero', 'three'] },
      x: Uint8Array.from([7, 7, 7, 7, 8, 8, 8, 8, 9, 9, 9, 9]),
      y: Uint16Array.from([0, 1, 2]),
    };
    const next = appendExamples(parent, added);
    if (!next.ok) throw next.error;
    const { packed, changes } = next.value;
    expect(packed.header.classNames).toEqual(['zero', 'one', 'two', 'three']);
    expect(packed.header.count).toBe(5);
    expect(Array.from(packed.y)).toEqual([0, 1, 2, 0, 3]);
    expect(Array.from(packed.x.subarray(8))).toEqual([7, 7, 7, 7, 8, 8, 8, 8, 9, 9, 9, 9]);
    expect(changes).toEqual({ added: [2, 3, 4], removed: [], relabelled: [] });
    expect(decodePacked(encodePacked(packed)).ok).toBe(true);
  });

  it('refuses examples of another shape, type or kind, and no examples at all', () => {
    const parent = digits();
    const rgb = { ...parent, header: { ...parent.header, inputShape: [2, 2, 3] } };
    expect(appendExamples(parent, rgb)).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/they are 2 x 2 x 3, its examples 2 x 2 x 1/) },
    });
    const points: PackedDataset = {
      header: { ...parent.header, kind: 'points', xType: 'float32', inputShape: [2] },
      x: new Float32Array(2),
      y: Uint16Array.from([0]),
    };
    expect(appendExamples(parent, points)).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/they are points examples, it holds image ones/) },
    });
    const none = {
      header: { ...parent.header, count: 0 },
      x: new Uint8Array(0),
      y: new Uint16Array(0),
    };
    expect(appendExamples(parent, none)).toMatchObject({
      ok: false,
      error: { message: 'There are no examples to add.' },
    });
  });
});
