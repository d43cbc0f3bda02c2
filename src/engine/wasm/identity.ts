/**
 * Identity, which TF.js's engine runs to keep every tensor a kernel saves for the backward pass
 * (dozens a step). The wasm backend copies the data each time; TF.js's cpu and WebGL backends
 * share it and count references, as this does: tensors are immutable, so a copy buys nothing.
 */
import type * as tf from '@tensorflow/tfjs';
import { wasmBackendOf } from './backend';

export function sharedIdentity(): tf.KernelFunc {
  return ({ inputs, backend: anyBackend }) => {
    const backend = wasmBackendOf(anyBackend);
    const { x } = inputs as { x: tf.TensorInfo };
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
}
