/**
 * How much memory a training job takes on the backend, worked out from the model's shapes (no
 * TF.js), so a job that cannot fit is refused before it starts instead of aborting the backend.
 *
 * Counted in float32 values, then bytes. Per-example and per-parameter factors are what TF.js's
 * kernels allocate inside one training step: every forward output is kept for the backward pass,
 * each gets a gradient, a dense layer's matrix products and a bias or activation each add a tensor
 * of their size, and an optimizer's update makes a dozen temporaries per weight inside one tidy
 * (Adam 15 values per weight at its peak). They were measured with `tf.profile` on the cpu backend
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
import { product } from '../model/layer-shapes';
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
  /** Adam's, and the decay's product and difference (engine/train/optimizers.ts). */
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

/** Float32 values one example costs in a training step at layer `layer` (input size `input`). */
function trainingValues(layer: LayerSpec, input: number, output: number): number {
  switch (layer.type) {
    case 'dense':
    case 'conv2d': {
      const bias = layer.useBias === false ? 0 : 2 * output;
      // A dense layer's product and its gradients transpose the input: more copies of it.
      const inputs = layer.type === 'dense' ? 4 * input : 2 * input;
      return inputs + bias + activationValues(layer.activation) * output;
    }
    case 'maxPooling2d':
      return input + 2 * output;
    case 'averagePooling2d':
      return input + output;
    case 'batchNormalization':
      return 13 * output;
    case 'dropout':
      return 5 * output;
    case 'activation':
      return Math.max(1, activationValues(layer.activation)) * output;
    case 'flatten':
    case 'reshape':
      return output;
  }
}

/** Float32 values one example costs in inference (forward only, all outputs kept until the end). */
function inferenceValues(layer: LayerSpec, output: number): number {
  switch (layer.type) {
    case 'dense':
    case 'conv2d':
      return (
        output * (1 + (layer.useBias === false ? 0 : 1) + (layer.activation === 'linear' ? 0 : 1))
      );
    case 'batchNormalization':
      return 4 * output;
    default:
      return output;
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

/** Trainable weights: batch normalization's moving mean and variance are not trained. */
function trainableParams(job: Pick<MemoryJob, 'spec' | 'summary'>): number {
  return job.summary.layers.reduce((sum, row) => {
    const layer = job.spec.layers[row.index];
    return sum + (layer?.type === 'batchNormalization' ? row.params / 2 : row.params);
  }, 0);
}

interface PerExample {
  training: number;
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
  let input = inputSize;
  for (const row of job.summary.layers) {
    const layer = job.spec.layers[row.index];
    const output = product(row.outputShape);
    if (layer) {
      training += trainingValues(layer, input, output);
      inference += inferenceValues(layer, output);
    }
    largestOutput = Math.max(largestOutput, output);
    input = output;
  }
  return { training, inference, largestOutput };
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
  const step = job.batchSize * per.training + UPDATE_VALUES[job.optimizer] * trainableParams(job);
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
    FLOAT * (job.batchSize * per.training + UPDATE_VALUES[job.optimizer] * trainable);
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
  let input = product(job.summary.inputShape);
  const perWeight = WEIGHT_COPIES + OPTIMIZER_SLOTS[job.optimizer] + UPDATE_VALUES[job.optimizer];
  for (const row of job.summary.layers) {
    const layer = job.spec.layers[row.index];
    const output = product(row.outputShape);
    const values = (layer ? trainingValues(layer, input, output) : output) + perWeight * row.params;
    if (best === null || FLOAT * values > best.bytes) {
      best = { index: row.index, bytes: FLOAT * values };
    }
    input = output;
  }
  return best;
}
