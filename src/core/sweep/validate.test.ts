import { describe, expect, it } from 'vitest';
import { InvalidSweepError, StorageCorruptError } from '../errors';
import { defaultExperiment } from '../experiment/experiment';
import { toggleLock } from '../experiment/locks';
import { newSweepRecord, nextLaunches, trialEnded } from './queue';
import type { SweepField, SweepRecord } from './sweep';
import {
  counter,
  halving,
  LR_FIELD,
  richExperiment,
  testPlan,
  testSweep,
  UNITS_FIELD,
} from './test-sweeps';
import { checkSweepPlan, parseSweepRecord, validateSweep, validateSweepPlan } from './validate';

const refusal = (result: { ok: true } | { ok: false; error: InvalidSweepError }) => {
  if (result.ok) throw new Error('it was accepted');
  expect(result.error).toBeInstanceOf(InvalidSweepError);
  return { message: result.error.message, field: result.error.field };
};

/** What IndexedDB or a bundle would hand back: a detached copy. */
const stored = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('validateSweepPlan', () => {
  it('reads a plan back as it was', () => {
    const plan = testPlan({
      fields: [
        LR_FIELD,
        {
          target: { kind: 'layer', path: [1, 0], setting: 'rate' },
          values: { kind: 'linear', from: 0, to: 0.5, count: 3 },
        },
        {
          target: { kind: 'dataset', param: 'noise' },
          values: { kind: 'log', from: 0.01, to: 1, count: 3 },
        },
        { target: { kind: 'seed' }, values: { kind: 'list', values: [1, 2, 3] } },
      ],
      method: { kind: 'random', seed: 9, count: 20 },
      maxMinutes: 30,
      objective: { metric: 'validationAccuracy', goal: 'max' },
    });
    expect(validateSweepPlan(stored(plan))).toEqual({ ok: true, value: plan });
  });

  it('keeps fields a newer Gradlab added', () => {
    const plan = { ...testPlan(), early: { patience: 3 } };
    expect(validateSweepPlan(plan)).toEqual({ ok: true, value: plan });
  });

  it('holds the limits: 1 to 8 fields, 64 values a field, 1 to 500 runs', () => {
    const field = (i: number): SweepField => ({
      target: { kind: 'layer', path: [i], setting: 'units' },
      values: { kind: 'list', values: [1, 2] },
    });
    expect(
      validateSweepPlan(testPlan({ fields: Array.from({ length: 8 }, (_, i) => field(i)) })).ok,
    ).toBe(true);
    expect(
      refusal(
        validateSweepPlan(testPlan({ fields: Array.from({ length: 9 }, (_, i) => field(i)) })),
      ),
    ).toEqual({
      message: 'The sweep is not valid: plan.fields holds 9 items; at most 8 are allowed.',
      field: 'plan.fields',
    });
    expect(refusal(validateSweepPlan(testPlan({ fields: [] }))).field).toBe('plan.fields');
    const many = Array.from({ length: 65 }, (_, i) => i + 1);
    expect(
      refusal(
        validateSweepPlan(
          testPlan({ fields: [{ ...LR_FIELD, values: { kind: 'list', values: many } }] }),
        ),
      ).field,
    ).toBe('plan.fields[0].values.values');
    expect(
      refusal(
        validateSweepPlan(
          testPlan({
            fields: [{ ...LR_FIELD, values: { kind: 'log', from: 1, to: 2, count: 65 } }],
          }),
        ),
      ).field,
    ).toBe('plan.fields[0].values.count');
    for (const maxRuns of [0, 501, 2.5]) {
      expect(refusal(validateSweepPlan(testPlan({ maxRuns }))).message).toMatch(
        /plan\.maxRuns must be a whole number from 1 to 500/,
      );
    }
  });

  it('names the field at fault', () => {
    const bad = (patch: object) => refusal(validateSweepPlan({ ...testPlan(), ...patch }));
    expect(bad({ fields: [LR_FIELD, LR_FIELD] })).toEqual({
      message: 'The sweep is not valid: plan.fields[1].target is varied twice.',
      field: 'plan.fields[1].target',
    });
    expect(
      bad({ fields: [{ ...LR_FIELD, target: { kind: 'config', field: 'loss' } }] }).field,
    ).toBe('plan.fields[0].target.field');
    expect(
      bad({ fields: [{ ...LR_FIELD, values: { kind: 'log', from: -1, to: 1, count: 3 } }] })
        .message,
    ).toMatch(
      /plan\.fields\[0\]\.values is not valid: A log range runs between two numbers above 0/,
    );
    expect(bad({ method: { kind: 'halving', minEpochs: 5, keep: 1 } }).field).toBe(
      'plan.method.keep',
    );
    expect(bad({ method: { kind: 'random', seed: -1, count: 3 } }).field).toBe('plan.method.seed');
    expect(bad({ maxMinutes: 0 }).field).toBe('plan.maxMinutes');
    expect(bad({ objective: { metric: 'f1', goal: 'min' } }).field).toBe('plan.objective.metric');
    expect(refusal(validateSweepPlan('grid')).field).toBe('plan');
  });
});

