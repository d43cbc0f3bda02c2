/**
 * Conv2DBackpropFilter, which TF.js's wasm backend lacks (a CNN could not train there at all).
 * The filter's gradient is itself a convolution: with batch and channels swapped,
 *   dW[r, c, i, o] = sum over n, y, x of  xᵀ[i, r + s·y, c + s·x, n] · dyᵀ[y, x, n, o],
 * so x becomes an image per input channel whose channels are the batch, dy a filter as large as
 * the output, and the forward stride a dilation. That runs on XNNPACK's convolution, the fastest
 * code the backend has, at the cost of two transposes (of x and dy) and a reorder of the result,
 * which is as small as the filter.
 */
import * as tf from '@tensorflow/tfjs';
import {
  heapF32,
  WasmKernelError,
  wasmBackendOf,
  withTemporaries,
  type TfjsKernel,
} from './backend';

interface Tfjs {
  conv2d: TfjsKernel;
  transpose: TfjsKernel;
}

export function conv2dFilterGradient(tfjs: Tfjs): tf.KernelFunc {
  return ({ inputs, backend: anyBackend, attrs = {} }) => {
    const backend = wasmBackendOf(anyBackend);
    const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
      attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    if (dataFormat === 'NCHW') {
      throw new WasmKernelError(
        'Conv2DBackpropFilter on wasm takes channels-last (NHWC) data only',
      );
    }
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const { filterHeight, filterWidth, inChannels, outChannels, strideHeight, strideWidth } = info;
    const { top, left } = info.padInfo;
    // The padding that makes the swapped convolution's output exactly the filter's size; where
    // the forward convolution never reached its input's last rows (negative padding), the rows
    // the output has in excess are dropped below instead.
    const bottom = filterHeight + (info.outHeight - 1) * strideHeight - top - info.inHeight;
    const right = filterWidth + (info.outWidth - 1) * strideWidth - left - info.inWidth;
    return withTemporaries(backend, (temporary) => {
      const transpose = (t: tf.TensorInfo, perm: number[]) =>
        temporary(tfjs.transpose({ inputs: { x: t }, backend, attrs: { perm } }));
      const swapped = temporary(
        tfjs.conv2d({
          inputs: { x: transpose(x, [3, 1, 2, 0]), filter: transpose(dy, [1, 2, 0, 3]) },
          backend,
          attrs: {
            strides: 1,
            pad: [
              [0, 0],
              [top, Math.max(0, bottom)],
              [left, Math.max(0, right)],
              [0, 0],
            ],
            dataFormat: 'NHWC',
            dilations: [strideHeight, strideWidth],
          },
        }),
      );
      // swapped is [inChannels, rows, columns, outChannels]; the gradient is [rows, columns,
      // inChannels, outChannels], as small as the filter: reordered (and cropped) here in place.
      const [, rows = 0, columns = 0] = swapped.shape;
      // Views are taken after the last allocation: one that grows the heap invalidates them.
      const out = backend.makeOutput([...info.filterShape], 'float32');
      const source = heapF32(backend, swapped);
      const dW = heapF32(backend, out);
      for (let r = 0; r < filterHeight; r++) {
        for (let c = 0; c < filterWidth; c++) {
          for (let i = 0; i < inChannels; i++) {
            const at = ((i * rows + r) * columns + c) * outChannels;
            const to = ((r * filterWidth + c) * inChannels + i) * outChannels;
            dW.set(source.subarray(at, at + outChannels), to);
          }
        }
      }
      return out;
    });
  };
}
