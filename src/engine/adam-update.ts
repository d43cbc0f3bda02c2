/**
 * One Adam step of one weight in a single pass, run by the wasm and cpu kernels that
 * `train/adam.ts` uses in place of TF.js's fourteen kernels per weight (each a pass over the
 * weight, an allocation and the engine's bookkeeping: about a sixth of a LeNet-5 step on wasm).
 * The wasm kernel runs the same arithmetic in SIMD (wasm/simd/adam.wat) and this loop only where
 * that cannot run.
 *
 * The arithmetic is TF.js's AdamOptimizer's, term by term, each operation rounded to float32 as
 * TF.js's kernels round it, so the result is TF.js's to the bit.
 */
import type * as tf from '@tensorflow/tfjs';

export const ADAM_STEP = 'GradlabAdamStep';

export interface AdamStepAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
}

export interface AdamStepCall {
  value: tf.TensorInfo;
  firstMoment: tf.TensorInfo;
  secondMoment: tf.TensorInfo;
  gradient: tf.TensorInfo;
  beta1Power: tf.TensorInfo;
  beta2Power: tf.TensorInfo;
  attrs: AdamStepAttrs;
}

/** Reads a kernel call's inputs and attributes, or says what is wrong with them. */
export function readAdamStepCall(
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap | undefined,
): { ok: true; call: AdamStepCall } | { ok: false; message: string } {
  const { value, firstMoment, secondMoment, gradient, beta1Power, beta2Power } = inputs;
  if (!value || !firstMoment || !secondMoment || !gradient || !beta1Power || !beta2Power) {
    return { ok: false, message: `${ADAM_STEP}: an input is missing` };
  }
  if (gradient.shape.join() !== value.shape.join()) {
    const shapes = `[${gradient.shape.join()}] for a weight of [${value.shape.join()}]`;
    return { ok: false, message: `${ADAM_STEP}: a gradient of shape ${shapes}` };
  }
  const { beta1, beta2, epsilon, learningRate } = attrs ?? {};
  if (
    typeof beta1 !== 'number' ||
    typeof beta2 !== 'number' ||
    typeof epsilon !== 'number' ||
    typeof learningRate !== 'number'
  ) {
    return { ok: false, message: `${ADAM_STEP}: an attribute is missing` };
  }
  const call = { value, firstMoment, secondMoment, gradient, beta1Power, beta2Power };
  return { ok: true, call: { ...call, attrs: { beta1, beta2, epsilon, learningRate } } };
}

/** The float32 constants of one step, as TF.js makes its scalars. */
export interface AdamConstants {
  beta1: number;
  /** 1 - beta1, computed in double and then made a float32 scalar, as TF.js does. */
  rest1: number;
  beta2: number;
  rest2: number;
  /** 1 - beta^t, a float32 subtraction (TF.js's `sub(1, accBeta)`). */
  correction1: number;
  correction2: number;
  epsilon: number;
  /** -learningRate. */
  step: number;
}

/** `beta1Power` and `beta2Power` are beta^t as the optimizer keeps them (t counts from 1). */
export function adamConstants(
  attrs: AdamStepAttrs,
  beta1Power: number,
  beta2Power: number,
): AdamConstants {
  const f32 = Math.fround;
  return {
    beta1: f32(attrs.beta1),
    rest1: f32(1 - attrs.beta1),
    beta2: f32(attrs.beta2),
    rest2: f32(1 - attrs.beta2),
    correction1: f32(1 - f32(beta1Power)),
    correction2: f32(1 - f32(beta2Power)),
    epsilon: f32(attrs.epsilon),
    step: f32(-attrs.learningRate),
  };
}

export interface AdamArrays {
  value: Float32Array;
  firstMoment: Float32Array;
  secondMoment: Float32Array;
  gradient: Float32Array;
  newValue: Float32Array;
  newFirstMoment: Float32Array;
  newSecondMoment: Float32Array;
}

export function adamUpdate(arrays: AdamArrays, constants: AdamConstants): void {
  const { value, firstMoment, secondMoment, gradient } = arrays;
  const { newValue, newFirstMoment, newSecondMoment } = arrays;
  const { beta1, rest1, beta2, rest2, correction1, correction2, epsilon, step } = constants;
  const f32 = Math.fround;
  for (let i = 0; i < value.length; i++) {
    const g = gradient[i] as number;
    const m = f32(f32((firstMoment[i] as number) * beta1) + f32(g * rest1));
    const v = f32(f32((secondMoment[i] as number) * beta2) + f32(f32(g * g) * rest2));
    newFirstMoment[i] = m;
    newSecondMoment[i] = v;
    const denominator = f32(f32(Math.sqrt(f32(v / correction2))) + epsilon);
    newValue[i] = f32(f32(f32(m / correction1) / denominator) * step) + (value[i] as number);
  }
}
