/**
 * Conv2DBackpropFilter, which TF.js's wasm backend lacks (a CNN could not train there at all).
 *
 * Where WebAssembly SIMD runs (every browser TF.js's SIMD builds run in), Gradlab's own kernel
 * (simd/filterGradient.wat) sums the products straight from the input, copied once with its
 * padding, and the output's gradient. Before it, and still without SIMD, the filter's gradient
 * was computed as a convolution: with batch and channels swapped,
 *   dW[r, c, i, o] = sum over n, y, x of  xᵀ[i, r + s·y, c + s·x, n] · dyᵀ[y, x, n, o],
 * so x becomes an image per input channel whose channels are the batch, dy a filter as large as
 * the output, and the forward stride a dilation. That runs on XNNPACK's convolution, the fastest
 * code the backend has, at the cost of two transposes (of x and dy) and a reorder of the result,
 * which is as small as the filter; but XNNPACK builds and packs an operator for its "filter" (the
 * output's gradient, new each step) at every call, about a third of the time.
 */
import * as tf from '@tensorflow/tfjs';
import {
  heapF32,
  WasmKernelError,
  wasmBackendOf,
  withTemporaries,
  type TfjsKernel,
  type WasmBackend,
} from './backend';
import { simdKernelsOf, type SimdKernels } from './simd/instance';

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
    const simd = simdKernelsOf(anyBackend);
    if (simd !== null && simdCanRun(backend, simd, [x, dy], info)) {
      return simdFilterGradient(backend, simd, x, dy, info);
    }
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

/**
 * Whether the SIMD kernel may run: with sizes it takes, and with 16 bytes after x and dy inside
 * the memory (its loads may reach that far past their last values; a padded copy of x has its
 * own).
 */
function simdCanRun(
  backend: WasmBackend,
  simd: SimdKernels,
  tensors: tf.TensorInfo[],
  info: tf.backend_util.Conv2DInfo,
): boolean {
  if (info.batchSize <= 0 || info.outHeight <= 0 || info.outWidth <= 0) return false;
  const memoryBytes = simd.memory.buffer.byteLength;
  return tensors.every((t) => {
    const values = heapF32(backend, t);
    return values.byteOffset + values.byteLength + 16 <= memoryBytes;
  });
}

function simdFilterGradient(
  backend: WasmBackend,
  simd: SimdKernels,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const { top, left } = info.padInfo;
  // The input rows and columns the convolution read, padding included (and no more).
  const paddedHeight = (outHeight - 1) * strideHeight + filterHeight;
  const paddedWidth = (outWidth - 1) * strideWidth + filterWidth;
  const needsPadding =
    top !== 0 || left !== 0 || paddedHeight !== inHeight || paddedWidth !== inWidth;
  const rowFloats = paddedWidth * inChannels;
  const imageFloats = paddedHeight * rowFloats;
  const co4 = Math.ceil(outChannels / 4) * 4;
  const j = filterWidth * inChannels;
  return withTemporaries(backend, (temporary) => {
    // 4 floats of slack: the kernel's last block of a row may read past it.
    const padded = needsPadding
      ? temporary(backend.makeOutput([batchSize * imageFloats + 4], 'float32'))
      : null;
    const wideOut =
      co4 === outChannels
        ? null
        : temporary(backend.makeOutput([filterHeight * j * co4], 'float32'));
    const out = backend.makeOutput([...info.filterShape], 'float32');
    // Views are taken after the last allocation: one that grows the heap invalidates them.
    let xs = heapF32(backend, x);
    if (padded !== null) {
      const source = xs;
      xs = heapF32(backend, padded);
      xs.fill(0);
      const firstColumn = Math.max(0, -left);
      const count = (Math.min(inWidth, paddedWidth - left) - firstColumn) * inChannels;
      for (let b = 0; b < batchSize; b++) {
        for (let r = 0; r < inHeight; r++) {
          const row = r + top;
          if (row < 0 || row >= paddedHeight) continue;
          const from = ((b * inHeight + r) * inWidth + firstColumn) * inChannels;
          const to = b * imageFloats + row * rowFloats + (firstColumn + left) * inChannels;
          // Element by element: a subarray per row costs more than its copies.
          for (let k = 0; k < count; k++) xs[to + k] = source[from + k] as number;
        }
      }
    }
    const dW = heapF32(backend, out);
    const target = wideOut === null ? dW : heapF32(backend, wideOut);
    simd.filterGradient(
      xs.byteOffset,
      heapF32(backend, dy).byteOffset,
      target.byteOffset,
      batchSize,
      outHeight,
      outWidth,
      imageFloats * 4,
      rowFloats * 4,
      strideHeight * rowFloats * 4,
      strideWidth * inChannels * 4,
      outChannels * 4,
      filterHeight,
      j,
      co4,
    );
    if (target !== dW) {
      for (let row = 0; row < filterHeight * j; row++) {
        for (let c = 0; c < outChannels; c++) {
          dW[row * outChannels + c] = target[row * co4 + c] as number;
        }
      }
    }
    return out;
  });
}
