import { describe, expect, it } from 'vitest';
import type { BackendMeasurement, BackendName } from '../protocol';
import { HARDWARE_GPU as HARDWARE, SOFTWARE_GPU as SOFTWARE } from './test-probes';
import {
  chooseMeasured,
  measuredReason,
  measurementLine,
  measureOrder,
  preferenceOrder,
} from './measured-choice';

const measured = (backend: BackendName, samplesPerSec: number): BackendMeasurement => ({
  backend,
  outcome: 'measured',
  samplesPerSec,
  note: '',
});

/**
 * samples/s that `npm run bench` recorded on that machine (bench-results/bench.json, December
 * 2026), each backend forced: our loop on the playground's 2-16-16-2 MLP (batch 32), on a
 * 784-128-10 MLP (batch 128), and LeNet-5 on MNIST-10k (batch 64, after the first batch).
 */
const BENCH = {
  spiral: [
    measured('wasm', 27_694),
    measured('cpu', 23_562),
    measured('webgl', 1781),
    measured('webgpu', 583),
  ],
  mnistMlp: [
    measured('wasm', 7014),
    measured('cpu', 1175),
    measured('webgl', 3039),
    measured('webgpu', 562),
  ],
  lenet: [
    measured('wasm', 637),
    measured('cpu', 51),
    measured('webgl', 170),
    measured('webgpu', 24),
  ],
};

describe('measureOrder', () => {
  it('measures the processor backends first, then the GPUs, skipping the lost and the missing', () => {
    expect(measureOrder(SOFTWARE, [])).toEqual(['wasm', 'cpu', 'webgl', 'webgpu']);
    expect(measureOrder(HARDWARE, ['webgpu'])).toEqual(['wasm', 'cpu', 'webgl']);
    const noGpu = { ...SOFTWARE, webgpu: { available: false as const, why: 'none' } };
    expect(measureOrder(noGpu, [])).toEqual(['wasm', 'cpu', 'webgl']);
  });
});

describe('preferenceOrder', () => {
  it('is the fixed order: a hardware GPU, wasm, cpu, then an emulated GPU', () => {
    expect(preferenceOrder(HARDWARE)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(preferenceOrder(SOFTWARE)).toEqual(['wasm', 'cpu', 'webgl', 'webgpu']);
  });
});

describe('chooseMeasured', () => {
  it('takes the fastest of the recorded figures on the bench machine', () => {
    expect(chooseMeasured(BENCH.spiral, SOFTWARE, [])).toBe('wasm');
    expect(chooseMeasured(BENCH.mnistMlp, SOFTWARE, [])).toBe('wasm');
    expect(chooseMeasured(BENCH.lenet, SOFTWARE, [])).toBe('wasm');
  });

  it('is within 10% of the fastest wherever it came from', () => {
    for (const results of Object.values(BENCH)) {
      for (const offered of [SOFTWARE, HARDWARE]) {
        const chosen = chooseMeasured(results, offered, []);
        const rate = (b: BackendName | null) =>
          results.find((r) => r.backend === b)?.samplesPerSec ?? 0;
        expect(rate(chosen)).toBeGreaterThanOrEqual(
          0.9 * Math.max(...results.map((r) => rate(r.backend))),
        );
      }
    }
  });

  it('leaves the fixed order for whatever is faster, a GPU or not', () => {
    // A hardware GPU that loses to WASM on a tiny model, and wins on a big one.
    expect(chooseMeasured([measured('webgpu', 9000), measured('wasm', 27_000)], HARDWARE, [])).toBe(
      'wasm',
    );
    expect(chooseMeasured([measured('webgpu', 9000), measured('wasm', 600)], HARDWARE, [])).toBe(
      'webgpu',
    );
    // Where the processor is this much faster than WASM, cpu it is.
    expect(chooseMeasured([measured('wasm', 1000), measured('cpu', 1200)], SOFTWARE, [])).toBe(
      'cpu',
    );
  });

  it('keeps the preferred of two within 5%, so noise does not swap them', () => {
    expect(chooseMeasured([measured('wasm', 20_000), measured('cpu', 20_900)], SOFTWARE, [])).toBe(
      'wasm',
    );
    expect(chooseMeasured([measured('webgl', 9600), measured('wasm', 10_000)], HARDWARE, [])).toBe(
      'webgl',
    );
  });

  it('never takes a failed or lost backend; a slow one only by its estimate', () => {
    const results: BackendMeasurement[] = [
      { backend: 'webgpu', outcome: 'failed', samplesPerSec: null, note: 'device lost' },
      measured('webgl', 5000),
      measured('wasm', 800),
      { backend: 'cpu', outcome: 'slow', samplesPerSec: 40, note: 'a step of 64 would take 1.6 s' },
    ];
    expect(chooseMeasured(results, HARDWARE, [])).toBe('webgl');
    expect(chooseMeasured(results, HARDWARE, ['webgl'])).toBe('wasm');
    expect(chooseMeasured([results[0]!], HARDWARE, [])).toBeNull();
    expect(chooseMeasured([], HARDWARE, [])).toBeNull();
  });
});

describe('what the header says', () => {
  it('lists the figures fastest first, with the pick', () => {
    const line = measurementLine(
      { state: 'measured', model: '2,306 parameters, batch 32', results: BENCH.spiral },
      'wasm',
    );
    expect(line).toBe(
      'auto measured this model (2,306 parameters, batch 32): wasm 27,700 samples/s, cpu 23,600, ' +
        'webgl 1,780, webgpu 583 -> wasm',
    );
  });

  it('says when the figures were remembered, estimated or failed, and while it measures', () => {
    const results: BackendMeasurement[] = [
      measured('wasm', 637),
      {
        backend: 'webgpu',
        outcome: 'slow',
        samplesPerSec: 64,
        note: 'no step finished within 1 s',
      },
      { backend: 'webgl', outcome: 'failed', samplesPerSec: null, note: 'context lost' },
    ];
    expect(measurementLine({ state: 'remembered', model: 'm', results }, 'wasm')).toBe(
      'auto measured this model (m) earlier in this browser: wasm 637 samples/s, webgpu under 64 ' +
        '(no step finished within 1 s), webgl failed (context lost) -> wasm',
    );
    expect(measurementLine({ state: 'measuring', model: 'm', results: [] }, 'wasm')).toBe(
      'auto is measuring how fast each backend trains this model (m)…',
    );
  });

  it('gives the reason, saying when the pick is not the very fastest', () => {
    expect(measuredReason(BENCH.spiral, 'wasm')).toBe(
      'auto: wasm trained this model fastest when measured',
    );
    expect(measuredReason([measured('wasm', 20_000), measured('cpu', 20_900)], 'wasm')).toBe(
      "auto: wasm trained this model within 5% of the fastest (cpu) when measured, and comes first in auto's order",
    );
  });
});
