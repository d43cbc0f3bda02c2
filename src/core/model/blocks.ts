/**
 * A stack seen through its residual blocks: the plain layers in the order TF.js builds them, and
 * how many layers it holds, a block counting itself and each layer inside it (the editor's and the
 * validator's limit).
 */
import type { LayerSpec, ResidualLayer } from './spec';

/** A layer that is not a residual block: one TF.js layer, one Keras layer. */
export type PlainLayer = Exclude<LayerSpec, ResidualLayer>;

/** Every plain layer of the stack, blocks opened, in the order TF.js builds them. */
export const allLayers = (layers: readonly LayerSpec[]): PlainLayer[] =>
  layers.flatMap((layer) => (layer.type === 'residual' ? allLayers(layer.layers) : [layer]));

/** The stack's layers, each residual block counting its own and the layers inside it. */
export const countLayers = (layers: readonly LayerSpec[]): number =>
  layers.reduce((sum, layer) => sum + 1 + (layer.type === 'residual' ? layer.layers.length : 0), 0);
