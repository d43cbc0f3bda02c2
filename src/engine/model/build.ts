/** Turns a validated ModelSpec into a TF.js model whose initial weights depend only on the seed. */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../../core/data/rng';
import { inferModel } from '../../core/model/inference';
import type { ModelSpec, Shape } from '../../core/model/spec';
import { createLayer } from './tf-layers';

/** Keeps initialiser seeds apart from the other streams derived from the same run seed. */
const INIT_SALT = 0x1417;

/**
 * Builds an uncompiled tf.Sequential. Seeded initialisers draw their numbers on the CPU (TF.js
 * seedrandom), so the same seed gives the same initial weights on every backend.
 * Throws the InvalidSpecError that inferModel reports: callers pass specs already validated.
 */
export function buildModel(spec: ModelSpec, inputShape: Shape, seed: number): tf.Sequential {
  const summary = inferModel(spec, inputShape);
  if (!summary.ok) throw summary.error;
  const model = tf.sequential();
  spec.layers.forEach((layer, index) => {
    // TF.js only requires unique names within a model; weights get a per-process suffix anyway.
    const name = `${layer.type}_${index}`;
    const common = index === 0 ? { name, inputShape: [...inputShape] } : { name };
    model.add(createLayer(layer, common, deriveSeed(seed, INIT_SALT, index)));
  });
  return model;
}
