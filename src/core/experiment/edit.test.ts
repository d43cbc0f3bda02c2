import { describe, expect, it } from 'vitest';
import type { DatasetRef, LocalDatasetRef } from '../data/dataset';
import { builtinInfo, type DatasetInfo } from '../data/info';
import {
  canRedo,
  canUndo,
  hiddenLayers,
  openEditor,
  reduceExperiment,
  type EditContext,
  type ExperimentEdit,
  type ExperimentEditor,
} from './edit';
import { defaultDataset, defaultExperiment, type Experiment } from './experiment';
import { COALESCE_MS } from './history';

const MNIST: LocalDatasetRef = { kind: 'local', sha256: 'a'.repeat(64), name: 'digits' };
const MNIST_INFO: DatasetInfo = {
  name: 'digits',
  kind: 'image',
  task: 'classification',
  inputShape: [28, 28, 1],
  numClasses: 10,
  n: 1000,
};

/** What the data slice knows: generated data at once; the digits only once `loaded`. */
function context(at = 0, loaded = true, lesson: Experiment | null = null): EditContext {
  return {
    infoOf: (ref: DatasetRef) =>
      ref.kind === 'builtin'
        ? builtinInfo(ref)
        : loaded && ref.kind === 'local'
          ? MNIST_INFO
          : null,
    at,
    lesson,
  };
}

function apply(
  editor: ExperimentEditor,
  edits: ExperimentEdit[],
  ctx: EditContext = context(),
): ExperimentEditor {
  return edits.reduce((current, edit, i) => {
    const next = reduceExperiment(current, edit, { ...ctx, at: ctx.at + i * COALESCE_MS * 2 });
    if (!next.ok) throw new Error(next.error);
    return next.value;
  }, editor);
}

const start = () => openEditor(defaultExperiment(), builtinInfo(spiral()));
const spiral = defaultDataset;
const experimentOf = (editor: ExperimentEditor) => editor.experiment;
const outputOf = (editor: ExperimentEditor) => editor.experiment.model.layers.at(-1);

describe('reduceExperiment: every kind of edit', () => {
  it('changes the dataset, keeping the experiment’s seed on a generator', () => {
    const moons = { ...spiral(), generator: 'moons' as const, seed: 99 };
    const next = apply(start(), [{ type: 'dataset', dataset: moons }]);
    expect(next.experiment.dataset).toEqual({ ...moons, seed: 1 });
  });

  it('sets the seed of the run and of the generated points together', () => {
    const next = apply(start(), [{ type: 'seed', seed: 42 }]);
    expect(next.experiment.config.seed).toBe(42);
    expect(next.experiment.dataset).toMatchObject({ kind: 'builtin', seed: 42 });
  });

  it('patches the training settings', () => {
    const next = apply(start(), [{ type: 'config', patch: { learningRate: 0.1, epochs: 7 } }]);
    expect(next.experiment.config).toMatchObject({ learningRate: 0.1, epochs: 7, seed: 1 });
  });

  it('adds, edits, moves, duplicates and removes hidden layers, keeping the output layer', () => {
    const next = apply(start(), [
      { type: 'layers', edit: { type: 'add', layer: 'dropout' } },
      { type: 'layers', edit: { type: 'edit', index: 2, patch: { rate: 0.25 } } },
      { type: 'layers', edit: { type: 'move', index: 2, delta: -1 } },
      { type: 'layers', edit: { type: 'duplicate', index: 0 } },
      { type: 'layers', edit: { type: 'remove', index: 3 } },
    ]);
    expect(hiddenLayers(next.experiment).map((l) => l.type)).toEqual(['dense', 'dense', 'dropout']);
    expect(hiddenLayers(next.experiment)[2]).toEqual({ type: 'dropout', rate: 0.25 });
    expect(outputOf(next)).toEqual({ type: 'dense', units: 2, activation: 'softmax' });
  });

  it('applies a preset and replaces the stack', () => {
    const preset = apply(start(), [{ type: 'layers', edit: { type: 'preset', id: 'logistic' } }]);
    expect(hiddenLayers(preset.experiment)).toEqual([]);
    const replaced = apply(start(), [
      { type: 'layers', edit: { type: 'replace', layers: [{ type: 'flatten' }] } },
    ]);
    expect(hiddenLayers(replaced.experiment)).toEqual([{ type: 'flatten' }]);
  });

  it('toggles a view and a lock', () => {
    const next = apply(start(), [
      { type: 'toggleView', view: 'weights' },
      { type: 'toggleLock', field: 'config.learningRate' },
    ]);
    expect(next.experiment.views).toContain('weights');
    expect(next.experiment.locks).toEqual(['config.learningRate']);
  });

  it('refuses an impossible edit with a reason and keeps the experiment', () => {
    const editor = start();
    const removed = reduceExperiment(
      editor,
      { type: 'layers', edit: { type: 'remove', index: 9 } },
      context(),
    );
    expect(removed).toEqual({ ok: false, error: 'There is no layer 10.' });
    const cnn = reduceExperiment(
      editor,
      { type: 'layers', edit: { type: 'preset', id: 'lenet' } },
      context(),
    );
    expect(!cnn.ok && cnn.error).toMatch(/needs images/);
  });

  it('returns the same editor for an edit that changes nothing', () => {
    const editor = start();
    const same = reduceExperiment(editor, { type: 'config', patch: { epochs: 100 } }, context());
    expect(same.ok && same.value).toBe(editor);
  });
});

