/**
 * Where a stored dataset version comes from. Every change to a dataset (a capture, a relabel, a
 * removal, an append) makes a new immutable version named by the SHA-256 of its packed bytes;
 * its lineage names its parent version and says, example by example, what changed. The versions
 * of one dataset form a line, named by the SHA-256 of its first version.
 */
import * as v from 'valibot';

/** A parent example whose label changed: its index in the parent, the old and new class. */
export interface Relabelled {
  index: number;
  from: number;
  to: number;
}

/** What one version changed against its parent, by example. */
export interface ChangeLog {
  /** Indices, in the new version, of the examples added (appended at its end). */
  added: number[];
  /** Indices, in the parent, of the examples removed. */
  removed: number[];
  /** Parent examples whose label changed (they keep their place, less the removed before them). */
  relabelled: Relabelled[];
}

export interface DatasetLineage {
  /** SHA-256 of the line's first version: the same for every version of one dataset. */
  lineId: string;
  /** 1 for the first version, the parent's + 1 after. */
  version: number;
  /** SHA-256 of the version it derives from; null for a first version. */
  parent: string | null;
  /** What the author wrote about the change; '' when nothing. */
  note: string;
  /** Null for a first version. */
  changes: ChangeLog | null;
}

/** Every example of class `from` given class `to`, or left out when `to` is null. */
export interface ClassEdit {
  from: number;
  to: number | null;
}

/** The edits a user asks for on one version; applied together, they make the next version. */
export interface DatasetEdits {
  /**
   * Whole classes relabelled or removed (the page holds the labels of the examples it shows only,
   * so a class is named, not listed). Applied before the per-example edits, which override them.
   */
  classes?: ClassEdit[];
  /** Examples (indices in the version edited) and the class each gets. */
  relabel: { index: number; to: number }[];
  /** Examples (indices in the version edited) left out of the next version. */
  remove: number[];
}

/** Two versions compared by content: what is in one and not the other, and class counts. */
export interface DatasetDiff {
  /** The class names of `b` (the newer), which count for both. */
  classNames: string[];
  countsA: number[];
  countsB: number[];
  /** Indices in `b` of examples `a` does not have. */
  added: number[];
  /** Indices in `a` of examples `b` does not have. */
  removed: number[];
  /** The same example (same features) with another label: its index in each. */
  relabelled: { a: number; b: number; from: number; to: number }[];
}

const sha256 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex SHA-256'));
const index = v.pipe(v.number(), v.integer(), v.minValue(0));

export const ChangeLogSchema: v.GenericSchema<unknown, ChangeLog> = v.object({
  added: v.array(index),
  removed: v.array(index),
  relabelled: v.array(v.object({ index, from: index, to: index })),
});

export const DatasetLineageSchema: v.GenericSchema<unknown, DatasetLineage> = v.object({
  lineId: sha256,
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  parent: v.nullable(sha256),
  note: v.pipe(v.string(), v.maxLength(2000)),
  changes: v.nullable(ChangeLogSchema),
});

export const DatasetEditsSchema: v.GenericSchema<unknown, DatasetEdits> = v.object({
  classes: v.optional(
    v.pipe(v.array(v.object({ from: index, to: v.nullable(index) })), v.maxLength(256)),
  ),
  relabel: v.pipe(v.array(v.object({ index, to: index })), v.maxLength(1_000_000)),
  remove: v.pipe(v.array(index), v.maxLength(1_000_000)),
});

export const DatasetDiffSchema: v.GenericSchema<unknown, DatasetDiff> = v.object({
  classNames: v.array(v.string()),
  countsA: v.array(index),
  countsB: v.array(index),
  added: v.array(index),
  removed: v.array(index),
  relabelled: v.array(v.object({ a: index, b: index, from: index, to: index })),
});

/** The lineage of a dataset stored as its line's first version. */
export const firstVersion = (sha: string, note = ''): DatasetLineage => ({
  lineId: sha,
  version: 1,
  parent: null,
  note,
  changes: null,
});
