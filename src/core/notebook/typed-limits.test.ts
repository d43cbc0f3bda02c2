import { describe, expect, it } from 'vitest';
import { BUNDLE_LIMITS as L } from '../bundle/schema';
import { validateBundle } from '../bundle/validate';
import { parseStoredNotebook } from './stored-notebook';
import { draftBundle } from './test-bundles';
import { lengthNote, textCellNote, titleNote, tooLongIn } from './typed-limits';

describe('lengthNote and the counters', () => {
  it('say nothing well within the limit, count from 80%, and say what to do beyond it', () => {
    expect(textCellNote(0)).toBeNull();
    expect(textCellNote(79_999)).toBeNull();
    expect(textCellNote(80_000)).toEqual({ state: 'near', text: '80,000 of 100,000 characters' });
    expect(textCellNote(100_000)).toEqual({
      state: 'near',
      text: '100,000 of 100,000 characters',
    });
    expect(textCellNote(120_000)).toEqual({
      state: 'over',
      text:
        '120,000 characters: too long by 20,000, a text cell holds at most 100,000. Shorten ' +
        'it or split it into two cells to save a version or share; the draft keeps it meanwhile.',
    });
    expect(titleNote(159)).toBeNull();
    expect(titleNote(200)).toEqual({ state: 'near', text: '200 of 200 characters' });
    expect(lengthNote(11, 10, 'cut it.')).toEqual({
      state: 'over',
      text: '11 characters: too long by 1, cut it.',
    });
  });
});

describe('tooLongIn', () => {
  it('is null for a notebook within every limit, at the limits themselves', () => {
    const draft = draftBundle();
    const notebook = {
      ...draft.notebook,
      title: 't'.repeat(L.titleLength),
      authors: Array.from({ length: L.authors }, () => 'a'.repeat(L.authorLength)),
    };
    expect(tooLongIn(notebook)).toBeNull();
  });

  it('names each typed field over its limit', () => {
    const { notebook } = draftBundle();
    const over = (edit: Partial<typeof notebook>) => tooLongIn({ ...notebook, ...edit });
    expect(over({ authors: Array.from({ length: 21 }, () => 'a') })).toMatchObject({
      field: 'notebook.authors',
      message:
        'The notebook names too many authors: 21, where at most 20 fit. Remove some, then try again.',
    });
    expect(over({ authors: ['Ada', 'b'.repeat(101)] })).toMatchObject({
      field: 'notebook.authors[1]',
      message:
        "Author 2's name is too long: 101 characters, where at most 100 fit. Shorten it, then try again.",
    });
    const cell = notebook.cells[0];
    if (cell === undefined) throw new Error('no cell');
    const cells = Array.from({ length: 201 }, (_, i) => ({ ...cell, id: `c${i}` }));
    expect(over({ cells })).toMatchObject({
      field: 'notebook.cells',
      message:
        'The notebook has too many cells: 201, where at most 200 fit. Delete some or move them ' +
        'to another notebook, then try again.',
    });
  });
});

describe('a draft over the text limit', () => {
  it('is stored and read back whole, while a version or a link of it is refused', () => {
    const draft = draftBundle();
    const [intro, exp] = draft.notebook.cells;
    if (intro?.type !== 'markdown' || exp === undefined) throw new Error('no text cell');
    const text = 'y'.repeat(120_000);
    const long = { ...draft, notebook: { ...draft.notebook, cells: [{ ...intro, text }, exp] } };
    const stored = {
      id: 'nb-1',
      title: 'Spirals',
      headVersion: null,
      parent: null,
      version: 0,
      savedAt: '2025-03-04T05:06:07.000Z',
      draft: structuredClone(long),
    };
    const read = parseStoredNotebook(stored);
    if (!read.ok) throw read.error;
    const first = read.value.draft.notebook.cells[0];
    expect(first?.type === 'markdown' && first.text).toBe(text);
    // What came from elsewhere is held to the format's limit.
    expect(validateBundle(long).ok).toBe(false);
    // And a draft has a ceiling of its own.
    const huge = structuredClone(stored);
    const cellOf = huge.draft.notebook.cells[0];
    if (cellOf?.type === 'markdown') cellOf.text = 'z'.repeat(L.draftMarkdownLength + 1);
    expect(parseStoredNotebook(huge).ok).toBe(false);
  });
});
