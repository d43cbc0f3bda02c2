/**
 * One Adam step on the wasm backend, in place over the heap. TF.js's Adam runs about thirteen
 * kernels per variable (for LeNet-5, some 130 calls a step, each through the engine's
 * bookkeeping); this does the same arithmetic in one pass per variable, writing the variable and
 * its two moments where they lie. Each operation is rounded to float32 as TF.js's kernels round
 * it, in the same order, so the result is TF.js's to the bit (kernels.test.ts checks it).
 *
 * Writing in place is only safe where nothing else holds the same data: a variable or moment
 * whose data is shared (a clone, a reshape still alive) leaves the step to TF.js's own.
 */
import * as tf from '@tensorflow/tfjs';
import { isRecord } from '../../core/is-record';
import type { WasmBackend } from './backend';

const f32 = Math.fround;

export interface AdamSlot {
  value: tf.TensorInfo;
  gradient: tf.TensorInfo;
  firstMoment: tf.TensorInfo;
  secondMoment: tf.TensorInfo;
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

const isFloat = (t: tf.TensorInfo) => t.dtype === 'float32';

/** Whether every slot can be written in place: float32 and held by nothing else. */
export function canStepInPlace(backend: WasmBackend, slots: readonly AdamSlot[]): boolean {
  return slots.every(
    (s) =>
      [s.value, s.gradient, s.firstMoment, s.secondMoment].every(isFloat) &&
      [s.value, s.firstMoment, s.secondMoment].every((t) => backend.refCount(t.dataId) === 1),
  );
}

export function adamStepInPlace(
  backend: WasmBackend,
  slots: readonly AdamSlot[],
  scalars: AdamScalars,
): void {
  // The scalars TF.js makes from these numbers, each a float32.
  const beta1 = f32(scalars.beta1);
  const beta2 = f32(scalars.beta2);
  const oneMinusBeta1 = f32(1 - scalars.beta1);
  const oneMinusBeta2 = f32(1 - scalars.beta2);
  const epsilon = f32(scalars.epsilon);
  const step = f32(-scalars.learningRate);
  const correction1 = f32(1 - f32(scalars.accBeta1));
  const correction2 = f32(1 - f32(scalars.accBeta2));
  for (const slot of slots) {
    const value = backend.typedArrayFromHeap(slot.value);
    const gradient = backend.typedArrayFromHeap(slot.gradient);
    const m = backend.typedArrayFromHeap(slot.firstMoment);
    const v = backend.typedArrayFromHeap(slot.secondMoment);
    for (let i = 0; i < value.length; i++) {
      const g = gradient[i] as number;
      const newM = f32(f32((m[i] as number) * beta1) + f32(g * oneMinusBeta1));
      const newV = f32(f32((v[i] as number) * beta2) + f32(f32(g * g) * oneMinusBeta2));
      const mHat = f32(newM / correction1);
      const vHat = f32(newV / correction2);
      const update = f32(f32(mHat / f32(f32(Math.sqrt(vHat)) + epsilon)) * step);
      m[i] = newM;
      v[i] = newV;
      value[i] = f32(update + (value[i] as number));
    }
  }
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
