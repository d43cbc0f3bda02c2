/** Turns a validated ModelSpec into a TF.js model whose initial weights depend only on the seed. */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../../core/data/rng';
import { inferModel } from '../../core/model/inference';
import { blockAddName, blockLayerName, layerName } from '../../core/model/layer-names';
import type { LayerSpec, ModelSpec, Shape } from '../../core/model/spec';
import { createLayer } from './tf-layers';

/** Keeps initialiser seeds apart from the other streams derived from the same run seed. */
const INIT_SALT = 0x1417;

/**
 * Builds an uncompiled model: a tf.Sequential for a plain list of layers, a functional model when
 * a residual block needs its input twice (once through its layers, once to the sum). Layer i is
 * named `${type}_${i}`; layer j of residual block i `residual_${i}_${j}_${type}` and the block's
 * sum `residual_${i}_add`. Seeded initialisers draw their numbers on the CPU (TF.js seedrandom),
 * so the same seed gives the same initial weights on every backend.
 * Throws the InvalidSpecError that inferModel reports: callers pass specs already validated.
 */
export function buildModel(spec: ModelSpec, inputShape: Shape, seed: number): tf.LayersModel {
  const summary = inferModel(spec, inputShape);
  if (!summary.ok) throw summary.error;
  return assembleModel(spec, inputShape, seed);
}

/** buildModel without the check: TF.js decides whether the layers fit (for tests of that). */
export function assembleModel(spec: ModelSpec, inputShape: Shape, seed: number): tf.LayersModel {
  const layerSeed = (...place: number[]) => deriveSeed(seed, INIT_SALT, ...place);
  if (!spec.layers.some((layer) => layer.type === 'residual')) {
    const model = tf.sequential();
    spec.layers.forEach((layer, index) => {
      if (layer.type === 'residual') return;
      // TF.js only requires unique names within a model; weights get a per-process suffix anyway.
      const name = layerName(layer, index);
      const common = index === 0 ? { name, inputShape: [...inputShape] } : { name };
      model.add(createLayer(layer, common, layerSeed(index)));
    });
    return model;
  }
  const input = tf.input({ name: 'input', shape: [...inputShape] });
  let x: tf.SymbolicTensor = input;
  spec.layers.forEach((layer, index) => {
    x =
      layer.type === 'residual'
        ? residualBlock(layer.layers, index, x, layerSeed)
        : applyLayer(createLayer(layer, { name: layerName(layer, index) }, layerSeed(index)), x);
  });
  return tf.model({ inputs: input, outputs: x });
}

function residualBlock(
  layers: readonly LayerSpec[],
  index: number,
  input: tf.SymbolicTensor,
  layerSeed: (...place: number[]) => number,
): tf.SymbolicTensor {
  let x = input;
  layers.forEach((layer, j) => {
    // validate.ts keeps blocks out of blocks.
    if (layer.type === 'residual') throw new Error('A residual block cannot hold another one.');
    const name = blockLayerName(index, j, layer);
    x = applyLayer(createLayer(layer, { name }, layerSeed(index, j + 1)), x);
  });
  return applyLayer(tf.layers.add({ name: blockAddName(index) }), [input, x]);
}

function applyLayer(
  layer: tf.layers.Layer,
  input: tf.SymbolicTensor | tf.SymbolicTensor[],
): tf.SymbolicTensor {
  const output = layer.apply(input);
  if (Array.isArray(output) || !(output instanceof tf.SymbolicTensor)) {
    throw new Error(`${layer.name} did not give one symbolic output.`);
  }
  return output;
}
