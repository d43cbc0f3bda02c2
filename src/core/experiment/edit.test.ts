import { describe, expect, it } from 'vitest';
import type { DatasetRef, LocalDatasetRef, SequenceTaskRef } from '../data/dataset';
import type { LayerSpec } from '../model/spec';
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

const tokens = (size: number) => Array.from({ length: size }, (_, i) => `t${i}`);
const REVERSE: SequenceTaskRef = {
  kind: 'sequence',
  task: 'reverse',
  params: { size: 500, length: 6, vocab: 8 },
  seed: 1,
};
/** Reverse as next-token prediction: 13 positions, 11 tokens (8 symbols, pad, unknown, boundary). */
const REVERSE_INFO: DatasetInfo = {
  name: 'Reverse (toy task)',
  kind: 'text',
  task: 'sequence',
  inputShape: [13],
  numClasses: 11,
  n: 500,
  tokenizer: { kind: 'char', vocab: tokens(11) },
};
const SPAM: LocalDatasetRef = { kind: 'local', sha256: 'b'.repeat(64), name: 'spam' };
const SPAM_INFO: DatasetInfo = {
  name: 'Spam or ham (mail text)',
  kind: 'text',
  task: 'classification',
  inputShape: [50],
  numClasses: 2,
  n: 1000,
  tokenizer: { kind: 'word', vocab: tokens(300) },
};

const textContext: EditContext = {
  infoOf: (ref: DatasetRef) =>
    ref.kind === 'builtin'
      ? builtinInfo(ref)
      : ref.kind === 'sequence'
        ? REVERSE_INFO
        : ref.kind === 'local' && ref.sha256 === SPAM.sha256
          ? SPAM_INFO
          : null,
  at: 0,
  lesson: null,
};

const embeddings = (editor: ExperimentEditor): LayerSpec[] =>
  hiddenLayers(editor.experiment)
    .flatMap((layer) => (layer.type === 'residual' ? layer.layers : [layer]))
    .filter((layer) => layer.type === 'embedding');

