import { describe, expect, it } from 'vitest';
import { defaultExperiment, type Experiment } from '../../core/experiment/experiment';
import { sweepTargets, targetKey } from '../../core/sweep/targets';
import { parseValues, expandValues } from '../../core/sweep/values';
import {
  checkDraft,
  defaultDraft,
  describeRungs,
  draftFromPlan,
  locksOf,
  metricsFor,
  nextField,
  suggestValues,
  type PlanDraft,
  type TargetOption,
} from './plan-form';

const base: Experiment = defaultExperiment();
const targets: TargetOption[] = sweepTargets(base);
const option = (key: string): TargetOption => {
  const found = targets.find((t) => targetKey(t.target) === key);
  if (!found)
    throw new Error(`no field ${key} in ${targets.map((t) => targetKey(t.target)).join(', ')}`);
  return found;
};

/** The values a suggestion parses to. */
function suggested(key: string): unknown[] {
  const parsed = parseValues(suggestValues(option(key)));
  if (!parsed.ok) throw parsed.error;
  return expandValues(parsed.value);
}

const draft = (patch: Partial<PlanDraft>): PlanDraft => ({
  ...defaultDraft(base, 'spiral', targets, []),
  ...patch,
});

describe('suggestValues', () => {
  it('spans decades around a rate, doubles and halves a size, and lists the usual names', () => {
    // The default learning rate is 0.03.
    expect(suggested('config.learningRate')).toEqual([0.003, 0.03, 0.3]);
    expect(suggested('layer.0.units')).toEqual([8, 16, 32]);
    expect(suggested('config.batchSize')).toEqual([16, 32, 64]);
    expect(suggested('layer.0.activation')).toEqual(['relu', 'tanh']);
    expect(suggested('seed')).toEqual([1, 2, 3]);
  });
});

describe('defaultDraft and nextField', () => {
  it('starts with the learning rate, on a grid, ranked by the validation loss', () => {
    const start = defaultDraft(base, 'spiral', targets, []);
    expect(start.fields.map((f) => f.key)).toEqual(['config.learningRate']);
    expect(start).toMatchObject({ method: 'grid', metric: 'validationLoss', maxMinutes: '' });
  });

  it('starts elsewhere when a lesson locks the learning rate, and never offers a locked field', () => {
    const locks = ['config.learningRate'];
    const start = defaultDraft(base, 'spiral', targets, locks);
    expect(start.fields.map((f) => f.key)).not.toContain('config.learningRate');
    let fields = start.fields;
    for (
      let next = nextField(targets, fields, locks);
      next;
      next = nextField(targets, fields, locks)
    ) {
      fields = [...fields, next];
    }
    expect(fields.map((f) => f.key)).not.toContain('config.learningRate');
    expect(new Set(fields.map((f) => f.key)).size).toBe(fields.length);
  });
});

describe('metricsFor', () => {
  it('offers validation metrics only with a validation split, accuracy only for classes', () => {
    expect(metricsFor(base, [])).toEqual([
      'validationLoss',
      'validationAccuracy',
      'trainLoss',
      'trainAccuracy',
    ]);
    const noSplit = { ...base, config: { ...base.config, validationSplit: 0 } };
    expect(metricsFor(noSplit, [])).toEqual(['trainLoss', 'trainAccuracy']);
    expect(metricsFor(noSplit, [{ key: 'config.validationSplit', text: '0.1, 0.2' }])).toContain(
      'validationLoss',
    );
    const regression = { ...base, config: { ...base.config, loss: 'meanSquaredError' as const } };
    expect(metricsFor(regression, [])).toEqual(['validationLoss', 'trainLoss']);
  });
});

