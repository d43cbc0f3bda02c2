/**
 * Conv2DBackpropInput, the gradient a convolution passes back to its input. TF.js's wasm kernel
 * for it is a plain loop, several times slower than its forward convolution. With stride 1 the
 * input's gradient is a forward convolution of dy, padded by the filter's size less the forward
 * padding, with the filter turned by 180° and its channels swapped; that runs on XNNPACK.
 * Strided convolutions keep TF.js's kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { heapF32, wasmBackendOf, withTemporaries, type TfjsKernel } from './backend';

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
    if (info.strideHeight !== 1 || info.strideWidth !== 1 || info.dataFormat !== 'channelsLast') {
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
