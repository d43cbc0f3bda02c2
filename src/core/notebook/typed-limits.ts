/**
 * The limits of the bundle format on what an author types (a text cell, the title, the authors,
 * the number of cells), said in the author's terms: a counter as a text cell nears its limit, and
 * "too long" naming the field when a version is saved or a notebook shared. What the author made
 * is never called damaged; the validator's wording is for bundles that came from elsewhere.
 *
 * A draft may hold a text cell over the limit (up to DRAFT_MARKDOWN_LENGTH), so the text is kept
 * while its author shortens it; only versions and shared bundles must fit the format.
 */
import { GradlabError } from '../errors';
import { BUNDLE_LIMITS as L, type Notebook } from '../bundle/schema';

/** The most a draft's text cell holds: room to paste and then cut. */
export const DRAFT_MARKDOWN_LENGTH = L.draftMarkdownLength;

/** The share of a limit from which the counter shows. */
export const NEAR_LIMIT = 0.8;

/** Text an author typed that the format cannot carry; `field` is its path in the bundle. */
export class TooLongError extends GradlabError<'too-long'> {
  readonly code = 'too-long';
  override readonly name = 'TooLongError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

const NUMBER = new Intl.NumberFormat('en-US');
const n = (value: number) => NUMBER.format(value);

export interface LimitNote {
  state: 'near' | 'over';
  text: string;
}

/**
 * What a counter beside a typed field says: nothing well within `max`, "X of Y characters" from
 * NEAR_LIMIT of it, and `over` (what to do) beyond it.
 */
export function lengthNote(length: number, max: number, over: string): LimitNote | null {
  if (length > max) {
    return {
      state: 'over',
      text: `${n(length)} characters: too long by ${n(length - max)}, ${over}`,
    };
  }
  return length >= NEAR_LIMIT * max
    ? { state: 'near', text: `${n(length)} of ${n(max)} characters` }
    : null;
}

/** The counter under a text cell being edited. */
export const textCellNote = (length: number): LimitNote | null =>
  lengthNote(
    length,
    L.markdownLength,
    `a text cell holds at most ${n(L.markdownLength)}. Shorten it or split it into two cells ` +
      'to save a version or share; the draft keeps it meanwhile.',
  );

/** The counter under a notebook's title (the field stops at the limit). */
export const titleNote = (length: number): LimitNote | null =>
  lengthNote(length, L.titleLength, `a title holds at most ${n(L.titleLength)}.`);

const tooLong = (field: string, what: string, length: number, max: number, fix: string) =>
  new TooLongError(
    `${what} is too long: ${n(length)} characters, where at most ${n(max)} fit. ${fix}`,
    field,
  );

/** The first thing typed into `notebook` that is over its limit, or null when all fits. */
export function tooLongIn(notebook: Notebook): TooLongError | null {
  if (notebook.title.length > L.titleLength) {
    return tooLong(
      'notebook.title',
      "The notebook's title",
      notebook.title.length,
      L.titleLength,
      'Shorten it, then try again.',
    );
  }
  if (notebook.authors.length > L.authors) {
    return new TooLongError(
      `The notebook names too many authors: ${n(notebook.authors.length)}, where at most ` +
        `${n(L.authors)} fit. Remove some, then try again.`,
      'notebook.authors',
    );
  }
  for (const [i, author] of notebook.authors.entries()) {
    if (author.length > L.authorLength) {
      return tooLong(
        `notebook.authors[${i}]`,
        `Author ${i + 1}'s name`,
        author.length,
        L.authorLength,
        'Shorten it, then try again.',
      );
    }
  }
  if (notebook.cells.length > L.cells) {
    return new TooLongError(
      `The notebook has too many cells: ${n(notebook.cells.length)}, where at most ` +
        `${n(L.cells)} fit. Delete some or move them to another notebook, then try again.`,
      'notebook.cells',
    );
  }
  for (const [i, cell] of notebook.cells.entries()) {
    if (cell.type === 'markdown' && cell.text.length > L.markdownLength) {
      return tooLong(
        `notebook.cells[${i}].text`,
        `The text of cell ${i + 1}`,
        cell.text.length,
        L.markdownLength,
        'Shorten it or split it into two cells, then try again; the draft keeps your text.',
      );
    }
  }
  return null;
}
