/**
 * Whether the experiment in the editors fits in the active backend's memory: training refuses to
 * start while it does not, and says why beside Train (core/train/memory-budget.ts). The worker
 * checks again before any job trains.
 */
import { hiddenLayers } from '../../core/experiment/edit';
import { GRID_RESOLUTION } from '../../core/experiment/job';
import type { DatasetInfo } from '../../core/data/info';
import type { Experiment } from '../../core/experiment/experiment';
import { specFor } from '../../core/model/stack-analysis';
import type { ReadyEvent } from '../../core/protocol';
import { jobMemoryRefusal } from '../../core/train/memory-budget';
import type { AppState } from '../../store/app-state';

type State = Pick<AppState, 'editor' | 'prepared' | 'backend'>;

let cached: {
  experiment: Experiment;
  info: DatasetInfo | null;
  backend: ReadyEvent | null;
  refusal: string | null;
} | null = null;

function refusalOf(
  experiment: Experiment,
  info: DatasetInfo | null,
  backend: ReadyEvent | null,
): string | null {
  if (info === null || backend?.memory === undefined) return null;
  return jobMemoryRefusal(
    specFor(hiddenLayers(experiment), info),
    experiment.config,
    info,
    info.kind === 'points' ? GRID_RESOLUTION : 0,
    backend.memory,
    backend.backend,
  );
}

/**
 * Why the experiment cannot train on this backend for lack of memory, or null. Memoised on what it
 * reads: the train controls ask on every store update, progress events included.
 */
export function memoryError(state: State): string | null {
  const { experiment } = state.editor;
  const { info } = state.prepared;
  const { backend } = state;
  if (cached?.experiment !== experiment || cached.info !== info || cached.backend !== backend) {
    cached = { experiment, info, backend, refusal: refusalOf(experiment, info, backend) };
  }
  return cached.refusal;
}
