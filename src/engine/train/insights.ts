/**
 * What the views that teach are drawn from: the confusion matrix and per-example predictions on
 * the validation set (classes, or the values a regression model predicts), the spread of each layer's weights, the activations of conv and pooling
 * layers for one input, and the output for one input. Each function does its work on the device
 * and reads back once, asynchronously, so it can run at an epoch end without stalling training.
 */
import * as tf from '@tensorflow/tfjs';
import { HISTOGRAM_BINS, HISTOGRAM_CHUNK } from '../../core/train/memory-estimate';
import { ProtocolError } from '../../core/errors';
import type { FeatureMap, WorkerEvent } from '../../core/protocol';

type EventInsights = Extract<WorkerEvent, { type: 'insights' }>['insights'];
export type ConfusionInsight = NonNullable<EventInsights['confusion']>;
export type ExamplesInsight = NonNullable<EventInsights['examples']>;
export type RegressionInsight = NonNullable<EventInsights['regression']>;
export type WeightHistogram = EventInsights['histograms'][number];

/** One layer's activations: `shape` is [height, width, channels], `values` row-major, channels last. */

/** Rows per forward pass: bounds the activations alive on the device at once. */
const BATCH_ROWS = 1024;
const KERNEL_LAYERS = new Set(['Dense', 'Conv2D']);
const MAP_LAYERS = new Set(['Conv2D', 'MaxPooling2D', 'AveragePooling2D']);

const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * Counts per (actual, predicted) pair, row-major with row = actual class. Pairs with a class
 * outside [0, numClasses) are left out rather than written out of bounds; extra entries of the
 * longer array are ignored.
 */
export function confusionMatrix(
  actual: Int32Array,
  predicted: Int32Array,
  numClasses: number,
): Int32Array<ArrayBuffer> {
  const size = Math.max(0, Math.floor(numClasses));
  const counts = new Int32Array(size * size);
  const n = Math.min(actual.length, predicted.length);
  for (let i = 0; i < n; i++) {
    const a = actual[i] as number;
    const p = predicted[i] as number;
    if (a < 0 || a >= size || p < 0 || p >= size) continue;
    const cell = a * size + p;
    counts[cell] = (counts[cell] as number) + 1;
  }
  return counts;
}

/**
 * A histogram of each dense and conv2d kernel, `bins` equal bins between its own min and max.
 * A kernel whose values are not all finite (a diverged run) is left out: its range means nothing,
 * and the protocol refuses NaN bounds.
 */
export async function weightHistograms(
  model: tf.LayersModel,
  bins = HISTOGRAM_BINS,
): Promise<WeightHistogram[]> {
  const binCount = Math.max(1, Math.floor(bins));
  const layers = model.layers.filter(
    (layer) => KERNEL_LAYERS.has(layer.getClassName()) && layer.getWeights().length > 0,
  );
  if (layers.length === 0) return [];
  // Per layer: [min, max, ...counts], all layers in one tensor for one read. A tidy per layer, so
  // only one kernel's temporaries are alive at a time (core/train/memory-estimate.ts counts them).
  const perLayer = layers.map((layer) =>
    tf.tidy(() => {
      const kernel = (layer.getWeights()[0] as tf.Tensor).flatten();
      const min = kernel.min();
      const max = kernel.max();
      const range = max.sub(min);
      // A constant kernel has range 0: everything falls into the first bin.
      const width = range.add(range.equal(0).cast('float32')).div(binCount);
      const index = kernel
        .sub(min)
        .div(width)
        .floor()
        .clipByValue(0, binCount - 1)
        .cast('int32') as tf.Tensor1D;
      return tf.concat([min.reshape([1]), max.reshape([1]), binCounts(index, binCount)]);
    }),
  );
  const packed = tf.concat(perLayer);
  tf.dispose(perLayer);
  const values = await packed.data();
  packed.dispose();
  const stride = binCount + 2;
  return layers.flatMap((layer, i) => {
    const min = values[i * stride] as number;
    const max = values[i * stride + 1] as number;
    if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
    const counts = Int32Array.from(values.subarray(i * stride + 2, (i + 1) * stride));
    return [{ layer: layer.name, min, max, counts }];
  });
}

/**
 * How many indices fall in each bin, on the device. Not tf.bincount: WebGL runs it on the CPU
 * with a synchronous read. One-hot rows are summed a chunk at a time, so a large kernel does not
 * need (values x bins) floats at once.
 */
function binCounts(index: tf.Tensor1D, bins: number): tf.Tensor1D {
  let counts: tf.Tensor1D = tf.zeros([bins]);
  for (let start = 0; start < index.size; start += HISTOGRAM_CHUNK) {
    const size = Math.min(HISTOGRAM_CHUNK, index.size - start);
    const previous = counts;
    // A tidy per chunk: the one-hot rows of earlier chunks are freed before the next is made.
    counts = tf.tidy(() =>
      previous.add(tf.oneHot(index.slice(start, size), bins, 1, 0, 'float32').sum(0)),
    );
  }
  return counts;
}

/**
 * The predicted class and its probability for every validation row, and the confusion matrix.
 * `xs` holds the validation inputs in the order of `labels` and `rows`; the returned arrays are
 * fresh copies, so they can be transferred without detaching the caller's.
 */
