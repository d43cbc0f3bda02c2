import { describe, expect, it } from 'vitest';
import { layoutParallel, visibleRows, parallelAxes } from '../../core/chart/parallel';
import { repeatGroups } from '../../core/chart/scatter';
import { PLAYGROUND } from '../../core/experiment/experiment';
import { testRun, testRunExperiment } from '../../core/runs/test-run';
import { SWEEP_FORMAT, type SweepRecord, type Trial } from '../../core/sweep/sweep';
import {
  chartedRows,
  describeFilter,
  formatMetric,
  scatterFields,
  scatterInputs,
  shownMetrics,
  sweepColumns,
  trialRows,
} from './sweep-table';

const trial = (id: string, values: (number | string)[], patch: Partial<Trial> = {}): Trial => ({
  id,
  runId: `run-${id}`,
  values,
  status: 'done',
  epochsDone: 3,
  targetEpochs: 3,
  metric: null,
  error: null,
  ...patch,
});

/** Two learning rates, each with two seeds; one trial still running, one waiting. */
const record: SweepRecord = {
  sweep: {
    format: SWEEP_FORMAT,
    id: 'sw1',
    name: 'spiral',
    createdAt: '2025-01-01T10:00:00.000Z',
    base: testRunExperiment(),
    place: PLAYGROUND,
    plan: {
      fields: [
        {
          target: { kind: 'config', field: 'learningRate' },
          values: { kind: 'log', from: 0.01, to: 0.1, count: 2 },
        },
        { target: { kind: 'seed' }, values: { kind: 'list', values: [1, 2] } },
      ],
      method: { kind: 'grid' },
      maxRuns: 100,
      maxMinutes: null,
      objective: { metric: 'validationLoss', goal: 'min' },
    },
  },
  trials: [
    trial('a', [0.01, 1], { metric: 0.6 }),
    trial('b', [0.01, 2], { metric: 0.4 }),
    trial('c', [0.1, 1], { status: 'running', epochsDone: 1, metric: 0.9 }),
    trial('d', [0.1, 2], { status: 'pending', epochsDone: 0 }),
  ],
  status: 'running',
  rung: 0,
  runningMs: 1000,
  updatedAt: '2025-01-01T10:01:00.000Z',
  note: null,
};

const runs = [
  testRun({ id: 'run-a', name: 'mine', sweep: { sweepId: 'sw1', trialId: 'a' } }),
  testRun({
    id: 'run-b',
    name: 'spiral · lr 0.01 · seed 2',
    sweep: { sweepId: 'sw1', trialId: 'b' },
  }),
  // Another sweep's run, and a run of no sweep, are not this sweep's.
  testRun({ id: 'run-x', sweep: { sweepId: 'other', trialId: 'c' } }),
  testRun({ id: 'run-y' }),
];

describe('trialRows', () => {
  const rows = trialRows(record, runs);

  it('pairs each trial with its stored run, keeping the name the user gave it', () => {
    expect(rows.map((r) => [r.number, r.run?.id ?? null])).toEqual([
      [1, 'run-a'],
      [2, 'run-b'],
      [3, null],
      [4, null],
    ]);
    expect(rows[0]?.name).toBe('mine');
    // Without a stored run, the name the sweep gives its runs.
    expect(rows[2]?.name).toMatch(/^spiral/);
  });

  it("takes the final metrics from the run's last epoch and the objective from the queue", () => {
    // testRun's last epoch: train loss 0.5, accuracy 0.8; validation loss 0.6, accuracy 0.7.
    expect(rows[1]?.metrics).toEqual({
      validationLoss: 0.4,
      validationAccuracy: 0.7,
      trainLoss: 0.5,
      trainAccuracy: 0.8,
    });
    expect(rows[2]?.metrics).toEqual({
      validationLoss: 0.9,
      validationAccuracy: null,
      trainLoss: null,
      trainAccuracy: null,
    });
  });

  it('charts the trials with a figure for the objective, objective first among the metrics', () => {
    expect(chartedRows(rows).map((r) => r.trial.id)).toEqual(['a', 'b', 'c']);
    expect(shownMetrics(record, rows)).toEqual([
      'validationLoss',
      'validationAccuracy',
      'trainLoss',
      'trainAccuracy',
    ]);
    expect(shownMetrics(record, rows.slice(2))).toEqual(['validationLoss']);
  });
});

describe('sweepColumns', () => {
  const rows = chartedRows(trialRows(record, runs));
  const columns = sweepColumns(record, rows, ['validationLoss', 'trainLoss']);

  it('has an axis per field, on a log scale for a log range, then one per metric', () => {
    expect(columns.map((c) => [c.key, c.label])).toEqual([
      ['config.learningRate', 'learning rate'],
      ['seed', 'seed'],
      ['metric.validationLoss', 'validation loss'],
      ['metric.trainLoss', 'training loss'],
    ]);
    expect(columns[0]?.values).toEqual([0.01, 0.01, 0.1]);
    expect(columns[0]?.options?.log).toBe(true);
    expect(columns[2]?.values).toEqual([0.6, 0.4, 0.9]);
    expect(columns[3]?.values).toEqual([0.5, 0.5, null]);
  });

  it('lays out and filters as the chart and the table do', () => {
    const axes = parallelAxes(columns);
    const layout = layoutParallel(columns, {
      width: 400,
      height: 200,
      margin: { left: 10, right: 10, top: 10, bottom: 10 },
    });
    expect(layout.lines).toHaveLength(3);
    expect(layout.axes[0]?.axis.kind).toBe('log');
    expect(
      visibleRows(columns, axes, {
        'metric.validationLoss': { kind: 'range', min: 0.3, max: 0.65 },
      }),
    ).toEqual([true, true, false]);
  });
});

describe('scatterInputs', () => {
  it('plots every field but the seed, grouping the runs that differ only by seed', () => {
    expect(scatterFields(record)).toEqual([0]);
    const rows = chartedRows(trialRows(record, runs));
    const points = scatterInputs(record, rows, 0);
    expect(points.map((p) => [p.id, p.x, p.y])).toEqual([
      ['a', 0.01, 0.6],
      ['b', 0.01, 0.4],
      ['c', 0.1, 0.9],
    ]);
    const groups = repeatGroups(points);
    expect(groups.map((g) => [g.x, g.ids])).toEqual([
      [0.01, ['a', 'b']],
      [0.1, ['c']],
    ]);
    expect(groups[0]?.mean).toBeCloseTo(0.5);
  });
});

describe('words', () => {
  it('formats metrics and filters', () => {
    expect(formatMetric(0.123456)).toBe('0.1235');
    expect(formatMetric(null)).toBe('—');
    expect(formatMetric(Number.NaN)).toBe('—');
    expect(describeFilter({ kind: 'range', min: 0.001, max: 0.01 }, String)).toBe('0.001 to 0.01');
    expect(describeFilter({ kind: 'set', values: ['relu', 'tanh'] }, String)).toBe('relu, tanh');
  });
});
