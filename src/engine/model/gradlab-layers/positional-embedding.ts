/**
 * A learned vector per position added to its input: [batch, length, width] -> the same shape,
 * with one weight `embeddings` [length, width]. TF.js has no such layer; registered with its
 * serialization so tf.loadLayersModel rebuilds it once this module is loaded.
 */
import * as tf from '@tensorflow/tfjs';

export interface PositionalEmbeddingArgs {
  /** Seeds the initial embeddings (uniform in +-0.05, as TF.js's Embedding starts). */
  seed?: number;
  name?: string;
  trainable?: boolean;
  inputShape?: number[];
}

type LayerVariable = ReturnType<tf.layers.Layer['addWeight']>;

export class GradlabPositionalEmbedding extends tf.layers.Layer {
  static readonly className = 'GradlabPositionalEmbedding';
  private readonly seed: number | undefined;
  private embeddings: LayerVariable | null = null;

  constructor(args: PositionalEmbeddingArgs = {}) {
    super(args);
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const [, length, width] = shape;
    if (shape.length !== 3 || typeof length !== 'number' || typeof width !== 'number') {
      throw new Error(`${this.name} needs an input of known shape [length, width].`);
    }
    const init = tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: this.seed });
    this.embeddings = this.addWeight('embeddings', [length, width], 'float32', init);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
      if (this.embeddings === null) throw new Error(`${this.name} is not built.`);
      return tf.add(x, this.embeddings.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config = super.getConfig();
    return this.seed === undefined ? config : { ...config, seed: this.seed };
  }
}

tf.serialization.registerClass(GradlabPositionalEmbedding);
