import { describe, expect, it } from 'vitest';
import type { Bundle } from '../bundle/schema';
import type { LocalDatasetRef } from '../data/dataset';
import { testBundle } from '../bundle/test-bundle';
import { experimentCells, experimentOf, newCell, withExperiment } from './cell';
import type { Experiment } from './experiment';

const MINE: LocalDatasetRef = { kind: 'local', sha256: 'f'.repeat(64), name: 'mine' };

async function bundleWithTwoCells(): Promise<{ bundle: Bundle; first: string; second: string }> {
  const bundle = await testBundle();
  const [cell] = experimentCells(bundle);
  if (cell === undefined) throw new Error('the fixture has no experiment');
  const copy = { ...structuredClone(cell), id: 'copy' };
  const shared = {
    ...bundle,
    notebook: { ...bundle.notebook, cells: [...bundle.notebook.cells, copy] },
  };
  return { bundle: shared, first: cell.id, second: 'copy' };
}

const experimentIn = (bundle: Bundle, cellId: string): Experiment => {
  const experiment = experimentOf(bundle, cellId);
  if (experiment === null) throw new Error(`no experiment ${cellId}`);
  return experiment;
};

describe('an experiment in a notebook cell', () => {
  it('reads the cell with its dataset looked up, and writes back the same bundle unchanged', async () => {
    const { bundle, first } = await bundleWithTwoCells();
    const experiment = experimentIn(bundle, first);
    const cell = experimentCells(bundle).find((c) => c.id === first);
    expect(experiment.dataset).toEqual(bundle.datasets[cell?.dataset ?? '']);
    expect(experiment).not.toHaveProperty('type');
    expect(withExperiment(bundle, first, experiment)).toBe(bundle);
  });

  it('writes a changed setting into the cell only', async () => {
    const { bundle, first, second } = await bundleWithTwoCells();
    const experiment = experimentIn(bundle, first);
    const next = withExperiment(bundle, first, {
      ...experiment,
      config: { ...experiment.config, learningRate: 0.5 },
    });
    expect(experimentIn(next, first).config.learningRate).toBe(0.5);
    expect(experimentIn(next, second)).toEqual(experimentIn(bundle, second));
  });

  it('gives a new dataset a key of its own where another cell or a run still names the old one', async () => {
    const { bundle, first, second } = await bundleWithTwoCells();
    const next = withExperiment(bundle, first, { ...experimentIn(bundle, first), dataset: MINE });
    expect(experimentIn(next, first).dataset).toEqual(MINE);
    expect(experimentIn(next, second).dataset).toEqual(experimentIn(bundle, second).dataset);
    const keyOf = (b: Bundle, id: string) => experimentCells(b).find((c) => c.id === id)?.dataset;
    expect(keyOf(next, first)).not.toBe(keyOf(next, second));
    expect(keyOf(next, second)).toBe(keyOf(bundle, second));
  });

  it('replaces the dataset under the key when nothing else names it', async () => {
    // One experiment, no runs: nothing else names its dataset.
    const bundle = await testBundle((json) => {
      const notebook = json.notebook as { cells: { type: string }[] };
      const first = notebook.cells.findIndex((c) => c.type === 'experiment');
      notebook.cells = notebook.cells.filter((c, i) => c.type !== 'experiment' || i === first);
      json.runs = [];
    });
    const [cell] = experimentCells(bundle);
    if (cell === undefined) throw new Error('no experiment');
    const next = withExperiment(bundle, cell.id, {
      ...experimentIn(bundle, cell.id),
      dataset: MINE,
    });
    expect(next.datasets[cell.dataset]).toEqual(MINE);
  });

  it('makes a new cell with its dataset under a fresh key', async () => {
    const bundle = await testBundle();
    const experiment = experimentIn(bundle, experimentCells(bundle)[0]?.id ?? '');
    const made = newCell(bundle, 'new', experiment);
    expect(made.cell).toMatchObject({ type: 'experiment', id: 'new', dataset: 'new-data' });
    expect(made.bundle.datasets['new-data']).toEqual(experiment.dataset);
  });
});
