import type { Activation, ModelSpec } from './spec';

/**
 * relu, not tanh: on inputs scaled to [-1, 1] a glorot-initialised tanh network stays nearly linear
 * and stalls on the spiral for hundreds of epochs, where relu learns it in about fifty.
 */
export const DEFAULT_HIDDEN: { units: number[]; activation: Activation } = {
  units: [16, 16],
  activation: 'relu',
};

/** The playground's network: dense hidden layers sharing one activation, then a dense output. */
export function playgroundSpec(
  hidden: { units: readonly number[]; activation: Activation },
  output: { units: number; activation: Activation },
): ModelSpec {
  return {
    layers: [
      ...hidden.units.map((units) => ({
        type: 'dense' as const,
        units,
        activation: hidden.activation,
      })),
      { type: 'dense', units: output.units, activation: output.activation },
    ],
  };
}