describe('checkSweepPlan', () => {
  const base = richExperiment();

  it('accepts a plan whose fields the experiment has and can take', () => {
    expect(checkSweepPlan(base, testPlan()).ok).toBe(true);
  });

  it('refuses a field the experiment does not have', () => {
    const plan = testPlan({
      fields: [{ ...UNITS_FIELD, target: { kind: 'layer', path: [2], setting: 'units' } }],
    });
    expect(refusal(checkSweepPlan(base, plan))).toEqual({
      message: 'This experiment has no layer 3 (activation) units to vary.',
      field: 'plan.fields[0].target',
    });
  });

  it('refuses a field the lesson locks, and takes the others', () => {
    const locked = toggleLock(toggleLock(base, 'model'), 'config.epochs');
    expect(refusal(checkSweepPlan(locked, testPlan()))).toEqual({
      message:
        'The layer 1 (dense) units is locked here; a sweep can vary only what the lesson leaves open.',
      field: 'plan.fields[1].target',
    });
    expect(checkSweepPlan(locked, testPlan({ fields: [LR_FIELD] })).ok).toBe(true);
    const seedLocked = toggleLock(base, 'config.seed');
    expect(
      refusal(
        checkSweepPlan(
          seedLocked,
          testPlan({
            fields: [{ target: { kind: 'seed' }, values: { kind: 'list', values: [1, 2] } }],
          }),
        ),
      ).message,
    ).toMatch(/The seed is locked/);
  });

  it('refuses a value the field cannot take, at either end of a range', () => {
    const plan = testPlan({
      fields: [{ ...LR_FIELD, values: { kind: 'log', from: 1e-3, to: 100, count: 3 } }],
    });
    expect(refusal(checkSweepPlan(base, plan))).toEqual({
      message: 'Learning rate cannot be 100: Learning rate must be a number from 0.000001 to 10.',
      field: 'plan.fields[0].values',
    });
  });

  it('refuses a listed value the field cannot take, wherever it stands in the list', () => {
    const lrs = testPlan({
      fields: [{ ...LR_FIELD, values: { kind: 'list', values: [0.01, 20, 0.1] } }],
    });
    expect(refusal(checkSweepPlan(base, lrs)).message).toMatch(/^Learning rate cannot be 20:/);
    const activations = testPlan({
      fields: [
        {
          target: { kind: 'layer', path: [0], setting: 'activation' },
          values: { kind: 'list', values: ['relu', 'swish', 'tanh'] },
        },
      ],
    });
    expect(refusal(checkSweepPlan(base, activations)).message).toMatch(
      /^Layer 1 \(dense\) activation cannot be swish:/,
    );
  });

  it('keeps successive halving off the epochs and below them', () => {
    const epochs: SweepField = {
      target: { kind: 'config', field: 'epochs' },
      values: { kind: 'list', values: [10, 20] },
    };
    expect(
      refusal(checkSweepPlan(base, testPlan({ fields: [epochs], method: halving(5, 0.5) }))).field,
    ).toBe('plan.method');
    expect(refusal(checkSweepPlan(base, testPlan({ method: halving(100, 0.5) }))).message).toBe(
      "Successive halving's first round (100 epochs) must be shorter than the experiment's 100 epochs.",
    );
    expect(checkSweepPlan(base, testPlan({ method: halving(10, 0.5) })).ok).toBe(true);
  });

  it('refuses a validation objective when nothing is held out for validation', () => {
    const none = { ...base, config: { ...base.config, validationSplit: 0 } };
    expect(refusal(checkSweepPlan(none, testPlan())).field).toBe('plan.objective.metric');
    expect(
      checkSweepPlan(none, testPlan({ objective: { metric: 'trainLoss', goal: 'min' } })).ok,
    ).toBe(true);
  });
});

