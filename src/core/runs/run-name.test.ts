import { describe, expect, it } from 'vitest';
import type { Experiment } from '../experiment/experiment';
import type { TrainConfig } from '../train/config';
import {
  autoRunName,
  describeRun,
  MAX_NAME_FACETS,
  shortNumber,
  uniqueRunName,
  type NamedExperiment,
} from './run-name';
import { testRunExperiment } from './test-run';

/** A regression experiment on an imported CSV called cars. */
function cars(overrides: Partial<TrainConfig> = {}, units = [16]): Experiment {
  const base = testRunExperiment({ loss: 'meanSquaredError', learningRate: 0.03, ...overrides });
  return {
    ...base,
    dataset: { kind: 'local', name: 'cars', sha256: 'ab'.repeat(32) },
    model: {
      layers: [
        ...units.map((n) => ({ type: 'dense' as const, units: n, activation: 'relu' as const })),
        { type: 'dense', units: 1, activation: 'linear' },
      ],
    },
  };
}

/** Records runs one after another, each named among those before it, as the runs slice does. */
function record(experiments: Experiment[]): string[] {
  const runs: NamedExperiment[] = [];
  for (const experiment of experiments) {
    runs.push({ name: autoRunName(experiment, runs), experiment });
  }
  return runs.map((run) => run.name);
}

describe('automatic run names', () => {
  it('name the loss where the task offers a choice, and the learning rate', () => {
    expect(describeRun(cars(), [])).toBe('cars · mse · lr 0.03');
    // A classification dataset has one loss: naming it would tell nothing.
    expect(describeRun(testRunExperiment({ learningRate: 0.01 }), [])).toBe('spiral · lr 0.01');
  });

  it('two runs of one session never share a name, and each says what differs', () => {
    const names = record([
      cars(),
      cars({ learningRate: 0.1 }),
      cars({ learningRate: 0.1, loss: 'meanAbsoluteError' }),
      cars({ learningRate: 0.1 }, [32, 16]),
      cars({ learningRate: 0.1, batchSize: 64 }),
    ]);
    expect(names).toEqual([
      'cars · mse · lr 0.03',
      'cars · mse · lr 0.1',
      'cars · mae · lr 0.1',
      'cars · mse · lr 0.1 · units 32-16',
      'cars · mse · lr 0.1 · batch 64',
    ]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('numbers a repeat with the same settings', () => {
    expect(record([cars(), cars(), cars()])).toEqual([
      'cars · mse · lr 0.03',
      'cars · mse · lr 0.03 (2)',
      'cars · mse · lr 0.03 (3)',
    ]);
  });

  it('compares only with runs on the same dataset', () => {
    const spiral = testRunExperiment({ learningRate: 0.03, batchSize: 8 });
    expect(describeRun(cars(), [{ name: 'spiral run', experiment: spiral }])).toBe(
      'cars · mse · lr 0.03',
    );
  });

  it('names the seed, the data and the penalties when they are what changed', () => {
    const base = testRunExperiment();
    const others = [{ name: 'a', experiment: base }];
    expect(describeRun(testRunExperiment({ seed: 7 }), others)).toBe('spiral · lr 0.01 · seed 7');
    expect(describeRun(testRunExperiment({ l2: 1e-4 }), others)).toBe('spiral · lr 0.01 · l2 1e-4');
    // A penalty the other run had and this one has not is named as absent.
    expect(describeRun(base, [{ name: 'b', experiment: testRunExperiment({ l2: 1e-4 }) }])).toBe(
      'spiral · lr 0.01 · no l2',
    );
    const noisier: Experiment = {
      ...base,
      dataset: {
        kind: 'builtin',
        generator: 'spiral',
        params: { size: 200, noise: 0.3, classes: 2 },
        seed: 1,
      },
    };
    expect(describeRun(noisier, others)).toBe('spiral · lr 0.01 · noise 0.3');
  });

  it('names only what tells it apart, and no more than a handful of settings', () => {
    const run = testRunExperiment({ optimizer: 'sgd', batchSize: 8, epochs: 9, l1: 0.1, seed: 4 });
    const other = testRunExperiment();
    expect(describeRun(run, [{ name: 'a', experiment: other }])).toBe('spiral · sgd · lr 0.01');
    // Each earlier run differs from this one in one setting only: each needs naming.
    const peers = [
      { optimizer: 'adam' as const },
      { batchSize: 32 },
      { epochs: 3 },
      { l1: 0 },
      { seed: 1 },
    ].map((change, i) => ({
      name: `peer ${i}`,
      experiment: testRunExperiment({
        optimizer: 'sgd',
        batchSize: 8,
        epochs: 9,
        l1: 0.1,
        seed: 4,
        ...change,
      }),
    }));
    expect(describeRun(run, peers).split(' · ')).toEqual([
      'spiral',
      'sgd',
      'lr 0.01',
      'batch 8',
      '9 epochs',
      'l1 0.1',
    ]);
    expect(MAX_NAME_FACETS).toBe(5);
  });
});

describe('uniqueRunName', () => {
  it('takes the first free number', () => {
    expect(uniqueRunName('a', [])).toBe('a');
    expect(uniqueRunName('a', ['a', 'a (2)'])).toBe('a (3)');
  });
});

describe('shortNumber', () => {
  it('reads short for rates, sizes and penalties', () => {
    expect(shortNumber(0.03)).toBe('0.03');
    expect(shortNumber(0.0001)).toBe('1e-4');
    expect(shortNumber(0.00025)).toBe('2.5e-4');
    expect(shortNumber(0.001)).toBe('0.001');
    expect(shortNumber(250)).toBe('250');
    expect(shortNumber(1 / 3)).toBe('0.3333');
  });
});
