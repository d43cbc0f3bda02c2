import { describe, expect, it } from 'vitest';
import type { Bundle, Cell } from '../bundle/schema';
import { validateBundle } from '../bundle/validate';
import { newMarkdownCell } from './cells';
import { describeConflicts, isConflictNote, mergeDrafts } from './merge-drafts';
import { draftBundle, runOf, TINY_WEIGHTS } from './test-bundles';

/** A base with three text cells a, b, c (and the experiment cell `exp` of draftBundle). */
function base(): Bundle {
  const draft = draftBundle();
  const cells: Cell[] = [
    newMarkdownCell('a', 'A'),
    newMarkdownCell('b', 'B'),
    ...draft.notebook.cells,
    newMarkdownCell('c', 'C'),
  ];
  return { ...draft, notebook: { ...draft.notebook, cells } };
}

const withCells = (bundle: Bundle, cells: Cell[]): Bundle => ({
  ...bundle,
  notebook: { ...bundle.notebook, cells },
});

const editText = (bundle: Bundle, id: string, text: string): Bundle =>
  withCells(
    bundle,
    bundle.notebook.cells.map((c) => (c.id === id && c.type === 'markdown' ? { ...c, text } : c)),
  );

const texts = (bundle: Bundle) =>
  bundle.notebook.cells.map((c) => (c.type === 'markdown' ? `${c.id}:${c.text}` : c.id));

let counter = 0;
const newId = () => `id${++counter}`;