describe('validateSweep', () => {
  it('reads a sweep back, its experiment through the experiment validator', () => {
    const sweep = testSweep({}, richExperiment());
    expect(validateSweep(stored(sweep))).toEqual({ ok: true, value: sweep });
    const cell = { ...sweep, place: { kind: 'cell', notebookId: 'n1', cellId: 'c1' } };
    expect(validateSweep(cell)).toEqual({ ok: true, value: cell });
  });

  it('refuses a broken experiment, a newer format and a plan the experiment cannot run', () => {
    const sweep = testSweep();
    expect(
      refusal(validateSweep({ ...sweep, base: { ...sweep.base, model: { layers: [] } } })).message,
    ).toMatch(/sweep\.base\.model is not a valid model/);
    expect(refusal(validateSweep({ ...sweep, format: 2 })).message).toMatch(/newer Gradlab/);
    expect(refusal(validateSweep({ ...sweep, name: '' })).field).toBe('sweep.name');
    expect(refusal(validateSweep({ ...sweep, createdAt: 'yesterday' })).field).toBe(
      'sweep.createdAt',
    );
    const locked = testSweep({}, toggleLock(defaultExperiment(), 'config.learningRate'));
    expect(refusal(validateSweep(locked)).message).toMatch(/learning rate is locked/);
  });
});

describe('parseSweepRecord', () => {
  const fresh = (): SweepRecord => {
    const made = newSweepRecord(testSweep(), new Date('2026-01-02T10:00:00Z'), counter('t'));
    if (!made.ok) throw new Error(made.error.message);
    return made.value;
  };

  it('reads a stored record back as it was, trials left running included', () => {
    const launched = nextLaunches(fresh(), 2).record;
    const record = trialEnded(
      launched,
      't1',
      { ok: true, epochsDone: 100, metric: 0.25 },
      new Date('2026-01-02T10:01:00Z'),
    );
    expect(record.trials.map((t) => t.status).slice(0, 3)).toEqual(['done', 'running', 'pending']);
    const read = parseSweepRecord(stored(record));
    expect(read).toEqual({ ok: true, value: record });
  });

  it('reads a record whose plan its experiment would now refuse, so its results stay in sight', () => {
    const record = fresh();
    const locked = {
      ...record,
      sweep: { ...record.sweep, base: toggleLock(record.sweep.base, 'model') },
    };
    expect(parseSweepRecord(stored(locked)).ok).toBe(true);
  });

  it("reports a record it cannot read with the sweep's id, as corrupt storage", () => {
    const record = fresh();
    const cases: [unknown, RegExp][] = [
      [null, /The saved sweep \(no id\) cannot be read: .*must be an object/],
      [{ ...record, status: 'lost' }, /sweep-1 cannot be read: status must be one of running/],
      [
        { ...record, trials: [{ ...record.trials[0], values: [0.1] }] },
        /trials\[0\]\.values holds 1 values for 2 fields/,
      ],
      [
        { ...record, trials: [record.trials[0], record.trials[0]] },
        /trials\[1\]\.id is another trial's id too/,
      ],
      [{ ...record, sweep: { ...record.sweep, format: 9 } }, /newer Gradlab/],
      [{ ...record, runningMs: -1 }, /runningMs must be a number/],
    ];
    for (const [value, message] of cases) {
      const read = parseSweepRecord(stored(value));
      if (read.ok) throw new Error(`${JSON.stringify(value).slice(0, 80)} was read`);
      expect(read.error).toBeInstanceOf(StorageCorruptError);
      expect(read.error.message).toMatch(message);
    }
  });
});
