/**
 * Three-way merge of a notebook's draft, for two tabs that edit it at once: `base` is the draft
 * both started from (the last revision this tab saw), `mine` this tab's, `theirs` the one another
 * tab stored since. A part changed on one side only takes that side's change; cells merge one by
 * one (by id), their order too, and the title, runs, datasets and weights key by key. Where both
 * sides changed the same thing differently nothing is dropped: a cell both edited keeps this tab's
 * version in place and the other tab's as a new cell just after it, under a note that says so; a
 * cell one side deleted and the other edited is kept as edited; the title keeps this tab's. Each
 * such case is listed, so both tabs can tell their user.
 */
import type { Bundle, Cell, MarkdownCell, RunRecord } from '../bundle/schema';
import { canonicalJson } from '../bundle/canonical';
import { randomId } from '../id';

export type DraftConflict =
  /** Both edited the cell: theirs is kept as `copyId`, after this tab's. */
  | { kind: 'cell'; cellId: string; copyId: string }
  /** One deleted the cell, the other edited it: it is kept as edited. */
  | { kind: 'deleted'; cellId: string }
  /** Both renamed the notebook: this tab's title is kept. */
  | { kind: 'title'; mine: string; theirs: string };

export interface MergedDraft {
  draft: Bundle;
  conflicts: DraftConflict[];
}

/** Ids of the notes put before a conflicting cell's other version: how a tab recognises one. */
export const CONFLICT_NOTE_PREFIX = 'conflict-';

export const isConflictNote = (cell: Cell): boolean =>
  cell.type === 'markdown' && cell.id.startsWith(CONFLICT_NOTE_PREFIX);

const same = (a: unknown, b: unknown): boolean =>
  a === b || (a !== undefined && b !== undefined && canonicalJson(a) === canonicalJson(b));

/** The side that changed, or this tab's where both changed; `conflict` says both did, apart. */
function pick<T>(base: T, mine: T, theirs: T): { value: T; conflict: boolean } {
  if (same(mine, base)) return { value: theirs, conflict: false };
  if (same(theirs, base) || same(mine, theirs)) return { value: mine, conflict: false };
  return { value: mine, conflict: true };
}

