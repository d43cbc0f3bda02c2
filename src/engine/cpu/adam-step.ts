/** The fused Adam step (../adam-update.ts) on the cpu backend: three new tensors. */
import type * as tf from '@tensorflow/tfjs';
import { adamConstants, adamUpdate, readAdamStepCall } from '../adam-update';
import { CpuKernelError, cpuBackendOf, float32ValuesOf } from './backend';

export function adamStep(): tf.KernelFunc {
  return ({ inputs, backend: anyBackend, attrs }) => {
    const backend = cpuBackendOf(anyBackend);
    const read = readAdamStepCall(inputs, attrs);
    if (!read.ok) throw new CpuKernelError(read.message);
    const { value, firstMoment, secondMoment, gradient, beta1Power, beta2Power } = read.call;
    const size = float32ValuesOf(backend, value).length;
    const newValue = new Float32Array(size);
    const newFirstMoment = new Float32Array(size);
    const newSecondMoment = new Float32Array(size);
    adamUpdate(
      {
        value: float32ValuesOf(backend, value),
        firstMoment: float32ValuesOf(backend, firstMoment),
        secondMoment: float32ValuesOf(backend, secondMoment),
        gradient: float32ValuesOf(backend, gradient),
        newValue,
        newFirstMoment,
        newSecondMoment,
      },
      adamConstants(
        read.call.attrs,
        float32ValuesOf(backend, beta1Power)[0] ?? Number.NaN,
        float32ValuesOf(backend, beta2Power)[0] ?? Number.NaN,
      ),
    );
    return [
      backend.makeTensorInfo([...value.shape], 'float32', newValue),
      backend.makeTensorInfo([...value.shape], 'float32', newFirstMoment),
      backend.makeTensorInfo([...value.shape], 'float32', newSecondMoment),
    ];
  };
}
