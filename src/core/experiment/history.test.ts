import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COALESCE_MS, commit, HISTORY_LIMIT, historyOf, redo, undo } from './history';

describe('history', () => {
  it('undoes and redoes edits in order', () => {
    let h = historyOf(0);
    h = commit(h, 1);
    h = commit(h, 2);
    h = undo(h);
    expect(h.present).toBe(1);
    h = undo(h);
    expect(h.present).toBe(0);
    expect(undo(h)).toBe(h);
    h = redo(redo(h));
    expect(h.present).toBe(2);
    expect(redo(h)).toBe(h);
  });

  it('drops the redo branch on a new edit', () => {
    const h = commit(undo(commit(historyOf('a'), 'b')), 'c');
    expect(h.future).toEqual([]);
    expect(undo(h).present).toBe('a');
  });

  it(`keeps the last ${HISTORY_LIMIT} steps (at least 100)`, () => {
    expect(HISTORY_LIMIT).toBeGreaterThanOrEqual(100);
    let h = historyOf(0);
    for (let i = 1; i <= HISTORY_LIMIT + 50; i++) h = commit(h, i);
    let undone = 0;
    while (h.past.length > 0) {
      h = undo(h);
      undone++;
    }
    expect(undone).toBe(HISTORY_LIMIT);
    expect(h.present).toBe(50);
  });

  it('merges quick edits of one field into one step, but not edits of different fields', () => {
    let h = historyOf(16);
    h = commit(h, 1, { key: 'units', at: 0 });
    h = commit(h, 12, { key: 'units', at: 200 });
    h = commit(h, 128, { key: 'units', at: 400 });
    expect(undo(h).present).toBe(16);
    h = commit(h, 5, { key: 'rate', at: 500 });
    expect(undo(h).present).toBe(128);
    h = commit(h, 6, { key: 'rate', at: 500 + COALESCE_MS });
    expect(undo(h).present).toBe(5);
  });

  it('undo after any edits and then redo all returns to the same present', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 30 }), fc.nat(40), (values, steps) => {
        let h = historyOf(-1);
        for (const v of values) h = commit(h, v);
        const end = h.present;
        for (let i = 0; i < steps; i++) h = undo(h);
        expect(h.present).toBe(values[values.length - 1 - steps] ?? -1);
        for (let i = 0; i < steps; i++) h = redo(h);
        expect(h.present).toBe(end);
      }),
    );
  });
});
