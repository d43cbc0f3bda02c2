import { describe, expect, it } from 'vitest';
import type { ExperimentCell } from '../bundle/schema';
import { DEFAULT_CONFIG } from '../train/config';
import { newExperimentCell } from '../notebook/cells';
import { MLP } from '../notebook/test-bundles';
import type { Tokenizer } from '../data/dataset';
import type { LayerSpec } from '../model/spec';
import {
  defaultViews,
  isNotebookView,
  isViewShown,
  NOTEBOOK_VIEWS,
  sequenceViews,
  toggleView,
} from './views';

const cell = (views: string[]): ExperimentCell => ({
  ...newExperimentCell('exp', 'data', MLP, DEFAULT_CONFIG),
  views,
});

describe('NOTEBOOK_VIEWS', () => {
  it('lists each teaching view once, with a label', () => {
    expect(NOTEBOOK_VIEWS.map((v) => v.view)).toEqual([
      'boundary',
      'curves',
      'confusion',
      'predictions',
      'weights',
      'featureMaps',
      'drawing',
      'samples',
      'nextToken',
      'tokenAccuracy',
      'attention',
      'hiddenState',
      'compare',
    ]);
    for (const { label } of NOTEBOOK_VIEWS) expect(label.length).toBeGreaterThan(3);
    expect(isNotebookView('weights')).toBe(true);
    expect(isNotebookView('sparkles')).toBe(false);
  });
});

describe('toggleView', () => {
  it('shows a view in NOTEBOOK_VIEWS order and hides it again', () => {
    const start = cell(['curves', 'weights']);
    const shown = toggleView(start, 'confusion');
    expect(shown.views).toEqual(['curves', 'confusion', 'weights']);
    expect(isViewShown(shown, 'confusion')).toBe(true);
    expect(toggleView(shown, 'boundary').views).toEqual([
      'boundary',
      'curves',
      'confusion',
      'weights',
    ]);
    expect(toggleView(shown, 'compare').views).toEqual([
      'curves',
      'confusion',
      'weights',
      'compare',
    ]);
    expect(toggleView(shown, 'confusion').views).toEqual(['curves', 'weights']);
    expect(start.views).toEqual(['curves', 'weights']);
    expect(isViewShown(start, 'confusion')).toBe(false);
  });

  it('keeps views it does not know where they are', () => {
    expect(toggleView(cell(['x-3d', 'weights']), 'curves').views).toEqual([
      'x-3d',
      'curves',
      'weights',
    ]);
    expect(toggleView(cell(['weights', 'x-3d']), 'curves').views).toEqual([
      'curves',
      'weights',
      'x-3d',
    ]);
  });

  it('keeps a full list as it is', () => {
    const full = cell(Array.from({ length: 32 }, (_, i) => `x-${i}`));
    expect(toggleView(full, 'curves')).toBe(full);
  });
});

describe('defaultViews', () => {
  const text = { kind: 'text', task: 'sequence' } as const;
  const names = { kind: 'local', sha256: 'a'.repeat(64), name: 'names.txt' } as const;
  const reverse = {
    kind: 'sequence',
    task: 'reverse',
    params: { size: 500, length: 5, vocab: 8 },
    seed: 1,
  } as const;
  const output: LayerSpec = { type: 'dense', units: 30, activation: 'softmax' };
  const embedding: LayerSpec = { type: 'embedding', inputDim: 30, outputDim: 16 };
  const transformer = {
    layers: [
      embedding,
      { type: 'positionalEmbedding' },
      {
        type: 'residual',
        layers: [
          { type: 'layerNormalization' },
          { type: 'causalSelfAttention', heads: 2, keyDim: 8 },
        ],
      },
      output,
    ] satisfies LayerSpec[],
  };
  const rnn = {
    layers: [
      embedding,
      { type: 'lstm', units: 32, returnSequences: true },
      output,
    ] satisfies LayerSpec[],
  };
  const conv = {
    layers: [
      embedding,
      { type: 'conv1d', filters: 8, kernelSize: 3, padding: 'causal', activation: 'relu' },
      output,
    ] satisfies LayerSpec[],
  };

  it('keeps the points and classification defaults', () => {
    expect(defaultViews({ kind: 'points', task: 'classification' })).toEqual([
      'curves',
      'boundary',
    ]);
    expect(defaultViews({ kind: 'image', task: 'classification' })).toEqual([
      'curves',
      'confusion',
    ]);
    expect(defaultViews(null)).toEqual(['curves']);
  });

  it('shows a language model its samples and a look inside that suits the model', () => {
    expect(defaultViews(text, { dataset: names, model: transformer })).toEqual([
      'curves',
      'samples',
      'attention',
    ]);
    expect(defaultViews(text, { dataset: names, model: rnn })).toEqual([
      'curves',
      'samples',
      'hiddenState',
    ]);
    expect(defaultViews(text, { dataset: names, model: conv })).toEqual(['curves', 'samples']);
  });

  it('shows a toy task its answers token by token and the attention', () => {
    expect(defaultViews(text, { dataset: reverse, model: transformer })).toEqual([
      'curves',
      'tokenAccuracy',
      'attention',
    ]);
  });

  it('offers the next-token box to language models, and a look inside to text classifiers', () => {
    const tokenizer: Tokenizer = { kind: 'char', vocab: ['', '', '', 'a'] };
    expect(sequenceViews({ ...text, tokenizer }, { dataset: names, model: transformer })).toEqual([
      'samples',
      'nextToken',
      'attention',
    ]);
    const classifier = { task: 'classification', tokenizer } as const;
    expect(sequenceViews(classifier, { dataset: names, model: rnn })).toEqual(['hiddenState']);
    expect(sequenceViews({ task: 'classification' }, { dataset: names, model: rnn })).toEqual([]);
  });

  it('lists its views in the order toggling them would', () => {
    const views = defaultViews(text, { dataset: reverse, model: transformer });
    let shown = cell([]);
    for (const view of [...views].reverse()) shown = toggleView(shown, view);
    expect(shown.views).toEqual(views);
  });
});