describe('reduceExperiment: undo and redo across data, model and settings', () => {
  it('steps back through a dataset, a layer and a setting change, and forward again', () => {
    const first = start();
    const moons = { ...spiral(), generator: 'moons' as const };
    const edited = apply(first, [
      { type: 'dataset', dataset: moons },
      { type: 'layers', edit: { type: 'add', layer: 'dense' } },
      { type: 'config', patch: { learningRate: 0.2 } },
    ]);
    expect(canUndo(edited)).toBe(true);
    const back = apply(edited, [{ type: 'undo' }, { type: 'undo' }, { type: 'undo' }]);
    expect(experimentOf(back)).toEqual(experimentOf(first));
    expect(canUndo(back)).toBe(false);
    expect(canRedo(back)).toBe(true);
    const forward = apply(back, [{ type: 'redo' }, { type: 'redo' }, { type: 'redo' }]);
    expect(experimentOf(forward)).toEqual(experimentOf(edited));
    expect(reduceExperiment(forward, { type: 'redo' }, context())).toEqual({
      ok: false,
      error: 'Nothing to redo.',
    });
  });

  it('merges quick edits of one field into one step, and a new edit clears the redo', () => {
    const editor = start();
    const typed = [0.1, 0.12, 0.125].reduce((current, learningRate, i) => {
      const next = reduceExperiment(
        current,
        { type: 'config', patch: { learningRate } },
        context(i * 100),
      );
      if (!next.ok) throw new Error(next.error);
      return next.value;
    }, editor);
    expect(typed.history.past).toHaveLength(1);
    const undone = apply(typed, [{ type: 'undo' }]);
    expect(undone.experiment.config.learningRate).toBe(0.03);
    const branched = apply(undone, [{ type: 'config', patch: { epochs: 5 } }]);
    expect(canRedo(branched)).toBe(false);
  });
});

describe('reduceExperiment: the model follows the dataset', () => {
  it('gives regression data one linear output and a regression loss', () => {
    const sine = {
      ...spiral(),
      generator: 'sine' as const,
      params: { size: 100, noise: 0.1, classes: 1 },
    };
    const next = apply(start(), [{ type: 'dataset', dataset: sine }]);
    expect(outputOf(next)).toEqual({ type: 'dense', units: 1, activation: 'linear' });
    expect(next.experiment.config.loss).toBe('meanSquaredError');
  });

  it('swaps dense layers for a CNN on images, as one undoable step with a note', () => {
    const next = apply(start(), [{ type: 'dataset', dataset: MNIST }]);
    expect(hiddenLayers(next.experiment).some((l) => l.type === 'conv2d')).toBe(true);
    expect(outputOf(next)).toEqual({ type: 'dense', units: 10, activation: 'softmax' });
    expect(next.note).toMatch(/did not fit input of shape \[28, 28, 1\]/);
    const undone = apply(next, [{ type: 'undo' }]);
    expect(experimentOf(undone)).toEqual(experimentOf(start()));
  });

  it('fits the model once a stored dataset’s shape is known, after the edit that chose it', () => {
    const chosen = apply(start(), [{ type: 'dataset', dataset: MNIST }], context(0, false));
    expect(outputOf(chosen)).toEqual({ type: 'dense', units: 2, activation: 'softmax' });
    const fitted = apply(chosen, [{ type: 'fit' }]);
    expect(outputOf(fitted)).toEqual({ type: 'dense', units: 10, activation: 'softmax' });
    expect(fitted.note).toMatch(/Undo brings the previous layers back/);
    // The app's swap is its own step: undo brings back the user's layers on the new data.
    const undone = apply(fitted, [{ type: 'undo' }]);
    expect(hiddenLayers(undone.experiment)).toEqual(hiddenLayers(chosen.experiment));
    expect(undone.experiment.dataset).toEqual(MNIST);
  });

  it('leaves a model that fits alone when it fits again', () => {
    const editor = start();
    const fitted = reduceExperiment(editor, { type: 'fit' }, context());
    expect(fitted.ok && fitted.value).toBe(editor);
  });
});

describe('reduceExperiment: a student edits within the lesson’s locks', () => {
  it('puts back every locked field, whichever edit changed it', () => {
    const lesson: Experiment = {
      ...defaultExperiment(),
      locks: ['config.learningRate', 'dataset'],
    };
    const editor = openEditor(lesson, builtinInfo(spiral()));
    const ctx = context(0, true, lesson);
    const locked = reduceExperiment(editor, { type: 'config', patch: { learningRate: 1 } }, ctx);
    expect(locked.ok && locked.value).toBe(editor);
    const moons = { ...spiral(), generator: 'moons' as const };
    const data = reduceExperiment(editor, { type: 'dataset', dataset: moons }, ctx);
    expect(data.ok && data.value.experiment.dataset).toEqual(lesson.dataset);
    const open = apply(editor, [{ type: 'config', patch: { epochs: 3 } }], ctx);
    expect(open.experiment.config.epochs).toBe(3);
    const unlocked = apply(editor, [{ type: 'toggleLock', field: 'dataset' }], ctx);
    expect(unlocked).toBe(editor);
  });
});
