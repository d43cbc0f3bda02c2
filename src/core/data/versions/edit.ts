/**
 * The next version of a classification dataset, made from its parent: edits (relabel, remove)
 * applied together, or examples appended. Each answers the new packed content with its change
 * log; storing it, and naming it by its hash, is the data worker's part.
 */
import { InvalidDatasetError } from '../../errors';
import { err, ok, type Result } from '../../result';
import type { PackedDataset, PackedHeader } from '../packed';
import type { ChangeLog, DatasetEdits, Relabelled } from './lineage';

export type NextVersion = Result<
  { packed: PackedDataset; changes: ChangeLog },
  InvalidDatasetError
>;

const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const refuse = (message: string): NextVersion => err(new InvalidDatasetError(message));

/**
 * `edits` on `parent`, applied together: removed examples leave, the rest keep their order.
 * A later relabel of one example overrides an earlier one (the last choice counts), a removal
 * overrides a relabel of the same example, and a relabel to the class it has changes nothing.
 */
export function applyEdits(parent: PackedDataset, asked: DatasetEdits): NextVersion {
  const { header } = parent;
  const labels = classLabels(parent);
  if (labels === null) return refuse(notClassification(header));
  const classes = header.classNames.length;
  const badClass = (asked.classes ?? []).find(
    ({ from, to }) => from >= classes || (to !== null && to >= classes),
  );
  if (badClass !== undefined) {
    const named = badClass.from >= classes ? badClass.from : badClass.to;
    return refuse(
      `Class ${named} is not one of the ${classes} classes of "${header.name}" ` +
        `(${header.classNames.join(', ')}).`,
    );
  }
  const edits = withClassEdits(asked, labels);
  if (edits.relabel.length === 0 && edits.remove.length === 0) {
    return refuse(
      asked.classes !== undefined && asked.classes.length > 0
        ? 'There are no changes to save: the classes named have no examples.'
        : 'There are no changes to save: relabel or remove an example first.',
    );
  }
  const outside = [...edits.relabel.map((edit) => edit.index), ...edits.remove].find(
    (index) => !Number.isInteger(index) || index < 0 || index >= header.count,
  );
  if (outside !== undefined) {
    return refuse(
      `Example ${outside} is not in "${header.name}", which has ${header.count} examples; ` +
        'the edits were made on another version. Open the current version and edit it again.',
    );
  }
  const unknown = edits.relabel.find((edit) => !Number.isInteger(edit.to) || edit.to >= classes);
  if (unknown !== undefined) {
    return refuse(
      `Class ${unknown.to} is not one of the ${classes} classes of "${header.name}" ` +
        `(${header.classNames.join(', ')}).`,
    );
  }
  const removed = [...new Set(edits.remove)].sort((a, b) => a - b);
  if (removed.length === header.count) {
    return refuse('A version needs at least one example; this would remove them all.');
  }
  const gone = new Set(removed);
  const newLabel = new Map<number, number>();
  for (const { index, to } of edits.relabel) if (!gone.has(index)) newLabel.set(index, to);
  const relabelled: Relabelled[] = [];
  for (const [index, to] of [...newLabel].sort(([a], [b]) => a - b)) {
    const from = labels[index] as number;
    if (to !== from) relabelled.push({ index, from, to });
  }
  if (removed.length === 0 && relabelled.length === 0) {
    return refuse('There are no changes to save: every example keeps the class it has.');
  }
  const per = product(header.inputShape);
  const count = header.count - removed.length;
  // With nothing removed the features are the parent's, shared rather than copied: a relabel of
  // a large set then costs only its labels (neither array is written after).
  const x = removed.length === 0 ? parent.x : emptyLike(parent.x, count * per);
  const y = new Uint16Array(count);
  // The kept examples in runs between removed ones, each copied at once.
  let start = 0;
  let at = 0;
  for (const end of [...removed, header.count]) {
    if (x !== parent.x) x.set(parent.x.subarray(start * per, end * per), at * per);
    y.set(labels.subarray(start, end), at);
    at += end - start;
    start = end + 1;
  }
  for (const { index, to } of relabelled) {
    y[index - removedBefore(removed, index)] = to;
  }
  return ok({
    packed: { header: { ...header, count }, x, y },
    changes: { added: [], removed, relabelled },
  });
}

