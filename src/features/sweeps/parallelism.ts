/**
 * How many workers a sweep trains on at once, per backend, and why: the processor backends (wasm,
 * cpu) take one worker per core, since a small model's step is mostly JavaScript and WebAssembly
 * on one thread, so workers on other cores add their speed; a GPU backend takes one, since every
 * worker's kernels queue on the same GPU (and, with software rendering, on the same cores). The
 * figures behind both are `npm run bench`'s sweep section (README, "Sweeps: throughput").
 */
import type { BackendName } from '../../core/protocol';
import { counted } from '../../core/plural';

/** Workers a sweep runs, and why, in words for the sweep's view. */
export interface SweepParallelism {
  workers: number;
  reason: string;
}

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
      reason:
        `One worker on ${backend}: every worker's steps queue on the same GPU, so more ` +
        'workers add no speed and share its memory.',
    };
  }
  // Many cores: one is left to the page and the browser.
  const workers = Math.min(MAX_SWEEP_WORKERS, known > 2 ? known - 1 : known);
  return {
    workers,
    reason:
      `${counted(workers, 'worker')} on ${backend}, one per core of ${known}: a small model ` +
      'trains on one core, so runs on other cores go on beside it.',
  };
}

/**
 * `?sweepWorkers=N` in the page URL (1 to MAX_SWEEP_WORKERS) sets the workers whatever the
 * backend, to measure one count against another (`npm run bench` does); null without it.
 */
export function readSweepWorkersParam(search: string): number | null {
  const value = Number(new URLSearchParams(search).get('sweepWorkers') ?? NaN);
  return Number.isInteger(value) && value >= 1 && value <= MAX_SWEEP_WORKERS ? value : null;
}

/** What a forced count (`?sweepWorkers`) says of itself. */
export const forcedParallelism = (workers: number): SweepParallelism => ({
  workers,
  reason: `${counted(workers, 'worker')}, as the page's address asks (?sweepWorkers=${workers}).`,
});
