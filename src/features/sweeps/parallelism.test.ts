import { describe, expect, it } from 'vitest';
import {
  chosenParallelism,
  MAX_SWEEP_WORKERS,
  MODELS_PER_WORKER,
  readSweepModelsParam,
  readSweepWorkersParam,
  sweepParallelism,
} from './parallelism';

describe('sweep parallelism', () => {
  it('runs one worker per core on the processor backends, leaving one to the page above two', () => {
    expect(sweepParallelism('wasm', 1).workers).toBe(1);
    expect(sweepParallelism('wasm', 2).workers).toBe(2);
    expect(sweepParallelism('cpu', 4).workers).toBe(3);
    expect(sweepParallelism('wasm', 8).workers).toBe(7);
    expect(sweepParallelism('wasm', 64).workers).toBe(MAX_SWEEP_WORKERS);
    // A browser that does not say counts as one core.
    expect(sweepParallelism('wasm', 0).workers).toBe(1);
    expect(sweepParallelism('wasm', 2).reason).toMatch(/^2 workers on wasm, one per core of 2/);
  });

  it('runs one worker on a GPU backend, and says why', () => {
    for (const backend of ['webgpu', 'webgl'] as const) {
      expect(sweepParallelism(backend, 16)).toEqual({
        workers: 1,
        modelsPerWorker: 1,
        reason: expect.stringMatching(new RegExp(`^One worker on ${backend}: .*same GPU`)),
      });
    }
  });

  it('takes a count from the address only when it is a whole number it allows', () => {
    expect(readSweepWorkersParam('?backend=wasm&sweepWorkers=3')).toBe(3);
    expect(readSweepWorkersParam('?sweepWorkers=1')).toBe(1);
    for (const bad of [
      '',
      '?sweepWorkers=0',
      '?sweepWorkers=2.5',
      '?sweepWorkers=x',
      '?sweepWorkers=99',
    ]) {
      expect(readSweepWorkersParam(bad)).toBeNull();
    }
    expect(readSweepModelsParam('?sweepWorkers=1&sweepModels=1')).toBe(1);
    expect(readSweepModelsParam('?sweepModels=0')).toBeNull();
    expect(readSweepModelsParam('?sweepModels=33')).toBeNull();
  });

  it('trains several runs per worker on the processor backends, one under successive halving', () => {
    const none = { workers: null, models: null };
    const wasm = chosenParallelism('wasm', 2, none, false);
    expect(wasm).toMatchObject({ workers: 2, modelsPerWorker: MODELS_PER_WORKER });
    expect(wasm.reason).toMatch(
      new RegExp(`Each trains up to ${MODELS_PER_WORKER} runs at once as one model`),
    );
    const halving = chosenParallelism('wasm', 2, none, true);
    expect(halving).toMatchObject({ workers: 2, modelsPerWorker: 1 });
    expect(halving.reason).toMatch(/one run at a time: successive halving/);
    expect(chosenParallelism('webgpu', 8, none, false).modelsPerWorker).toBe(1);
    expect(chosenParallelism('wasm', 2, { workers: 1, models: 1 }, false)).toEqual({
      workers: 1,
      modelsPerWorker: 1,
      reason: "1 worker, as the page's address asks (?sweepWorkers=1, ?sweepModels=1).",
    });
    expect(chosenParallelism('cpu', 4, { workers: 3, models: null }, false)).toEqual({
      workers: 3,
      modelsPerWorker: MODELS_PER_WORKER,
      reason:
        "3 workers, as the page's address asks (?sweepWorkers=3). Each trains up to " +
        `${MODELS_PER_WORKER} runs at once as one model where they differ only in seed and ` +
        'learning rate.',
    });
  });
});
