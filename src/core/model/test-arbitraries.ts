/** fast-check arbitraries shared by the model tests. */
import fc from 'fast-check';
import { inferLayer, product } from './layer-shapes';
import {
  ACTIVATIONS,
  PADDINGS,
  type LayerSpec,
  type ResidualLayer,
  type ModelSpec,
  type Padding,
  type Size2,
} from './spec';

export const activationArb = fc.constantFrom(...ACTIVATIONS);

const whole = (min: number, max: number) => fc.integer({ min, max });

/** One number for both axes or [height, width], each within its own bound. */
const size2Arb = (maxHeight: number, maxWidth: number): fc.Arbitrary<Size2> =>
  fc.oneof(
    whole(1, Math.min(maxHeight, maxWidth)),
    fc.tuple(whole(1, maxHeight), whole(1, maxWidth)),
  );

/** Adds the optional fields that were drawn, leaving the others out as a user would. */
const withOptional = <T extends object>(base: T, extra: Record<string, unknown>): T => ({
  ...base,
  ...Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined)),
});

const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.option(arb, { nil: undefined });

const denseArb: fc.Arbitrary<LayerSpec> = fc.record(
  {
    type: fc.constant('dense' as const),
    units: whole(1, 16),
    activation: activationArb,
    useBias: fc.boolean(),
  },
  { requiredKeys: ['type', 'units', 'activation'] },
);

const activationLayerArb: fc.Arbitrary<LayerSpec> = fc.record({
  type: fc.constant('activation' as const),
  activation: activationArb,
});

const dropoutArb: fc.Arbitrary<LayerSpec> = fc.record({
  type: fc.constant('dropout' as const),
  rate: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
});

const batchNormArb: fc.Arbitrary<LayerSpec> = fc.record(
  {
    type: fc.constant('batchNormalization' as const),
    momentum: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    epsilon: fc.double({ min: 1e-6, max: 1, noNaN: true }),
  },
  { requiredKeys: ['type'] },
);

const flattenArb: fc.Arbitrary<LayerSpec> = fc.constant({ type: 'flatten' });

const layerNormArb: fc.Arbitrary<LayerSpec> = fc.record(
  {
    type: fc.constant('layerNormalization' as const),
    epsilon: fc.double({ min: 1e-6, max: 1, noNaN: true }),
  },
  { requiredKeys: ['type'] },
);

const embeddingArb: fc.Arbitrary<LayerSpec> = fc.record({
  type: fc.constant('embedding' as const),
  inputDim: whole(1, 20),
  outputDim: whole(1, 8),
});

const recurrentArb = (units: fc.Arbitrary<number>, returnSequences: fc.Arbitrary<boolean>) =>
  fc.record({
    type: fc.constantFrom('simpleRNN' as const, 'lstm' as const, 'gru' as const),
    units,
    returnSequences,
  });

const attentionArb: fc.Arbitrary<LayerSpec> = fc.record({
  type: fc.constant('causalSelfAttention' as const),
  heads: whole(1, 3),
  keyDim: whole(1, 4),
});

/** A 1-D convolution whose kernel fits `length` steps (any kernel with 'same' padding). */
const conv1dArb = (length: number, filters: fc.Arbitrary<number>): fc.Arbitrary<LayerSpec> =>
  maybe(fc.constantFrom(...PADDINGS)).chain((padding) =>
    fc
      .record({
        filters,
        kernelSize: whole(1, padding === 'same' ? 5 : Math.min(5, length)),
        activation: activationArb,
        strides: maybe(whole(1, 3)),
        useBias: maybe(fc.boolean()),
      })
      .map(({ filters: f, kernelSize, activation, strides, useBias }) =>
        withOptional(
          { type: 'conv1d' as const, filters: f, kernelSize, activation },
          { strides, padding, useBias },
        ),
      ),
  );

/** A convolution whose kernel fits an input of height x width (any size with 'same' padding). */
const conv2dArb = (height: number, width: number): fc.Arbitrary<LayerSpec> =>
  maybe(fc.constantFrom(...PADDINGS)).chain((padding) => {
    const fits = padding === 'same' ? [5, 5] : [Math.min(5, height), Math.min(5, width)];
    return fc
      .record({
        filters: whole(1, 6),
        kernelSize: size2Arb(fits[0] as number, fits[1] as number),
        activation: activationArb,
        strides: maybe(size2Arb(3, 3)),
        useBias: maybe(fc.boolean()),
      })
      .map(({ filters, kernelSize, activation, strides, useBias }) =>
        withOptional(
          { type: 'conv2d' as const, filters, kernelSize, activation },
          { strides, padding, useBias },
        ),
      );
  });

const pooling2dArb = (height: number, width: number): fc.Arbitrary<LayerSpec> =>
  fc
    .tuple(
      fc.constantFrom('maxPooling2d' as const, 'averagePooling2d' as const),
      maybe(fc.constantFrom<Padding>(...PADDINGS)),
    )
    .chain(([type, padding]) => {
      const fits = padding === 'same' ? [4, 4] : [Math.min(4, height), Math.min(4, width)];
      return fc
        .record({
          poolSize: size2Arb(fits[0] as number, fits[1] as number),
          strides: maybe(size2Arb(3, 3)),
        })
        .map(({ poolSize, strides }) => withOptional({ type, poolSize }, { strides, padding }));
    });