describe('reduceExperiment: text and sequence data', () => {
  it('swaps an MLP for the Char-RNN on a sequence task, with the vocabulary, output and loss it needs', () => {
    const next = apply(start(), [{ type: 'dataset', dataset: REVERSE }], textContext);
    expect(hiddenLayers(next.experiment)).toEqual([
      { type: 'embedding', inputDim: 11, outputDim: 32 },
      { type: 'lstm', units: 128, returnSequences: true },
    ]);
    expect(outputOf(next)).toEqual({ type: 'dense', units: 11, activation: 'softmax' });
    expect(next.experiment.config.loss).toBe('sparseCategoricalCrossentropy');
    expect(next.note).toMatch(/did not fit text.*Char-RNN.*Undo brings the previous layers back/);
    const undone = apply(next, [{ type: 'undo' }], textContext);
    expect(experimentOf(undone)).toEqual(experimentOf(start()));
  });

  it('swaps a next-token model for the LSTM classifier on text with labels, and back', () => {
    const onReverse = apply(start(), [{ type: 'dataset', dataset: REVERSE }], textContext);
    const onSpam = apply(onReverse, [{ type: 'dataset', dataset: SPAM }], textContext);
    expect(hiddenLayers(onSpam.experiment)).toEqual([
      { type: 'embedding', inputDim: 300, outputDim: 32 },
      { type: 'lstm', units: 64, returnSequences: false },
    ]);
    expect(outputOf(onSpam)).toEqual({ type: 'dense', units: 2, activation: 'softmax' });
    expect(onSpam.experiment.config.loss).toBe('categoricalCrossentropy');
    expect(onSpam.note).toMatch(/LSTM classifier/);
  });

  it('sets every embedding’s vocabulary to the dataset’s, inside blocks too, on fit and on edits', () => {
    const chosen = apply(start(), [{ type: 'dataset', dataset: REVERSE }], {
      ...textContext,
      infoOf: () => null,
    });
    // The vocabulary is not known yet: the stack stays until the dataset loads.
    expect(embeddings(chosen)).toEqual([]);
    const fitted = apply(chosen, [{ type: 'fit' }], textContext);
    expect(embeddings(fitted).map((layer) => layer.type === 'embedding' && layer.inputDim)).toEqual(
      [11],
    );
    const edited = apply(
      fitted,
      [
        {
          type: 'layers',
          edit: { type: 'edit', index: 0, patch: { inputDim: 500, outputDim: 8 } },
        },
        { type: 'layers', edit: { type: 'add', layer: 'residual', at: 1 } },
        { type: 'layers', edit: { type: 'add', layer: 'embedding', block: 1 } },
      ],
      textContext,
    );
    expect(embeddings(edited)).toEqual([
      { type: 'embedding', inputDim: 11, outputDim: 8 },
      { type: 'embedding', inputDim: 11, outputDim: 32 },
    ]);
  });

  it('offers the text presets on text of their task only', () => {
    const onReverse = apply(start(), [{ type: 'dataset', dataset: REVERSE }], textContext);
    const transformer = apply(
      onReverse,
      [{ type: 'layers', edit: { type: 'preset', id: 'transformer' } }],
      textContext,
    );
    const types = hiddenLayers(transformer.experiment).map((layer) =>
      layer.type === 'residual' ? layer.layers.map((inner) => inner.type).join('+') : layer.type,
    );
    expect(types).toEqual([
      'embedding',
      'positionalEmbedding',
      'layerNormalization+causalSelfAttention',
      'layerNormalization+dense+dense',
      'layerNormalization+causalSelfAttention',
      'layerNormalization+dense+dense',
      'layerNormalization',
    ]);
    expect(embeddings(transformer)).toEqual([{ type: 'embedding', inputDim: 11, outputDim: 64 }]);
    const refused = (editor: ExperimentEditor, id: 'lstm-classifier' | 'mlp' | 'char-rnn') => {
      const result = reduceExperiment(
        editor,
        { type: 'layers', edit: { type: 'preset', id } },
        textContext,
      );
      return result.ok ? null : result.error;
    };
    expect(refused(onReverse, 'lstm-classifier')).toMatch(
      /needs a text dataset for classification/,
    );
    expect(refused(onReverse, 'mlp')).toMatch(/not token ids/);
    expect(refused(start(), 'char-rnn')).toMatch(/needs a text dataset for next-token prediction/);
  });

  it('edits, moves and removes layers inside a block, each one undoable step', () => {
    const built = apply(start(), [
      { type: 'layers', edit: { type: 'add', layer: 'residual' } },
      { type: 'layers', edit: { type: 'add', layer: 'dense', block: 2 } },
      { type: 'layers', edit: { type: 'edit', index: 1, block: 2, patch: { units: 12 } } },
      { type: 'layers', edit: { type: 'move', index: 1, delta: -1, block: 2 } },
    ]);
    const block = () => hiddenLayers(built.experiment)[2];
    expect(block()).toEqual({
      type: 'residual',
      layers: [{ type: 'dense', units: 12, activation: 'relu' }, { type: 'layerNormalization' }],
    });
    const undone = apply(built, [{ type: 'undo' }, { type: 'undo' }]);
    expect(hiddenLayers(undone.experiment)[2]).toEqual({
      type: 'residual',
      layers: [{ type: 'layerNormalization' }, { type: 'dense', units: 16, activation: 'relu' }],
    });
    const redone = apply(undone, [{ type: 'redo' }, { type: 'redo' }]);
    expect(experimentOf(redone)).toEqual(experimentOf(built));
    const removed = reduceExperiment(
      built,
      { type: 'layers', edit: { type: 'remove', index: 5, block: 2 } },
      context(),
    );
    expect(removed).toEqual({ ok: false, error: 'There is no layer 3.6.' });
  });
});
