/**
 * Conv2DBackpropInput, the gradient a convolution passes back to its input. TF.js's wasm kernel
 * for it is a plain loop, several times slower than its forward convolution.
 *
 * Where WebAssembly SIMD runs, Gradlab's kernel (simd/inputGradient.wat) adds each output
 * position's gradient, through the filter, into the input rows it came from, in a padded copy
 * that is then cropped: only the products the convolution made, any stride. Without SIMD, a
 * stride-1 gradient is a forward convolution of dy, padded by the filter's size less the forward
 * padding, with the filter turned by 180° and its channels swapped, on XNNPACK (half of whose
 * products are with that padding); strided ones keep TF.js's kernel.
 */
import * as tf from '@tensorflow/tfjs';
import {
  heapF32,
  wasmBackendOf,
  withTemporaries,
  type TfjsKernel,
  type WasmBackend,
} from './backend';
import { simdKernelsOf, type SimdKernels } from './simd/instance';

interface Tfjs {
  conv2d: TfjsKernel;
  conv2dBackpropInput: TfjsKernel;
}

export function conv2dInputGradient(tfjs: Tfjs): tf.KernelFunc {
  return ({ inputs, backend: anyBackend, attrs = {} }) => {
    const backend = wasmBackendOf(anyBackend);
    const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } =
      attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const info = tf.backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      tf.backend_util.convertConv2DDataFormat(dataFormat),
    );
    const simd = simdKernelsOf(anyBackend);
    const channelsLast = info.dataFormat === 'channelsLast';
    if (simd !== null && channelsLast && hasEveryDimension(info)) {
      return simdInputGradient(backend, simd, dy, filter, info);
    }
    if (info.strideHeight !== 1 || info.strideWidth !== 1 || !channelsLast) {
      return tfjs.conv2dBackpropInput({ inputs, backend, attrs });
    }
    const { filterHeight, filterWidth, inChannels, outChannels } = info;
    return withTemporaries(backend, (temporary) => {
      const turned = temporary(
        backend.makeOutput([filterHeight, filterWidth, outChannels, inChannels], 'float32'),
      );
      const from = heapF32(backend, filter);
      const to = heapF32(backend, turned);
      for (let r = 0; r < filterHeight; r++) {
        for (let c = 0; c < filterWidth; c++) {
          const source =
            ((filterHeight - 1 - r) * filterWidth + (filterWidth - 1 - c)) * inChannels;
          const target = (r * filterWidth + c) * outChannels;
          for (let i = 0; i < inChannels; i++) {
            for (let o = 0; o < outChannels; o++) {
              to[(target + o) * inChannels + i] = from[(source + i) * outChannels + o] as number;
            }
          }
        }
      }
      const top = filterHeight - 1 - info.padInfo.top;
      const left = filterWidth - 1 - info.padInfo.left;
      return tfjs.conv2d({
        inputs: { x: dy, filter: turned },
        backend,
        attrs: {
          strides: 1,
          pad: [
            [0, 0],
            [top, info.inHeight - info.outHeight + filterHeight - 1 - top],
            [left, info.inWidth - info.outWidth + filterWidth - 1 - left],
            [0, 0],
          ],
          dataFormat: 'NHWC',
          dilations: 1,
        },
      });
    });
  };
}

/** The kernel loops at least once over each of these, so none may be empty. */
function hasEveryDimension(info: tf.backend_util.Conv2DInfo): boolean {
  const sized = [info.batchSize, info.outHeight, info.outWidth, info.outChannels, info.inChannels];
  return sized.every((n) => n > 0);
}

function simdInputGradient(
  backend: WasmBackend,
  simd: SimdKernels,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const { top, left } = info.padInfo;
  // Rows and columns the output's positions reach, and the input's own inside them.
  const paddedHeight = Math.max((outHeight - 1) * strideHeight + filterHeight, top + inHeight);
  const paddedWidth = Math.max((outWidth - 1) * strideWidth + filterWidth, left + inWidth);
  const rowFloats = paddedWidth * inChannels;
  const imageFloats = paddedHeight * rowFloats;
  const j = filterWidth * inChannels;
  const j16 = Math.ceil(j / 16) * 16;
  return withTemporaries(backend, (temporary) => {
    // 16 floats of slack: the last row's lanes past its last j add zeros there.
    const padded = temporary(backend.makeOutput([batchSize * imageFloats + 16], 'float32'));
    const reordered = temporary(backend.makeOutput([filterHeight * outChannels * j16], 'float32'));
    const out = backend.makeOutput([batchSize, inHeight, inWidth, inChannels], 'float32');
    // Views are taken after the last allocation: one that grows the heap invalidates them.
    const dx = heapF32(backend, padded);
    const wt = heapF32(backend, reordered);
    const w = heapF32(backend, filter);
    dx.fill(0);
    wt.fill(0);
    for (let kh = 0; kh < filterHeight; kh++) {
      for (let k = 0; k < j; k++) {
        const from = (kh * j + k) * outChannels;
        for (let co = 0; co < outChannels; co++) {
          wt[(kh * outChannels + co) * j16 + k] = w[from + co] as number;
        }
      }
    }
    simd.inputGradient(
      heapF32(backend, dy).byteOffset,
      wt.byteOffset,
      dx.byteOffset,
      batchSize,
      outHeight,
      outWidth,
      outChannels,
      imageFloats * 4,
      rowFloats * 4,
      strideHeight * rowFloats * 4,
      strideWidth * inChannels * 4,
      filterHeight,
      j16,
    );
    const result = heapF32(backend, out);
    const count = inWidth * inChannels;
    for (let b = 0; b < batchSize; b++) {
      for (let r = 0; r < inHeight; r++) {
        const from = b * imageFloats + (r + top) * rowFloats + left * inChannels;
        const to = (b * inHeight + r) * count;
        for (let k = 0; k < count; k++) result[to + k] = dx[from + k] as number;
      }
    }
    return out;
  });
}