/**
 * `added` appended after `parent`'s examples. Classes are matched by name; a class only `added`
 * has is appended to the parent's class names.
 */
export function appendExamples(parent: PackedDataset, added: PackedDataset): NextVersion {
  const { header } = parent;
  const parentLabels = classLabels(parent);
  if (parentLabels === null) return refuse(notClassification(header));
  const addedLabels = classLabels(added);
  if (addedLabels === null) return refuse(notClassification(added.header));
  if (added.header.count === 0) return refuse('There are no examples to add.');
  const mismatch = shapeMismatch(header, added.header);
  if (mismatch !== null) {
    return refuse(`These examples cannot join "${header.name}": ${mismatch}.`);
  }
  const classNames = [...header.classNames];
  const classOf = added.header.classNames.map((name) => {
    const found = classNames.indexOf(name);
    if (found >= 0) return found;
    classNames.push(name);
    return classNames.length - 1;
  });
  const count = header.count + added.header.count;
  const x = emptyLike(parent.x, parent.x.length + added.x.length);
  x.set(parent.x, 0);
  x.set(added.x, parent.x.length);
  const y = new Uint16Array(count);
  y.set(parentLabels, 0);
  addedLabels.forEach((label, i) => (y[header.count + i] = classOf[label] as number));
  return ok({
    packed: { header: { ...header, count, classNames }, x, y },
    changes: {
      added: Array.from({ length: added.header.count }, (_, i) => header.count + i),
      removed: [],
      relabelled: [],
    },
  });
}

/**
 * The per-example edits with each whole-class edit spelled out first, example by example, so the
 * per-example ones (later) override it as a later edit overrides an earlier one.
 */
function withClassEdits(edits: DatasetEdits, labels: Uint16Array): DatasetEdits {
  const byClass = edits.classes ?? [];
  if (byClass.length === 0) return edits;
  const relabel: DatasetEdits['relabel'] = [];
  const remove: number[] = [];
  for (const { from, to } of byClass) {
    labels.forEach((label, index) => {
      if (label !== from) return;
      if (to === null) remove.push(index);
      else relabel.push({ index, to });
    });
  }
  // A per-example relabel of an example a class edit removed brings it back under its new class.
  const relabelledLater = new Set(edits.relabel.map((edit) => edit.index));
  return {
    relabel: [...relabel, ...edits.relabel],
    remove: [...remove.filter((index) => !relabelledLater.has(index)), ...edits.remove],
  };
}

/** How many of `removed` (ascending) come before `index`. */
function removedBefore(removed: readonly number[], index: number): number {
  let low = 0;
  let high = removed.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((removed[mid] as number) < index) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The labels of a classification dataset; null for other tasks, which have no classes to edit. */
function classLabels(packed: PackedDataset): Uint16Array | null {
  return packed.header.task === 'classification' && packed.y instanceof Uint16Array
    ? packed.y
    : null;
}

const notClassification = (header: PackedHeader): string =>
  `"${header.name}" is a ${header.task} dataset; only classification datasets (examples with a ` +
  'class each) can be relabelled, pruned or extended here.';

function shapeMismatch(a: PackedHeader, b: PackedHeader): string | null {
  if (a.kind !== b.kind) return `they are ${b.kind} examples, it holds ${a.kind} ones`;
  if (a.xType !== b.xType) return `they are stored as ${b.xType}, it as ${a.xType}`;
  if (a.inputShape.join('x') !== b.inputShape.join('x')) {
    return `they are ${b.inputShape.join(' x ')}, its examples ${a.inputShape.join(' x ')}`;
  }
  return null;
}

function emptyLike(
  like: PackedDataset['x'],
  length: number,
): Uint8Array | Uint16Array | Float32Array {
  if (like instanceof Uint8Array) return new Uint8Array(length);
  return like instanceof Uint16Array ? new Uint16Array(length) : new Float32Array(length);
}
