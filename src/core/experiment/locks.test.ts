import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DatasetRef } from '../data/dataset';
import { DEFAULT_CONFIG, LOSSES, OPTIMIZERS, type TrainConfig } from '../train/config';
import type { Experiment } from './experiment';
import {
  applyStudentEdit,
  CONFIG_FIELDS,
  isLocked,
  LOCKABLE_FIELDS,
  lockedConfigFields,
  toggleLock,
  type LockableField,
} from './locks';
import { MLP } from '../notebook/test-bundles';

const DATA: DatasetRef = {
  kind: 'builtin',
  generator: 'spiral',
  params: { size: 100, noise: 0, classes: 2 },
  seed: 1,
};
const MINE: DatasetRef = { kind: 'local', sha256: 'a'.repeat(64), name: 'mine' };

const lesson = (locks?: string[]): Experiment => ({
  dataset: DATA,
  model: structuredClone(MLP),
  config: structuredClone(DEFAULT_CONFIG),
  views: ['boundary', 'curves'],
  ...(locks === undefined ? {} : { locks }),
});

describe('LOCKABLE_FIELDS', () => {
  it('names the dataset, the model and every TrainConfig field, each with a label', () => {
    const fields = LOCKABLE_FIELDS.map((f) => f.field);
    expect(fields).toEqual([
      'dataset',
      'model',
      ...Object.keys(DEFAULT_CONFIG).map((name) => `config.${name}`),
    ]);
    expect([...CONFIG_FIELDS].sort()).toEqual(Object.keys(DEFAULT_CONFIG).sort());
    for (const { label } of LOCKABLE_FIELDS) expect(label.length).toBeGreaterThan(2);
    expect(new Set(LOCKABLE_FIELDS.map((f) => f.label)).size).toBe(LOCKABLE_FIELDS.length);
  });
});

describe('isLocked and lockedConfigFields', () => {
  it('reads the known names of `locks` and ignores the others', () => {
    const cell = lesson(['model', 'config.epochs', 'config.seed', 'config.future', 'colour']);
    expect(isLocked(cell, 'model')).toBe(true);
    expect(isLocked(cell, 'config.epochs')).toBe(true);
    expect(isLocked(cell, 'dataset')).toBe(false);
    expect(isLocked(cell, 'config.future')).toBe(false);
    expect(isLocked(cell, 'colour')).toBe(false);
    expect(lockedConfigFields(cell)).toEqual(new Set(['epochs', 'seed']));
    expect(isLocked(lesson(), 'model')).toBe(false);
    expect(lockedConfigFields(lesson())).toEqual(new Set());
  });
});

describe('toggleLock', () => {
  it('adds and removes a lock, keeping names it does not know', () => {
    const cell = lesson(['x-future']);
    const locked = toggleLock(cell, 'config.learningRate');
    expect(locked.locks).toEqual(['x-future', 'config.learningRate']);
    expect(cell.locks).toEqual(['x-future']);
    expect(toggleLock(locked, 'config.learningRate').locks).toEqual(['x-future']);
  });

  it('drops the list with its last lock, so lock and unlock give the cell back', () => {
    const cell = lesson();
    const there = toggleLock(cell, 'dataset');
    expect(there.locks).toEqual(['dataset']);
    const back = toggleLock(there, 'dataset');
    expect(back).toEqual(cell);
    expect('locks' in back).toBe(false);
  });

  it('keeps a full list as it is', () => {
    const cell = lesson(Array.from({ length: 64 }, (_, i) => `x-${i}`));
    expect(toggleLock(cell, 'model')).toBe(cell);
  });
});

