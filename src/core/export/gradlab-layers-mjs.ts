/**
 * gradlab-layers.mjs, the model ZIP's registration of the Gradlab layers TF.js lacks
 * (GradlabCausalSelfAttention, GradlabPositionalEmbedding): without it `tf.loadLayersModel`
 * refuses a model.json that names them. Plain JavaScript with no import, so it works with
 * whichever TensorFlow.js the caller has (Node or a browser bundle): `registerGradlabLayers(tf)`
 * defines the classes on that `tf` and registers them. The computation is
 * src/engine/model/gradlab-layers/ op for op, so predictions are the app's; a unit test loads an
 * exported model with it and compares (gradlab-layers-mjs.test.ts in src/engine/model).
 */

export const GRADLAB_LAYERS_FILE = 'gradlab-layers.mjs';

/** The module's text. */
export function gradlabLayersMjs(): string {
  return `// Registers the layers Gradlab adds to TensorFlow.js, so that tf.loadLayersModel can read a
// model.json exported from Gradlab that uses them. Works with any TensorFlow.js 4.x namespace:
//
//   import * as tf from '@tensorflow/tfjs';
//   import { registerGradlabLayers } from './gradlab-layers.mjs';
//   registerGradlabLayers(tf);
//   const model = await tf.loadLayersModel(...);
//
// GradlabCausalSelfAttention: multi-head self-attention in which position i attends to positions
//   j <= i only, scores scaled by 1/sqrt(keyDim); weights as Keras MultiHeadAttention's
//   (query/key/value kernels [width, heads, keyDim] and biases [heads, keyDim], output kernel
//   [heads, keyDim, width] and bias [width]).
// GradlabPositionalEmbedding: a learned vector per position ([length, width]) added to the input.

const MASKED = -1e9;
const PROJECTIONS = ['query', 'key', 'value'];

const single = (inputs) => (Array.isArray(inputs) ? inputs[0] : inputs);
const firstShape = (shape) => (Array.isArray(shape[0]) ? shape[0] : shape);

/** Defines both layers on \`tf\`, registers them with its serialization and returns them. */
export function registerGradlabLayers(tf) {
  class GradlabCausalSelfAttention extends tf.layers.Layer {
    static className = 'GradlabCausalSelfAttention';

    constructor(args) {
      super(args);
      this.heads = args.heads;
      this.keyDim = args.keyDim;
      this.seed = args.seed;
      this.projections = [];
      this.outputProjection = null;
    }

    build(inputShape) {
      const shape = firstShape(inputShape);
      const width = shape[shape.length - 1];
      const { heads, keyDim } = this;
      const kernel = () => tf.initializers.glorotUniform({});
      const zeros = tf.initializers.zeros();
      this.projections = PROJECTIONS.map((name) => ({
        kernel: this.addWeight(name + '/kernel', [width, heads, keyDim], 'float32', kernel()),
        bias: this.addWeight(name + '/bias', [heads, keyDim], 'float32', zeros),
      }));
      this.outputProjection = {
        kernel: this.addWeight('attention_output/kernel', [heads, keyDim, width], 'float32', kernel()),
        bias: this.addWeight('attention_output/bias', [width], 'float32', zeros),
      };
      this.built = true;
    }

    computeOutputShape(inputShape) {
      return firstShape(inputShape);
    }

    /** Attention probabilities [batch, heads, length, length]. */
    attentionWeights(x) {
      return tf.tidy(() => this.probabilities(x));
    }

    call(inputs) {
      return tf.tidy(() => {
        const x = single(inputs);
        const [batch, length, width] = x.shape;
        const value = this.project(x, 2);
        const mixed = tf.matMul(this.probabilities(x), value);
        const joined = tf.reshape(tf.transpose(mixed, [0, 2, 1, 3]), [batch * length, this.heads * this.keyDim]);
        const output = this.outputProjection;
        const kernel = tf.reshape(output.kernel.read(), [this.heads * this.keyDim, width]);
        const out = tf.add(tf.matMul(joined, kernel), output.bias.read());
        return tf.reshape(out, [batch, length, width]);
      });
    }

    getConfig() {
      const config = { ...super.getConfig(), heads: this.heads, keyDim: this.keyDim };
      return this.seed === undefined ? config : { ...config, seed: this.seed };
    }

    project(x, which) {
      const projection = this.projections[which];
      const [batch, length, width] = x.shape;
      const size = this.heads * this.keyDim;
      const flat = tf.matMul(tf.reshape(x, [batch * length, width]), tf.reshape(projection.kernel.read(), [width, size]));
      const withBias = tf.add(flat, tf.reshape(projection.bias.read(), [size]));
      return tf.transpose(tf.reshape(withBias, [batch, length, this.heads, this.keyDim]), [0, 2, 1, 3]);
    }

    probabilities(x) {
      const length = x.shape[1];
      const query = this.project(x, 0);
      const key = this.project(x, 1);
      const scores = tf.mul(tf.matMul(query, key, false, true), 1 / Math.sqrt(this.keyDim));
      const allowed = tf.linalg.bandPart(tf.ones([length, length]), -1, 0);
      const masked = tf.add(scores, tf.mul(tf.sub(1, allowed), MASKED));
      return tf.softmax(masked);
    }
  }

  class GradlabPositionalEmbedding extends tf.layers.Layer {
    static className = 'GradlabPositionalEmbedding';

    constructor(args = {}) {
      super(args);
      this.seed = args.seed;
      this.embeddings = null;
    }

    build(inputShape) {
      const [, length, width] = firstShape(inputShape);
      const init = tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05 });
      this.embeddings = this.addWeight('embeddings', [length, width], 'float32', init);
      this.built = true;
    }

    computeOutputShape(inputShape) {
      return firstShape(inputShape);
    }

    call(inputs) {
      return tf.tidy(() => tf.add(single(inputs), this.embeddings.read()));
    }

    getConfig() {
      const config = super.getConfig();
      return this.seed === undefined ? config : { ...config, seed: this.seed };
    }
  }

  tf.serialization.registerClass(GradlabCausalSelfAttention);
  tf.serialization.registerClass(GradlabPositionalEmbedding);
  return { GradlabCausalSelfAttention, GradlabPositionalEmbedding };
}
`;
}
