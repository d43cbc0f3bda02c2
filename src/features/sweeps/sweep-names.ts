/**
 * Sweep names by id, for the Runs page's sweep column and filter. The map stays the same object
 * while the names do: a running sweep's record changes every second, and a new map each time would
 * draw every row of the runs table again.
 */
import { useMemo } from 'react';
import { useAppStoreShallow } from '../../store';

export function useSweepNames(): ReadonlyMap<string, string> {
  const pairs = useAppStoreShallow((s) => s.sweeps.flatMap((r) => [r.sweep.id, r.sweep.name]));
  return useMemo(() => {
    const names = new Map<string, string>();
    for (let i = 0; i + 1 < pairs.length; i += 2) names.set(pairs[i] ?? '', pairs[i + 1] ?? '');
    return names;
  }, [pairs]);
}
