/**
 * How much memory a training job takes on the backend, worked out from the model's shapes (no
 * TF.js), so a job that cannot fit is refused before it starts instead of aborting the backend.
 *
 * Counted in float32 values, then bytes. Per-example and per-parameter factors are what TF.js's
 * kernels allocate inside one training step: every forward output is kept for the backward pass,
 * each gets a gradient, a dense layer's matrix products and a bias or activation each add a tensor
 * of their size, and an optimizer's update makes a dozen temporaries per weight inside one tidy
 * (Adam 15 values per weight at its peak). They were measured with `tf.profile` on the cpu backend
 * (the sequence layers' with one training step of each, see src/engine/model/sequence-memory.test.ts)
 * and are checked against it in src/engine/train/memory-estimate.test.ts.
 *
 * What lives for the whole run: the weights, the optimizer's slots, the weight guard's copies
 * (session.ts keeps up to three, to go back to after a NaN), the dataset uploaded to the device
 * (device-data.ts: training and validation inputs and labels) and the decision-boundary grid. What
 * lives during one step: the batch's activations and their gradients, and the weights' gradients
 * and the optimizer's temporaries. Evaluation and the views run inference in chunks that take no
 * more than a step (`inferenceRows`), and between steps, as do the weight histograms (one kernel's
 * temporaries at a time), so the peak is the larger of the two.
 */
import type { Activation, LayerSpec, ModelSpec, ModelSummary } from '../model/spec';
import { inferBlock, product } from '../model/layer-shapes';
import type { OptimizerName } from './config';

const FLOAT = 4;

/** Slots an optimizer keeps per trainable weight (TF.js's RMSProp keeps a mean square and a moment). */
export const OPTIMIZER_SLOTS: Record<OptimizerName, number> = {
  sgd: 0,
  momentum: 1,
  adam: 2,
  adamw: 2,
  rmsprop: 2,
  adagrad: 1,
};

/** Values per trainable weight alive at the peak of an update: its gradient and temporaries. */
const UPDATE_VALUES: Record<OptimizerName, number> = {
  sgd: 3,
  momentum: 5,
  adam: 15,
  // Adam's, plus the decayed weight and its difference.
  adamw: 17,
  rmsprop: 16,
  adagrad: 8,
};

/** The weights, and the weight guard's trusted copy plus two captured ones awaiting their read. */
const WEIGHT_COPIES = 4;

/** Rows a chunk of inference (validation, views) never exceeds: evaluate.ts's chunk. */
export const MAX_INFERENCE_ROWS = 4096;

/** The weight histograms (insights.ts): bins per kernel, and weights one-hot encoded at once. */
export const HISTOGRAM_BINS = 30;
export const HISTOGRAM_CHUNK = 1 << 16;
/** Kernel-sized temporaries of one histogram: its flat copy, the shifts, the bin indices. */
const HISTOGRAM_COPIES = 6;

/** Extra values per output an activation keeps in training (its result and its gradient). */
function activationValues(activation: Activation): number {
  switch (activation) {
    case 'linear':
      return 0;
    case 'relu':
      return 2;
    case 'softmax':
      return 5;
    default:
      return 4;
  }
}

/** Recurrent gates: one for a simple RNN, four for an LSTM, three for a GRU. */
const GATES = { simpleRNN: 1, lstm: 4, gru: 3 } as const;

/**
 * The inner layers of a residual block with their input and output shapes; none where the block
 * does not fit (inferModel has refused it by then).
 */
function blockSteps(layers: readonly LayerSpec[], input: readonly number[]) {
  const inner = inferBlock(layers, input);
  if (!inner.ok) return [];
  let shape = input;
  return inner.value.map((row) => {
    const step = { layer: layers[row.index] as LayerSpec, input: shape, row };
    shape = row.outputShape;
    return step;
  });
}

