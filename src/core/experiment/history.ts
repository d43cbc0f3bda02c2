/**
 * Undo/redo over immutable snapshots. Typing "128" into a field makes three valid edits in a row;
 * edits that share a key and come within COALESCE_MS of each other count as one step, so one undo
 * takes the whole number back.
 */

export const HISTORY_LIMIT = 200;
export const COALESCE_MS = 1000;

export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  /** The last edit, while later edits may still merge into it. */
  last: { key: string; at: number } | null;
}

export const historyOf = <T>(present: T): History<T> => ({
  past: [],
  present,
  future: [],
  last: null,
});

/** Makes `next` the present; `key` and `at` (ms) let a run of edits to one field merge. */
export function commit<T>(
  history: History<T>,
  next: T,
  edit?: { key: string; at: number },
): History<T> {
  const merges =
    edit !== undefined &&
    history.last !== null &&
    history.last.key === edit.key &&
    edit.at - history.last.at >= 0 &&
    edit.at - history.last.at < COALESCE_MS;
  const past = merges ? history.past : [...history.past, history.present].slice(-HISTORY_LIMIT);
  return { past, present: next, future: [], last: edit ?? null };
}

export function undo<T>(history: History<T>): History<T> {
  const previous = history.past.at(-1);
  if (previous === undefined) return history;
  return {
    past: history.past.slice(0, -1),
    present: previous,
    future: [history.present, ...history.future],
    last: null,
  };
}

export function redo<T>(history: History<T>): History<T> {
  const [next, ...future] = history.future;
  if (next === undefined) return history;
  return {
    past: [...history.past, history.present].slice(-HISTORY_LIMIT),
    present: next,
    future,
    last: null,
  };
}
