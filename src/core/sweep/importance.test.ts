import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng';
import { etaSquared, parameterImportance } from './importance';
import { newSweepRecord, nextLaunches, trialEnded } from './queue';
import type { SweepField, SweepPlan, SweepRecord, SweepValue } from './sweep';
import { targetKey } from './targets';
import { counter, LR_FIELD, testSweep } from './test-sweeps';

const NOW = new Date('2026-01-02T10:00:00Z');

/** The sweep run to its end, each trial's final metric `metricOf` its values. */
function finished(
  plan: Partial<SweepPlan>,
  metricOf: (values: SweepValue[]) => number,
): SweepRecord {
  const made = newSweepRecord(testSweep(plan), NOW, counter('t'));
  if (!made.ok) throw new Error(made.error.message);
  const { record, launches } = nextLaunches(made.value, 500);
  return launches.reduce((current, launch) => {
    const values = current.trials.find((t) => t.id === launch.trialId)?.values ?? [];
    const outcome = { ok: true as const, epochsDone: launch.epochs, metric: metricOf(values) };
    return trialEnded(current, launch.trialId, outcome, NOW);
  }, record);
}

const byKey = (record: SweepRecord) =>
  Object.fromEntries(
    parameterImportance(record).map(({ target, importance }) => [targetKey(target), importance]),
  );

const UNITS: SweepField = {
  target: { kind: 'layer', path: [0], setting: 'units' },
  values: { kind: 'list', values: [8, 16] },
};
const SEEDS: SweepField = {
  target: { kind: 'seed' },
  values: { kind: 'list', values: [1, 2, 3, 4] },
};

describe('etaSquared', () => {
  it('is the between-group share of the total sum of squares', () => {
    // Groups a: 1, 3 (mean 2); b: 5, 7 (mean 6). Mean 4; total 9+1+1+9 = 20; between 2*4+2*4 = 16.
    expect(etaSquared(['a', 'a', 'b', 'b'], [1, 3, 5, 7])).toBeCloseTo(16 / 20, 12);
    expect(etaSquared(['a', 'b', 'a', 'b'], [1, 1, 2, 2])).toBe(0);
    expect(etaSquared(['a', 'b'], [3, 3])).toBe(0);
    expect(etaSquared(['a'], [3])).toBe(0);
  });
});

describe('parameterImportance', () => {
  it('gives each field its share of an additive effect on a balanced grid (the known answer)', () => {
    // metric = A[lr] + B[units]: lr's sum of squares is 2 x (4+0+4) = 16, units' 3 x (0.25+0.25)
    // = 1.5, of 17.5 in all.
    const A = new Map<SweepValue, number>([
      [0.003, 0],
      [0.03, 2],
      [0.3, 4],
    ]);
    const B = new Map<SweepValue, number>([
      [8, 0],
      [16, 1],
    ]);
    const record = finished({ fields: [LR_FIELD, UNITS] }, ([lr, units]) => {
      return (A.get(lr ?? 0) ?? NaN) + (B.get(units ?? 0) ?? NaN);
    });
    const importance = parameterImportance(record);
    expect(importance.map(({ target }) => targetKey(target))).toEqual([
      'config.learningRate',
      'layer.0.units',
    ]);
    expect(importance[0]?.importance).toBeCloseTo(16 / 17.5, 12);
    expect(importance[1]?.importance).toBeCloseTo(1.5 / 17.5, 12);
  });

  it('gives a field with no effect nothing, and the seed a share only where runs are noisy', () => {
    const exact = finished({ fields: [LR_FIELD, SEEDS] }, ([lr]) => Math.log10(Number(lr)));
    expect(byKey(exact)['config.learningRate']).toBeCloseTo(1, 12);
    expect(byKey(exact).seed).toBeCloseTo(0, 12);
    const noise = createRng(5);
    const noisy = finished(
      { fields: [LR_FIELD, SEEDS] },
      ([lr]) => Math.log10(Number(lr)) + noise.normal() * 2,
    );
    const shares = byKey(noisy);
    expect(shares.seed).toBeGreaterThan(0.05);
    expect(shares['config.learningRate']).toBeLessThan(0.9);
  });

  it('bins random draws of a range, which never repeat, to find their effect', () => {
    const record = finished(
      {
        fields: [
          {
            target: { kind: 'config', field: 'learningRate' },
            values: { kind: 'log', from: 1e-4, to: 1, count: 5 },
          },
          {
            target: { kind: 'dataset', param: 'noise' },
            values: { kind: 'linear', from: 0, to: 0.5, count: 5 },
          },
        ],
        method: { kind: 'random', seed: 3, count: 100 },
      },
      ([lr]) => Math.abs(Math.log10(Number(lr)) + 2),
    );
    const shares = byKey(record);
    expect(shares['config.learningRate']).toBeGreaterThan(0.8);
    expect(shares['dataset.noise']).toBeLessThan(0.2);
  });

  it('says nothing before two trials finished with a result', () => {
    const made = newSweepRecord(testSweep(), NOW, counter('t'));
    if (!made.ok) throw new Error(made.error.message);
    expect(parameterImportance(made.value)).toEqual([]);
    const { record } = nextLaunches(made.value, 1);
    const one = trialEnded(record, 't1', { ok: true, epochsDone: 100, metric: 1 }, NOW);
    expect(parameterImportance(one)).toEqual([]);
  });
});
