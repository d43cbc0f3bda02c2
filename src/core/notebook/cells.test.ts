import { describe, expect, it } from 'vitest';
import { BUNDLE_LIMITS, type Bundle, type Notebook } from '../bundle/schema';
import { validateBundle } from '../bundle/validate';
import { DEFAULT_CONFIG } from '../train/config';
import {
  addCell,
  datasetKeysInUse,
  deleteCell,
  duplicateCell,
  moveCell,
  newExperimentCell,
  newMarkdownCell,
  pruneDatasets,
  replaceCell,
  tidyBundle,
} from './cells';
import { draftBundle, expectValid, MLP, runOf, SPIRAL, TINY_WEIGHTS } from './test-bundles';

const ids = (nb: Notebook) => nb.cells.map((c) => c.id);

/** A notebook frozen all the way down, so any mutation by an edit throws. */
function frozen(): Notebook {
  const nb = draftBundle().notebook;
  const freeze = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    Object.freeze(value);
    for (const child of Object.values(value)) freeze(child);
  };
  freeze(nb);
  return nb;
}

const full = (): Notebook => ({
  ...draftBundle().notebook,
  cells: Array.from({ length: BUNDLE_LIMITS.cells }, (_, i) => newMarkdownCell(`c${i}`)),
});

describe('new cells', () => {
  it('makes a markdown cell with empty text unless given some', () => {
    expect(newMarkdownCell('a')).toEqual({ type: 'markdown', id: 'a', text: '' });
    expect(newMarkdownCell('b', '# Hi')).toEqual({ type: 'markdown', id: 'b', text: '# Hi' });
  });

  it('makes an experiment cell that shares nothing with the model and config it was given', () => {
    const model = structuredClone(MLP);
    const cell = newExperimentCell('e', 'data', model, DEFAULT_CONFIG);
    expect(cell).toEqual({
      type: 'experiment',
      id: 'e',
      dataset: 'data',
      model: MLP,
      config: DEFAULT_CONFIG,
      views: ['curves'],
    });
    expect(cell.locks).toBeUndefined();
    model.layers.pop();
    expect(cell.model.layers).toHaveLength(3);
    expect(cell.config).not.toBe(DEFAULT_CONFIG);
    expect(newExperimentCell('f', 'data', MLP, DEFAULT_CONFIG, ['boundary']).views).toEqual([
      'boundary',
    ]);
  });
});

describe('addCell', () => {
  it('inserts at the index, clamped to the ends, without changing its input', () => {
    const nb = frozen();
    const at = (i: number) => {
      const done = addCell(nb, newMarkdownCell('new'), i);
      if (!done.ok) throw done.error;
      return ids(done.value);
    };
    expect(at(0)).toEqual(['new', 'intro', 'exp']);
    expect(at(1)).toEqual(['intro', 'new', 'exp']);
    expect(at(2)).toEqual(['intro', 'exp', 'new']);
    expect(at(99)).toEqual(['intro', 'exp', 'new']);
    expect(at(-5)).toEqual(['new', 'intro', 'exp']);
    expect(at(Infinity)).toEqual(['intro', 'exp', 'new']);
    expect(ids(nb)).toEqual(['intro', 'exp']);
  });

  it('refuses an id already taken, an empty or overlong id, and a cell past the limit', () => {
    const nb = draftBundle().notebook;
    const taken = addCell(nb, newMarkdownCell('intro'), 0);
    expect(!taken.ok && taken.error.reason).toBe('duplicate-id');
    const empty = addCell(nb, newMarkdownCell(''), 0);
    expect(!empty.ok && empty.error.reason).toBe('invalid-id');
    const long = addCell(nb, newMarkdownCell('x'.repeat(BUNDLE_LIMITS.idLength + 1)), 0);
    expect(!long.ok && long.error.reason).toBe('invalid-id');
    const tooMany = addCell(full(), newMarkdownCell('one-more'), 0);
    expect(tooMany.ok).toBe(false);
    if (!tooMany.ok) {
      expect(tooMany.error.reason).toBe('too-many-cells');
      expect(tooMany.error.code).toBe('notebook-edit');
      expect(tooMany.error.message).toContain(`${BUNDLE_LIMITS.cells}`);
    }
  });
});

describe('moveCell', () => {
  it('swaps a cell with its neighbour', () => {
    const nb = frozen();
    expect(ids(moveCell(nb, 'intro', 1))).toEqual(['exp', 'intro']);
    expect(ids(moveCell(nb, 'exp', -1))).toEqual(['exp', 'intro']);
    expect(ids(nb)).toEqual(['intro', 'exp']);
  });

  it('is a no-op at either end and for an unknown id', () => {
    const nb = frozen();
    expect(moveCell(nb, 'intro', -1)).toBe(nb);
    expect(moveCell(nb, 'exp', 1)).toBe(nb);
    expect(moveCell(nb, 'nope', 1)).toBe(nb);
  });
});

