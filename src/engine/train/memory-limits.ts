/**
 * What the active backend says of its memory, for the budget (core/train/memory-budget.ts): the
 * largest buffer a WebGPU device may bind, the largest WebGL texture, and the machine's memory
 * where the browser tells it (`navigator.deviceMemory`, also in workers).
 */
import * as tf from '@tensorflow/tfjs';
import { isRecord } from '../../core/is-record';
import type { BackendName } from '../../core/protocol';
import {
  memoryBudget,
  type BackendLimits,
  type MemoryBudget,
} from '../../core/train/memory-budget';

const numberAt = (record: unknown, key: string): number | undefined => {
  if (!isRecord(record)) return undefined;
  const value = record[key];
  return typeof value === 'number' && value > 0 ? value : undefined;
};

function webgpuTensorBytes(): number | undefined {
  const backend: unknown = tf.findBackend('webgpu');
  const limits = isRecord(backend) && isRecord(backend.device) ? backend.device.limits : undefined;
  const buffer = numberAt(limits, 'maxBufferSize');
  const binding = numberAt(limits, 'maxStorageBufferBindingSize');
  if (buffer === undefined && binding === undefined) return undefined;
  return Math.min(buffer ?? Infinity, binding ?? Infinity);
}

/** One value per texel, as TF.js stores an unpacked float tensor. */
function webglTensorBytes(): number | undefined {
  try {
    const side = tf.env().getNumber('WEBGL_MAX_TEXTURE_SIZE');
    return side > 0 ? side * side * 4 : undefined;
  } catch {
    // No WebGL context to ask (Node).
    return undefined;
  }
}

function deviceMemoryGiB(): number | undefined {
  return typeof navigator === 'undefined' ? undefined : numberAt(navigator, 'deviceMemory');
}

export function backendLimits(backend: BackendName): BackendLimits {
  const tensorBytes =
    backend === 'webgpu'
      ? webgpuTensorBytes()
      : backend === 'webgl'
        ? webglTensorBytes()
        : undefined;
  const memory = deviceMemoryGiB();
  return {
    ...(tensorBytes === undefined ? {} : { tensorBytes }),
    ...(memory === undefined ? {} : { deviceMemoryGiB: memory }),
  };
}

export const backendBudget = (backend: BackendName): MemoryBudget =>
  memoryBudget(backend, backendLimits(backend));
