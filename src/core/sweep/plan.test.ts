import { describe, expect, it } from 'vitest';
import { gridSize, halvingRungs, planTrials, trialExperiment } from './plan';
import type { SweepField } from './sweep';
import { LR_FIELD, testPlan, testSweep, UNITS_FIELD } from './test-sweeps';

const LOG_LR: SweepField = {
  target: { kind: 'config', field: 'learningRate' },
  values: { kind: 'log', from: 1e-4, to: 1, count: 5 },
};
const NOISE: SweepField = {
  target: { kind: 'dataset', param: 'noise' },
  values: { kind: 'linear', from: 0, to: 0.5, count: 6 },
};
const ACTIVATION: SweepField = {
  target: { kind: 'layer', path: [0], setting: 'activation' },
  values: { kind: 'list', values: ['relu', 'tanh', 'sigmoid', 'elu'] },
};

describe('gridSize', () => {
  it("multiplies the fields' value counts", () => {
    expect(gridSize(testPlan())).toBe(9);
    expect(gridSize(testPlan({ fields: [LOG_LR, NOISE, ACTIVATION] }))).toBe(5 * 6 * 4);
    expect(gridSize(testPlan({ fields: [UNITS_FIELD] }))).toBe(3);
  });
});

describe('planTrials', () => {
  it('walks the grid with the first field changing slowest', () => {
    expect(planTrials(testPlan())).toEqual([
      [0.003, 4],
      [0.003, 8],
      [0.003, 16],
      [0.03, 4],
      [0.03, 8],
      [0.03, 16],
      [0.3, 4],
      [0.3, 8],
      [0.3, 16],
    ]);
  });

  it('expands ranges into the grid and stops at maxRuns', () => {
    const trials = planTrials(testPlan({ fields: [LOG_LR, UNITS_FIELD], maxRuns: 7 }));
    expect(trials).toHaveLength(7);
    expect(trials.map(([lr]) => lr)).toEqual([1e-4, 1e-4, 1e-4, 1e-3, 1e-3, 1e-3, 0.01]);
  });

  it('draws the same random trials for the same seed, and others for another seed', () => {
    const plan = testPlan({
      fields: [LOG_LR, NOISE, ACTIVATION],
      method: { kind: 'random', seed: 42, count: 20 },
    });
    const first = planTrials(plan);
    expect(first).toHaveLength(20);
    expect(planTrials(plan)).toEqual(first);
    expect(planTrials({ ...plan, method: { kind: 'random', seed: 43, count: 20 } })).not.toEqual(
      first,
    );
    expect(planTrials({ ...plan, maxRuns: 5 })).toEqual(first.slice(0, 5));
  });

  it('draws ranges continuously (log-uniform for log ranges) and lists uniformly', () => {
    const plan = testPlan({
      fields: [LOG_LR, NOISE, ACTIVATION],
      method: { kind: 'random', seed: 7, count: 500 },
      maxRuns: 500,
    });
    const trials = planTrials(plan);
    const lrs = trials.map(([lr]) => lr as number);
    const noises = trials.map(([, noise]) => noise as number);
    for (const lr of lrs) expect(lr >= 1e-4 && lr <= 1).toBe(true);
    for (const noise of noises) expect(noise >= 0 && noise <= 0.5).toBe(true);
    // Not only the grid's points: a continuous draw rarely repeats.
    expect(new Set(lrs).size).toBeGreaterThan(490);
    // Log-uniform: each decade of the four holds about a quarter of the draws (125 of 500).
    for (let decade = -4; decade < 0; decade++) {
      const inside = lrs.filter((lr) => lr >= 10 ** decade && lr < 10 ** (decade + 1)).length;
      expect(inside).toBeGreaterThan(90);
      expect(inside).toBeLessThan(160);
    }
    // Linear: each half of the range holds about half.
    const low = noises.filter((n) => n < 0.25).length;
    expect(low).toBeGreaterThan(210);
    expect(low).toBeLessThan(290);
    for (const name of ['relu', 'tanh', 'sigmoid', 'elu']) {
      const count = trials.filter(([, , activation]) => activation === name).length;
      expect(count).toBeGreaterThan(90);
      expect(count).toBeLessThan(160);
    }
  });

  it('keeps rounded draws inside the range', () => {
    // Four significant digits round every draw above 0.99995 up to 1, past the range's end.
    const rate: SweepField = {
      target: { kind: 'layer', path: [0], setting: 'rate' },
      values: { kind: 'linear', from: 0.9999, to: 0.99999, count: 2 },
    };
    const plan = testPlan({ fields: [rate], method: { kind: 'random', seed: 1, count: 50 } });
    const draws = planTrials(plan).map(([value]) => Number(value));
    expect(Math.max(...draws)).toBe(0.99999);
    expect(Math.min(...draws)).toBe(0.9999);
  });

  it('starts successive halving from the grid', () => {
    const plan = testPlan({ method: { kind: 'halving', minEpochs: 10, keep: 1 / 3 } });
    expect(planTrials(plan)).toEqual(planTrials(testPlan()));
  });
});

describe('halvingRungs', () => {
  it('keeps the best fraction and multiplies the epochs by its inverse up to the budget', () => {
    expect(halvingRungs(9, 10, 1 / 3, 100)).toEqual([
      { epochs: 10, trials: 9 },
      { epochs: 30, trials: 3 },
      { epochs: 100, trials: 1 },
    ]);
    expect(halvingRungs(16, 5, 0.5, 100)).toEqual([
      { epochs: 5, trials: 16 },
      { epochs: 10, trials: 8 },
      { epochs: 20, trials: 4 },
      { epochs: 40, trials: 2 },
      { epochs: 100, trials: 1 },
    ]);
  });

  it('stops at the budget even with several trials left', () => {
    expect(halvingRungs(27, 10, 1 / 3, 50)).toEqual([
      { epochs: 10, trials: 27 },
      { epochs: 30, trials: 9 },
      { epochs: 50, trials: 3 },
    ]);
  });

  it('keeps at least one trial, and a lone trial trains the whole budget', () => {
    expect(halvingRungs(3, 10, 0.1, 100)).toEqual([
      { epochs: 10, trials: 3 },
      { epochs: 100, trials: 1 },
    ]);
    expect(halvingRungs(1, 10, 0.5, 100)).toEqual([{ epochs: 100, trials: 1 }]);
    expect(halvingRungs(0, 10, 0.5, 100)).toEqual([]);
  });

  it('always trains more epochs in the next rung', () => {
    expect(halvingRungs(8, 1, 0.9, 4)).toEqual([
      { epochs: 1, trials: 8 },
      { epochs: 2, trials: 7 },
      { epochs: 3, trials: 6 },
      { epochs: 4, trials: 5 },
    ]);
  });
});

describe('trialExperiment', () => {
  it("is the base with every field set to the trial's value", () => {
    const sweep = testSweep();
    const result = trialExperiment(sweep, [0.3, 8]);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.config.learningRate).toBe(0.3);
    expect(result.value.model.layers[0]).toMatchObject({ units: 8 });
    expect(result.value.model.layers.slice(1)).toEqual(sweep.base.model.layers.slice(1));
  });

  it('refuses a trial missing a value or holding one the field cannot take', () => {
    const sweep = testSweep({ fields: [LR_FIELD, UNITS_FIELD] });
    const missing = trialExperiment(sweep, [0.3]);
    expect(missing.ok ? null : missing.error.message).toBe(
      'The trial has no value for the layer 1 (dense) units.',
    );
    const bad = trialExperiment(sweep, [0.3, -4]);
    expect(bad.ok ? null : bad.error.field).toBe('layer.0.units');
  });
});
