/** Sweep names by id, for the Runs page's sweep column and filter. */
import { useMemo } from 'react';
import { useAppStore } from '../../store';

export function useSweepNames(): ReadonlyMap<string, string> {
  const sweeps = useAppStore((s) => s.sweeps);
  return useMemo(() => new Map(sweeps.map((r) => [r.sweep.id, r.sweep.name])), [sweeps]);
}