describe('checkDraft', () => {
  it('makes a 3 x 3 grid of the learning rate and the units', () => {
    const check = checkDraft(
      draft({
        fields: [
          { key: 'config.learningRate', text: '0.003, 0.03, 0.3' },
          { key: 'layer.0.units', text: '4, 8, 16' },
        ],
      }),
      base,
      targets,
      [],
    );
    expect(check.problems).toEqual([]);
    expect(check.fieldProblems).toEqual([null, null]);
    expect(check.runs).toBe(9);
    expect(check.plan?.fields.map((f) => f.target)).toEqual([
      option('config.learningRate').target,
      option('layer.0.units').target,
    ]);
    expect(check.plan?.objective).toEqual({ metric: 'validationLoss', goal: 'min' });
  });

  it('keeps a range as typed, and caps the runs', () => {
    const check = checkDraft(
      draft({ fields: [{ key: 'config.learningRate', text: 'log 0.0001..0.1 x4' }], maxRuns: 3 }),
      base,
      targets,
      [],
    );
    expect(check.plan?.fields[0]?.values).toEqual({ kind: 'log', from: 0.0001, to: 0.1, count: 4 });
    expect(check.runs).toBe(3);
  });

  it('names the problem at its field: unreadable values, a value the experiment refuses, a repeat, a lock', () => {
    const check = checkDraft(
      draft({
        fields: [
          { key: 'config.learningRate', text: '0.01,, x' },
          { key: 'config.batchSize', text: '0, 32' },
          { key: 'layer.0.units', text: '8' },
          { key: 'layer.0.units', text: '16' },
        ],
      }),
      base,
      targets,
      ['config.batchSize'],
    );
    expect(check.plan).toBeNull();
    expect(check.runs).toBeNull();
    const [unreadable, locked, first, repeat] = check.fieldProblems;
    expect(unreadable).toEqual(expect.any(String));
    expect(locked).toMatch(/locked/);
    expect(first).toBeNull();
    expect(repeat).toMatch(/already/);
  });

  it('refuses a value the experiment cannot take, naming it', () => {
    const check = checkDraft(
      draft({ fields: [{ key: 'config.batchSize', text: '0, 32' }] }),
      base,
      targets,
      [],
    );
    expect(check.fieldProblems[0]).toMatch(/batch/i);
  });

  it('says what stands in the way of the whole plan', () => {
    const noSplit = { ...base, config: { ...base.config, validationSplit: 0 } };
    const check = checkDraft(
      draft({ name: ' ', fields: [], maxMinutes: 'soon', metric: 'validationLoss' }),
      noSplit,
      targets,
      [],
    );
    expect(check.problems).toEqual([
      'Add a field to vary.',
      'Give the sweep a name.',
      'Max minutes: enter a number above 0, or leave it empty for no limit.',
      'This experiment does not report the validation loss.',
    ]);
  });

  it('draws random combinations up to the cap, and describes halving rounds', () => {
    const random = checkDraft(
      draft({ method: 'random', count: 20, seed: 7, maxRuns: 12, maxMinutes: '5' }),
      base,
      targets,
      [],
    );
    expect(random.plan?.method).toEqual({ kind: 'random', seed: 7, count: 20 });
    expect(random.plan?.maxMinutes).toBe(5);
    expect(random.runs).toBe(12);

    const halving = checkDraft(
      draft({
        method: 'halving',
        minEpochs: 25,
        keep: 0.5,
        fields: [{ key: 'config.learningRate', text: 'log 0.001..1 x4' }],
      }),
      base,
      targets,
      [],
    );
    expect(halving.plan?.method).toEqual({ kind: 'halving', minEpochs: 25, keep: 0.5 });
    expect(describeRungs(halving.plan!, base.config.epochs)).toMatch(/^4 runs × 25 epochs, then /);
  });

  it("holds the experiment's own locks beside the lesson's", () => {
    const locks = locksOf({ ...base, locks: ['model'] }, new Set(['config.seed']));
    expect(locks.sort()).toEqual(['config.seed', 'model']);
    const check = checkDraft(
      draft({ fields: [{ key: 'layer.0.units', text: '4, 8' }] }),
      base,
      targets,
      locks,
    );
    expect(check.fieldProblems[0]).toMatch(/locked/);
  });

  it("refuses successive halving whose first round is not shorter than the experiment's epochs", () => {
    const check = checkDraft(
      draft({ method: 'halving', minEpochs: 100, keep: 0.5 }),
      base,
      targets,
      [],
    );
    expect(check.plan).toBeNull();
    expect(check.problems.join(' ')).toMatch(/first round/);
  });

  it('shows a stored plan as it was made', () => {
    const made = checkDraft(
      draft({
        method: 'random',
        count: 5,
        seed: 3,
        fields: [{ key: 'layer.0.activation', text: 'relu, tanh' }],
      }),
      base,
      targets,
      [],
    ).plan!;
    const again = checkDraft(draftFromPlan(made, 'spiral'), base, targets, []);
    expect(again.plan).toEqual(made);
  });
});
