/**
 * What one layer does to the shape of an example (no batch axis) and how many parameters it has,
 * following TF.js/Keras: channels-last images, dense on the last axis, windows as convOutputLength
 * computes them. A layer that cannot take its input gets one sentence saying why and what to do.
 * Sequence layers take [length, features]; a residual block's sub-stack must give back its input's
 * shape, since its output is added to its input.
 */
import { err, ok, type Result } from '../result';
import type { LayerSpec, Padding, Size2 } from './spec';

export interface LayerShape {
  outputShape: number[];
  params: number;
}

export const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

const pair = (size: Size2): [number, number] => (typeof size === 'number' ? [size, size] : size);

const showShape = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/** TF.js convOutputLength without dilation; null where no whole window fits ('valid' only). */
function windowOutput(input: number, window: number, stride: number, padding: Padding) {
  const covered = padding === 'same' ? input : input - window + 1;
  return covered < 1 ? null : Math.ceil(covered / stride);
}

/** Height and width after sliding a window over [height, width, channels]. */
function slide(
  input: readonly number[],
  what: 'kernel' | 'pool window',
  window: Size2,
  strides: Size2,
  padding: Padding,
): Result<[number, number], string> {
  const [height, width] = input as [number, number, number];
  const [wh, ww] = pair(window);
  const [sh, sw] = pair(strides);
  const rows = windowOutput(height, wh, sh, padding);
  const cols = windowOutput(width, ww, sw, padding);
  if (rows === null || cols === null) {
    return err(
      `its ${wh}x${ww} ${what} is larger than its ${height}x${width} input; use a smaller ` +
        `${what} or 'same' padding.`,
    );
  }
  return ok([rows, cols]);
}

const needsImage = (input: readonly number[]) =>
  err(
    `needs an input of shape [height, width, channels], got ${showShape(input)}; ` +
      (input.length < 3
        ? 'put a reshape layer before it.'
        : 'put a reshape or flatten layer before it.'),
  );

const needsSequence = (input: readonly number[]) =>
  err(
    `needs an input of shape [length, features], got ${showShape(input)}; ` +
      (input.length === 1
        ? 'put an embedding (token ids) or a reshape layer before it.'
        : 'put a reshape layer before it.'),
  );