describe('duplicateCell', () => {
  it('puts a deep copy with the new id right after the cell', () => {
    const nb = frozen();
    const done = duplicateCell(nb, 'exp', 'exp2');
    if (!done.ok) throw done.error;
    expect(ids(done.value)).toEqual(['intro', 'exp', 'exp2']);
    const [, original, copy] = done.value.cells;
    expect(copy).toEqual({ ...original, id: 'exp2' });
    if (copy?.type !== 'experiment' || original?.type !== 'experiment') throw new Error('types');
    expect(copy.model).not.toBe(original.model);
    copy.model.layers.push({ type: 'flatten' });
    copy.views.push('weights');
    expect(original.model.layers).toHaveLength(3);
    expect(original.views).toEqual(['boundary', 'curves']);
    const first = duplicateCell(nb, 'intro', 'intro2');
    expect(first.ok && ids(first.value)).toEqual(['intro', 'intro2', 'exp']);
  });

  it('refuses an unknown cell, a taken id and a full notebook', () => {
    const nb = draftBundle().notebook;
    const unknown = duplicateCell(nb, 'nope', 'x');
    expect(!unknown.ok && unknown.error.reason).toBe('no-such-cell');
    const taken = duplicateCell(nb, 'intro', 'exp');
    expect(!taken.ok && taken.error.reason).toBe('duplicate-id');
    const tooMany = duplicateCell(full(), 'c0', 'c-copy');
    expect(!tooMany.ok && tooMany.error.reason).toBe('too-many-cells');
  });
});

describe('deleteCell and replaceCell', () => {
  it('deletes by id, and is a no-op for an unknown id', () => {
    const nb = frozen();
    expect(ids(deleteCell(nb, 'intro'))).toEqual(['exp']);
    expect(deleteCell(nb, 'nope')).toBe(nb);
    expect(ids(nb)).toEqual(['intro', 'exp']);
  });

  it('replaces the cell with the same id in place, and is a no-op for an unknown id', () => {
    const nb = frozen();
    const text = newMarkdownCell('intro', 'New text');
    const replaced = replaceCell(nb, text);
    expect(replaced.cells[0]).toBe(text);
    expect(replaced.cells[1]).toBe(nb.cells[1]);
    expect(replaceCell(nb, newMarkdownCell('nope'))).toBe(nb);
    expect(replaceCell(nb, nb.cells[0]!)).toBe(nb);
  });
});

describe('datasets in use', () => {
  function withExtraDataset(): Bundle {
    const draft = draftBundle();
    return {
      ...draft,
      datasets: { ...draft.datasets, unused: SPIRAL, forRun: { ...SPIRAL, seed: 2 } },
      runs: [runOf('exp', 'r1', 'forRun')],
    };
  }

  it('lists the keys experiment cells name', () => {
    const draft = draftBundle();
    const two = addCell(draft.notebook, newExperimentCell('e2', 'other', MLP, DEFAULT_CONFIG), 0);
    if (!two.ok) throw two.error;
    expect(datasetKeysInUse(two.value)).toEqual(new Set(['data', 'other']));
    expect(datasetKeysInUse(deleteCell(draft.notebook, 'exp'))).toEqual(new Set());
  });

  it('pruneDatasets drops the entries no cell or run names', () => {
    const bundle = withExtraDataset();
    const pruned = pruneDatasets(bundle);
    expect(Object.keys(pruned.datasets).sort()).toEqual(['data', 'forRun']);
    expect(Object.keys(bundle.datasets)).toHaveLength(3);
    expectValid(pruned);
    expect(pruneDatasets(pruned)).toBe(pruned);
  });

  it('tidyBundle drops the runs of a deleted cell, their weights and their datasets', () => {
    const draft = draftBundle();
    const run = { ...runOf('exp'), weightsKey: 'w' };
    const bundle: Bundle = {
      ...draft,
      runs: [run],
      weights: { w: TINY_WEIGHTS, stray: TINY_WEIGHTS },
    };
    expectValid(bundle);
    const deleted = { ...bundle, notebook: deleteCell(bundle.notebook, 'exp') };
    const refused = validateBundle(deleted);
    expect(!refused.ok && refused.error.reason).toBe('dangling-key');
    const tidy = tidyBundle(deleted);
    expect(tidy.runs).toEqual([]);
    expect(Object.keys(tidy.weights ?? {})).toEqual([]);
    expect(Object.keys(tidy.datasets)).toEqual([]);
    expectValid(tidy);
    const kept = tidyBundle(bundle);
    expect(kept.runs).toEqual([run]);
    expect(Object.keys(kept.weights ?? {})).toEqual(['w']);
    expect(tidyBundle(kept)).toBe(kept);
  });
});
