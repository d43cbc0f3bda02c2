/**
 * The reference experiments of the Keras check: the playground's default experiment, and five
 * that between them hold every optimizer, every
 * schedule, a CSV-preprocessed table, a regression with Huber loss and an L2 penalty, an L1
 * penalty, batch normalization and both CNN presets' kinds of layer; then three of issue 16: a
 * reversal model with every sequence layer and residual blocks (the token loss, clipping), one
 * with AdamW on recurrent layers, and a spam classifier (embedding, conv1d, global average
 * pooling). Each trains for three epochs (the check compares the per-epoch losses) on slices
 * small enough that TF.js's cpu backend (`run.ts --engine=cpu`) still trains all of them in
 * three to four minutes on two cores (its convolutions are slow: LeNet-5 takes ~120 ms per example
 * and epoch); the wasm backend the check uses by default takes about 8 s.
 */
import { defaultExperiment, type Experiment } from '../../src/core/experiment/experiment';
import { lenetSpec } from '../../src/core/model/presets';
import type { LayerSpec } from '../../src/core/model/spec';
import { DEFAULT_CONFIG, type TrainConfig } from '../../src/core/train/config';

/** The reverse task's tokens: padding, unknown, boundary and six letters. */
const REVERSE_VOCABULARY = 9;
/** Any size: run.ts sets an embedding's vocabulary to its dataset's, as the editor does. */
const SPAM_VOCABULARY = 1;

/** 240 reversals of 5 letters: 192 train in 6 batches of 32, the last one full. */
const REVERSE = {
  kind: 'sequence',
  task: 'reverse',
  params: { size: 240, length: 5, vocab: 6 },
  seed: 3,
} as const;

const SEQUENCE_LAYERS: LayerSpec[] = [
  { type: 'embedding', inputDim: REVERSE_VOCABULARY, outputDim: 16 },
  { type: 'positionalEmbedding' },
  {
    type: 'residual',
    layers: [{ type: 'layerNormalization' }, { type: 'causalSelfAttention', heads: 2, keyDim: 8 }],
  },
  {
    type: 'residual',
    layers: [
      { type: 'layerNormalization' },
      { type: 'dense', units: 32, activation: 'relu' },
      { type: 'dense', units: 16, activation: 'linear' },
    ],
  },
  { type: 'conv1d', filters: 16, kernelSize: 3, padding: 'same', activation: 'tanh' },
  { type: 'simpleRNN', units: 12, returnSequences: true },
  { type: 'gru', units: 12, returnSequences: true },
  { type: 'lstm', units: 12, returnSequences: true },
  { type: 'layerNormalization', epsilon: 0.00001 },
  { type: 'dense', units: REVERSE_VOCABULARY, activation: 'softmax' },
];

/** The epochs each experiment trains, in the engine and in `train.py --epochs`. */
export const CHECK_EPOCHS = 3;

/** The distribution strategies the check runs beside the single-device run. */
export type Strategy = 'mirrored' | 'jax-dp';

export interface ReferenceExperiment {
  /** Names the experiment's folder and its row in the report. */
  id: string;
  experiment: Experiment;
  /** Dataset rows (train and validation alike) whose predictions are compared. */
  predictRows: number;
  /** Strategies whose losses must agree with the single-device run's. */
  strategies: readonly Strategy[];
}

const config = (overrides: Partial<TrainConfig>): Required<TrainConfig> => ({
  ...DEFAULT_CONFIG,
  epochs: CHECK_EPOCHS,
  validationSplit: 0.2,
  ...overrides,
});

/**
 * Both strategies on the spiral and the batch-norm CNN: the MLP is the cheapest, and batch norm is
 * where replicas could differ (each replica's batch statistics). Iris and the sine add no layer the
 * spiral lacks, and LeNet none the CNN lacks, so they run on one device only, which keeps the step
 * within its time.
 */
