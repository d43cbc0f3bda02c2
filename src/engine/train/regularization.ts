/**
 * L1/L2 penalties on the kernels of dense and conv2d layers, as Keras' kernel_regularizer adds
 * them: l1 * sum(|w|) + l2 * sum(w^2), added to the loss that the optimizer minimises. Biases,
 * batch-norm parameters and other weights are not penalised.
 */
import * as tf from '@tensorflow/tfjs';
import { clipByGlobalNorm } from './clipping';

const PENALISED_LAYERS = new Set(['Dense', 'Conv2D']);

/** The kernel variables of a model's dense and conv2d layers. */
export function kernelsOf(model: tf.LayersModel): tf.Variable[] {
  return model.layers
    .filter((layer) => PENALISED_LAYERS.has(layer.getClassName()))
    .flatMap((layer) => layer.trainableWeights)
    .filter((weight) => weight.originalName.endsWith('/kernel'))
    .map((weight) => weight.read() as tf.Variable);
}

export interface Penalties {
  l1: number;
  l2: number;
}

/** The penalty as a scalar, or null when there is none (so an unpenalised step costs nothing). */
export function kernelPenalty(
  kernels: readonly tf.Tensor[],
  { l1, l2 }: Penalties,
): tf.Scalar | null {
  if ((l1 === 0 && l2 === 0) || kernels.length === 0) return null;
  return tf.tidy(() => {
    const terms = kernels.flatMap((w) => [
      ...(l1 > 0 ? [w.abs().sum().mul(l1)] : []),
      ...(l2 > 0 ? [w.square().sum().mul(l2)] : []),
    ]);
    return tf.addN(terms) as tf.Scalar;
  });
}

/**
 * One optimizer step on `dataLoss() + penalty`, returning the data loss alone. The curves show the
 * data loss so that training and validation losses (which has no penalty) compare, and so that
 * runs with different penalties compare too. With `clipNorm` > 0 the gradients are clipped to that
 * global norm first (clipping.ts); the step is otherwise what `optimizer.minimize` does. Call
 * inside tf.tidy: the result belongs to the caller's scope.
 */
export function minimizeWithPenalty(
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  kernels: readonly tf.Variable[],
  penalties: Penalties,
  dataLoss: () => tf.Scalar,
  clipNorm = 0,
): tf.Scalar {
  const data: { kept: tf.Scalar | null } = { kept: null };
  const { value, grads } = optimizer.computeGradients(() => {
    const loss = dataLoss();
    // Inside the differentiated function, so the penalty's gradient reaches the kernels.
    const penalty = kernelPenalty(kernels, penalties);
    if (!penalty) return loss;
    data.kept = tf.keep(loss);
    return loss.add(penalty);
  }, variables);
  const applied = clipNorm > 0 ? clipByGlobalNorm(grads, clipNorm) : grads;
  optimizer.applyGradients(
    variables.flatMap((v) => {
      const tensor = applied[v.name];
      return tensor ? [{ name: v.name, tensor }] : [];
    }),
  );
  tf.dispose(grads);
  if (applied !== grads) tf.dispose(applied);
  if (!data.kept) return value;
  // A kept tensor escapes every tidy; a clone is owned by the caller's scope, as `value` is.
  const reported = tf.clone(data.kept);
  data.kept.dispose();
  return reported;
}
