/**
 * The editor's view of the whole model: the hidden stack plus the output layer the dataset
 * dictates, each row's output shape and parameter count, the total, and the first layer that
 * breaks the stack. Runs inferModel only (no TF.js), so it can run on every keystroke.
 */
import { inferModel } from './inference';
import type { DenseLayer, LayerSpec, LayerSummary, ModelSpec } from './spec';
import type { DatasetInfo } from '../data/info';

export type TaskInfo = Pick<DatasetInfo, 'task' | 'numClasses'>;

/** One softmax unit per class, or one linear unit for regression. */
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
}

export interface StackAnalysis {
  /** One per hidden layer and one for the output; null where the shape is unknown. */
  rows: (LayerSummary | null)[];
  /** Null while the model is invalid or there is no dataset yet. */
  totalParams: number | null;
  error: StackError | null;
}

export type DatasetShape = Pick<DatasetInfo, 'task' | 'numClasses' | 'inputShape'>;

function analyse(layers: readonly LayerSpec[], dataset: DatasetShape | null): StackAnalysis {
  const count = layers.length + 1;
  const unknown = (): (LayerSummary | null)[] => Array.from({ length: count }, () => null);
  if (!dataset) return { rows: unknown(), totalParams: null, error: null };
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
    return { rows, totalParams: null, error: { message, layerIndex: at } };
  }
  const summary = result.value;
  const want = outputLayerFor(dataset).units;
  if (summary.outputShape.length !== 1) {
    return {
      rows: summary.layers,
      totalParams: null,
      error: {
        message:
          `The output has shape [${summary.outputShape.join(', ')}] per example, but the ` +
          `labels have shape [${want}]; put a flatten layer before the output.`,
        layerIndex: layers.length,
      },
    };
  }
  return { rows: summary.layers, totalParams: summary.totalParams, error: null };
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
    ? `${dataset.task}/${dataset.numClasses}/${dataset.inputShape.join('x')}`
    : 'none';
  if (cached?.layers !== layers || cached.key !== key) {
    cached = { layers, key, analysis: analyse(layers, dataset) };
  }
  return cached.analysis;
}
