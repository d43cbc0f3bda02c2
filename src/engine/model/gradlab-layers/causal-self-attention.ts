/**
 * Causal multi-head self-attention, which TF.js 4.22 does not ship: [batch, length, width] ->
 * the same shape, position i attending to positions j <= i only. The weights are laid out and
 * named as Keras MultiHeadAttention's (query/key/value kernels [width, heads, keyDim] with biases
 * [heads, keyDim], output kernel [heads, keyDim, width] with bias [width]), so an export maps to
 * `MultiHeadAttention(num_heads, key_dim)(x, x, use_causal_mask=True)` weight for weight.
 * Registered with TF.js serialization, so tf.loadLayersModel rebuilds it once this module is loaded.
 */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../../../core/data/rng';

export interface CausalSelfAttentionArgs {
  heads: number;
  keyDim: number;
  /** Seeds the kernels' initialisers; biases start at zero. */
  seed?: number;
  name?: string;
  trainable?: boolean;
  inputShape?: number[];
}

/** Keras's masked softmax adds this to the scores of masked positions. */
const MASKED = -1e9;

const PROJECTIONS = ['query', 'key', 'value'] as const;

type LayerVariable = ReturnType<tf.layers.Layer['addWeight']>;

interface Projection {
  kernel: LayerVariable;
  bias: LayerVariable;
}

const single = (inputs: tf.Tensor | tf.Tensor[]): tf.Tensor =>
  Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;

export class GradlabCausalSelfAttention extends tf.layers.Layer {
  static readonly className = 'GradlabCausalSelfAttention';
  readonly heads: number;
  readonly keyDim: number;
  private readonly seed: number | undefined;
  private projections: Projection[] = [];
  private outputProjection: Projection | null = null;

  constructor(args: CausalSelfAttentionArgs) {
    super(args);
    this.heads = args.heads;
    this.keyDim = args.keyDim;
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const width = shape[2];
    // Attention runs over one axis of steps: [batch, length, width], as inferModel requires.
    if (shape.length !== 3 || typeof width !== 'number') {
      throw new Error(`${this.name} needs an input of shape [length, width] with a known width.`);
    }
    const { heads, keyDim } = this;
    const kernel = (salt: number) =>
      tf.initializers.glorotUniform(
        this.seed === undefined ? {} : { seed: deriveSeed(this.seed, salt) },
      );
    const zeros = tf.initializers.zeros();
    this.projections = PROJECTIONS.map((name, i) => ({
      kernel: this.addWeight(`${name}/kernel`, [width, heads, keyDim], 'float32', kernel(i)),
      bias: this.addWeight(`${name}/bias`, [heads, keyDim], 'float32', zeros),
    }));
    this.outputProjection = {
      kernel: this.addWeight(
        'attention_output/kernel',
        [heads, keyDim, width],
        'float32',
        kernel(PROJECTIONS.length),
      ),
      bias: this.addWeight('attention_output/bias', [width], 'float32', zeros),
    };
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
  }

  /** Attention probabilities [batch, heads, length, length] over positions j <= i. */
  attentionWeights(x: tf.Tensor3D): tf.Tensor4D {
    return tf.tidy(() => this.probabilities(x));
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs) as tf.Tensor3D;
      const [batch, length, width] = x.shape;
      const value = this.project(x, 2);
      const mixed = tf.matMul(this.probabilities(x), value); // [batch, heads, length, keyDim]
      const joined = tf.reshape(tf.transpose(mixed, [0, 2, 1, 3]), [
        batch * length,
        this.heads * this.keyDim,
      ]);
      const output = this.outputProjection;
      if (output === null) throw new Error(`${this.name} is not built.`);
      const kernel = tf.reshape(output.kernel.read(), [this.heads * this.keyDim, width]);
      const out = tf.add(tf.matMul(joined, kernel), output.bias.read());
      return tf.reshape(out, [batch, length, width]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      ...super.getConfig(),
      heads: this.heads,
      keyDim: this.keyDim,
    };
    return this.seed === undefined ? config : { ...config, seed: this.seed };
  }

  /** Query, key or value of every position: [batch, heads, length, keyDim]. */
  private project(x: tf.Tensor3D, which: number): tf.Tensor4D {
    const projection = this.projections[which];
    if (projection === undefined) throw new Error(`${this.name} is not built.`);
    const [batch, length, width] = x.shape;
    const size = this.heads * this.keyDim;
    const flat = tf.matMul(
      tf.reshape(x, [batch * length, width]),
      tf.reshape(projection.kernel.read(), [width, size]),
    );
    const withBias = tf.add(flat, tf.reshape(projection.bias.read(), [size]));
    return tf.transpose(
      tf.reshape(withBias, [batch, length, this.heads, this.keyDim]),
      [0, 2, 1, 3],
    );
  }

  private probabilities(x: tf.Tensor3D): tf.Tensor4D {
    const length = x.shape[1];
    const query = this.project(x, 0);
    const key = this.project(x, 1);
    const scores = tf.mul(tf.matMul(query, key, false, true), 1 / Math.sqrt(this.keyDim));
    // 1 on and below the diagonal (j <= i), 0 above it.
    const allowed = tf.linalg.bandPart(tf.ones([length, length]), -1, 0);
    const masked = tf.add(scores, tf.mul(tf.sub(1, allowed), MASKED));
    return tf.softmax(masked) as tf.Tensor4D;
  }
}

tf.serialization.registerClass(GradlabCausalSelfAttention);
