/**
 * The names buildModel gives TF.js layers, which weight names start with: the export maps weights
 * to Keras layers by them, so the engine and the Keras scripts name layers through these alone.
 */
import type { LayerSpec } from './spec';

/** The top-level layer at `index`. */
export const layerName = (layer: LayerSpec, index: number): string => `${layer.type}_${index}`;

/** Layer `inner` of the residual block at top-level `index`. */
export const blockLayerName = (index: number, inner: number, layer: LayerSpec): string =>
  `residual_${index}_${inner}_${layer.type}`;

/** The `add` layer that sums the residual block at `index` with its input. */
export const blockAddName = (index: number): string => `residual_${index}_add`;
