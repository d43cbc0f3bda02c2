/** fast-check arbitraries shared by the model tests. */
import fc from 'fast-check';
import { ACTIVATIONS, type LayerSpec, type ModelSpec } from './spec';

export const activationArb = fc.constantFrom(...ACTIVATIONS);

export const layerArb: fc.Arbitrary<LayerSpec> = fc.oneof(
  fc.record(
    {
      type: fc.constant('dense' as const),
      units: fc.integer({ min: 1, max: 64 }),
      activation: activationArb,
      useBias: fc.boolean(),
    },
    { requiredKeys: ['type', 'units', 'activation'] },
  ),
  fc.record({ type: fc.constant('activation' as const), activation: activationArb }),
  fc.record({
    type: fc.constant('dropout' as const),
    rate: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  }),
);

export const specArb: fc.Arbitrary<ModelSpec> = fc.record({
  layers: fc.array(layerArb, { minLength: 1, maxLength: 5 }),
});
