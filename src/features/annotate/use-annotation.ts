/** What the annotation controls of one dataset version read from the store. */
import { useMemo } from 'react';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { useAppStore } from '../../store';
import { netChanges, type NetChanges } from './pending-edits';
import { annotationOf, storedFlagsOf, type VersionAnnotation } from './slice';

/** The examples of one classification version a view shows, to annotate. */
export interface AnnotateTarget {
  sha256: string;
  classNames: readonly string[];
}

/** The target for a stored record, when its examples can be annotated (classification only). */
export const annotateTargetOf = (record: StoredDataset | null): AnnotateTarget | null =>
  record !== null && record.header.task === 'classification'
    ? { sha256: record.sha256, classNames: record.header.classNames }
    : null;

export interface Annotation extends VersionAnnotation {
  net: NetChanges;
  /** Flagged example indices: this tab's latest, else the stored record's. */
  flags: readonly number[];
  /** The stored record's, to which a flag change is applied. */
  storedFlags: readonly number[];
}

export function useAnnotation(sha256: string): Annotation {
  const annotation = useAppStore((s) => annotationOf(s, sha256));
  const flagged = useAppStore((s) => s.flagged[sha256] ?? null);
  const storedFlags = useAppStore((s) => storedFlagsOf(s, sha256));
  const net = useMemo(() => netChanges(annotation.steps), [annotation.steps]);
  return { ...annotation, net, flags: flagged ?? storedFlags, storedFlags };
}
