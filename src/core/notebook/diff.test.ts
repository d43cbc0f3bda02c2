import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Bundle, Cell, ExperimentCell } from '../bundle/schema';
import { addCell, moveCell, newExperimentCell, newMarkdownCell, replaceCell } from './cells';
import { ABSENT, describeDataset, diffNotebooks, isEmptyDiff, renderValue } from './diff';
import { toggleLock } from '../experiment/locks';
import { draftBundle, editedBundleArb, expectValid, MLP, runOf, SPIRAL } from './test-bundles';
import { toggleView } from '../experiment/views';

const base = draftBundle();
const experiment = (bundle: Bundle): ExperimentCell => {
  const cell = bundle.notebook.cells.find((c) => c.id === 'exp');
  if (cell?.type !== 'experiment') throw new Error('no experiment');
  return cell;
};
const withCell = (cell: Cell, bundle = base): Bundle => ({
  ...bundle,
  notebook: replaceCell(bundle.notebook, cell),
});
const fieldsOf = (after: Bundle, before = base) => {
  const d = diffNotebooks(before, after);
  expect(d.changed.map((c) => c.id)).toEqual(['exp']);
  return d.changed[0]!.fields;
};

describe('renderValue and describeDataset', () => {
  it('renders numbers as written, text as it is, objects as compact JSON', () => {
    expect(renderValue(0.1)).toBe('0.1');
    expect(renderValue(1e-7)).toBe('1e-7');
    expect(renderValue('adam')).toBe('adam');
    expect(renderValue({ kind: 'step', factor: 0.5 })).toBe('{"factor":0.5,"kind":"step"}');
    expect(renderValue(undefined)).toBe(ABSENT);
    expect(renderValue('x'.repeat(500)).length).toBeLessThanOrEqual(120);
  });

  it('describes each kind of dataset in a few words', () => {
    expect(describeDataset(SPIRAL, 'data')).toBe('spiral, 400 points, noise 0.1, 2 classes');
    const moons = { ...SPIRAL, generator: 'moons' as const };
    expect(describeDataset(moons, 'data')).toBe('moons, 400 points, noise 0.1');
    const reverse = {
      kind: 'sequence',
      task: 'reverse',
      params: { size: 2000, length: 6, vocab: 8 },
      seed: 1,
    } as const;
    expect(describeDataset(reverse, 'data')).toBe(
      'reverse, 2,000 examples, length 6, vocabulary 8',
    );
    expect(describeDataset({ kind: 'shipped', name: 'iris', limit: 50 }, 'k')).toBe(
      'iris, first 50 examples',
    );
    expect(describeDataset({ kind: 'inline', name: 'tiny', csv: 'a\n1' }, 'k')).toBe(
      'tiny (CSV in the notebook)',
    );
    expect(describeDataset(undefined, 'gone')).toBe('gone (missing)');
  });
});

