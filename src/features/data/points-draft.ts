/**
 * Points a student draws on the 2-D plot, before they are saved as a dataset: the edits (add,
 * move, erase, clear, a new class) with an undo history, and what saving them asks of the data
 * worker. A draft may start from a stored version (its `base`); each of its points then remembers
 * its index there, so a save sends only the change: the removed examples as an edit of that
 * version, the new ones appended to it, and the result is the line's next version.
 */
import type { ClassificationDataset } from '../../core/data/dataset';
import { counted } from '../../core/plural';

export interface DraftPoint {
  x: number;
  y: number;
  label: number;
  /** Its index in the base version while it is unchanged there; null for a new or moved point. */
  origin: number | null;
}

/** The stored version a draft edits. */
export interface DraftBase {
  sha256: string;
  count: number;
}

export interface PointsDraft {
  classNames: readonly string[];
  points: readonly DraftPoint[];
  base: DraftBase | null;
}

export interface DraftHistory {
  draft: PointsDraft;
  /** Earlier drafts, the latest last: what undo goes back to. */
  past: readonly PointsDraft[];
}

export type DraftAction =
  | { type: 'add'; x: number; y: number; label: number }
  | { type: 'move'; index: number; x: number; y: number }
  | { type: 'erase'; index: number }
  | { type: 'clear' }
  | { type: 'addClass' }
  | { type: 'undo' };

/** As many points as the generators make at most: more would not train at a glance anyway. */
export const MAX_POINTS = 5000;
/** The plot's palette holds eight colours; more classes would repeat them. */
export const MAX_CLASSES = 8;
const MAX_UNDO = 200;

export const className = (index: number): string => `class ${index}`;

export const emptyDraft = (): PointsDraft => ({
  classNames: [className(0), className(1)],
  points: [],
  base: null,
});

/**
 * A draft holding `data`'s points: a generated set (no base: saving makes a new dataset) or a
 * stored version (`base`: saving makes its next version).
 */
export function draftFrom(
  data: ClassificationDataset,
  classNames: readonly string[],
  base: DraftBase | null,
): PointsDraft {
  const points = Array.from({ length: data.n }, (_, i) => ({
    x: data.x[2 * i] as number,
    y: data.x[2 * i + 1] as number,
    label: data.labels[i] as number,
    origin: base === null ? null : i,
  }));
  const names = Array.from(
    { length: Math.max(2, data.numClasses) },
    (_, i) => classNames[i] ?? className(i),
  );
  return { classNames: names, points, base };
}

export const startHistory = (draft: PointsDraft): DraftHistory => ({ draft, past: [] });

/** Applies one edit; an edit that changes nothing (or that the limits refuse) keeps the history. */
export function reduceDraft(history: DraftHistory, action: DraftAction): DraftHistory {
  if (action.type === 'undo') {
    const previous = history.past.at(-1);
    return previous === undefined ? history : { draft: previous, past: history.past.slice(0, -1) };
  }
  const next = applyEdit(history.draft, action);
  if (next === history.draft) return history;
  return { draft: next, past: [...history.past.slice(1 - MAX_UNDO), history.draft] };
}

function applyEdit(
  draft: PointsDraft,
  action: Exclude<DraftAction, { type: 'undo' }>,
): PointsDraft {
  const { points, classNames } = draft;
  switch (action.type) {
    case 'add': {
      const { x, y, label } = action;
      if (points.length >= MAX_POINTS || !validLabel(draft, label) || !finite(x, y)) return draft;
      return { ...draft, points: [...points, { x, y, label, origin: null }] };
    }
    case 'move': {
      const { index, x, y } = action;
      const point = points[index];
      if (point === undefined || !finite(x, y) || (point.x === x && point.y === y)) return draft;
      // A moved example is other content: for the stored version it is one removed, one added.
      const moved = { ...point, x, y, origin: null };
      return { ...draft, points: points.map((p, i) => (i === index ? moved : p)) };
    }
    case 'erase':
      if (points[action.index] === undefined) return draft;
      return { ...draft, points: points.filter((_, i) => i !== action.index) };
    case 'clear':
      return points.length === 0 ? draft : { ...draft, points: [] };
    case 'addClass':
      if (classNames.length >= MAX_CLASSES) return draft;
      return { ...draft, classNames: [...classNames, freshName(classNames)] };
  }
}

/** "class n" for the n-th class, unless a stored set's names already hold it (names must differ). */
function freshName(names: readonly string[]): string {
  let n = names.length;
  while (names.includes(className(n))) n += 1;
  return className(n);
}

