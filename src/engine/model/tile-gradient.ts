/**
 * A gradient for Tile that costs a reshape and a sum per tiled axis. TF.js 4.22's own adds one
 * slice of the incoming gradient per copy: tf.layers.layerNormalization tiles its gamma and beta
 * to [batch, length, width], so each of them took batch x length slices and adds per step (10,880
 * of each a step for the 2-layer transformer at batch 64 and context 16, 70% of the step's time on
 * wasm). Registered when this module loads, for every backend (tf-layers.ts imports it).
 */
import * as tf from '@tensorflow/tfjs';

/** The gradient of x tiled `reps` times, given the tiled result's gradient `dy`. */
export function tileGradient(dy: tf.Tensor, xShape: readonly number[], reps: readonly number[]) {
  return tf.tidy(() => {
    let gradient = dy;
    // Along axis i the tiled index is copy * size + k; with the axes after it flattened into one
    // of length `after`, the copies are the middle axis of [before, copies, size * after].
    for (let axis = 0; axis < xShape.length; axis++) {
      const copies = reps[axis] ?? 1;
      if (copies === 1) continue;
      const shape = gradient.shape;
      const before = shape.slice(0, axis).reduce((a, b) => a * b, 1);
      const after = shape.slice(axis).reduce((a, b) => a * b, 1) / copies;
      const summed = tf.sum(tf.reshape(gradient, [before, copies, after]), 1);
      const size = (shape[axis] ?? copies) / copies;
      gradient = tf.reshape(summed, [...shape.slice(0, axis), size, ...shape.slice(axis + 1)]);
    }
    return gradient;
  });
}

tf.registerGradient({
  kernelName: tf.Tile,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const reps = attrs['reps'];
    if (!x || !Array.isArray(reps) || !reps.every((r) => typeof r === 'number')) {
      throw new Error('Tile gradient: the tiled tensor or its reps are missing.');
    }
    return { x: () => tileGradient(dy as tf.Tensor, x.shape, reps) };
  },
});
