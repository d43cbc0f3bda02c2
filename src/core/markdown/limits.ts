/**
 * What one text cell renders at most, and what a notebook shows at once. Each cap keeps the work
 * of rendering and laying out the text bounded whatever it holds (every step of rendering is
 * linear, so these bound the time too); whatever a cap leaves out is named in a note in the cell.
 */
import { BUNDLE_LIMITS } from '../bundle/schema';

export interface MarkdownLimits {
  /** Characters of source; the rest is not rendered. */
  readonly length: number;
  /** Headings that get an id and a heading tag; later ones render as paragraphs. */
  readonly headings: number;
  /** Formulas typeset by KaTeX; later ones show their TeX source as text. */
  readonly math: number;
  /** Elements the rendered HTML may hold; the text stops where it would hold more. */
  readonly elements: number;
}

export const MARKDOWN_LIMITS: MarkdownLimits = {
  length: BUNDLE_LIMITS.markdownLength,
  headings: 1_000,
  math: 1_000,
  elements: 5_000,
};

/** Blockquotes and list levels (two per list) deeper than this render as plain text. */
export const MAX_NESTING = 20;

/** Elements a notebook page shows at once across its text cells; later cells wait for a click. */
export const NOTEBOOK_ELEMENTS = 40_000;

const count = (n: number) => n.toLocaleString('en-US');

/** What a cap left out of one text, gathered while it renders. */
export interface CappedParts {
  /** Characters past `length`. */
  length: number;
  /** Headings past `headings`. */
  headings: number;
  /** Formulas past `math`. */
  math: number;
  /** Whether some lists or quotes were nested too deep. */
  nesting: boolean;
  /** Elements the whole text would have made, when over `elements`. */
  elements: number;
}

export const nothingCapped = (): CappedParts => ({
  length: 0,
  headings: 0,
  math: 0,
  nesting: false,
  elements: 0,
});

/** One sentence per cap that left something out, in plain words. */
export function capNotes(capped: CappedParts, limits: MarkdownLimits): string[] {
  const notes: string[] = [];
  if (capped.length > 0) {
    notes.push(
      `This text is longer than ${count(limits.length)} characters; the rest is not shown.`,
    );
  }
  if (capped.elements > 0) {
    notes.push(
      `This text would make about ${count(capped.elements)} page elements, more than the ` +
        `${count(limits.elements)} a text cell shows; it stops where it reached that many.`,
    );
  }
  if (capped.headings > 0) {
    notes.push(
      `Only the first ${count(limits.headings)} headings are shown as headings; ` +
        `${count(capped.headings)} more are shown as plain paragraphs.`,
    );
  }
  if (capped.math > 0) {
    notes.push(
      `Only the first ${count(limits.math)} formulas are typeset; ${count(capped.math)} more ` +
        'show their TeX source.',
    );
  }
  if (capped.nesting) {
    notes.push(
      `Lists and quotes nested more than ${MAX_NESTING} levels deep are shown as plain text.`,
    );
  }
  return notes;
}

/** The note of a text cell that a notebook does not render, having shown enough already. */
export function notebookCapNote(elements: number): string {
  return (
    `This text is not shown yet: with it, the notebook's text would make ${count(elements)} ` +
    `page elements, more than the ${count(NOTEBOOK_ELEMENTS)} a notebook shows at once.`
  );
}
