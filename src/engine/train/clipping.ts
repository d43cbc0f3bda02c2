/**
 * Gradient clipping by global norm, as Keras' `global_clipnorm` and `tf.clip_by_global_norm` do:
 * when the norm of all gradients together exceeds `clipNorm`, every gradient is scaled by the same
 * factor clipNorm / norm, so the step keeps its direction and only gets shorter. The factor is
 * computed on the device (min(1, clipNorm / norm)), so clipping never reads back.
 */
import * as tf from '@tensorflow/tfjs';

/** The global norm of `gradients`: the square root of the sum of all their squared entries. */
export function globalNorm(gradients: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.addN(gradients.map((g) => g.square().sum())).sqrt() as tf.Scalar);
}

/** The gradients scaled to a global norm of at most `clipNorm` (> 0), in new tensors. */
export function clipByGlobalNorm(
  gradients: tf.NamedTensorMap,
  clipNorm: number,
): tf.NamedTensorMap {
  const names = Object.keys(gradients);
  const tensors = names.flatMap((name) => gradients[name] ?? []);
  if (tensors.length === 0) return {};
  return tf.tidy(() => {
    const scale = tf.scalar(clipNorm).div(globalNorm(tensors).maximum(clipNorm));
    const clipped: tf.NamedTensorMap = {};
    for (const name of names) {
      const gradient = gradients[name];
      if (gradient) clipped[name] = gradient.mul(scale);
    }
    return clipped;
  });
}
