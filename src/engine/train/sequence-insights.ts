/**
 * What the views of sequence models are drawn from: the attention weights of each attention layer
 * and the hidden state of each recurrent layer for one sequence, the next-token probabilities for
 * a prefix, generated samples, and the token accuracy on a toy task's answers. Sequences shorter
 * than the model's context are padded after their end: the models look only backwards (causal
 * attention, forward recurrence), so what they make of a position never depends on the padding.
 */
import * as tf from '@tensorflow/tfjs';
import { PAD_ID, type Dataset } from '../../core/data/dataset';
import { ProtocolError } from '../../core/errors';
import type {
  LookInsideEvent,
  SequenceSource,
  TokenInsights,
  WorkerCommand,
  WorkerEvent,
} from '../../core/protocol';
import { answerAccuracy } from '../../core/train/answer-accuracy';
import { generateSamples } from '../../core/train/sampling';

/** Gradlab's attention layer (engine/model/gradlab-layers), known by what it offers. */
interface AttentionLayer extends tf.layers.Layer {
  attentionWeights(x: tf.Tensor3D): tf.Tensor4D;
}

const isAttention = (layer: tf.layers.Layer): layer is AttentionLayer =>
  'attentionWeights' in layer && typeof layer.attentionWeights === 'function';

const RECURRENT = new Set(['SimpleRNN', 'LSTM', 'GRU']);

/** Validation examples whose answers are counted at most: the view needs the rates, not all. */
const TOKEN_ROWS = 2048;
/** Rows per forward pass when counting answers. */
const BATCH_ROWS = 256;

type SequenceQuestion = Extract<WorkerCommand, { type: 'lookInside' | 'nextToken' | 'samples' }>;
type SequenceAnswer = Extract<WorkerEvent, { type: 'lookInside' | 'nextToken' | 'samples' }>;

/** The model's context length, the input's one dimension; null for a model of other inputs. */
function contextOf(model: tf.LayersModel): number | null {
  const shape = model.inputs[0]?.shape;
  const length = shape?.length === 2 ? shape[1] : null;
  return typeof length === 'number' && length > 0 ? length : null;
}

/** The vocabulary's size, the output's last dimension, for a model with one output per position. */
function vocabularyOf(model: tf.LayersModel): number | null {
  const shape = model.outputs[0]?.shape;
  const size = shape?.length === 3 ? shape[2] : null;
  return typeof size === 'number' && size > 0 ? size : null;
}

/** `tokens` cut to the last `length` and padded after their end: one model input row. */
function paddedRow(tokens: ArrayLike<number>, length: number): Float32Array {
  const row = new Float32Array(length).fill(PAD_ID);
  const start = Math.max(0, tokens.length - length);
  for (let i = start; i < tokens.length; i++) row[i - start] = tokens[i] as number;
  return row;
}

/** Token ids without the padding after their last token. */
function withoutPadding(tokens: ArrayLike<number>): Int32Array<ArrayBuffer> {
  let end = tokens.length;
  while (end > 0 && tokens[end - 1] === PAD_ID) end--;
  return Int32Array.from({ length: end }, (_, i) => tokens[i] as number);
}

/** The tokens a source names: a dataset row as training feeds it, or the given ids. */
function tokensOf(
  source: SequenceSource,
  data: Dataset | null,
  length: number,
): Int32Array<ArrayBuffer> {
  if (source.kind === 'tokens') return withoutPadding(paddedRow(source.tokens, length));
  if (!data || source.row >= data.n || data.inputShape.length !== 1) {
    throw new ProtocolError(`There is no example ${source.row} of a sequence in this dataset.`);
  }
  const width = data.inputShape[0] as number;
  const row = data.x.subarray(source.row * width, (source.row + 1) * width);
  return withoutPadding(paddedRow(row, length));
}

/**
 * Each attention layer's weights per head and each recurrent layer's hidden state for `tokens`,
 * cut to their length. A recurrent layer that returns only its last state has its cell run one
 * position at a time.
 */
export async function lookInside(
  model: tf.LayersModel,
  tokens: Int32Array<ArrayBuffer>,
): Promise<Omit<LookInsideEvent, 'type' | 'requestId'>> {
  const context = contextOf(model);
  const attentionLayers = model.layers.filter(isAttention);
  const recurrentLayers = model.layers.filter((layer) => RECURRENT.has(layer.getClassName()));
  const length = tokens.length;
  if (context === null || length === 0 || attentionLayers.length + recurrentLayers.length === 0) {
    return { tokens, attention: [], hidden: [] };
  }
  const inside = [...attentionLayers, ...recurrentLayers];
  // Shares the layers (and weights) of `model` and holds no tensors: never disposed, as that
  // would dispose them.
  const probe = tf.model({
    inputs: model.inputs,
    outputs: inside.map((layer) => layer.input as tf.SymbolicTensor),
  });
  const heads: number[] = [];
  const units: number[] = [];
  const packed = tf.tidy(() => {
    const x = tf.tensor2d(paddedRow(tokens, context), [1, context]);
    const result = probe.apply(x, { training: false });
    const inputs = (Array.isArray(result) ? result : [result]) as tf.Tensor3D[];
    const parts: tf.Tensor[] = [];
    attentionLayers.forEach((layer, i) => {
      const weights = layer.attentionWeights(inputs[i] as tf.Tensor3D);
      heads.push(weights.shape[1]);
      parts.push(weights.slice([0, 0, 0, 0], [1, -1, length, length]).flatten());
    });
    recurrentLayers.forEach((layer, i) => {
      const states = hiddenStates(layer, inputs[attentionLayers.length + i] as tf.Tensor3D, length);
      units.push(states.shape[1]);
      parts.push(states.flatten());
    });
    return tf.concat(parts);
  });
  const values = (await packed.data()) as Float32Array<ArrayBuffer>;
  packed.dispose();
  let offset = 0;
  const take = (size: number) => values.slice(offset, (offset += size));
  return {
    tokens,
    attention: attentionLayers.map((layer, i) => {
      const h = heads[i] ?? 0;
      return { layer: layer.name, heads: h, weights: take(h * length * length) };
    }),
    hidden: recurrentLayers.map((layer, i) => {
      const u = units[i] ?? 0;
      return { layer: layer.name, units: u, values: take(length * u) };
    }),
  };
}