export async function validationInsights(
  model: tf.LayersModel,
  xs: tf.Tensor,
  labels: Int32Array,
  rows: Int32Array,
  numClasses: number,
  batchRows = BATCH_ROWS,
): Promise<{ confusion: ConfusionInsight; examples: ExamplesInsight }> {
  const n = xs.shape[0] ?? 0;
  const predicted = new Int32Array(n);
  const confidence = new Float32Array(n);
  if (n > 0) {
    const parts: tf.Tensor[] = [];
    for (let start = 0; start < n; start += batchRows) {
      const size = Math.min(batchRows, n - start);
      // One tidy per batch: only two numbers per row outlive it.
      parts.push(
        tf.tidy(() => {
          const probabilities = model.apply(xs.slice(start, size), { training: false });
          const p = (Array.isArray(probabilities) ? probabilities[0] : probabilities) as tf.Tensor;
          return tf.stack([p.argMax(-1).cast('float32'), p.max(-1)], 1);
        }),
      );
    }
    const all = tf.concat(parts);
    tf.dispose(parts);
    const values = await all.data();
    all.dispose();
    for (let i = 0; i < n; i++) {
      predicted[i] = values[2 * i] as number;
      confidence[i] = values[2 * i + 1] as number;
    }
  }
  const actual = new Int32Array(labels.subarray(0, n));
  return {
    confusion: { numClasses, counts: confusionMatrix(actual, predicted, numClasses) },
    examples: { rows: new Int32Array(rows.subarray(0, n)), actual, predicted, confidence },
  };
}

/**
 * What a regression model predicts for every validation row, beside its target, for the
 * predicted-against-actual plot and the typical error. `xs` holds the validation inputs in the
 * order of `targets`; the returned arrays are fresh copies, so they can be transferred.
 */
export async function regressionInsights(
  model: tf.LayersModel,
  xs: tf.Tensor,
  targets: Float32Array,
  batchRows = BATCH_ROWS,
): Promise<RegressionInsight> {
  const n = xs.shape[0] ?? 0;
  const actual = new Float32Array(targets.subarray(0, n));
  if (n === 0) return { actual, predicted: new Float32Array(0) };
  const parts: tf.Tensor[] = [];
  for (let start = 0; start < n; start += batchRows) {
    const size = Math.min(batchRows, n - start);
    parts.push(
      tf.tidy(() => {
        const output = model.apply(xs.slice(start, size), { training: false });
        return (Array.isArray(output) ? output[0] : output) as tf.Tensor;
      }),
    );
  }
  const all = tf.tidy(() => tf.concat(parts).reshape([n]));
  tf.dispose(parts);
  const predicted = (await all.data()) as Float32Array<ArrayBuffer>;
  all.dispose();
  return { actual, predicted };
}

/** Throws ProtocolError when `input` does not hold one example of `inputShape`. */
function oneExample(input: Float32Array, inputShape: readonly number[]): tf.Tensor {
  if (input.length !== product(inputShape)) {
    throw new ProtocolError(
      `The input holds ${input.length} values where the model takes ${product(inputShape)} ` +
        `(${inputShape.join(' x ')}).`,
    );
  }
  return tf.tensor(input, [1, ...inputShape]);
}

/**
 * The output of every conv2d and pooling layer for one input. The model over those outputs
 * shares the layers (and weights) of `model`; it is never disposed, as disposing it would dispose
 * them, and it holds no tensors of its own.
 */
export async function featureMaps(
  model: tf.LayersModel,
  input: Float32Array,
  inputShape: number[],
): Promise<FeatureMap[]> {
  const layers = model.layers.filter((layer) => MAP_LAYERS.has(layer.getClassName()));
  if (layers.length === 0) return [];
  const probe = tf.model({
    inputs: model.inputs,
    outputs: layers.map((layer) => layer.output as tf.SymbolicTensor),
  });
  const shapes: number[][] = [];
  const packed = tf.tidy(() => {
    const outputs = probe.apply(oneExample(input, inputShape), { training: false });
    const list = (Array.isArray(outputs) ? outputs : [outputs]) as tf.Tensor[];
    for (const output of list) shapes.push(output.shape.slice(1));
    return tf.concat(list.map((output) => output.flatten()));
  });
  const values = (await packed.data()) as Float32Array<ArrayBuffer>;
  packed.dispose();
  let offset = 0;
  return layers.map((layer, i) => {
    const shape = shapes[i] ?? [];
    const length = product(shape);
    const map = { layer: layer.name, shape, values: values.slice(offset, offset + length) };
    offset += length;
    return map;
  });
}

/** The model's output for one input: class probabilities, or the regression value. */
export async function predictOne(
  model: tf.LayersModel,
  input: Float32Array,
  inputShape: number[],
): Promise<Float32Array<ArrayBuffer>> {
  const output = tf.tidy(() => {
    const result = model.apply(oneExample(input, inputShape), { training: false });
    return (Array.isArray(result) ? result[0] : result) as tf.Tensor;
  });
  const values = await output.data();
  output.dispose();
  // A fresh, unshared buffer: it is transferred to the UI thread as it is.
  return values as Float32Array<ArrayBuffer>;
}
