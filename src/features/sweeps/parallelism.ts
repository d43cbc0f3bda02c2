/**
 * How many workers a sweep trains on at once, per backend, how many runs each trains at once, and
 * why: the processor backends (wasm, cpu) take one worker per core, since a small model's step is
 * mostly JavaScript and WebAssembly on one thread, so workers on other cores add their speed; a
 * GPU backend takes one, since every worker's kernels queue on the same GPU (and, with software
 * rendering, on the same cores). On the processor backends each worker trains up to
 * MODELS_PER_WORKER runs that group (core/sweep/group.ts) as one stacked model, whose step costs
 * little more than one run's. The figures behind these are `npm run bench`'s sweep section
 * (README, "Sweeps: how they run").
 */
import type { BackendName } from '../../core/protocol';
import { counted } from '../../core/plural';

/** Workers a sweep runs, and why, in words for the sweep's view. */
export interface SweepParallelism {
  workers: number;
  /** Runs a worker trains at once as one group, where they group; 1: one run at a time. */
  modelsPerWorker: number;
  reason: string;
}

/**
 * Runs a worker on a processor backend trains at once: on 2 cores, the default job's 100 epochs
 * take about as long for 6 stacked runs as for 2 alone (README, "Sweeps: how they run").
 */
export const MODELS_PER_WORKER = 6;
/** The most `?sweepModels` may ask for. */
export const MAX_MODELS_PER_WORKER = 32;

/**
 * At most this many: each worker holds its own TF.js and its model and data, and on a machine
 * with many cores the page and the browser still need some.
 */
export const MAX_SWEEP_WORKERS = 8;

const GPU_BACKENDS: readonly BackendName[] = ['webgpu', 'webgl'];

export function sweepParallelism(backend: BackendName, cores: number): SweepParallelism {
  const known = Number.isInteger(cores) && cores > 0 ? cores : 1;
  if (GPU_BACKENDS.includes(backend)) {
    return {
      workers: 1,
      modelsPerWorker: 1,
      reason:
        `One worker on ${backend}: every worker's steps queue on the same GPU, so more ` +
        'workers add no speed and share its memory.',
    };
  }
  // Many cores: one is left to the page and the browser.
  const workers = Math.min(MAX_SWEEP_WORKERS, known > 2 ? known - 1 : known);
  return {
    workers,
    modelsPerWorker: MODELS_PER_WORKER,
    reason:
      `${counted(workers, 'worker')} on ${backend}, one per core of ${known}: a small model ` +
      'trains on one core, so runs on other cores go on beside it.',
  };
}

/**
 * What the sweep runs with, in words: the backend's choice, where the page's address
 * (`?sweepWorkers`, `?sweepModels`) overrides it, and one run per worker for successive halving,
 * whose trials go on from checkpoints a group does not keep.
 */
export function chosenParallelism(
  backend: BackendName,
  cores: number,
  address: { workers: number | null; models: number | null },
  halving: boolean,
): SweepParallelism {
  const chosen = sweepParallelism(backend, cores);
  const workers = address.workers ?? chosen.workers;
  const wanted = address.models ?? chosen.modelsPerWorker;
  const modelsPerWorker = halving ? 1 : wanted;
  const asked = [
    address.workers === null ? null : `?sweepWorkers=${address.workers}`,
    address.models === null ? null : `?sweepModels=${address.models}`,
  ].filter((part) => part !== null);
  const first =
    asked.length > 0
      ? `${counted(workers, 'worker')}, as the page's address asks (${asked.join(', ')}).`
      : chosen.reason;
  const groups =
    modelsPerWorker > 1
      ? ` Each trains up to ${modelsPerWorker} runs at once as one model where they differ ` +
        'only in seed and learning rate.'
      : halving && wanted > 1
        ? ' Each trains one run at a time: successive halving goes on from checkpoints.'
        : '';
  return { workers, modelsPerWorker, reason: first + groups };
}

/**
 * `?sweepWorkers=N` in the page URL (1 to MAX_SWEEP_WORKERS) sets the workers whatever the
 * backend, to measure one count against another (`npm run bench` does); null without it.
 */
export function readSweepWorkersParam(search: string): number | null {
  const value = Number(new URLSearchParams(search).get('sweepWorkers') ?? NaN);
  return Number.isInteger(value) && value >= 1 && value <= MAX_SWEEP_WORKERS ? value : null;
}

/**
 * `?sweepModels=N` (1 to MAX_MODELS_PER_WORKER) sets the runs a worker trains at once; 1 trains
 * every run alone, as the bench's "one after another" does. Null without it.
 */
export function readSweepModelsParam(search: string): number | null {
  const value = Number(new URLSearchParams(search).get('sweepModels') ?? NaN);
  return Number.isInteger(value) && value >= 1 && value <= MAX_MODELS_PER_WORKER ? value : null;
}
