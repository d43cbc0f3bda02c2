/**
 * The editor's view of the whole model: the hidden stack plus the output layer the dataset
 * dictates, each row's output shape and parameter count (the rows inside residual blocks too), the
 * total, and the first layer that breaks the stack. Runs inferModel only (no TF.js), so it can run
 * on every keystroke.
 *
 * What the output must look like follows the task: one vector per example for classes and
 * regression, one vector per position ([length, vocabulary]) for next-token prediction. Text
 * arrives as token ids, so a text dataset's model starts with an embedding.
 */
import { inferModel } from './inference';
import { inferLayer } from './layer-shapes';
import type { DenseLayer, LayerSpec, LayerSummary, ModelSpec } from './spec';
import type { DatasetInfo } from '../data/info';

export type TaskInfo = Pick<DatasetInfo, 'task' | 'numClasses'>;

/**
 * One softmax unit per class (per token of the vocabulary for sequences: dense acts on the last
 * axis, so it predicts at every position), or one linear unit for regression.
 */
export function outputLayerFor(dataset: TaskInfo | null): DenseLayer {
  return dataset?.task === 'regression'
    ? { type: 'dense', units: 1, activation: 'linear' }
    : { type: 'dense', units: dataset?.numClasses ?? 2, activation: 'softmax' };
}

export function specFor(layers: readonly LayerSpec[], dataset: TaskInfo | null): ModelSpec {
  return { layers: [...layers, outputLayerFor(dataset)] };
}

export interface StackError {
  message: string;
  /** The row that breaks the stack: a hidden layer, `layers.length` for the output, or null. */
  layerIndex: number | null;
  /** Where `layerIndex` is a residual block: the layer inside it that breaks it, if one does. */
  innerIndex: number | null;
}

export type Rows = (LayerSummary | null)[];

export interface StackAnalysis {
  /** One per hidden layer and one for the output; null where the shape is unknown. */
  rows: Rows;
  /** One per hidden layer: a residual block's rows (one per layer inside it), else null. */
  inner: (Rows | null)[];
  /** Null while the model is invalid or there is no dataset yet. */
  totalParams: number | null;
  error: StackError | null;
}

export type DatasetShape = Pick<DatasetInfo, 'task' | 'numClasses' | 'inputShape' | 'tokenizer'>;

/** Token ids in, whether next-token prediction or text classification. */
export const isTextData = (dataset: Pick<DatasetShape, 'task' | 'tokenizer'>): boolean =>
  dataset.task === 'sequence' || dataset.tokenizer !== undefined;

/** The embedding's inputDim: the tokenizer's vocabulary, or the classes of a sequence task. */
export function vocabularySize(dataset: DatasetShape): number | null {
  if (dataset.tokenizer) return dataset.tokenizer.vocab.length;
  return dataset.task === 'sequence' ? dataset.numClasses : null;
}

const shapeOf = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

const RECURRENT: readonly LayerSpec['type'][] = ['simpleRNN', 'lstm', 'gru'];

interface BlockRows {
  rows: Rows;
  /** The first inner layer that cannot take its input, or the last one when the shapes differ. */
  broken: number | null;
}

/** The rows inside a residual block fed `input`, found layer by layer. */
function blockRows(layers: readonly LayerSpec[], input: readonly number[] | null): BlockRows {
  const rows: Rows = layers.map(() => null);
  if (input === null) return { rows, broken: null };
  let shape: readonly number[] = input;
  for (const [index, layer] of layers.entries()) {
    const inferred = inferLayer(layer, shape);
    if (!inferred.ok) return { rows, broken: index };
    rows[index] = { index, type: layer.type, ...inferred.value };
    shape = inferred.value.outputShape;
  }
  const same = shape.length === input.length && shape.every((dim, i) => dim === input[i]);
  return { rows, broken: same ? null : layers.length - 1 };
}

function innerRows(
  layers: readonly LayerSpec[],
  rows: Rows,
  inputShape: readonly number[] | null,
): { inner: (Rows | null)[]; broken: (number | null)[] } {
  const found = layers.map((layer, i) => {
    if (layer.type !== 'residual') return null;
    const input = i === 0 ? inputShape : (rows[i - 1]?.outputShape ?? null);
    return blockRows(layer.layers, input);
  });
  return {
    inner: found.map((block) => block?.rows ?? null),
    broken: found.map((block) => block?.broken ?? null),
  };
}

/** Text must be embedded first: ids are labels, not quantities a dense layer can weigh. */
function embeddingFirst(layers: readonly LayerSpec[], dataset: DatasetShape): StackError | null {
  if (!isTextData(dataset) || layers[0]?.type === 'embedding') return null;
  const vocabulary = vocabularySize(dataset);
  const first = layers[0];
  return {
    message:
      `${first ? `Layer 1 (${first.type})` : 'The output'}: this dataset is text, given as ` +
      `token ids${vocabulary === null ? '' : ` from a vocabulary of ${vocabulary}`}; start the ` +
      `model with an embedding layer, which gives each token a vector the next layers can learn from.`,
    layerIndex: 0,
    innerIndex: null,
  };
}

