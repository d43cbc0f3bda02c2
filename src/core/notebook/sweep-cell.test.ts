import { describe, expect, it } from 'vitest';
import type { ExperimentCell } from '../bundle/schema';
import { experimentOf } from '../experiment/cell';
import type { Experiment } from '../experiment/experiment';
import { testRun } from '../runs/test-run';
import type { SweepPlan, SweepRecord, Trial } from '../sweep/sweep';
import { DEFAULT_CONFIG } from '../train/config';
import { newExperimentCell } from './cells';
import {
  isSweepRun,
  lockedSweepFields,
  planWords,
  sweepOfCell,
  sweepRunRecords,
  sweepRunsOfCell,
  sweptLocks,
  trialWords,
  withCellSweep,
  withFieldValues,
} from './sweep-cell';
import { draftBundle, MLP, runOf } from './test-bundles';

const PLAN: SweepPlan = {
  fields: [
    {
      target: { kind: 'config', field: 'learningRate' },
      values: { kind: 'list', values: [0.01, 0.1, 1] },
    },
    {
      target: { kind: 'layer', path: [1], setting: 'activation' },
      values: { kind: 'list', values: ['relu', 'tanh'] },
    },
  ],
  method: { kind: 'grid' },
  maxRuns: 6,
  maxMinutes: null,
  objective: { metric: 'validationAccuracy', goal: 'max' },
};

const cell = (locks?: string[]): ExperimentCell => {
  const made = newExperimentCell('exp', 'data', MLP, DEFAULT_CONFIG);
  return locks === undefined ? made : { ...made, locks };
};

describe('a sweep cell and its locks', () => {
  it('names the fields of a plan that vary what the cell locks, with the lock editor labels', () => {
    expect(lockedSweepFields(PLAN, cell())).toEqual([]);
    expect(lockedSweepFields(PLAN, cell(['dataset', 'config.epochs']))).toEqual([]);
    expect(lockedSweepFields(PLAN, cell(['model', 'config.learningRate']))).toEqual([
      { index: 0, lock: 'config.learningRate', label: 'Learning rate' },
      { index: 1, lock: 'model', label: 'Model (layers)' },
    ]);
    // A lock name this Gradlab does not know locks nothing, here as in an edit.
    expect(lockedSweepFields(PLAN, cell(['config.temperature']))).toEqual([]);
  });

  it('gives a cell a plan over free fields, and refuses one over a locked field', () => {
    const free = withCellSweep(cell(['dataset']), PLAN);
    expect(free.ok && free.value.sweep).toEqual(PLAN);
    expect(free.ok && free.value.sweep).not.toBe(PLAN);
    const locked = withCellSweep(cell(['model']), PLAN);
    expect(!locked.ok && locked.error.reason).toBe('locked-field');
    expect(!locked.ok && locked.error.message).toMatch(
      /This cell locks model \(layers\), so its sweep cannot vary it/,
    );
  });

  it('takes a plan off a cell', () => {
    const withPlan = withCellSweep(cell(), PLAN);
    if (!withPlan.ok) throw withPlan.error;
    const plain = withCellSweep(withPlan.value, null);
    expect(plain.ok && plain.value).toEqual(cell());
    expect(plain.ok && 'sweep' in plain.value).toBe(false);
  });

  it('says which locks the sweep would run into, so the lock editor can keep them free', () => {
    expect([...sweptLocks(cell())]).toEqual([]);
    expect([...sweptLocks({ ...cell(), sweep: PLAN })]).toEqual(['config.learningRate', 'model']);
  });

  it('changes one field’s values and nothing else', () => {
    const values = { kind: 'log', from: 0.001, to: 3, count: 5 } as const;
    const changed = withFieldValues(PLAN, 0, values);
    expect(changed.fields.map((f) => f.values)).toEqual([values, PLAN.fields[1]?.values]);
    expect(changed.fields[0]?.target).toEqual(PLAN.fields[0]?.target);
    expect({ ...changed, fields: PLAN.fields }).toEqual(PLAN);
  });
});

function trial(id: string, values: Trial['values'], status: Trial['status']): Trial {
  return {
    id,
    runId: `run-${id}`,
    values,
    status,
    epochsDone: status === 'done' ? 3 : 0,
    targetEpochs: 3,
    metric: status === 'done' ? 0.9 : null,
    error: null,
  };
}