describe('mergeDrafts', () => {
  it('keeps both tabs’ edits of different cells, with no conflict', () => {
    const mine = editText(base(), 'a', 'A mine');
    const theirs = editText(base(), 'b', 'B theirs');
    const { draft, conflicts } = mergeDrafts(base(), mine, theirs, newId);
    expect(texts(draft)).toEqual(['a:A mine', 'b:B theirs', 'intro:' + introText(), 'exp', 'c:C']);
    expect(conflicts).toEqual([]);
    expect(validateBundle(draft).ok).toBe(true);
  });

  it('keeps both versions of a cell both tabs changed, the other tab’s marked after it', () => {
    counter = 0;
    const mine = editText(base(), 'b', 'B mine');
    const theirs = editText(base(), 'b', 'B theirs');
    const { draft, conflicts } = mergeDrafts(base(), mine, theirs, newId);
    const cells = draft.notebook.cells;
    const at = cells.findIndex((c) => c.id === 'b');
    expect(cells[at]).toEqual({ type: 'markdown', id: 'b', text: 'B mine' });
    const note = cells[at + 1];
    expect(note !== undefined && isConflictNote(note)).toBe(true);
    expect(note?.type === 'markdown' ? note.text : '').toMatch(/From another tab/);
    expect(cells[at + 2]).toEqual({ type: 'markdown', id: 'id1', text: 'B theirs' });
    expect(conflicts).toEqual([{ kind: 'cell', cellId: 'b', copyId: 'id1' }]);
    expect(describeConflicts(conflicts)).toMatch(/another tab.*both/i);
    expect(validateBundle(draft).ok).toBe(true);
  });

  it('takes the same change made by both once', () => {
    const mine = editText(base(), 'b', 'same');
    const { draft, conflicts } = mergeDrafts(base(), mine, editText(base(), 'b', 'same'), newId);
    expect(texts(draft)).toContain('b:same');
    expect(draft.notebook.cells).toHaveLength(base().notebook.cells.length);
    expect(conflicts).toEqual([]);
  });

  it('merges a cell added in one tab with an edit in the other, in place', () => {
    const cells = base().notebook.cells;
    const mine = withCells(base(), [
      ...cells.slice(0, 1),
      newMarkdownCell('new', 'N'),
      ...cells.slice(1),
    ]);
    const theirs = editText(base(), 'c', 'C theirs');
    const { draft, conflicts } = mergeDrafts(base(), mine, theirs, newId);
    expect(texts(draft)).toEqual([
      'a:A',
      'new:N',
      'b:B',
      'intro:' + introText(),
      'exp',
      'c:C theirs',
    ]);
    expect(conflicts).toEqual([]);
  });

  it('puts a cell the other tab added after its predecessor', () => {
    const cells = base().notebook.cells;
    const theirs = withCells(base(), [
      ...cells.slice(0, 2),
      newMarkdownCell('t', 'T'),
      ...cells.slice(2),
    ]);
    const mine = editText(base(), 'a', 'A mine');
    const { draft } = mergeDrafts(base(), mine, theirs, newId);
    expect(texts(draft).slice(0, 3)).toEqual(['a:A mine', 'b:B', 't:T']);
  });

  it('applies a deletion in one tab and an edit of another cell in the other', () => {
    const mine = withCells(
      base(),
      base().notebook.cells.filter((c) => c.id !== 'a'),
    );
    const theirs = editText(base(), 'c', 'C theirs');
    const { draft, conflicts } = mergeDrafts(base(), mine, theirs, newId);
    expect(texts(draft)).toEqual(['b:B', 'intro:' + introText(), 'exp', 'c:C theirs']);
    expect(conflicts).toEqual([]);
  });

  it('keeps a cell one tab deleted and the other edited, as edited, and says so', () => {
    const mine = withCells(
      base(),
      base().notebook.cells.filter((c) => c.id !== 'b'),
    );
    const theirs = editText(base(), 'b', 'B theirs');
    const { draft, conflicts } = mergeDrafts(base(), mine, theirs, newId);
    expect(texts(draft)).toContain('b:B theirs');
    expect(conflicts).toEqual([{ kind: 'deleted', cellId: 'b' }]);
    expect(describeConflicts(conflicts)).toMatch(/kept as edited/);
  });

  it('keeps a move in one tab and an edit in the other', () => {
    const [a, b, ...rest] = base().notebook.cells;
    if (a === undefined || b === undefined) throw new Error('base has cells');
    const theirs = withCells(base(), [b, a, ...rest]);
    const mine = editText(base(), 'c', 'C mine');
    const { draft, conflicts } = mergeDrafts(base(), mine, theirs, newId);
    expect(texts(draft)).toEqual(['b:B', 'a:A', 'intro:' + introText(), 'exp', 'c:C mine']);
    expect(conflicts).toEqual([]);
  });

  it('takes the title one tab changed, and keeps this tab’s when both did', () => {
    const renamed = (b: Bundle, title: string): Bundle => ({
      ...b,
      notebook: { ...b.notebook, title },
    });
    const one = mergeDrafts(base(), editText(base(), 'a', 'x'), renamed(base(), 'Theirs'), newId);
    expect(one.draft.notebook.title).toBe('Theirs');
    expect(one.conflicts).toEqual([]);
    const both = mergeDrafts(base(), renamed(base(), 'Mine'), renamed(base(), 'Theirs'), newId);
    expect(both.draft.notebook.title).toBe('Mine');
    expect(both.conflicts).toEqual([{ kind: 'title', mine: 'Mine', theirs: 'Theirs' }]);
    expect(describeConflicts(both.conflicts)).toMatch(/"Mine" is kept.*"Theirs"/);
  });

  it('keeps the runs and weights both tabs recorded', () => {
    const mine: Bundle = { ...base(), runs: [runOf('exp', 'r1')] };
    const theirs: Bundle = {
      ...base(),
      runs: [runOf('exp', 'r2')],
      weights: { r2: TINY_WEIGHTS },
    };
    const { draft } = mergeDrafts(base(), mine, theirs, newId);
    expect(draft.runs.map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(Object.keys(draft.weights ?? {})).toEqual(['r2']);
  });

  it('has nothing to merge when one side did not change', () => {
    const theirs = editText(base(), 'a', 'theirs');
    expect(mergeDrafts(base(), base(), theirs, newId).draft).toEqual(theirs);
    expect(mergeDrafts(base(), theirs, base(), newId).draft).toEqual(theirs);
  });
});

function introText(): string {
  const intro = draftBundle().notebook.cells[0];
  return intro?.type === 'markdown' ? intro.text : '';
}
