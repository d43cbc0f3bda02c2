import { describe, expect, it } from 'vitest';
import {
  forcedParallelism,
  MAX_SWEEP_WORKERS,
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
    expect(forcedParallelism(3)).toEqual({
      workers: 3,
      reason: "3 workers, as the page's address asks (?sweepWorkers=3).",
    });
  });
});
