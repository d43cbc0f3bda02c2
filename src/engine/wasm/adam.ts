/**
 * One Adam step on the wasm backend in one pass per variable. TF.js's Adam runs about thirteen
 * kernels per variable (for LeNet-5, some 130 calls a step, each through the engine's
 * bookkeeping); this does the same arithmetic over the heap, writing the variable and its two
 * moments where they lie. Each operation is rounded to float32 as TF.js's kernels round it, in
 * the same order, so the result is TF.js's to the bit (adam.test.ts checks it).
 *
 * A variable or moment whose data something else holds (the weight guard's copy, which shares
 * it) gets fresh memory instead, as TF.js's `assign` would, so the holder keeps what it had.
 */
import * as tf from '@tensorflow/tfjs';
import { isRecord } from '../../core/is-record';
import type { WasmBackend } from './backend';

const f32 = Math.fround;

export interface AdamSlot {
  value: tf.Variable;
  gradient: tf.Tensor;
  firstMoment: tf.Variable;
  secondMoment: tf.Variable;
}

export interface AdamScalars {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** beta1 and beta2 to the power of the step number, as the optimizer keeps them. */
  accBeta1: number;
  accBeta2: number;
}

export function isFloatSlot(slot: AdamSlot): boolean {
  const { value, gradient, firstMoment, secondMoment } = slot;
  return [value, gradient, firstMoment, secondMoment].every((t) => t.dtype === 'float32');
}

export function adamStep(
  backend: WasmBackend,
  slots: readonly AdamSlot[],
  scalars: AdamScalars,
): void {
  // Where each result goes: in place when nothing else holds the data, else fresh memory.
  const target = (variable: tf.Variable): tf.TensorInfo =>
    backend.refCount(variable.dataId) === 1
      ? variable
      : backend.makeOutput([...variable.shape], 'float32');
  const targets = slots.map((s) => ({
    value: target(s.value),
    firstMoment: target(s.firstMoment),
    secondMoment: target(s.secondMoment),
  }));
  // The scalars TF.js makes from these numbers, each a float32.
  const beta1 = f32(scalars.beta1);
  const beta2 = f32(scalars.beta2);
  const oneMinusBeta1 = f32(1 - scalars.beta1);
  const oneMinusBeta2 = f32(1 - scalars.beta2);
  const epsilon = f32(scalars.epsilon);
  const step = f32(-scalars.learningRate);
  const correction1 = f32(1 - f32(scalars.accBeta1));
  const correction2 = f32(1 - f32(scalars.accBeta2));
  // Views are taken after the last allocation: one that grows the heap invalidates them.
  const heap = (t: tf.TensorInfo) => backend.typedArrayFromHeap(t);
  slots.forEach((slot, k) => {
    const to = targets[k];
    if (!to) return;
    const value = heap(slot.value);
    const gradient = heap(slot.gradient);
    const m = heap(slot.firstMoment);
    const v = heap(slot.secondMoment);
    const newValues = heap(to.value);
    const newMs = heap(to.firstMoment);
    const newVs = heap(to.secondMoment);
    for (let i = 0; i < value.length; i++) {
      const g = gradient[i] as number;
      const newM = f32(f32((m[i] as number) * beta1) + f32(g * oneMinusBeta1));
      const newV = f32(f32((v[i] as number) * beta2) + f32(f32(g * g) * oneMinusBeta2));
      const mHat = f32(newM / correction1);
      const vHat = f32(newV / correction2);
      const update = f32(f32(mHat / f32(f32(Math.sqrt(vHat)) + epsilon)) * step);
      newMs[i] = newM;
      newVs[i] = newV;
      newValues[i] = f32(update + (value[i] as number));
    }
  });
  slots.forEach((slot, k) => {
    const to = targets[k];
    if (!to) return;
    for (const name of ['value', 'firstMoment', 'secondMoment'] as const) {
      if (to[name] === slot[name]) continue;
      const fresh = tf.engine().makeTensorFromTensorInfo(to[name]);
      slot[name].assign(fresh);
      fresh.dispose();
    }
  });
}

/** The optimizer's moments, which TF.js keeps in private fields: checked, not assumed. */
export function momentsOf(
  optimizer: tf.AdamOptimizer,
  which: 'accumulatedFirstMoment' | 'accumulatedSecondMoment',
): (tf.Variable | null)[] | null {
  const slots: unknown = Reflect.get(optimizer, which);
  if (!Array.isArray(slots)) return null;
  return slots.map((slot: unknown) =>
    isRecord(slot) && slot['variable'] instanceof tf.Variable ? slot['variable'] : null,
  );
}

export function variableField(
  optimizer: tf.AdamOptimizer,
  which: 'accBeta1' | 'accBeta2',
): tf.Variable | null {
  const field: unknown = Reflect.get(optimizer, which);
  return field instanceof tf.Variable ? field : null;
}
