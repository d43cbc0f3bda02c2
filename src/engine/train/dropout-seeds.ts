/**
 * Seeded dropout masks, so a run with dropout is as reproducible as one without. A TF.js Dropout
 * layer draws its mask from its `seed`; given a fixed seed it would drop the same units on every
 * batch, and given none it draws from Math.random. So before each step every dropout layer gets a
 * seed of its own derived from (run seed, step, layer). `seed` is a plain field TF.js reads at call
 * time (tfjs-layers 4.x, layers/core.js), not part of its typed API: hence the narrow cast.
 */
import type * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../../core/data/rng';

const DROPOUT_SALT = 0xd209;

type SeedableLayer = tf.layers.Layer & { seed?: number };

export function dropoutLayers(model: tf.LayersModel): SeedableLayer[] {
  return model.layers.filter((layer) => layer.getClassName() === 'Dropout');
}

export function reseedDropout(layers: readonly SeedableLayer[], seed: number, step: number): void {
  layers.forEach((layer, index) => {
    layer.seed = deriveSeed(seed, DROPOUT_SALT, step, index);
  });
}