const divisors = (n: number): number[] =>
  Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);

/** A reshape to 1, 2 or 3 axes holding the same number of values. */
const reshapeArb = (values: number): fc.Arbitrary<LayerSpec> =>
  fc
    .tuple(fc.constantFrom(...divisors(values)), fc.integer({ min: 1, max: 3 }))
    .chain(([first, rank]): fc.Arbitrary<number[]> => {
      const rest = values / first;
      if (rank === 1) return fc.constant<number[]>([values]);
      if (rank === 2) return fc.constant<number[]>([first, rest]);
      return fc.constantFrom(...divisors(rest)).map((second) => [first, second, rest / second]);
    })
    .map((targetShape) => ({ type: 'reshape' as const, targetShape }));

/** Any structurally valid layer, whatever its input: for validation round trips. */
export const layerArb: fc.Arbitrary<LayerSpec> = fc.oneof(
  denseArb,
  activationLayerArb,
  dropoutArb,
  batchNormArb,
  flattenArb,
  conv2dArb(64, 64),
  pooling2dArb(64, 64),
  fc.array(whole(1, 64), { minLength: 1, maxLength: 3 }).map((targetShape) => ({
    type: 'reshape' as const,
    targetShape,
  })),
  embeddingArb,
  fc.constantFrom<LayerSpec>({ type: 'positionalEmbedding' }, { type: 'globalAveragePooling1d' }),
  recurrentArb(whole(1, 64), fc.boolean()),
  conv1dArb(64, whole(1, 6)),
  layerNormArb,
  attentionArb,
);

/** Any structurally valid layer, residual blocks (of plain layers) included. */
const anyLayerArb: fc.Arbitrary<LayerSpec> = fc.oneof(
  { arbitrary: layerArb, weight: 4 },
  {
    arbitrary: fc
      .array(layerArb, { minLength: 1, maxLength: 3 })
      .map((layers): LayerSpec => ({ type: 'residual', layers })),
    weight: 1,
  },
);

export const specArb: fc.Arbitrary<ModelSpec> = fc.record({
  layers: fc.array(anyLayerArb, { minLength: 1, maxLength: 5 }),
});

/** Points or table rows ([features]) and small channels-last images ([height, width, channels]). */
export const inputShapeArb: fc.Arbitrary<number[]> = fc.oneof(
  fc.tuple(whole(1, 20)).map((shape) => [...shape]),
  fc.tuple(whole(1, 10), whole(1, 10), whole(1, 3)).map((shape) => [...shape]),
);

const shapeAfter = (layer: LayerSpec, shape: number[]): number[] => {
  const inferred = inferLayer(layer, shape);
  if (!inferred.ok) throw new Error(`generated an invalid layer: ${inferred.error}`);
  return inferred.value.outputShape;
};

/** A residual block that gives back its input's shape: layers that keep it, or widen then narrow. */
function residualArb(shape: readonly number[]): fc.Arbitrary<LayerSpec> {
  const width = shape[shape.length - 1] as number;
  const dense = (units: number) => ({ type: 'dense' as const, units, activation: 'relu' as const });
  const keeping: fc.Arbitrary<LayerSpec>[] = [
    layerNormArb,
    dropoutArb,
    activationLayerArb,
    fc.constant(dense(width)),
    whole(1, 8).map(dense),
  ];
  if (shape.length === 2) {
    keeping.push(
      attentionArb,
      recurrentArb(fc.constant(width), fc.constant(true)),
      fc.constant<LayerSpec>({ type: 'positionalEmbedding' }),
      fc.constant<LayerSpec>({
        type: 'conv1d',
        filters: width,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
      }),
    );
  }
  return fc
    .array(fc.oneof(...keeping), { minLength: 1, maxLength: 3 })
    .map((layers): ResidualLayer => {
      // A dense layer of another width is narrowed back, so the block ends in its input's shape.
      const kept = layers.every((l) => l.type !== 'dense' || l.units === width);
      return { type: 'residual', layers: kept ? layers : [...layers, dense(width)] };
    })
    .filter((block) => blockFits(block, shape));
}

const blockFits = (block: LayerSpec, shape: readonly number[]) => inferLayer(block, shape).ok;

