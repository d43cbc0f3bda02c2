/**
 * Puts Gradlab's kernels into TF.js's wasm backend: those it lacks (the filter gradient of a
 * convolution, the segment sum of an embedding's gradient) and those where it runs a slow path
 * (transposed products, the input gradient of a convolution, max-pool gradients, gathers, tiles,
 * bias adds and bias gradients)
 * or copies for nothing (identity), and the fused Adam step (../adam-update.ts). Each is proven equal to TF.js's reference backend in
 * kernels.test.ts; the step they speed up is profiled by `npm run bench` (README, "The CPU
 * path"). Call once the wasm backend's module is imported, before training.
 */
import * as tf from '@tensorflow/tfjs';
import { ADAM_STEP } from '../adam-update';
import { adamStep } from './adam-step';
import { biasAdd } from './bias-add';
import { columnSum } from './column-sum';
import { tfjsKernel } from './backend';
import { conv2dFilterGradient } from './conv-filter-gradient';
import { conv2dInputGradient } from './conv-input-gradient';
import { gatherRows } from './gather';
import { sharedIdentity } from './identity';
import { transposedMatMul } from './matmul';
import { maxPoolGradient } from './max-pool-gradient';
import { tileRuns } from './tile';
import { unsortedSegmentSum } from './unsorted-segment-sum';

/** Keeps TF.js's setup of the kernel replaced (it binds the wasm function the kernel calls). */
function replace(kernelName: string, kernelFunc: tf.KernelFunc): void {
  const original = tf.getKernel(kernelName, 'wasm');
  if (original) tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({
    kernelName,
    backendName: 'wasm',
    kernelFunc,
    ...(original?.setupFunc ? { setupFunc: original.setupFunc } : {}),
  });
}

export function registerWasmKernels(): void {
  // TF.js has no wasm kernel of that name: when there is one, it is ours, registered before.
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  const tfjs = {
    add: tfjsKernel('Add'),
    sum: tfjsKernel('Sum'),
    batchMatMul: tfjsKernel('BatchMatMul'),
    conv2d: tfjsKernel('Conv2D'),
    conv2dBackpropInput: tfjsKernel('Conv2DBackpropInput'),
    gatherV2: tfjsKernel('GatherV2'),
    transpose: tfjsKernel('Transpose'),
    tile: tfjsKernel('Tile'),
  };
  replace('Conv2DBackpropFilter', conv2dFilterGradient(tfjs));
  replace('Conv2DBackpropInput', conv2dInputGradient(tfjs));
  replace('BatchMatMul', transposedMatMul(tfjs));
  replace('MaxPoolGrad', maxPoolGradient());
  replace('GatherV2', gatherRows(tfjs));
  replace('Identity', sharedIdentity());
  replace('Tile', tileRuns(tfjs));
  replace('Add', biasAdd(tfjs));
  replace('Sum', columnSum(tfjs));
  // Not a replacement: TF.js's wasm backend has none, and an embedding's gradient needs it.
  if (!tf.getKernel('UnsortedSegmentSum', 'wasm'))
    replace('UnsortedSegmentSum', unsortedSegmentSum());
  replace(ADAM_STEP, adamStep());
}
