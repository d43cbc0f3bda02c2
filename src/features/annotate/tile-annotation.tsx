/** What an example tile shows of its annotation: its look, its pending change, its controls. */
import { useCallback, type ReactNode } from 'react';
import { ExampleActions, pendingCaption, pendingKind } from './ExampleActions';
import { useAnnotation, type AnnotateTarget } from './use-annotation';

export interface TileAnnotation {
  pending?: 'relabel' | 'remove' | null;
  flagged?: boolean;
  /** "label: 1" or "removed" while a change is pending. */
  caption?: string | null;
  actions?: ReactNode;
}

/** A tile's annotation by example index and class; nothing where the view cannot annotate. */
export function useTileAnnotation(
  target: AnnotateTarget | null,
): (index: number, label: number) => TileAnnotation {
  const { net, flags } = useAnnotation(target?.sha256 ?? '');
  return useCallback(
    (index, label) => {
      if (target === null) return {};
      const change = net.get(index);
      return {
        pending: pendingKind(change),
        flagged: flags.includes(index),
        caption: pendingCaption(change, target.classNames),
        actions: <ExampleActions target={target} index={index} label={label} />,
      };
    },
    [target, net, flags],
  );
}
