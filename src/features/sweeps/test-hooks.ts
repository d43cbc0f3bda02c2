/**
 * With `?testHooks=1` in the URL: `window.gradlabTest.sweeps`, with which `npm run bench` starts a
 * sweep of the playground's experiment without the Sweep dialog and follows it.
 */
import { PLAYGROUND } from '../../core/experiment/experiment';
import type { SweepPlan, SweepRecord } from '../../core/sweep/sweep';
import type { AppState } from '../../store/app-state';
import type { SweepParallelism } from './parallelism';

export interface SweepTestHooks {
  /** Starts a sweep of the experiment in the editors; its id, or why it could not start. */
  start(name: string, plan: SweepPlan): Promise<{ id: string } | { error: string }>;
  record(id: string): SweepRecord | null;
  parallelism(): SweepParallelism | null;
}

export function installSweepTestHooks(state: () => AppState): void {
  if (typeof window === 'undefined') return;
  if (new URLSearchParams(window.location.search).get('testHooks') !== '1') return;
  const sweeps: SweepTestHooks = {
    async start(name, plan) {
      const base = state().editor.experiment;
      const started = await state().startSweep({ name, base, place: PLAYGROUND, plan });
      return started.ok ? { id: started.value } : { error: started.error.message };
    },
    record: (id) => state().sweeps.find((r) => r.sweep.id === id) ?? null,
    parallelism: () => state().sweepParallelism,
  };
  // The training worker's hooks are installed with the store, before these.
  if (window.gradlabTest) window.gradlabTest.sweeps = sweeps;
}