describe('applyStudentEdit', () => {
  it('puts back each locked field and names it, and takes the others', () => {
    const teacher = lesson(['config.learningRate', 'model']);
    const edited: Experiment = {
      ...teacher,
      dataset: MINE,
      model: { layers: [{ type: 'dense', units: 2, activation: 'softmax' }] },
      config: { ...teacher.config, learningRate: 1, epochs: 5 },
    };
    const { experiment, refused } = applyStudentEdit(teacher, edited);
    expect(refused).toEqual(['model', 'config.learningRate']);
    expect(experiment.model).toEqual(MLP);
    expect(experiment.config).toEqual({ ...DEFAULT_CONFIG, epochs: 5 });
    expect(experiment.dataset).toEqual(MINE);
  });

  it('keeps the lesson dataset when it is locked', () => {
    const teacher = lesson(['dataset']);
    const { experiment, refused } = applyStudentEdit(teacher, { ...teacher, dataset: MINE });
    expect(experiment.dataset).toEqual(DATA);
    expect(refused).toEqual(['dataset']);
  });

  it("always keeps the lesson's views and locks", () => {
    const teacher = lesson(['config.seed']);
    const { experiment, refused } = applyStudentEdit(teacher, {
      ...teacher,
      views: ['weights'],
      locks: [],
    });
    expect(experiment).toEqual(teacher);
    expect(refused).toEqual([]);
    const open = lesson();
    const unlocked = applyStudentEdit(open, { ...open, locks: ['model'] }).experiment;
    expect('locks' in unlocked).toBe(false);
  });

  it('refuses nothing when the locked fields keep their values', () => {
    const teacher = lesson(['config.schedule', 'model']);
    const edited = {
      ...structuredClone(teacher),
      config: { ...teacher.config, schedule: { kind: 'constant' as const }, batchSize: 8 },
    };
    const { experiment, refused } = applyStudentEdit(teacher, edited);
    expect(refused).toEqual([]);
    expect(experiment.config.batchSize).toBe(8);
  });

  const configArb: fc.Arbitrary<Required<TrainConfig>> = fc.record({
    optimizer: fc.constantFrom(...OPTIMIZERS),
    learningRate: fc.double({ min: 1e-4, max: 1, noNaN: true }),
    schedule: fc.oneof(
      fc.constant({ kind: 'constant' as const }),
      fc.record({
        kind: fc.constant('step' as const),
        everyEpochs: fc.integer({ min: 1, max: 50 }),
        factor: fc.double({ min: 0.01, max: 1, noNaN: true }),
      }),
    ),
    loss: fc.constantFrom(...LOSSES),
    l1: fc.double({ min: 0, max: 1, noNaN: true }),
    l2: fc.double({ min: 0, max: 1, noNaN: true }),
    clipNorm: fc.double({ min: 0, max: 1000, noNaN: true }),
    weightDecay: fc.double({ min: 0, max: 1, noNaN: true }),
    batchSize: fc.integer({ min: 1, max: 512 }),
    epochs: fc.integer({ min: 1, max: 500 }),
    validationSplit: fc.double({ min: 0, max: 0.9, noNaN: true }),
    seed: fc.nat(),
  });

  it('whatever the edit, a locked field keeps the lesson value and an open one takes the edit', () => {
    fc.assert(
      fc.property(
        fc.subarray(LOCKABLE_FIELDS.map((f) => f.field)),
        configArb,
        fc.constantFrom(DATA, MINE),
        fc.boolean(),
        (locks: LockableField[], config, dataset, changeModel) => {
          const teacher = lesson(locks);
          const model = changeModel ? { layers: MLP.layers.slice(1) } : MLP;
          const edited: Experiment = { ...teacher, dataset, model, config, locks: [] };
          const { experiment, refused } = applyStudentEdit(teacher, edited);
          const from = (field: LockableField) => (isLocked(teacher, field) ? teacher : edited);
          expect(experiment.dataset).toEqual(from('dataset').dataset);
          expect(experiment.model).toEqual(from('model').model);
          for (const name of CONFIG_FIELDS) {
            expect(experiment.config[name]).toEqual(from(`config.${name}`).config[name]);
          }
          expect(experiment.locks).toEqual(teacher.locks);
          for (const field of refused) expect(locks).toContain(field);
          expect(applyStudentEdit(teacher, experiment).refused).toEqual([]);
        },
      ),
    );
  });
});