export const REFERENCE_EXPERIMENTS: readonly ReferenceExperiment[] = [
  {
    // The playground as a new user finds it, trained for three epochs (the e2e tests' trainToEnd(3)):
    // its Keras run is the e2e fixture, so a browser run of the same experiment can overlay it.
    id: 'playground-default',
    experiment: ((base) => ({ ...base, config: { ...base.config, epochs: CHECK_EPOCHS } }))(
      defaultExperiment(),
    ),
    predictRows: 8,
    strategies: [],
  },
  {
    id: 'spiral-mlp',
    experiment: {
      dataset: {
        kind: 'builtin',
        generator: 'spiral',
        params: { size: 400, noise: 0.1, classes: 2 },
        seed: 4,
      },
      model: {
        layers: [
          { type: 'dense', units: 16, activation: 'tanh' },
          { type: 'dense', units: 16, activation: 'tanh' },
          { type: 'dense', units: 2, activation: 'softmax' },
        ],
      },
      config: config({ optimizer: 'sgd', learningRate: 0.3, batchSize: 32, seed: 11 }),
      views: ['curves'],
    },
    predictRows: 8,
    strategies: ['mirrored', 'jax-dp'],
  },
  {
    id: 'iris-csv',
    experiment: {
      dataset: { kind: 'shipped', name: 'iris' },
      model: {
        layers: [
          { type: 'dense', units: 16, activation: 'relu' },
          { type: 'dense', units: 3, activation: 'softmax' },
        ],
      },
      config: config({
        optimizer: 'momentum',
        learningRate: 0.05,
        schedule: { kind: 'step', everyEpochs: 1, factor: 0.5 },
        batchSize: 16,
        seed: 5,
      }),
      views: ['curves'],
    },
    predictRows: 8,
    strategies: [],
  },
  {
    id: 'sine-huber',
    experiment: {
      dataset: {
        kind: 'builtin',
        generator: 'sine',
        params: { size: 300, noise: 0.1 },
        seed: 2,
      },
      model: {
        layers: [
          { type: 'dense', units: 32, activation: 'tanh' },
          { type: 'dense', units: 32, activation: 'tanh' },
          { type: 'dense', units: 1, activation: 'linear' },
        ],
      },
      config: config({
        optimizer: 'rmsprop',
        learningRate: 0.01,
        schedule: { kind: 'cosine', minLearningRate: 0.001 },
        loss: 'huber',
        l2: 0.001,
        batchSize: 32,
        seed: 3,
      }),
      views: ['curves'],
    },
    predictRows: 8,
    strategies: [],
  },
  {
    id: 'mnist-cnn-bn',
    experiment: {
      dataset: { kind: 'shipped', name: 'mnist-10k', limit: 600 },
      model: {
        layers: [
          { type: 'conv2d', filters: 8, kernelSize: 3, activation: 'relu' },
          { type: 'batchNormalization' },
          { type: 'maxPooling2d', poolSize: 2 },
          { type: 'flatten' },
          { type: 'dense', units: 10, activation: 'softmax' },
        ],
      },
      // Adam: with plain SGD at 0.05 this model amplifies float32 round-off (README, Keras check).
      config: config({
        optimizer: 'adam',
        learningRate: 0.001,
        l1: 0.0001,
        batchSize: 32,
        seed: 8,
      }),
      views: ['curves'],
    },
    predictRows: 4,
    strategies: ['mirrored', 'jax-dp'],
  },
  {
    id: 'mnist-lenet',
    experiment: {
      // 200 training rows: 7 batches an epoch, the last one partial.
      dataset: { kind: 'shipped', name: 'mnist-10k', limit: 250 },
      model: lenetSpec(10),
      config: config({ optimizer: 'adagrad', learningRate: 0.02, batchSize: 32, seed: 9 }),
      views: ['curves'],
    },
    predictRows: 4,
    strategies: [],
  },
  {
    // Every sequence layer that keeps one output per position, in residual blocks as the
    // transformer preset has them, on the masked token loss with clipping by global norm. SGD,
    // whose steps are the gradients themselves, shows any difference in the loss or its gradient;
    // the strategies check the token weights and the clipping across replicas.
    id: 'reverse-sequence',
    experiment: {
      dataset: REVERSE,
      model: { layers: SEQUENCE_LAYERS },
      config: config({
        optimizer: 'sgd',
        learningRate: 0.1,
        clipNorm: 1,
        loss: 'sparseCategoricalCrossentropy',
        batchSize: 32,
        seed: 12,
      }),
      views: ['curves'],
    },
    predictRows: 4,
    strategies: ['mirrored', 'jax-dp'],
  },
  {
    // The same model with AdamW's decoupled weight decay, clipped.
    id: 'reverse-adamw',
    experiment: {
      dataset: REVERSE,
      model: { layers: SEQUENCE_LAYERS },
      config: config({
        optimizer: 'adamw',
        learningRate: 0.01,
        weightDecay: 0.01,
        clipNorm: 1,
        loss: 'sparseCategoricalCrossentropy',
        batchSize: 32,
        seed: 12,
      }),
      views: ['curves'],
    },
    predictRows: 2,
    strategies: [],
  },
  {
    // Text classification: the layers that reduce a sequence to one vector.
    id: 'spam-text',
    experiment: {
      dataset: { kind: 'shipped', name: 'spam', limit: 100 },
      model: {
        layers: [
          { type: 'embedding', inputDim: SPAM_VOCABULARY, outputDim: 8 },
          { type: 'conv1d', filters: 8, kernelSize: 5, strides: 2, activation: 'relu' },
          { type: 'globalAveragePooling1d' },
          { type: 'dense', units: 2, activation: 'softmax' },
        ],
      },
      config: config({
        optimizer: 'adam',
        learningRate: 0.01,
        clipNorm: 5,
        batchSize: 32,
        seed: 4,
      }),
      views: ['curves'],
    },
    predictRows: 4,
    strategies: [],
  },
];
