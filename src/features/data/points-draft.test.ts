import { describe, expect, it } from 'vitest';
import { generate } from '../../core/data/generators';
import {
  describeDraft,
  draftDataset,
  draftFrom,
  emptyDraft,
  MAX_CLASSES,
  pointNear,
  reduceDraft,
  savedAs,
  savePlan,
  startHistory,
  type DraftAction,
  type DraftHistory,
  type PointsDraft,
} from './points-draft';

const apply = (history: DraftHistory, actions: DraftAction[]): DraftHistory =>
  actions.reduce(reduceDraft, history);

const SHA = 'a'.repeat(64);
const NEXT = 'b'.repeat(64);

/** A stored version of four points, two per class, as a draft that edits it. */
function storedDraft(): PointsDraft {
  return draftFrom(
    {
      task: 'classification',
      n: 4,
      inputShape: [2],
      x: Float32Array.of(0, 0, 1, 0, 0, 1, 1, 1),
      labels: Int32Array.of(0, 0, 1, 1),
      numClasses: 2,
    },
    ['left', 'right'],
    { sha256: SHA, count: 4 },
  );
}

describe('drawing points: edits and undo', () => {
  it('adds, moves and erases points, and undo walks back one edit at a time', () => {
    const start = startHistory(emptyDraft());
    const drawn = apply(start, [
      { type: 'add', x: 0.1, y: 0.2, label: 0 },
      { type: 'add', x: -0.5, y: 0.5, label: 1 },
      { type: 'move', index: 0, x: 0.3, y: 0.4 },
      { type: 'erase', index: 1 },
    ]);
    expect(drawn.draft.points).toEqual([{ x: 0.3, y: 0.4, label: 0, origin: null }]);
    expect(drawn.past).toHaveLength(4);

    const once = reduceDraft(drawn, { type: 'undo' });
    expect(once.draft.points).toHaveLength(2);
    expect(once.draft.points[1]).toEqual({ x: -0.5, y: 0.5, label: 1, origin: null });
    const all = apply(once, [{ type: 'undo' }, { type: 'undo' }, { type: 'undo' }]);
    expect(all.draft).toBe(start.draft);
    expect(reduceDraft(all, { type: 'undo' })).toBe(all);
  });

  it('keeps the history when an edit changes nothing or is refused', () => {
    const history = apply(startHistory(emptyDraft()), [{ type: 'add', x: 0, y: 0, label: 0 }]);
    const refused: DraftAction[] = [
      { type: 'add', x: 0, y: 0, label: 2 },
      { type: 'add', x: Number.NaN, y: 0, label: 0 },
      { type: 'move', index: 0, x: 0, y: 0 },
      { type: 'move', index: 5, x: 1, y: 1 },
      { type: 'erase', index: 3 },
    ];
    for (const action of refused) expect(reduceDraft(history, action)).toBe(history);
    const cleared = reduceDraft(history, { type: 'clear' });
    expect(reduceDraft(cleared, { type: 'clear' })).toBe(cleared);
  });

  it('adds classes up to the palette’s size, each named by its index', () => {
    let history = startHistory(emptyDraft());
    for (let i = 0; i < 10; i++) history = reduceDraft(history, { type: 'addClass' });
    expect(history.draft.classNames).toHaveLength(MAX_CLASSES);
    expect(history.draft.classNames[7]).toBe('class 7');
    const added = reduceDraft(history, { type: 'add', x: 0, y: 0, label: 7 });
    expect(added.draft.points).toHaveLength(1);
    const stored = { ...emptyDraft(), classNames: ['class 2', 'b'] };
    const third = reduceDraft(startHistory(stored), { type: 'addClass' });
    expect(third.draft.classNames).toEqual(['class 2', 'b', 'class 3']);
  });

  it('finds the nearest point within the radius', () => {
    const { draft } = apply(startHistory(emptyDraft()), [
      { type: 'add', x: 0, y: 0, label: 0 },
      { type: 'add', x: 0.1, y: 0, label: 1 },
    ]);
    expect(pointNear(draft.points, 0.07, 0, 0.05)).toBe(1);
    expect(pointNear(draft.points, 0.02, 0, 0.05)).toBe(0);
    expect(pointNear(draft.points, 0.5, 0.5, 0.05)).toBeNull();
  });

  it('starts from a generated set’s points, which it plots unchanged', () => {
    const xor = generate({
      kind: 'builtin',
      generator: 'xor',
      params: { size: 40, noise: 0 },
      seed: 3,
    });
    if (!xor.ok || xor.value.task !== 'classification') throw new Error('xor did not generate');
    const draft = draftFrom(xor.value, [], null);
    expect(draft.classNames).toEqual(['class 0', 'class 1']);
    expect(draft.points.every((p) => p.origin === null)).toBe(true);
    const plotted = draftDataset(draft);
    expect(plotted.x).toEqual(xor.value.x);
    expect(Array.from(plotted.labels)).toEqual(Array.from(xor.value.labels));
    expect(describeDraft(draft)).toMatch(/^40 points: \d+ class 0, \d+ class 1$/);
  });
});

