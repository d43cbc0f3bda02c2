/** The fused Adam step (../adam-update.ts) on the cpu backend: three new tensors. */
import type * as tf from '@tensorflow/tfjs';
import { adamConstants, adamStepAttrs, adamUpdate } from '../adam-update';
import { CpuKernelError, cpuBackendOf, float32ValuesOf } from './backend';

export function adamStep(): tf.KernelFunc {
  return ({ inputs, backend: anyBackend, attrs }) => {
    const backend = cpuBackendOf(anyBackend);
    const { value, firstMoment, secondMoment, gradient, beta1Power, beta2Power } = inputs;
    const settings = adamStepAttrs(attrs);
    if (!value || !firstMoment || !secondMoment || !gradient || !beta1Power || !beta2Power) {
      throw new CpuKernelError('AdamStep: an input is missing');
    }
    if (gradient.shape.join() !== value.shape.join()) {
      throw new CpuKernelError(
        `AdamStep: a gradient of shape [${gradient.shape.join()}] for a weight of [${value.shape.join()}]`,
      );
    }
    if (settings === null) throw new CpuKernelError('AdamStep: an attribute is missing');
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
        settings,
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
