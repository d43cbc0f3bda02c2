/**
 * The fused Adam step (../adam-update.ts) on the wasm backend's heap: three new tensors, computed
 * by the SIMD kernel (simd/adam.wat) on the heap itself, or by the JavaScript loop where the SIMD
 * module cannot run.
 */
import type * as tf from '@tensorflow/tfjs';
import { adamConstants, adamUpdate, readAdamStepCall, type AdamArrays } from '../adam-update';
import { WasmKernelError, heapF32, wasmBackendOf } from './backend';
import { simdKernelsOf } from './simd/instance';

export function adamStep(): tf.KernelFunc {
  return ({ inputs, backend: anyBackend, attrs }) => {
    const backend = wasmBackendOf(anyBackend);
    const read = readAdamStepCall(inputs, attrs);
    if (!read.ok) throw new WasmKernelError(read.message);
    const { value, firstMoment, secondMoment, gradient, beta1Power, beta2Power } = read.call;
    const newValue = backend.makeOutput([...value.shape], 'float32');
    const newFirstMoment = backend.makeOutput([...value.shape], 'float32');
    const newSecondMoment = backend.makeOutput([...value.shape], 'float32');
    // Views are taken after the allocations: one that grows the heap invalidates them.
    const arrays: AdamArrays = {
      value: heapF32(backend, value),
      firstMoment: heapF32(backend, firstMoment),
      secondMoment: heapF32(backend, secondMoment),
      gradient: heapF32(backend, gradient),
      newValue: heapF32(backend, newValue),
      newFirstMoment: heapF32(backend, newFirstMoment),
      newSecondMoment: heapF32(backend, newSecondMoment),
    };
    const constants = adamConstants(
      read.call.attrs,
      heapF32(backend, beta1Power)[0] ?? Number.NaN,
      heapF32(backend, beta2Power)[0] ?? Number.NaN,
    );
    const simd = simdKernelsOf(anyBackend);
    if (simd !== null) {
      const c = constants;
      simd.adam(
        arrays.value.byteOffset,
        arrays.firstMoment.byteOffset,
        arrays.secondMoment.byteOffset,
        arrays.gradient.byteOffset,
        arrays.newValue.byteOffset,
        arrays.newFirstMoment.byteOffset,
        arrays.newSecondMoment.byteOffset,
        arrays.value.length,
        c.beta1,
        c.rest1,
        c.beta2,
        c.rest2,
        c.correction1,
        c.correction2,
        c.epsilon,
        c.step,
      );
    } else {
      adamUpdate(arrays, constants);
    }
    return [newValue, newFirstMoment, newSecondMoment];
  };
}