function record(
  id: string,
  createdAt: string,
  plan: SweepPlan,
  base: Experiment,
  cellId = 'exp',
): SweepRecord {
  return {
    sweep: {
      format: 1,
      id,
      name: `sweep ${id}`,
      createdAt,
      base,
      place: { kind: 'cell', notebookId: 'nb', cellId },
      plan,
    },
    trials: [
      trial('a', [0.01, 'relu'], 'done'),
      trial('b', [0.1, 'relu'], 'failed'),
      trial('c', [1, 'tanh'], 'done'),
      trial('d', [1, 'relu'], 'pending'),
    ],
    status: 'running',
    rung: 0,
    runningMs: 1000,
    updatedAt: createdAt,
    note: null,
  };
}

describe('the runs of a cell’s sweep in a bundle', () => {
  const draft = draftBundle();
  const base = experimentOf(draft, 'exp') as Experiment;
  const sweepCell: ExperimentCell = { ...(draft.notebook.cells[1] as ExperimentCell), sweep: PLAN };

  it('finds the newest sweep of the cell, or the newest that ran a given plan', () => {
    const older = record('old', '2026-01-01T00:00:00.000Z', PLAN, base);
    const newer = record('new', '2026-01-02T00:00:00.000Z', PLAN, base);
    const otherPlan = record('other', '2026-01-03T00:00:00.000Z', { ...PLAN, maxRuns: 2 }, base);
    const otherCell = record('elsewhere', '2026-01-04T00:00:00.000Z', PLAN, base, 'exp-2');
    const sweeps = [otherCell, otherPlan, older, newer];
    expect(sweepOfCell(sweeps, 'nb', 'exp', PLAN)?.sweep.id).toBe('new');
    expect(sweepOfCell(sweeps, 'another-notebook', 'exp', PLAN)).toBeNull();
    expect(sweepOfCell(sweeps, 'nb', 'exp', { ...PLAN, maxRuns: 2 })?.sweep.id).toBe('other');
    expect(sweepOfCell(sweeps, 'nb', 'exp', { ...PLAN, maxRuns: 5 })).toBeNull();
    // Any plan: the newest sweep of the cell.
    expect(sweepOfCell(sweeps, 'nb', 'exp')?.sweep.id).toBe('other');
  });

  it('makes bundle runs of its finished trials, each with its values, in trial order', () => {
    const sweep = record('s', '2026-01-01T00:00:00.000Z', PLAN, base);
    const runs = ['a', 'b', 'c', 'd'].map((id) =>
      testRun({ id: `run-${id}`, sweep: { sweepId: 's', trialId: id } }),
    );
    const shared = sweepRunRecords(sweep, runs, sweepCell);
    expect(shared.map((run) => [run.id, run.cellId, run.datasetKey, run.sweep])).toEqual([
      ['run-a', 'exp', 'data', { values: [0.01, 'relu'] }],
      ['run-c', 'exp', 'data', { values: [1, 'tanh'] }],
    ]);
    // A finished trial whose run this browser no longer keeps is left out.
    expect(sweepRunRecords(sweep, runs.slice(1), sweepCell).map((run) => run.id)).toEqual([
      'run-c',
    ]);
  });

  it('says a plan and a trial in a line', () => {
    expect(planWords(PLAN)).toBe('lr 0.01, 0.1, 1, act 2 relu, tanh; grid, at most 6 runs');
    expect(trialWords(PLAN, [0.1, 'tanh'])).toBe('lr 0.1, act 2 tanh');
    expect(trialWords(PLAN, [0.1])).toBe('lr 0.1, act 2 ?');
  });

  it('tells the sweep runs of a cell from its own runs', () => {
    const own = runOf('exp');
    const ofSweep = { ...runOf('exp', 'sweep-1'), sweep: { values: [0.1, 'relu'] } };
    const ofOther = { ...runOf('other', 'sweep-2'), sweep: { values: [1] } };
    expect([own, ofSweep].map(isSweepRun)).toEqual([false, true]);
    expect(sweepRunsOfCell([own, ofSweep, ofOther], 'exp')).toEqual([ofSweep]);
  });
});
