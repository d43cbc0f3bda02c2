/**
 * What one layer does to the shape of an example (no batch axis) and how many parameters it has,
 * following TF.js/Keras: channels-last images, dense on the last axis, windows as convOutputLength
 * computes them. A layer that cannot take its input gets one sentence saying why and what to do.
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
  }
}
