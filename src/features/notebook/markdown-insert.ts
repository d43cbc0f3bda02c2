/**
 * Rendered text goes into the page a frame at a time, and a notebook shows a bounded number of
 * elements at once. Each text cell is capped (core/markdown/limits.ts), but a notebook of 200
 * cells whose HTML arrived together would still be inserted, styled and laid out in one long
 * task: here each animation frame inserts one piece of one text (whole top-level blocks of at
 * most CHUNK_ELEMENTS elements, or one larger block, see render.ts), so each frame's parsing and
 * layout cover one piece, and the notebook's budget keeps the whole page small enough that any
 * later layout of it stays short.
 */
import { createContext } from 'react';
import { NOTEBOOK_ELEMENTS } from '../../core/markdown/limits';

const queue = new Set<() => void>();
let frame: number | null = null;

function insertOne(): void {
  frame = null;
  for (const insert of queue) {
    queue.delete(insert);
    insert();
    break;
  }
  if (queue.size > 0) frame = requestAnimationFrame(insertOne);
}

/** Runs `insert` in a frame of its own, after those asked before; the result cancels it. */
export function scheduleInsertion(insert: () => void): () => void {
  const own = () => insert();
  queue.add(own);
  frame ??= requestAnimationFrame(insertOne);
  return () => queue.delete(own);
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