const validLabel = (draft: PointsDraft, label: number): boolean =>
  Number.isInteger(label) && label >= 0 && label < draft.classNames.length;

const finite = (x: number, y: number): boolean => Number.isFinite(x) && Number.isFinite(y);

/** The index of the point nearest (x, y) within `radius` (data units), or null. */
export function pointNear(
  points: readonly DraftPoint[],
  x: number,
  y: number,
  radius: number,
): number | null {
  let best: number | null = null;
  let bestDistance = radius * radius;
  points.forEach((p, i) => {
    const d = (p.x - x) ** 2 + (p.y - y) ** 2;
    if (d <= bestDistance) {
      best = i;
      bestDistance = d;
    }
  });
  return best;
}

/** The draft as the plot draws it (and as the trainer would read it). */
export function draftDataset(draft: PointsDraft): ClassificationDataset {
  const { points } = draft;
  const x = new Float32Array(points.length * 2);
  const labels = new Int32Array(points.length);
  points.forEach((p, i) => {
    x[2 * i] = p.x;
    x[2 * i + 1] = p.y;
    labels[i] = p.label;
  });
  return {
    task: 'classification',
    n: points.length,
    inputShape: [2],
    x,
    labels,
    numClasses: draft.classNames.length,
  };
}

/** Examples as `storeCaptured` takes them: interleaved float32 features, uint16 labels. */
export interface CapturedPoints {
  x: Float32Array<ArrayBuffer>;
  labels: Uint16Array<ArrayBuffer>;
}

/**
 * What a save asks of the data worker: against a base, the base's examples to remove (erased or
 * moved) and the points to append (new or moved); without one, every point, as a new dataset.
 */
export interface SavePlan {
  remove: number[];
  append: CapturedPoints | null;
}

export type PlanResult = { ok: true; plan: SavePlan } | { ok: false; reason: string };

/** Why the draft cannot be saved yet, or what saving it takes. */
export function savePlan(draft: PointsDraft): PlanResult {
  const used = new Set(draft.points.map((p) => p.label));
  if (used.size < 2) {
    return {
      ok: false,
      reason: 'Draw points of at least two classes: a model learns to tell classes apart.',
    };
  }
  const { base } = draft;
  const fresh = draft.points.filter((p) => base === null || p.origin === null);
  const kept = new Set(draft.points.flatMap((p) => (p.origin === null ? [] : [p.origin])));
  const remove =
    base === null
      ? []
      : Array.from({ length: base.count }, (_, i) => i).filter((i) => !kept.has(i));
  if (remove.length === 0 && fresh.length === 0) {
    return { ok: false, reason: 'Nothing changed since this version was saved.' };
  }
  return { ok: true, plan: { remove, append: fresh.length === 0 ? null : captured(fresh) } };
}

function captured(points: readonly DraftPoint[]): CapturedPoints {
  const x = new Float32Array(points.length * 2);
  const labels = new Uint16Array(points.length);
  points.forEach((p, i) => {
    x[2 * i] = p.x;
    x[2 * i + 1] = p.y;
    labels[i] = p.label;
  });
  return { x, labels };
}

/**
 * The draft once saved as version `sha256`: its points in that version's order (the base's kept
 * examples in their order, then the appended ones at the end, as the version's change log has
 * them), each now unchanged there. Coordinates go through float32, as they were stored.
 */
export function savedAs(draft: PointsDraft, sha256: string): PointsDraft {
  const kept =
    draft.base === null
      ? []
      : draft.points
          .flatMap((point) => (point.origin === null ? [] : [{ point, origin: point.origin }]))
          .sort((a, b) => a.origin - b.origin)
          .map(({ point }) => point);
  const fresh = draft.points.filter((p) => draft.base === null || p.origin === null);
  const points = [...kept, ...fresh].map((p, i) => ({
    x: Math.fround(p.x),
    y: Math.fround(p.y),
    label: p.label,
    origin: i,
  }));
  return { ...draft, points, base: { sha256, count: points.length } };
}

/** "12 points: 5 class 0, 7 class 1". */
export function describeDraft(draft: PointsDraft): string {
  const counts = draft.classNames.map(() => 0);
  for (const p of draft.points) counts[p.label] = (counts[p.label] ?? 0) + 1;
  const each = counts.map((n, i) => `${n} ${draft.classNames[i] ?? className(i)}`).join(', ');
  return `${counted(draft.points.length, 'point')}: ${each}`;
}