describe('diffNotebooks', () => {
  it('finds nothing between a notebook and itself', () => {
    const d = diffNotebooks(base, base);
    expect(isEmptyDiff(d)).toBe(true);
    expect(d.title).toBeNull();
  });

  it('reports the title and the authors', () => {
    const after = {
      ...base,
      notebook: { ...base.notebook, title: 'Moons', authors: ['Ada', 'Bo'] },
    };
    const d = diffNotebooks(base, after);
    expect(d.title).toEqual({ before: 'Spirals', after: 'Moons' });
    expect(d.authors).toEqual({ before: 'Ada', after: 'Ada, Bo' });
    expect(isEmptyDiff(d)).toBe(false);
  });

  it('reports cells added and removed, with a one-line summary', () => {
    const added = addCell(base.notebook, newMarkdownCell('new', '## Try this\nMore'), 1);
    if (!added.ok) throw added.error;
    const after = { ...base, notebook: added.value };
    const d = diffNotebooks(base, after);
    expect(d.added).toEqual([{ id: 'new', summary: 'Text: Try this' }]);
    expect(d.moved).toEqual([]);
    expect(d.changed).toEqual([]);
    const back = diffNotebooks(after, base);
    expect(back.removed).toEqual([{ id: 'new', summary: 'Text: Try this' }]);
    const listed = addCell(base.notebook, newMarkdownCell('list', '\n  - 1. > Step -5\n'), 0);
    expect(listed.ok && diffNotebooks(base, { ...base, notebook: listed.value }).added).toEqual([
      { id: 'list', summary: 'Text: Step -5' },
    ]);
    expect(back.added).toEqual([]);
    const exp = diffNotebooks(base, { ...base, notebook: { ...base.notebook, cells: [] } });
    expect(exp.removed.map((c) => c.summary)).toEqual([
      'Text: Spirals',
      'Experiment on spiral, 400 points, noise 0.1, 2 classes: 3 layers, adam, rate 0.03, 100 epochs',
    ]);
  });

  it('reports the fewest cells that explain a new order', () => {
    const three = addCell(base.notebook, newMarkdownCell('end', 'The end'), 9);
    if (!three.ok) throw three.error;
    const before = { ...base, notebook: three.value };
    const after = { ...base, notebook: moveCell(moveCell(three.value, 'end', -1), 'end', -1) };
    const d = diffNotebooks(before, after);
    expect(d.moved).toEqual([{ id: 'end', summary: 'Text: The end', from: 2, to: 0 }]);
    expect(d.changed).toEqual([]);
    expect(d.added).toEqual([]);
  });

  it('summarises a text change by lines, with the first changed line', () => {
    const text = (t: string) => withCell(newMarkdownCell('intro', t));
    const before = text('a\nb\nc\nd\ne');
    const changed = diffNotebooks(before, text('a\nB\nC\nD\ne')).changed[0]!;
    expect(changed.id).toBe('intro');
    expect(changed.fields).toEqual([
      { path: 'text', before: 'b', after: 'B', note: '3 lines changed' },
    ]);
    expect(diffNotebooks(before, text('a\nb\nnew\nc\nd\ne')).changed[0]!.fields).toEqual([
      { path: 'text', before: ABSENT, after: 'new', note: '1 line added' },
    ]);
    expect(diffNotebooks(before, text('a\ne')).changed[0]!.fields).toEqual([
      { path: 'text', before: 'b', after: ABSENT, note: '3 lines removed' },
    ]);
  });

  it('describes a changed dataset, and shows the refs when the words are the same', () => {
    const noisier = {
      ...base,
      datasets: { data: { ...SPIRAL, params: { ...SPIRAL.params, noise: 0.2 } } },
    };
    expect(fieldsOf(noisier)).toEqual([
      {
        path: 'dataset',
        before: 'spiral, 400 points, noise 0.1, 2 classes',
        after: 'spiral, 400 points, noise 0.2, 2 classes',
      },
    ]);
    const reseeded = { ...base, datasets: { data: { ...SPIRAL, seed: 9 } } };
    const [field] = fieldsOf(reseeded);
    expect(field?.path).toBe('dataset');
    expect(field?.before).toContain('"seed":1');
    expect(field?.after).toContain('"seed":9');
    const renamed = {
      ...withCell({ ...experiment(base), dataset: 'other' }),
      datasets: { other: SPIRAL },
    };
    expect(isEmptyDiff(diffNotebooks(base, renamed))).toBe(true);
  });

  it('names each layer field that changed, and layers added, removed or replaced', () => {
    const cell = experiment(base);
    const layers = (list: ExperimentCell['model']['layers']) =>
      withCell({ ...cell, model: { layers: list } });
    const [l0, l1, l2] = MLP.layers as [never, never, never];
    expect(fieldsOf(layers([l0, { type: 'dense', units: 32, activation: 'tanh' }, l2]))).toEqual([
      { path: 'model.layers[1].activation', before: 'relu', after: 'tanh' },
      { path: 'model.layers[1].units', before: '16', after: '32' },
    ]);
    expect(fieldsOf(layers([l0, l1, { type: 'dropout', rate: 0.2 }, l2]))).toEqual([
      {
        path: 'model.layers[2]',
        before: ABSENT,
        after: '{"rate":0.2,"type":"dropout"}',
        note: 'layer added',
      },
    ]);
    expect(fieldsOf(layers([l0, l2]))).toEqual([
      {
        path: 'model.layers[1]',
        before: '{"activation":"relu","type":"dense","units":16}',
        after: ABSENT,
        note: 'layer removed',
      },
    ]);
    expect(fieldsOf(layers([l0, { type: 'dropout', rate: 0.5 }, l2]))).toEqual([
      {
        path: 'model.layers[1]',
        before: '{"activation":"relu","type":"dense","units":16}',
        after: '{"rate":0.5,"type":"dropout"}',
        note: 'layer replaced',
      },
    ]);
  });

  it('names each config field that changed, then views and locks', () => {
    const cell = experiment(base);
    const after = withCell(
      toggleLock(
        toggleView(
          {
            ...cell,
            config: {
              ...cell.config,
              learningRate: 0.1,
              schedule: { kind: 'cosine' as const, minLearningRate: 0 },
            },
          },
          'weights',
        ),
        'model',
      ),
    );
    expect(fieldsOf(after)).toEqual([
      { path: 'config.learningRate', before: '0.03', after: '0.1' },
      {
        path: 'config.schedule',
        before: '{"kind":"constant"}',
        after: '{"kind":"cosine","minLearningRate":0}',
      },
      { path: 'views', before: 'boundary, curves', after: 'boundary, curves, weights' },
      { path: 'locks', before: ABSENT, after: 'model' },
    ]);
  });

  it('reports a cell that changed its kind', () => {
    const after = withCell(newMarkdownCell('exp', 'Now text'));
    expect(fieldsOf(after)).toEqual([
      {
        path: 'cell',
        before: expect.stringMatching(/^Experiment on spiral/) as unknown as string,
        after: 'Text: Now text',
        note: 'experiment cell became markdown cell',
      },
    ]);
  });

  it('reports runs recorded and dropped', () => {
    const withRun = { ...base, runs: [runOf('exp', 'r1')] };
    const d = diffNotebooks(base, withRun);
    expect(d.runsAdded).toEqual([
      { id: 'r1', summary: 'Run of experiment 1: 1 epoch on cpu, loss 0.500' },
    ]);
    expect(isEmptyDiff(d)).toBe(false);
    expect(diffNotebooks(withRun, base).runsRemoved.map((r) => r.id)).toEqual(['r1']);
  });

  it('is empty between any notebook built by the cell edits and itself or a copy', () => {
    fc.assert(
      fc.property(editedBundleArb, (bundle) => {
        const valid = expectValid(bundle);
        expect(isEmptyDiff(diffNotebooks(bundle, bundle))).toBe(true);
        expect(isEmptyDiff(diffNotebooks(bundle, valid))).toBe(true);
        expect(isEmptyDiff(diffNotebooks(structuredClone(bundle), bundle))).toBe(true);
      }),
    );
  });

  it('between two edited notebooks, is empty only when their cells and title are the same', () => {
    fc.assert(
      fc.property(editedBundleArb, editedBundleArb, (a, b) => {
        const same = JSON.stringify(a.notebook) === JSON.stringify(b.notebook);
        expect(isEmptyDiff(diffNotebooks(a, b))).toBe(same);
      }),
    );
  });

  it('lists exactly the cell an edit added', () => {
    fc.assert(
      fc.property(editedBundleArb, fc.nat(), (bundle, at) => {
        const cell = newExperimentCell('added', 'data', MLP, experiment(base).config);
        const done = addCell(bundle.notebook, cell, at);
        fc.pre(done.ok);
        if (!done.ok) return;
        const d = diffNotebooks(bundle, { ...bundle, notebook: done.value });
        expect(d.added.map((c) => c.id)).toEqual(['added']);
        expect([d.removed, d.moved, d.changed]).toEqual([[], [], []]);
      }),
    );
  });
});
