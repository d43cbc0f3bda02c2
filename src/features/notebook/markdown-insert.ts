/**
 * Rendered text goes into the page a frame at a time, and a notebook shows a bounded number of
 * elements at once. Each text cell is capped (core/markdown/limits.ts), but a notebook of 200
 * cells whose HTML arrived together would still be inserted, styled and laid out in one long
 * task: here each animation frame inserts at most FRAME_ELEMENTS (and at least one text), so
 * each frame's layout covers only those, and the notebook's budget keeps the whole page small
 * enough that any later layout of it stays short.
 */
import { createContext } from 'react';
import { MARKDOWN_LIMITS, NOTEBOOK_ELEMENTS } from '../../core/markdown/limits';

/** Elements inserted in one frame: one text cell at its cap. */
const FRAME_ELEMENTS = MARKDOWN_LIMITS.elements;

interface Insertion {
  readonly elements: number;
  readonly insert: () => void;
}

const queue = new Set<Insertion>();
let frame: number | null = null;

function insertSome(): void {
  frame = null;
  let inserted = 0;
  for (const insertion of queue) {
    if (inserted > 0 && inserted + insertion.elements > FRAME_ELEMENTS) break;
    queue.delete(insertion);
    inserted += insertion.elements;
    insertion.insert();
  }
  if (queue.size > 0) frame = requestAnimationFrame(insertSome);
}

/** Runs `insert` in a coming frame, after those asked before; the result cancels it. */
export function scheduleInsertion(elements: number, insert: () => void): () => void {
  const insertion: Insertion = { elements, insert };
  queue.add(insertion);
  frame ??= requestAnimationFrame(insertSome);
  return () => queue.delete(insertion);
}

/**
 * The elements a notebook page shows across its text cells, granted first come, first served
 * (texts render and arrive in the notebook's order). A text that does not fit waits for a click.
 */
export class ElementBudget {
  private readonly granted = new Map<object, number>();
  private total = 0;

  constructor(readonly limit: number = NOTEBOOK_ELEMENTS) {}

  /** The elements shown with `elements` more for a place that holds none. */
  totalWith(elements: number): number {
    return this.total + elements;
  }

  /** Grants `elements` to `place` (replacing what it held) if they fit, or whatever when forced. */
  claim(place: object, elements: number, force = false): boolean {
    this.release(place);
    if (!force && this.total + elements > this.limit) return false;
    this.granted.set(place, elements);
    this.total += elements;
    return true;
  }

  release(place: object): void {
    this.total -= this.granted.get(place) ?? 0;
    this.granted.delete(place);
  }
}

/** The budget of the notebook page around a text; none (unbounded) elsewhere. */
export const ElementBudgetContext = createContext<ElementBudget | null>(null);