/** Float32 values one example costs in a training step at `layer`, which maps `inShape` to `outShape`. */
function trainingValues(
  layer: LayerSpec,
  inShape: readonly number[],
  outShape: readonly number[],
): number {
  const input = product(inShape);
  const output = product(outShape);
  switch (layer.type) {
    case 'dense':
    case 'conv2d':
    case 'conv1d': {
      const bias = layer.useBias === false ? 0 : 2 * output;
      // A dense layer's product and its gradients transpose the input: more copies of it, as
      // TF.js's conv1d makes (it runs as a conv2d over a reshaped input).
      const inputs = layer.type === 'conv2d' ? 2 * input : 4 * input;
      return inputs + bias + activationValues(layer.activation) * output;
    }
    case 'maxPooling2d':
      return input + 2 * output;
    case 'averagePooling2d':
    case 'globalAveragePooling1d':
      return input + output;
    case 'batchNormalization':
      return 13 * output;
    case 'layerNormalization':
      // Mean, variance, the centred, divided, scaled and shifted input, broadcasts and a gradient
      // of each: measured at 29 values per output.
      return 29 * output;
    case 'dropout':
      return 5 * output;
    case 'activation':
      return Math.max(1, activationValues(layer.activation)) * output;
    case 'flatten':
    case 'reshape':
      return output;
    case 'embedding':
      // The gathered rows, their gradient and its scatter back into the table (measured).
      return input + 10 * output;
    case 'positionalEmbedding':
      return 2 * output;
    case 'simpleRNN':
    case 'lstm':
    case 'gru': {
      // TF.js unrolls over the steps and keeps each step's products, gates and state for the
      // backward pass, plus each step's slice of the input: about 22 values per gate unit and
      // step (measured: 19 for a simple RNN, 22 for an LSTM, 26 for a GRU).
      const [length, features] = inShape as [number, number];
      const gates = GATES[layer.type] * layer.units;
      return length * (22 * gates + 2 * (features + layer.units)) + 2 * output;
    }
    case 'causalSelfAttention': {
      // Query, key and value before and after their heads are split out, the scores [heads,
      // length, length] through scale, mask and softmax, the heads' mix and the output product,
      // each with its gradient (measured: 35 values per projected value, 9 per score).
      const [length] = inShape as [number, number];
      const projected = length * layer.heads * layer.keyDim;
      const scores = layer.heads * length * length;
      return 4 * input + 35 * projected + 9 * scores + 3 * output;
    }
    case 'residual':
      // The inner layers, then the sum, its gradient and their broadcasts (measured: 5 per value).
      return (
        blockSteps(layer.layers, inShape).reduce(
          (sum, step) => sum + trainingValues(step.layer, step.input, step.row.outputShape),
          0,
        ) +
        5 * output
      );
  }
}

/**
 * Values a training step costs once, whatever the batch: a recurrent layer reads and transposes
 * its kernels at every step of the unrolled loop, about four copies of its weights per step.
 */
function perStepValues(layer: LayerSpec, inShape: readonly number[], params: number): number {
  switch (layer.type) {
    case 'simpleRNN':
    case 'lstm':
    case 'gru':
      return 4 * (inShape[0] as number) * params;
    case 'residual':
      return blockSteps(layer.layers, inShape).reduce(
        (sum, step) => sum + perStepValues(step.layer, step.input, step.row.params),
        0,
      );
    default:
      return 0;
  }
}

/** Float32 values one example costs in inference (forward only, all outputs kept until the end). */
function inferenceValues(
  layer: LayerSpec,
  inShape: readonly number[],
  outShape: readonly number[],
): number {
  const output = product(outShape);
  switch (layer.type) {
    case 'dense':
    case 'conv2d':
    case 'conv1d':
      return (
        output * (1 + (layer.useBias === false ? 0 : 1) + (layer.activation === 'linear' ? 0 : 1))
      );
    case 'batchNormalization':
    case 'layerNormalization':
      return 4 * output;
    case 'simpleRNN':
    case 'lstm':
    case 'gru':
      return output + 2 * (inShape[0] as number) * GATES[layer.type] * layer.units;
    case 'causalSelfAttention': {
      const [length] = inShape as [number, number];
      return output + 5 * length * layer.heads * layer.keyDim + 3 * layer.heads * length * length;
    }
    case 'residual':
      return (
        blockSteps(layer.layers, inShape).reduce(
          (sum, step) => sum + inferenceValues(step.layer, step.input, step.row.outputShape),
          0,
        ) + output
      );
    default:
      return output;
  }
}

/** The largest single tensor inside a layer for one example: attention's scores, a block's. */
function largestInside(layer: LayerSpec, inShape: readonly number[]): number {
  switch (layer.type) {
    case 'causalSelfAttention': {
      const [length] = inShape as [number, number];
      return layer.heads * length * Math.max(length, layer.keyDim);
    }
    case 'residual':
      return Math.max(
        0,
        ...blockSteps(layer.layers, inShape).map((step) =>
          Math.max(product(step.row.outputShape), largestInside(step.layer, step.input)),
        ),
      );
    default:
      return 0;
  }
}

/** What the estimate needs to know of a job; all of it is known on the page before it starts. */
export interface MemoryJob {
  spec: ModelSpec;
  /** inferModel's summary of `spec` over the dataset's input shape. */
  summary: ModelSummary;
  optimizer: OptimizerName;
  batchSize: number;
  /** Examples uploaded to the device (training and validation together). */
  examples: number;
  /** Values per label: the class count (one-hot), or 1 for a regression target. */
  labelWidth: number;
  /** Rows of the decision-boundary grid or the fitted curve; 0 when none is drawn. */
  predictionRows: number;
}

export interface MemoryEstimate {
  /** Weights, their guard copies and the optimizer's slots. */
  weightBytes: number;
  /** The dataset on the device. */
  dataBytes: number;
  /** One training step: the batch's activations and gradients, the update's temporaries. */
  stepBytes: number;
  /** The largest work between steps: a validation chunk, the boundary grid, a weight histogram. */
  inferenceBytes: number;
  totalBytes: number;
  /** The largest single tensor: a weight, the dataset's inputs, or one layer's batch output. */
  largestTensorBytes: number;
}