/** A layer of any type that fits an input of this shape. */
export function fittingLayerArb(shape: readonly number[]): fc.Arbitrary<LayerSpec> {
  const any = [
    denseArb,
    activationLayerArb,
    dropoutArb,
    batchNormArb,
    layerNormArb,
    reshapeArb(product(shape)),
    residualArb(shape),
  ];
  const options = any.map((arbitrary) => ({ arbitrary, weight: 1 }));
  if (shape.length >= 2) options.push({ arbitrary: flattenArb, weight: 1 });
  if (shape.length === 2) {
    const [length] = shape as [number, number];
    options.push(
      { arbitrary: recurrentArb(whole(1, 6), fc.boolean()), weight: 2 },
      { arbitrary: conv1dArb(length, whole(1, 6)), weight: 2 },
      { arbitrary: attentionArb, weight: 2 },
      { arbitrary: fc.constant<LayerSpec>({ type: 'positionalEmbedding' }), weight: 1 },
      { arbitrary: fc.constant<LayerSpec>({ type: 'globalAveragePooling1d' }), weight: 1 },
    );
  }
  if (shape.length === 3) {
    // Weighted up: images lose their rank to the first dense-then-reshape or flatten.
    const [height, width] = shape as [number, number, number];
    options.push(
      { arbitrary: conv2dArb(height, width), weight: 3 },
      { arbitrary: pooling2dArb(height, width), weight: 3 },
    );
  }
  return fc.oneof(...options);
}

const stackFrom = (shape: number[], length: number): fc.Arbitrary<LayerSpec[]> =>
  length === 0
    ? fc.constant([])
    : fittingLayerArb(shape).chain((layer) =>
        stackFrom(shapeAfter(layer, shape), length - 1).map((rest) => [layer, ...rest]),
      );

export interface Stack {
  inputShape: number[];
  spec: ModelSpec;
}

/** Token ids [length] through an embedding, then sequence layers (or any other that fits). */
const sequenceStackArb: fc.Arbitrary<Stack> = fc
  .tuple(whole(1, 8), embeddingArb, whole(0, 5))
  .chain(([length, embedding, rest]) =>
    stackFrom(shapeAfter(embedding, [length]), rest).map((layers) => ({
      inputShape: [length],
      spec: { layers: [embedding, ...layers] },
    })),
  );

/**
 * A stack of 1 to 6 layers of every type, valid for its input shape: rows of rank 1, images of
 * rank 3, or token ids embedded into sequences of rank 2.
 */
export const validStackArb: fc.Arbitrary<Stack> = fc.oneof(
  fc
    .tuple(inputShapeArb, whole(1, 6))
    .chain(([inputShape, length]) =>
      stackFrom(inputShape, length).map((layers) => ({ inputShape, spec: { layers } })),
    ),
  sequenceStackArb,
);

/** A layer that cannot take an input of this shape (though valid on its own). */
function misfitArb(shape: readonly number[]): fc.Arbitrary<LayerSpec> {
  const values = product(shape);
  const options: fc.Arbitrary<LayerSpec>[] = [
    fc.constant({ type: 'reshape', targetShape: [values + 1] }),
  ];
  const width = shape[shape.length - 1] as number;
  // A block that widens the last axis cannot be added to its input (TF.js would broadcast a
  // width of 1, so not from there).
  if (width > 1) {
    options.push(
      fc.constant<LayerSpec>({
        type: 'residual',
        layers: [{ type: 'dense', units: width + 1, activation: 'relu' }],
      }),
    );
  }
  if (shape.length < 2) options.push(flattenArb);
  if (shape.length !== 3) options.push(conv2dArb(64, 64), pooling2dArb(64, 64));
  if (shape.length !== 2) {
    options.push(
      recurrentArb(whole(1, 6), fc.boolean()),
      conv1dArb(64, whole(1, 6)),
      attentionArb,
      fc.constantFrom<LayerSpec>(
        { type: 'positionalEmbedding' },
        { type: 'globalAveragePooling1d' },
      ),
    );
  } else if ((shape[0] as number) < 64) {
    const length = shape[0] as number;
    options.push(
      whole(length + 1, Math.min(64, length + 4)).map((kernelSize) => ({
        type: 'conv1d',
        filters: 2,
        kernelSize,
        padding: 'valid',
        activation: 'relu',
      })),
    );
  } else {
    const [height, width] = shape as [number, number, number];
    // Windows one to four rows or columns too many, within the limit validateSpec enforces.
    const tooBig = [
      ...(height < 64 ? [fc.tuple(whole(height + 1, Math.min(64, height + 4)), whole(1, 2))] : []),
      ...(width < 64 ? [fc.tuple(whole(1, 2), whole(width + 1, Math.min(64, width + 4)))] : []),
    ];
    for (const window of tooBig) {
      options.push(
        window.map((kernelSize) => ({
          type: 'conv2d',
          filters: 2,
          kernelSize,
          padding: 'valid',
          activation: 'relu',
        })),
        window.map((poolSize) => ({ type: 'maxPooling2d', poolSize })),
      );
    }
  }
  return fc.oneof(...options);
}

/** A valid stack, then a layer that does not fit, then anything: refused at `badIndex`. */
export const invalidStackArb: fc.Arbitrary<Stack & { badIndex: number }> = validStackArb.chain(
  ({ inputShape, spec }) => {
    const shape = spec.layers.reduce((s, layer) => shapeAfter(layer, s), inputShape);
    return fc
      .tuple(misfitArb(shape), fc.array(anyLayerArb, { maxLength: 2 }))
      .map(([bad, after]) => ({
        inputShape,
        spec: { layers: [...spec.layers, bad, ...after] },
        badIndex: spec.layers.length,
      }));
  },
);
