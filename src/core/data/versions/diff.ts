/**
 * Two dataset versions compared by content, not by their lineage, so any two can be compared:
 * an example is the same in both when its feature bytes are (however often it occurs, each copy
 * matches one copy), and the same features with another class is a relabelled example.
 */
import type { PackedDataset } from '../packed';
import type { DatasetDiff } from './lineage';

/**
 * What changed from `a` to `b`. The class names are `b`'s, then any only `a` has, and both
 * versions' counts and relabels are given in them. Labels count for classification data only;
 * other examples compare by their features alone.
 */
export function diffDatasets(a: PackedDataset, b: PackedDataset): DatasetDiff {
  const classNames = [...classNamesOf(b)];
  for (const name of classNamesOf(a)) if (!classNames.includes(name)) classNames.push(name);
  const labelsA = labelsIn(a, classNames);
  const labelsB = labelsIn(b, classNames);
  const matchedA = new Uint8Array(a.header.count);
  const matchedB = new Uint8Array(b.header.count);
  const relabelled: DatasetDiff['relabelled'] = [];
  if (comparable(a, b)) {
    const groups = groupByFeatures(a, labelsA);
    const groupOf = Array.from({ length: b.header.count }, (_, j) => groups.find(b, j));
    // First the same features with the same class, so a relabel is found only where no copy
    // kept its class.
    groupOf.forEach((group, j) => {
      const i = group?.takeWithLabel(labelsB[j] as number, matchedA);
      if (i === undefined) return;
      matchedA[i] = 1;
      matchedB[j] = 1;
    });
    // Then the same features with another class: relabelled. Without classes on both sides an
    // example cannot be relabelled, only removed and added.
    if (labelled(a) && labelled(b)) {
      groupOf.forEach((group, j) => {
        if (matchedB[j] === 1) return;
        const i = group?.takeAny(matchedA);
        if (i === undefined) return;
        matchedA[i] = 1;
        matchedB[j] = 1;
        relabelled.push({ a: i, b: j, from: labelsA[i] as number, to: labelsB[j] as number });
      });
    }
  }
  return {
    classNames,
    countsA: counts(labelsA, classNames.length),
    countsB: counts(labelsB, classNames.length),
    added: unmatched(matchedB),
    removed: unmatched(matchedA),
    relabelled: relabelled.sort((x, y) => x.a - y.a),
  };
}

const labelled = (packed: PackedDataset): boolean => packed.header.task === 'classification';

const classNamesOf = (packed: PackedDataset): readonly string[] =>
  labelled(packed) ? packed.header.classNames : [];

/** Each example's class as an index into `classNames`; -1 where the data has no classes. */
function labelsIn(packed: PackedDataset, classNames: readonly string[]): Int32Array {
  const labels = new Int32Array(packed.header.count).fill(-1);
  if (!labelled(packed)) return labels;
  const toUnion = packed.header.classNames.map((name) => classNames.indexOf(name));
  for (let i = 0; i < labels.length; i++) labels[i] = toUnion[packed.y[i] as number] ?? -1;
  return labels;
}

/** Examples can only be the same when they are stored the same way, in the same shape. */
const comparable = (a: PackedDataset, b: PackedDataset): boolean =>
  a.header.xType === b.header.xType &&
  a.header.inputShape.join('x') === b.header.inputShape.join('x');

function exampleBytes(packed: PackedDataset, index: number): Uint8Array {
  const { x } = packed;
  const per = packed.header.inputShape.reduce((n, d) => n * d, x.BYTES_PER_ELEMENT);
  return new Uint8Array(x.buffer, x.byteOffset + index * per, per);
}

/** FNV-1a over the bytes, two ways: a key to bucket by, checked byte by byte on a hit. */
function hashKey(bytes: Uint8Array): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ bytes.length;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    h1 = Math.imul(h1 ^ byte, 0x01000193);
    h2 = Math.imul(h2 ^ byte, 0x5bd1e995);
  }
  return `${(h1 >>> 0).toString(36)}.${(h2 >>> 0).toString(36)}`;
}

function sameBytes(x: Uint8Array, y: Uint8Array): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * The examples that share one set of features, in index order: by class for the first pass, and
 * all together for the second. Cursors only move forward, as matched examples stay matched.
 */
class Group {
  readonly all: number[] = [];
  private readonly byLabel = new Map<number, { indices: number[]; next: number }>();
  private next = 0;

  add(index: number, label: number): void {
    this.all.push(index);
    const queue = this.byLabel.get(label);
    if (queue === undefined) this.byLabel.set(label, { indices: [index], next: 0 });
    else queue.indices.push(index);
  }

  takeWithLabel(label: number, matched: Uint8Array): number | undefined {
    const queue = this.byLabel.get(label);
    if (queue === undefined) return undefined;
    while (queue.next < queue.indices.length && matched[queue.indices[queue.next] as number]) {
      queue.next++;
    }
    return queue.indices[queue.next];
  }

  takeAny(matched: Uint8Array): number | undefined {
    while (this.next < this.all.length && matched[this.all[this.next] as number]) this.next++;
    return this.all[this.next];
  }
}

/** `a`'s examples grouped by identical features. */
function groupByFeatures(a: PackedDataset, labels: Int32Array) {
  const buckets = new Map<string, Group[]>();
  const groupIn = (bucket: Group[], bytes: Uint8Array) =>
    bucket.find((g) => sameBytes(exampleBytes(a, g.all[0] as number), bytes));
  for (let i = 0; i < a.header.count; i++) {
    const bytes = exampleBytes(a, i);
    const key = hashKey(bytes);
    let bucket = buckets.get(key);
    if (bucket === undefined) buckets.set(key, (bucket = []));
    let group = groupIn(bucket, bytes);
    if (group === undefined) bucket.push((group = new Group()));
    group.add(i, labels[i] as number);
  }
  return {
    /** The group with the features of `b`'s example `j`, if `a` has them. */
    find(b: PackedDataset, j: number): Group | undefined {
      const bytes = exampleBytes(b, j);
      const bucket = buckets.get(hashKey(bytes));
      return bucket === undefined ? undefined : groupIn(bucket, bytes);
    },
  };
}

function counts(labels: Int32Array, classes: number): number[] {
  const out = new Array<number>(classes).fill(0);
  for (const label of labels) if (label >= 0) out[label] = (out[label] ?? 0) + 1;
  return out;
}

function unmatched(matched: Uint8Array): number[] {
  const out: number[] = [];
  matched.forEach((m, i) => {
    if (m === 0) out.push(i);
  });
  return out;
}
