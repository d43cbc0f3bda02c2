/**
 * TF.js's wasm backend can run convolutions but has no kernel for the gradient of a convolution's
 * filter (Conv2DBackpropFilter), so a CNN cannot train on it: the first step throws. This adds the
 * kernel, computed in JavaScript over the backend's own memory (wasm data is readable in place).
 * It costs about as much as the rest of the step on small CNNs; it is the difference between a CNN
 * training on wasm and not training at all.
 */
import * as tf from '@tensorflow/tfjs';

interface WasmBackendLike {
  readSync(dataId: object): ArrayLike<number>;
  makeOutput(
    shape: number[],
    dtype: 'float32',
    memoryOffset?: number,
    values?: Float32Array,
  ): tf.TensorInfo;
}

/** dW[r, c, in, out] = sum over batch and output positions of x[.., in] * dy[.., out] (NHWC). */
export function conv2dFilterGradient(
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  info: tf.backend_util.Conv2DInfo,
): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const dW = new Float32Array(filterHeight * filterWidth * inChannels * outChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let yR = 0; yR < outHeight; yR++) {
      for (let yC = 0; yC < outWidth; yC++) {
        const dyBase = ((b * outHeight + yR) * outWidth + yC) * outChannels;
        for (let wR = 0; wR < filterHeight; wR++) {
          const xR = yR * strideHeight + wR - top;
          if (xR < 0 || xR >= inHeight) continue;
          for (let wC = 0; wC < filterWidth; wC++) {
            const xC = yC * strideWidth + wC - left;
            if (xC < 0 || xC >= inWidth) continue;
            const xBase = ((b * inHeight + xR) * inWidth + xC) * inChannels;
            const wBase = (wR * filterWidth + wC) * inChannels * outChannels;
            for (let d1 = 0; d1 < inChannels; d1++) {
              const xv = x[xBase + d1] as number;
              if (xv === 0) continue;
              const row = wBase + d1 * outChannels;
              for (let d2 = 0; d2 < outChannels; d2++) {
                dW[row + d2] = (dW[row + d2] as number) + xv * (dy[dyBase + d2] as number);
              }
            }
          }
        }
      }
    }
  }
  return dW;
}

export function registerWasmConvGradient(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const wasm = backend as unknown as WasmBackendLike;
      const x = inputs.x as tf.TensorInfo;
      const dy = inputs.dy as tf.TensorInfo;
      const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
        attrs as unknown as tf.Conv2DBackpropFilterAttrs;
      if (dataFormat === 'NCHW') {
        throw new Error('Conv2DBackpropFilter on wasm supports channels-last (NHWC) data only.');
      }
      const info = tf.backend_util.computeConv2DInfo(
        x.shape as [number, number, number, number],
        filterShape,
        strides,
        1,
        pad,
        dimRoundingMode,
      );
      const dW = conv2dFilterGradient(wasm.readSync(x.dataId), wasm.readSync(dy.dataId), info);
      return wasm.makeOutput([...info.filterShape], 'float32', undefined, dW);
    },
  });
}