export function inferLayer(layer: LayerSpec, input: readonly number[]): Result<LayerShape, string> {
  switch (layer.type) {
    case 'dense': {
      const inputs = input[input.length - 1] as number;
      const bias = layer.useBias === false ? 0 : layer.units;
      return ok({
        outputShape: [...input.slice(0, -1), layer.units],
        params: inputs * layer.units + bias,
      });
    }
    case 'conv2d': {
      if (input.length !== 3) return needsImage(input);
      const size = slide(
        input,
        'kernel',
        layer.kernelSize,
        layer.strides ?? 1,
        layer.padding ?? 'valid',
      );
      if (!size.ok) return size;
      const [kh, kw] = pair(layer.kernelSize);
      const channels = input[2] as number;
      const bias = layer.useBias === false ? 0 : layer.filters;
      return ok({
        outputShape: [...size.value, layer.filters],
        params: kh * kw * channels * layer.filters + bias,
      });
    }
    case 'maxPooling2d':
    case 'averagePooling2d': {
      if (input.length !== 3) return needsImage(input);
      const strides = layer.strides ?? layer.poolSize;
      const size = slide(input, 'pool window', layer.poolSize, strides, layer.padding ?? 'valid');
      return size.ok ? ok({ outputShape: [...size.value, input[2] as number], params: 0 }) : size;
    }
    case 'flatten':
      // TF.js Flatten requires rank >= 3 with the batch axis.
      return input.length < 2
        ? err(`needs an input with at least 2 axes, got ${showShape(input)}; it is already flat.`)
        : ok({ outputShape: [product(input)], params: 0 });
    case 'batchNormalization':
      return ok({ outputShape: [...input], params: 4 * (input[input.length - 1] as number) });
    case 'reshape': {
      const want = product(layer.targetShape);
      const have = product(input);
      return want === have
        ? ok({ outputShape: [...layer.targetShape], params: 0 })
        : err(
            `targetShape ${showShape(layer.targetShape)} holds ${want} values, but its input ` +
              `${showShape(input)} holds ${have}; the counts must match.`,
          );
    }
    case 'activation':
    case 'dropout':
      return ok({ outputShape: [...input], params: 0 });
    case 'positionalEmbedding':
      // One learned vector per position: [length, width] weights.
      return input.length === 2
        ? ok({ outputShape: [...input], params: product(input) })
        : needsSequence(input);
    case 'embedding':
      return input.length === 1
        ? ok({ outputShape: [...input, layer.outputDim], params: layer.inputDim * layer.outputDim })
        : err(
            `needs a list of token ids of shape [length], got ${showShape(input)}; put it first, ` +
              `on a text or sequence dataset.`,
          );
    case 'simpleRNN':
    case 'lstm':
    case 'gru': {
      if (input.length !== 2) return needsSequence(input);
      const [length, features] = input as [number, number];
      const { units } = layer;
      const gates = layer.type === 'lstm' ? 4 : layer.type === 'gru' ? 3 : 1;
      return ok({
        outputShape: layer.returnSequences ? [length, units] : [units],
        params: gates * units * (features + units + 1),
      });
    }
    case 'conv1d': {
      if (input.length !== 2) return needsSequence(input);
      const [length, channels] = input as [number, number];
      const padding = layer.padding ?? 'valid';
      // Causal padding would keep the length as 'same' does; validate.ts refuses it for now,
      // since TF.js 4.22's Conv1D throws on it.
      const steps = windowOutput(
        length,
        layer.kernelSize,
        layer.strides ?? 1,
        padding === 'valid' ? 'valid' : 'same',
      );
      if (steps === null) {
        return err(
          `its kernel of ${layer.kernelSize} steps is longer than its input of ${length}; use a ` +
            `smaller kernel or 'same' padding.`,
        );
      }
      const bias = layer.useBias === false ? 0 : layer.filters;
      return ok({
        outputShape: [steps, layer.filters],
        params: layer.kernelSize * channels * layer.filters + bias,
      });
    }
    case 'globalAveragePooling1d':
      return input.length === 2
        ? ok({ outputShape: [input[1] as number], params: 0 })
        : needsSequence(input);
    case 'layerNormalization':
      return ok({ outputShape: [...input], params: 2 * (input[input.length - 1] as number) });
    case 'causalSelfAttention': {
      if (input.length !== 2) return needsSequence(input);
      const width = input[1] as number;
      const projected = layer.heads * layer.keyDim;
      // Query, key and value kernels [width, heads, keyDim] with biases [heads, keyDim], then the
      // output kernel [heads, keyDim, width] with its bias [width].
      return ok({
        outputShape: [...input],
        params: 3 * (width * projected + projected) + projected * width + width,
      });
    }
    case 'residual':
      return inferResidual(layer.layers, input);
  }
}

/** One layer of a residual block's sub-stack: its position in the block, shape and parameters. */
export interface InnerLayerShape extends LayerShape {
  index: number;
}

/**
 * The shapes through a residual block's sub-stack, which must end in its input's shape to be
 * added to it. A refusal names the inner layer (counted from 1, as the editor shows it).
 */
export function inferBlock(
  layers: readonly LayerSpec[],
  input: readonly number[],
): Result<InnerLayerShape[], string> {
  const inner: InnerLayerShape[] = [];
  let shape: readonly number[] = input;
  for (const [index, layer] of layers.entries()) {
    const inferred = inferLayer(layer, shape);
    if (!inferred.ok) return err(`its layer ${index + 1} (${layer.type}): ${inferred.error}`);
    inner.push({ index, ...inferred.value });
    shape = inferred.value.outputShape;
  }
  if (!sameShape(shape, input)) {
    const last = layers.length;
    return err(
      `its layer ${last} (${layers[last - 1]?.type ?? 'none'}) gives ${showShape(shape)}, but ` +
        `the block adds its output to its input ${showShape(input)}; the shapes must match.`,
    );
  }
  return ok(inner);
}

function inferResidual(
  layers: readonly LayerSpec[],
  input: readonly number[],
): Result<LayerShape, string> {
  const inner = inferBlock(layers, input);
  if (!inner.ok) return inner;
  return ok({
    outputShape: [...input],
    params: inner.value.reduce((sum, layer) => sum + layer.params, 0),
  });
}

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((dim, i) => dim === b[i]);
