/**
 * GatherV2, which picks each batch's rows out of the training set. TF.js's wasm kernel reads the
 * indices back, checks each through a closure and copies element by element (a third of an MLP
 * step on wasm); rows lie contiguous in memory, so this copies each whole with one `set`.
 * Gathers with batch dimensions keep TF.js's kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { WasmKernelError, wasmBackendOf, type TfjsKernel } from './backend';

interface Tfjs {
  gatherV2: TfjsKernel;
}

export function gatherRows(tfjs: Tfjs): tf.KernelFunc {
  return ({ inputs, backend: anyBackend, attrs = {} }) => {
    const backend = wasmBackendOf(anyBackend);
    const { x, indices } = inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
    const { axis, batchDims } = attrs as unknown as tf.GatherV2Attrs;
    if (batchDims !== 0 || x.dtype === 'string') return tfjs.gatherV2({ inputs, backend, attrs });
    const [parsedAxis = 0] = tf.util.parseAxisParam(axis, x.shape);
    const rows = x.shape[parsedAxis] ?? 0;
    const outer = tf.util.sizeFromShape(x.shape.slice(0, parsedAxis));
    const slice = tf.util.sizeFromShape(x.shape.slice(parsedAxis + 1));
    const count = tf.util.sizeFromShape(indices.shape);
    for (const row of backend.typedArrayFromHeap(indices)) {
      if (!(row >= 0 && row < rows)) {
        throw new WasmKernelError(`GatherV2: the index value ${row} is not in [0, ${rows - 1}]`);
      }
    }
    const out = backend.makeOutput(
      [...x.shape.slice(0, parsedAxis), ...indices.shape, ...x.shape.slice(parsedAxis + 1)],
      x.dtype,
    );
    // Views are taken after the allocation: one that grows the heap invalidates them.
    const from = backend.typedArrayFromHeap(x);
    const to = backend.typedArrayFromHeap(out);
    const picks = backend.typedArrayFromHeap(indices);
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < count; k++) {
        const at = (o * rows + (picks[k] as number)) * slice;
        to.set(from.subarray(at, at + slice), (o * count + k) * slice);
      }
    }
    return out;
  };
}
