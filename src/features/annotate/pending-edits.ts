/**
 * Edits a user has made to one dataset version and not saved yet. Each step (one example's relabel
 * or removal, or a bulk action on many) is kept in order so it can be undone; what they add up to
 * is worked out from the steps: the last word on an example wins, and a relabel back to the class
 * it had is no change at all.
 */
import type { DatasetEdits } from '../../core/data/versions/lineage';

/** One example's change: a new class, or `to: null` to leave it out of the next version. */
export interface ExampleChange {
  index: number;
  /** Its class in the version edited. */
  from: number;
  to: number | null;
}

/** One undoable step: a single example's change, or a bulk action's. */
export type PendingStep = readonly ExampleChange[];

/** What the steps add up to, by example index (in the version edited). */
export type NetChanges = ReadonlyMap<number, ExampleChange>;

export function netChanges(steps: readonly PendingStep[]): NetChanges {
  const net = new Map<number, ExampleChange>();
  for (const step of steps) {
    for (const change of step) {
      const from = net.get(change.index)?.from ?? change.from;
      if (change.to === from) net.delete(change.index);
      else net.set(change.index, { index: change.index, from, to: change.to });
    }
  }
  return net;
}

export interface PendingSummary {
  relabel: number;
  remove: number;
}

export function summarize(net: NetChanges): PendingSummary {
  let remove = 0;
  for (const change of net.values()) if (change.to === null) remove++;
  return { relabel: net.size - remove, remove };
}

/** "3 changes: relabel 2, remove 1". */
export function describeSummary({ relabel, remove }: PendingSummary): string {
  const total = relabel + remove;
  const parts = [
    ...(relabel > 0 ? [`relabel ${relabel}`] : []),
    ...(remove > 0 ? [`remove ${remove}`] : []),
  ];
  return `${total} ${total === 1 ? 'change' : 'changes'}: ${parts.join(', ')}`;
}

/** The edits the data worker's `editDataset` applies, in index order. */
export function toDatasetEdits(net: NetChanges): DatasetEdits {
  const changes = [...net.values()].sort((a, b) => a.index - b.index);
  return {
    relabel: changes.flatMap(({ index, to }) => (to === null ? [] : [{ index, to }])),
    remove: changes.flatMap(({ index, to }) => (to === null ? [index] : [])),
  };
}