/** Key by key; a key deleted on one side and unchanged on the other is deleted. */
function mergeMap<V>(
  base: Readonly<Record<string, V>> | undefined,
  mine: Readonly<Record<string, V>> | undefined,
  theirs: Readonly<Record<string, V>> | undefined,
): Record<string, V> | undefined {
  if (mine === undefined && theirs === undefined) return undefined;
  const keys = new Set([...Object.keys(mine ?? {}), ...Object.keys(theirs ?? {})]);
  const merged: Record<string, V> = {};
  for (const key of keys) {
    const { value } = pick(base?.[key], mine?.[key], theirs?.[key]);
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/** Runs are never edited, only added and removed: each side's removals and additions apply. */
function mergeRuns(base: RunRecord[], mine: RunRecord[], theirs: RunRecord[]): RunRecord[] {
  const ids = (runs: RunRecord[]) => new Set(runs.map((r) => r.id));
  const [inBase, inMine, inTheirs] = [ids(base), ids(mine), ids(theirs)];
  const removed = (id: string) => inBase.has(id) && (!inMine.has(id) || !inTheirs.has(id));
  const added = theirs.filter((r) => !inMine.has(r.id) && !removed(r.id));
  return [...mine.filter((r) => !removed(r.id)), ...added];
}

function sameOrder(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/**
 * The kept ids in order: the side that reordered the cells they share with the base gives the
 * order (this tab's where both did), and the other side's cells go after their predecessor there.
 */
function mergeOrder(base: string[], mine: string[], theirs: string[], kept: Set<string>): string[] {
  const shared = (list: string[], other: string[]) => list.filter((id) => other.includes(id));
  const mineMoved = !sameOrder(shared(mine, base), shared(base, mine));
  const theirsMoved = !sameOrder(shared(theirs, base), shared(base, theirs));
  const [primary, secondary] = mineMoved || !theirsMoved ? [mine, theirs] : [theirs, mine];
  const order = primary.filter((id) => kept.has(id));
  secondary.forEach((id, i) => {
    if (!kept.has(id) || order.includes(id)) return;
    let at = 0;
    for (let j = i - 1; j >= 0; j--) {
      const k = order.indexOf(secondary[j] ?? '');
      if (k >= 0) {
        at = k + 1;
        break;
      }
    }
    order.splice(at, 0, id);
  });
  return order;
}

function conflictNote(id: string): MarkdownCell {
  return {
    type: 'markdown',
    id,
    text:
      '**From another tab:** this notebook was edited in two tabs at once, and both changed ' +
      'the cell above. The cell below is the other tab\u2019s version. Keep the one you want ' +
      'and delete the other, and this note.',
  };
}

export function mergeDrafts(
  base: Bundle,
  mine: Bundle,
  theirs: Bundle,
  newId: () => string = randomId,
): MergedDraft {
  const conflicts: DraftConflict[] = [];
  const byId = (bundle: Bundle) => new Map(bundle.notebook.cells.map((c) => [c.id, c]));
  const [b, m, t] = [byId(base), byId(mine), byId(theirs)];
  const cells = new Map<string, Cell>();
  /** The other tab's version of a cell both edited, with its note, to follow the cell. */
  const copies = new Map<string, Cell[]>();
  for (const id of new Set([...b.keys(), ...m.keys(), ...t.keys()])) {
    const mineCell = m.get(id);
    const theirCell = t.get(id);
    const { value, conflict } = pick(b.get(id), mineCell, theirCell);
    if (conflict && mineCell !== undefined && theirCell !== undefined) {
      const copyId = newId();
      copies.set(id, [conflictNote(CONFLICT_NOTE_PREFIX + newId()), { ...theirCell, id: copyId }]);
      conflicts.push({ kind: 'cell', cellId: id, copyId });
    }
    const kept = value ?? (conflict ? (mineCell ?? theirCell) : undefined);
    if (conflict && (mineCell === undefined || theirCell === undefined)) {
      conflicts.push({ kind: 'deleted', cellId: id });
    }
    if (kept !== undefined) cells.set(id, kept);
  }
  const ids = (bundle: Bundle) => bundle.notebook.cells.map((c) => c.id);
  const order = mergeOrder(ids(base), ids(mine), ids(theirs), new Set(cells.keys()));
  const mergedCells = order.flatMap((id) => {
    const cell = cells.get(id);
    return cell === undefined ? [] : [cell, ...(copies.get(id) ?? [])];
  });

  const title = pick(base.notebook.title, mine.notebook.title, theirs.notebook.title);
  if (title.conflict) {
    conflicts.push({ kind: 'title', mine: mine.notebook.title, theirs: theirs.notebook.title });
  }
  const weights = mergeMap(base.weights, mine.weights, theirs.weights);
  const field = <K extends 'id' | 'parent' | 'version' | 'createdAt' | 'app'>(key: K) =>
    pick(base[key], mine[key], theirs[key]).value;
  const draft: Bundle = {
    ...mine,
    id: field('id'),
    parent: field('parent'),
    version: field('version'),
    createdAt: field('createdAt'),
    app: field('app'),
    notebook: {
      ...mine.notebook,
      title: title.value,
      authors: pick(base.notebook.authors, mine.notebook.authors, theirs.notebook.authors).value,
      cells: mergedCells,
    },
    runs: mergeRuns(base.runs, mine.runs, theirs.runs),
    datasets: mergeMap(base.datasets, mine.datasets, theirs.datasets) ?? {},
  };
  if (weights === undefined) delete draft.weights;
  else draft.weights = weights;
  return { draft, conflicts };
}

/** What the user is told of the conflicts of a merge; null when there were none. */
export function describeConflicts(conflicts: DraftConflict[]): string | null {
  if (conflicts.length === 0) return null;
  const parts: string[] = [];
  const cells = conflicts.filter((c) => c.kind === 'cell').length;
  if (cells > 0) {
    parts.push(
      `${cells === 1 ? 'a cell was' : `${cells} cells were`} changed in both: the other ` +
        'tab\u2019s version is kept as a new cell marked \u201cFrom another tab\u201d, just after ' +
        'this one; keep the one you want',
    );
  }
  const deleted = conflicts.filter((c) => c.kind === 'deleted').length;
  if (deleted > 0) {
    parts.push(
      `${deleted === 1 ? 'a cell' : `${deleted} cells`} deleted in one tab but edited in the ` +
        'other ' +
        (deleted === 1 ? 'is' : 'are') +
        ' kept as edited',
    );
  }
  for (const c of conflicts) {
    if (c.kind === 'title') {
      parts.push(`the title "${c.mine}" is kept; the other tab had named it "${c.theirs}"`);
    }
  }
  return `This notebook was edited in another tab at the same time: ${parts.join('; ')}.`;
}