/** [length, units]: the layer's state after each of the first `length` positions of `x`. */
function hiddenStates(layer: tf.layers.Layer, x: tf.Tensor3D, length: number): tf.Tensor2D {
  if (layer instanceof tf.RNN && !layer.returnSequences) return stepByStep(layer, x, length);
  const output = layer.apply(x) as tf.Tensor3D;
  return output.slice([0, 0, 0], [1, length, -1]).squeeze([0]);
}

/** A layer that returns only its last state: its cell run one position at a time. */
function stepByStep(layer: tf.RNN, x: tf.Tensor3D, length: number): tf.Tensor2D {
  const { cell } = layer;
  const sizes = Array.isArray(cell.stateSize) ? cell.stateSize : [cell.stateSize];
  let states: tf.Tensor[] = sizes.map((size) => tf.zeros([1, size]));
  const outputs: tf.Tensor[] = [];
  for (let t = 0; t < length; t++) {
    const input = x.slice([0, t, 0], [1, 1, -1]).squeeze([1]);
    const [output, ...next] = [cell.call([input, ...states], { training: false })].flat();
    if (!output) throw new ProtocolError(`${layer.name} gave no output at position ${t + 1}.`);
    outputs.push(output);
    states = next;
  }
  return tf.concat(outputs) as tf.Tensor2D;
}

/**
 * Probabilities of the token after each of `sequences` (all of one length, at most the context),
 * concatenated; the model is run on all of them at once.
 */
async function nextProbabilities(
  model: tf.LayersModel,
  sequences: readonly (readonly number[])[],
  context: number,
): Promise<Float32Array<ArrayBuffer>> {
  const position = Math.min((sequences[0]?.length ?? 1) - 1, context - 1);
  const rows = new Float32Array(sequences.length * context);
  sequences.forEach((sequence, i) => rows.set(paddedRow(sequence, context), i * context));
  const picked = tf.tidy(() => {
    const output = model.apply(tf.tensor2d(rows, [sequences.length, context]), {
      training: false,
    }) as tf.Tensor3D;
    return output.slice([0, position, 0], [-1, 1, -1]).flatten();
  });
  const values = (await picked.data()) as Float32Array<ArrayBuffer>;
  picked.dispose();
  return values;
}

/** The model's answer to one of the sequence views' questions; empty answers for other models. */
export async function answerSequenceQuestion(
  question: SequenceQuestion,
  model: tf.LayersModel | null,
  data: Dataset | null,
): Promise<SequenceAnswer> {
  const { requestId } = question;
  const context = model ? contextOf(model) : null;
  const vocabulary = model ? vocabularyOf(model) : null;
  switch (question.type) {
    case 'lookInside': {
      if (!model || context === null) {
        return {
          type: 'lookInside',
          requestId,
          tokens: new Int32Array(0),
          attention: [],
          hidden: [],
        };
      }
      const inside = await lookInside(model, tokensOf(question.source, data, context));
      return { type: 'lookInside', requestId, ...inside };
    }
    case 'nextToken': {
      const tokens = withoutPadding(question.tokens);
      if (!model || context === null || vocabulary === null || tokens.length === 0) {
        return { type: 'nextToken', requestId, probabilities: new Float32Array(0) };
      }
      const prefix = Array.from(tokens.subarray(Math.max(0, tokens.length - context)));
      const probabilities = await nextProbabilities(model, [prefix], context);
      return { type: 'nextToken', requestId, probabilities };
    }
    case 'samples': {
      if (!model || context === null || vocabulary === null) {
        return {
          type: 'samples',
          requestId,
          tokens: new Int32Array(0),
          lengths: new Int32Array(0),
        };
      }
      const samples = await generateSamples(
        (sequences) => nextProbabilities(model, sequences, context),
        vocabulary,
        { ...question, maxLength: Math.min(question.maxLength, context) },
      );
      return {
        type: 'samples',
        requestId,
        tokens: Int32Array.from(samples.flat()),
        lengths: Int32Array.from(samples, (sample) => sample.length),
      };
    }
  }
}

/**
 * How a next-token model does on the answer positions of up to TOKEN_ROWS validation examples:
 * `xs` [n, length] token ids, `targets` the n x length ids to predict (PAD_ID where none is).
 */
export async function tokenInsights(
  model: tf.LayersModel,
  xs: tf.Tensor,
  targets: Int32Array,
  batchRows = BATCH_ROWS,
): Promise<TokenInsights | null> {
  const vocabulary = vocabularyOf(model);
  const [rows = 0, length = 0] = xs.shape;
  const n = Math.min(rows, TOKEN_ROWS);
  if (vocabulary === null || n === 0 || length === 0) return null;
  const parts: tf.Tensor[] = [];
  for (let start = 0; start < n; start += batchRows) {
    const size = Math.min(batchRows, n - start);
    parts.push(
      tf.tidy(() =>
        (model.apply(xs.slice(start, size), { training: false }) as tf.Tensor).argMax(-1),
      ),
    );
  }
  const all = tf.concat(parts);
  tf.dispose(parts);
  const predicted = (await all.data()) as Int32Array;
  all.dispose();
  return answerAccuracy(targets.subarray(0, n * length), predicted, length, vocabulary);
}
