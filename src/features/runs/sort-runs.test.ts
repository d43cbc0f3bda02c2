import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextSort, SORT_KEYS, sortRuns } from './sort-runs';
import { testRun, testRunExperiment } from '../../core/runs/test-run';

const epoch = (trainLoss: number, validationAccuracy: number | null) => ({
  epoch: 1,
  trainLoss,
  trainAccuracy: null,
  validationLoss: null,
  validationAccuracy,
});

const a = testRun({
  id: 'a',
  name: 'run 10',
  createdAt: '2025-01-03T00:00:00.000Z',
  epochs: [epoch(0.2, 0.9)],
  samplesPerSec: 50,
  backend: 'webgl',
});
const b = testRun({
  id: 'b',
  name: 'run 9',
  createdAt: '2025-01-01T00:00:00.000Z',
  epochs: [epoch(0.5, null)],
  samplesPerSec: null,
  backend: 'cpu',
});
const c = testRun({
  id: 'c',
  name: 'Alpha',
  createdAt: '2025-01-02T00:00:00.000Z',
  epochs: [epoch(Number.NaN, 0.5), epoch(0.1, 0.6)],
  samplesPerSec: 200,
  backend: 'webgpu',
});

const ids = (runs: { id: string }[]) => runs.map((r) => r.id);

describe('sortRuns', () => {
  it('sorts by each column, numbers in names compared as numbers', () => {
    expect(ids(sortRuns([a, b, c], { key: 'name', direction: 'asc' }))).toEqual(['c', 'b', 'a']);
    expect(ids(sortRuns([a, b, c], { key: 'date', direction: 'desc' }))).toEqual(['a', 'c', 'b']);
    expect(ids(sortRuns([a, b, c], { key: 'epochs', direction: 'desc' }))).toEqual(['c', 'a', 'b']);
    expect(ids(sortRuns([a, b, c], { key: 'finalLoss', direction: 'asc' }))).toEqual([
      'c',
      'a',
      'b',
    ]);
    // "This browser · CPU", "· WebGL", "· WebGPU"
    expect(ids(sortRuns([a, b, c], { key: 'origin', direction: 'asc' }))).toEqual(['b', 'a', 'c']);
  });

  it('puts runs without a value last in both directions', () => {
    for (const direction of ['asc', 'desc'] as const) {
      expect(ids(sortRuns([b, a, c], { key: 'metric', direction })).at(-1)).toBe('b');
      expect(ids(sortRuns([b, a, c], { key: 'samplesPerSec', direction })).at(-1)).toBe('b');
    }
    const diverged = testRun({ id: 'd', epochs: [epoch(Number.NaN, null)] });
    expect(ids(sortRuns([diverged, a], { key: 'finalLoss', direction: 'desc' }))).toEqual([
      'a',
      'd',
    ]);
  });

  it('is a permutation, and ascending reverses descending where values differ', () => {
    const run = fc.record({
      id: fc.uuid(),
      name: fc.string(),
      loss: fc.double({ noNaN: true, noDefaultInfinity: true }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(run, { selector: (r) => r.loss }),
        fc.constantFrom(...SORT_KEYS),
        (specs, key) => {
          const runs = specs.map((s) =>
            testRun({ id: s.id, name: s.name, epochs: [epoch(s.loss, null)] }),
          );
          const sorted = sortRuns(runs, { key, direction: 'asc' });
          expect([...ids(sorted)].sort()).toEqual([...ids(runs)].sort());
          if (key === 'finalLoss') {
            const down = sortRuns(runs, { key, direction: 'desc' });
            expect(ids(down)).toEqual(ids(sorted).reverse());
          }
        },
      ),
    );
  });
});

describe('sorting by the final metric', () => {
  const regression = (id: string, validationLoss: number) =>
    testRun({
      id,
      experiment: testRunExperiment({ loss: 'meanSquaredError' }),
      epochs: [
        { epoch: 1, trainLoss: 1, trainAccuracy: null, validationLoss, validationAccuracy: null },
      ],
    });
  const classifier = (id: string, validationAccuracy: number) =>
    testRun({ id, epochs: [{ ...epoch(1, validationAccuracy), validationLoss: 1 }] });

  it('sorts by the validation loss, without one last', () => {
    const none = testRun({ id: 'none', epochs: [epoch(0.3, null)] });
    const runs = [regression('r9', 81), none, regression('r2', 4)];
    expect(ids(sortRuns(runs, { key: 'valLoss', direction: 'asc' }))).toEqual(['r2', 'r9', 'none']);
    expect(ids(sortRuns(runs, { key: 'valLoss', direction: 'desc' }))).toEqual([
      'r9',
      'r2',
      'none',
    ]);
  });

  it('keeps each kind together and puts the best of each first, or the worst', () => {
    const runs = [
      regression('r9', 81),
      classifier('c5', 0.5),
      regression('r2', 4),
      classifier('c9', 0.9),
    ];
    expect(ids(sortRuns(runs, { key: 'metric', direction: 'desc' }))).toEqual([
      'c9',
      'c5',
      'r2',
      'r9',
    ]);
    expect(ids(sortRuns(runs, { key: 'metric', direction: 'asc' }))).toEqual([
      'c5',
      'c9',
      'r9',
      'r2',
    ]);
  });
});

describe('sorting by sweep and tags', () => {
  it('groups the runs of a sweep by its name, and lists runs without a sweep or tags last', () => {
    const runs = [
      testRun({ id: 'none', tags: ['zz'] }),
      testRun({ id: 'b1', sweep: { sweepId: 's-b', trialId: '1' } }),
      testRun({ id: 'a1', sweep: { sweepId: 's-a', trialId: '1' }, tags: ['lr'] }),
      testRun({ id: 'b2', sweep: { sweepId: 's-b', trialId: '2' }, tags: ['baseline'] }),
    ];
    const names = new Map([
      ['s-a', 'units'],
      ['s-b', 'learning rate'],
    ]);
    expect(ids(sortRuns(runs, { key: 'sweep', direction: 'asc' }, names))).toEqual([
      'b1',
      'b2',
      'a1',
      'none',
    ]);
    expect(ids(sortRuns(runs, { key: 'sweep', direction: 'asc' })).at(0)).toBe('a1');
    expect(ids(sortRuns(runs, { key: 'tags', direction: 'asc' }))).toEqual([
      'b2',
      'a1',
      'none',
      'b1',
    ]);
  });
});

describe('nextSort', () => {
  it('flips the sorted column and starts others in their useful direction', () => {
    expect(nextSort({ key: 'name', direction: 'asc' }, 'name')).toEqual({
      key: 'name',
      direction: 'desc',
    });
    expect(nextSort({ key: 'name', direction: 'asc' }, 'finalLoss').direction).toBe('asc');
    expect(nextSort({ key: 'name', direction: 'asc' }, 'metric').direction).toBe('desc');
  });
});
