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