/** Trainable weights of one layer: batch normalization's moving mean and variance are not trained. */
function trainableOf(
  layer: LayerSpec | undefined,
  input: readonly number[],
  params: number,
): number {
  if (layer?.type === 'batchNormalization') return params / 2;
  if (layer?.type === 'residual') {
    return blockSteps(layer.layers, input).reduce(
      (sum, step) => sum + trainableOf(step.layer, step.input, step.row.params),
      0,
    );
  }
  return params;
}

function trainableParams(job: Pick<MemoryJob, 'spec' | 'summary'>): number {
  let input: readonly number[] = job.summary.inputShape;
  let sum = 0;
  for (const row of job.summary.layers) {
    sum += trainableOf(job.spec.layers[row.index], input, row.params);
    input = row.outputShape;
  }
  return sum;
}

interface PerExample {
  training: number;
  /** What a training step costs beyond its examples' share (perStepValues). */
  perStep: number;
  inference: number;
  /** The largest layer output, in values. */
  largestOutput: number;
}

function perExample(job: Pick<MemoryJob, 'spec' | 'summary' | 'labelWidth'>): PerExample {
  const inputSize = product(job.summary.inputShape);
  // The gathered batch (inputs and labels) and the output's loss.
  let training = inputSize + 3 * job.labelWidth;
  let inference = inputSize;
  let largestOutput = inputSize;
  let perStep = 0;
  let input: readonly number[] = job.summary.inputShape;
  for (const row of job.summary.layers) {
    const layer = job.spec.layers[row.index];
    const output = product(row.outputShape);
    if (layer) {
      training += trainingValues(layer, input, row.outputShape);
      perStep += perStepValues(layer, input, row.params);
      inference += inferenceValues(layer, input, row.outputShape);
      largestOutput = Math.max(largestOutput, largestInside(layer, input));
    }
    largestOutput = Math.max(largestOutput, output);
    input = row.outputShape;
  }
  return { training, perStep, inference, largestOutput };
}

/** Values in one tensor below which a chunk of inference may hold more rows than a batch. */
const SMALL_TENSOR_VALUES = 1 << 22;

/**
 * Rows per inference chunk: as many as cost no more than a training step, within the cap, and no
 * more than a batch where a layer's output for them would be a larger tensor than 16 MB (a GPU's
 * largest buffer may be little more than a batch's).
 */
export function inferenceRows(job: MemoryJob): number {
  const per = perExample(job);
  const step =
    job.batchSize * per.training +
    per.perStep +
    UPDATE_VALUES[job.optimizer] * trainableParams(job);
  const wide = Math.max(job.batchSize, Math.floor(SMALL_TENSOR_VALUES / per.largestOutput));
  return Math.max(1, Math.min(MAX_INFERENCE_ROWS, Math.floor(step / per.inference), wide));
}

export function estimateMemory(job: MemoryJob): MemoryEstimate {
  const params = job.summary.totalParams;
  const trainable = trainableParams(job);
  const per = perExample(job);
  const inputSize = product(job.summary.inputShape);
  const weightBytes = FLOAT * (WEIGHT_COPIES * params + OPTIMIZER_SLOTS[job.optimizer] * trainable);
  const dataBytes = FLOAT * job.examples * (inputSize + job.labelWidth + 1);
  const stepBytes =
    FLOAT * (job.batchSize * per.training + per.perStep + UPDATE_VALUES[job.optimizer] * trainable);
  const chunk = Math.min(inferenceRows(job), job.examples);
  const largestParams = Math.max(0, ...job.summary.layers.map((row) => row.params));
  const histogram =
    HISTOGRAM_COPIES * largestParams + HISTOGRAM_BINS * Math.min(HISTOGRAM_CHUNK, largestParams);
  const inferenceBytes =
    FLOAT * Math.max(per.inference * Math.max(chunk, job.predictionRows), histogram);
  const largestTensorBytes =
    FLOAT *
    Math.max(
      largestParams,
      job.examples * inputSize,
      job.batchSize * per.largestOutput,
      Math.max(chunk, job.predictionRows) * per.largestOutput,
    );
  return {
    weightBytes,
    dataBytes,
    stepBytes,
    inferenceBytes,
    totalBytes: weightBytes + dataBytes + Math.max(stepBytes, inferenceBytes),
    largestTensorBytes,
  };
}

/** The layer that costs the most at a batch of one: its weights and update, or its activations. */
export function largestLayer(job: MemoryJob): { index: number; bytes: number } | null {
  let best: { index: number; bytes: number } | null = null;
  let input: readonly number[] = job.summary.inputShape;
  const perWeight = WEIGHT_COPIES + OPTIMIZER_SLOTS[job.optimizer] + UPDATE_VALUES[job.optimizer];
  for (const row of job.summary.layers) {
    const layer = job.spec.layers[row.index];
    const activations = layer
      ? trainingValues(layer, input, row.outputShape)
      : product(row.outputShape);
    const values = activations + perWeight * row.params;
    if (best === null || FLOAT * values > best.bytes) {
      best = { index: row.index, bytes: FLOAT * values };
    }
    input = row.outputShape;
  }
  return best;
}
