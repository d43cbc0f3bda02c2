/**
 * MaxPoolGrad: each window's gradient goes to the input that was its maximum (the first one in
 * row order on a tie, as TF.js's reference backend decides). TF.js's wasm kernel visits every
 * input once per window around it and recomputes each window's maximum there; this visits each
 * window once, channels innermost so that reads run along memory.
 */
import * as tf from '@tensorflow/tfjs';
import { heapF32, wasmBackendOf } from './backend';

export function maxPoolGradient(): tf.KernelFunc {
  return ({ inputs, backend: anyBackend, attrs = {} }) => {
    const backend = wasmBackendOf(anyBackend);
    const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
    const info = tf.backend_util.computePool2DInfo(
      input.shape as [number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
    const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
    const { top, left } = info.padInfo;
    const out = backend.makeOutput([...input.shape], 'float32');
    const x = heapF32(backend, input);
    const gradient = heapF32(backend, dy);
    const dx = heapF32(backend, out);
    dx.fill(0);
    const best = new Float32Array(channels);
    const at = new Int32Array(channels);
    let o = 0;
    for (let n = 0; n < batchSize; n++) {
      for (let yR = 0; yR < outHeight; yR++) {
        const rowStart = Math.max(0, yR * strideHeight - top);
        const rowEnd = Math.min(inHeight, yR * strideHeight - top + filterHeight);
        for (let yC = 0; yC < outWidth; yC++) {
          const colStart = Math.max(0, yC * strideWidth - left);
          const colEnd = Math.min(inWidth, yC * strideWidth - left + filterWidth);
          best.fill(-Infinity);
          at.fill(-1);
          for (let r = rowStart; r < rowEnd; r++) {
            for (let c = colStart; c < colEnd; c++) {
              const base = ((n * inHeight + r) * inWidth + c) * channels;
              for (let d = 0; d < channels; d++) {
                const value = x[base + d] as number;
                if (value > (best[d] as number)) {
                  best[d] = value;
                  at[d] = base + d;
                }
              }
            }
          }
          for (let d = 0; d < channels; d++, o++) {
            const target = at[d] as number;
            if (target >= 0) dx[target] = (dx[target] as number) + (gradient[o] as number);
          }
        }
      }
    }
    return out;
  };
}
