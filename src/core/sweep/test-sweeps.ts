/** Real sweeps for the sweep tests (and the runner's): the playground's spiral, varied. */
import { defaultExperiment, PLAYGROUND, type Experiment } from '../experiment/experiment';
import type { LayerSpec } from '../model/spec';
import {
  SWEEP_FORMAT,
  type Sweep,
  type SweepField,
  type SweepMethod,
  type SweepPlan,
} from './sweep';

/** The spiral with a residual block and a dropout layer, so every kind of layer target exists. */
export function richExperiment(): Experiment {
  const base = defaultExperiment();
  const hidden: LayerSpec[] = [
    { type: 'dense', units: 16, activation: 'relu' },
    {
      type: 'residual',
      layers: [
        { type: 'dense', units: 16, activation: 'tanh' },
        { type: 'dropout', rate: 0.1 },
      ],
    },
    { type: 'activation', activation: 'relu' },
  ];
  return { ...base, model: { layers: [...hidden, ...base.model.layers.slice(-1)] } };
}

export const LR_FIELD: SweepField = {
  target: { kind: 'config', field: 'learningRate' },
  values: { kind: 'list', values: [0.003, 0.03, 0.3] },
};

export const UNITS_FIELD: SweepField = {
  target: { kind: 'layer', path: [0], setting: 'units' },
  values: { kind: 'list', values: [4, 8, 16] },
};

export function testPlan(overrides: Partial<SweepPlan> = {}): SweepPlan {
  return {
    fields: [LR_FIELD, UNITS_FIELD],
    method: { kind: 'grid' },
    maxRuns: 100,
    maxMinutes: null,
    objective: { metric: 'validationLoss', goal: 'min' },
    ...overrides,
  };
}

/** A sweep of the default spiral experiment (3 x 3 over learning rate and units unless told). */
export function testSweep(
  plan: Partial<SweepPlan> = {},
  base: Experiment = defaultExperiment(),
): Sweep {
  return {
    format: SWEEP_FORMAT,
    id: 'sweep-1',
    name: 'spiral',
    createdAt: '2026-01-02T10:00:00.000Z',
    base,
    place: PLAYGROUND,
    plan: testPlan(plan),
  };
}

export const halving = (minEpochs: number, keep: number): SweepMethod => ({
  kind: 'halving',
  minEpochs,
  keep,
});

/** Ids t1, t2, ... in the order asked for, so a test can name them. */
export function counter(prefix = 'id'): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}