/** Why the model's output cannot be compared with the dataset's targets, or null. */
function outputError(
  layers: readonly LayerSpec[],
  rows: Rows,
  output: readonly number[],
  dataset: DatasetShape,
): StackError | null {
  const at = (layerIndex: number, message: string): StackError => ({
    message,
    layerIndex,
    innerIndex: null,
  });
  const want = outputLayerFor(dataset).units;
  if (dataset.task === 'sequence') {
    const length = dataset.inputShape[0] ?? 0;
    if (output.length === 2 && output[0] === length) return null;
    if (output.length === 1) {
      // The last layer that took a sequence and gave one vector is the one to change.
      const reducer = layers.findLastIndex(
        (_, i) =>
          rows[i]?.outputShape.length === 1 && (i === 0 || rows[i - 1]?.outputShape.length === 2),
      );
      const layer = layers[reducer];
      if (layer !== undefined) {
        const fix = RECURRENT.includes(layer.type) ? 'turn on Return sequences' : 'remove it';
        return at(
          reducer,
          `Layer ${reducer + 1} (${layer.type}) turns the sequence into one vector ` +
            `${shapeOf(rows[reducer]?.outputShape ?? [])}, but next-token prediction needs an ` +
            `output at each of the ${length} positions (${shapeOf([length, want])}); ${fix}.`,
        );
      }
    }
    return at(
      layers.length,
      `The output has shape ${shapeOf(output)} per example, but next-token prediction needs ` +
        `${shapeOf([length, want])}: one prediction at each of the ${length} positions` +
        (output.length === 2
          ? "; keep the length with 'same' padding and stride 1."
          : '; keep the layers to [length, features].'),
    );
  }
  if (output.length === 1) return null;
  const fix =
    output.length === 2
      ? 'reduce the sequence to one vector first: put global average pooling 1D, an RNN ' +
        'without Return sequences, or a flatten layer before the output.'
      : 'put a flatten layer before the output.';
  return at(
    layers.length,
    `The output has shape ${shapeOf(output)} per example, but the labels have shape ` +
      `[${want}]; ${fix}`,
  );
}

function analyse(layers: readonly LayerSpec[], dataset: DatasetShape | null): StackAnalysis {
  const count = layers.length + 1;
  const unknown = (): Rows => Array.from({ length: count }, () => null);
  if (!dataset) {
    return {
      rows: unknown(),
      inner: innerRows(layers, [], null).inner,
      totalParams: null,
      error: null,
    };
  }
  const spec = specFor(layers, dataset);
  const result = inferModel(spec, dataset.inputShape);
  if (!result.ok) {
    const { message, layerIndex } = result.error;
    const rows = unknown();
    // The layers before the broken one still have shapes worth showing.
    if (layerIndex !== null && layerIndex > 0 && layerIndex < count) {
      const before = inferModel({ layers: spec.layers.slice(0, layerIndex) }, dataset.inputShape);
      if (before.ok) before.value.layers.forEach((row, i) => (rows[i] = row));
    }
    const at = layerIndex !== null && layerIndex < count ? layerIndex : null;
    const { inner, broken } = innerRows(layers, rows, dataset.inputShape);
    const error = embeddingFirst(layers, dataset) ?? {
      message,
      layerIndex: at,
      innerIndex: at === null ? null : (broken[at] ?? null),
    };
    return { rows, inner, totalParams: null, error };
  }
  const summary = result.value;
  const rows: Rows = summary.layers;
  const { inner } = innerRows(layers, rows, dataset.inputShape);
  const error =
    embeddingFirst(layers, dataset) ?? outputError(layers, rows, summary.outputShape, dataset);
  return { rows, inner, totalParams: error ? null : summary.totalParams, error };
}

let cached: {
  layers: readonly LayerSpec[];
  key: string;
  analysis: StackAnalysis;
} | null = null;

/**
 * Memoised on the stack's identity and the dataset's shape: store selectors call this on every
 * state change (progress events included), and the stack only changes on edits.
 */
export function analyseStack(
  layers: readonly LayerSpec[],
  dataset: DatasetShape | null,
): StackAnalysis {
  const key = dataset
    ? `${dataset.task}/${dataset.numClasses}/${dataset.inputShape.join('x')}/` +
      `${dataset.tokenizer?.vocab.length ?? '-'}`
    : 'none';
  if (cached?.layers !== layers || cached.key !== key) {
    cached = { layers, key, analysis: analyse(layers, dataset) };
  }
  return cached.analysis;
}