describe('drawing points: what a save sends', () => {
  it('sends every point of a draft without a base, as float32 pairs and uint16 labels', () => {
    const { draft } = apply(startHistory(emptyDraft()), [
      { type: 'add', x: 0.25, y: -0.5, label: 0 },
      { type: 'add', x: 1.5, y: 2, label: 1 },
    ]);
    const planned = savePlan(draft);
    if (!planned.ok) throw new Error(planned.reason);
    expect(planned.plan.remove).toEqual([]);
    expect(planned.plan.append?.x).toEqual(Float32Array.of(0.25, -0.5, 1.5, 2));
    expect(planned.plan.append?.labels).toEqual(Uint16Array.of(0, 1));
  });

  it('refuses points of a single class', () => {
    const { draft } = apply(startHistory(emptyDraft()), [
      { type: 'add', x: 0, y: 0, label: 1 },
      { type: 'add', x: 1, y: 1, label: 1 },
    ]);
    const planned = savePlan(draft);
    expect(planned.ok).toBe(false);
    if (!planned.ok) expect(planned.reason).toMatch(/two classes/);
  });

  it('against a base: erased and moved examples are removed, new and moved ones appended', () => {
    const { draft } = apply(startHistory(storedDraft()), [
      { type: 'erase', index: 1 },
      { type: 'move', index: 1, x: 0.5, y: 0.5 },
      { type: 'add', x: 2, y: 2, label: 1 },
    ]);
    const planned = savePlan(draft);
    if (!planned.ok) throw new Error(planned.reason);
    expect(planned.plan.remove).toEqual([1, 2]);
    expect(planned.plan.append?.x).toEqual(Float32Array.of(0.5, 0.5, 2, 2));
    expect(planned.plan.append?.labels).toEqual(Uint16Array.of(1, 1));
  });

  it('against a base: only additions append, only erasures remove, no change is refused', () => {
    const base = startHistory(storedDraft());
    const added = savePlan(reduceDraft(base, { type: 'add', x: 3, y: 3, label: 0 }).draft);
    expect(added.ok && added.plan).toEqual({
      remove: [],
      append: { x: Float32Array.of(3, 3), labels: Uint16Array.of(0) },
    });
    const erased = savePlan(reduceDraft(base, { type: 'erase', index: 0 }).draft);
    expect(erased.ok && erased.plan).toEqual({ remove: [0], append: null });
    const unchanged = savePlan(base.draft);
    expect(unchanged.ok).toBe(false);
    if (!unchanged.ok) expect(unchanged.reason).toMatch(/Nothing changed/);
  });

  it('once saved, the draft is the new version: kept examples in order, then the appended', () => {
    const { draft } = apply(startHistory(storedDraft()), [
      { type: 'add', x: 0.1, y: 0.1, label: 1 },
      { type: 'move', index: 0, x: 0.2, y: 0.3 },
      { type: 'erase', index: 2 },
    ]);
    const saved = savedAs(draft, NEXT);
    expect(saved.base).toEqual({ sha256: NEXT, count: 4 });
    expect(saved.points).toEqual([
      { x: 1, y: 0, label: 0, origin: 0 },
      { x: 1, y: 1, label: 1, origin: 1 },
      { x: Math.fround(0.2), y: Math.fround(0.3), label: 0, origin: 2 },
      { x: Math.fround(0.1), y: Math.fround(0.1), label: 1, origin: 3 },
    ]);
    expect(savePlan(saved).ok).toBe(false);
  });
});
