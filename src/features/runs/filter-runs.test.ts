import { describe, expect, it } from 'vitest';
import { testRun, testRunExperiment } from '../../core/runs/test-run';
import type { StoredRun } from '../../core/runs/stored-run';
import { filterChoices, filterRuns, isFiltered, NO_FILTER, originKey } from './filter-runs';

const moons = testRunExperiment();
moons.dataset = { kind: 'builtin', generator: 'moons', params: { size: 200, noise: 0.1 }, seed: 1 };

const imported: StoredRun['origin'] = {
  kind: 'imported',
  keras: '3.15.1',
  backend: 'tensorflow',
  framework: 'tensorflow 2.21.0',
  devices: ['GPU:0'],
  strategy: 'none',
  replicas: 1,
  python: '3.12',
  platform: 'Linux',
  hostname: 'box',
  init: 'seed',
  sourceRunId: null,
  ending: 'finished',
  importedAt: '2025-01-01T00:00:00.000Z',
  fileName: 'metrics.jsonl',
};

const runs = [
  testRun({ id: 'a', tags: ['baseline'], backend: 'webgpu' }),
  testRun({ id: 'b', tags: ['baseline', 'lr'], sweep: { sweepId: 's1', trialId: 't1' } }),
  testRun({ id: 'c', experiment: moons, sweep: { sweepId: 's2', trialId: 't1' } }),
  testRun({ id: 'd', origin: imported, backend: null }),
];

const ids = (list: readonly StoredRun[]) => list.map((r) => r.id);

describe('filterRuns', () => {
  it('narrows by dataset, tag, sweep and where the run ran, together', () => {
    expect(ids(filterRuns(runs, NO_FILTER))).toEqual(['a', 'b', 'c', 'd']);
    expect(ids(filterRuns(runs, { dataset: 'moons' }))).toEqual(['c']);
    expect(ids(filterRuns(runs, { tag: 'baseline' }))).toEqual(['a', 'b']);
    expect(ids(filterRuns(runs, { sweep: 's1' }))).toEqual(['b']);
    expect(ids(filterRuns(runs, { sweep: null }))).toEqual(['a', 'd']);
    expect(ids(filterRuns(runs, { origin: 'imported' }))).toEqual(['d']);
    expect(ids(filterRuns(runs, { origin: 'browser:cpu', tag: 'baseline' }))).toEqual(['b']);
    expect(ids(filterRuns(runs, { dataset: 'spiral', tag: undefined }))).toEqual(['a', 'b', 'd']);
  });

  it('knows when it filters', () => {
    expect(isFiltered(NO_FILTER)).toBe(false);
    expect(isFiltered({ tag: undefined })).toBe(false);
    expect(isFiltered({ sweep: null })).toBe(true);
  });
});

describe('filterChoices', () => {
  it('offers only what some run has, sweeps by name when known', () => {
    const choices = filterChoices(runs, new Map([['s1', 'lr cliff']]));
    expect(choices.datasets.map((c) => c.value)).toEqual(['moons', 'spiral']);
    expect(choices.tags.map((c) => c.value)).toEqual(['baseline', 'lr']);
    expect(choices.sweeps).toEqual([
      { value: 's1', label: 'lr cliff' },
      { value: 's2', label: 'sweep s2' },
    ]);
    expect(choices.unswept).toBe(true);
    expect(choices.origins).toEqual([
      { value: 'imported', label: 'Imported from Keras' },
      { value: 'browser:cpu', label: 'This browser · CPU' },
      { value: 'browser:webgpu', label: 'This browser · WebGPU' },
    ]);
    expect(originKey(testRun({ origin: imported }))).toBe('imported');
  });
});
