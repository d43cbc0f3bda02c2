/**
 * Puts Gradlab's kernels into TF.js's cpu backend where its own take a path far slower than the
 * work needs (UnsortedSegmentSum, an embedding's gradient), and the fused Adam step
 * (../adam-update.ts). Proven equal to TF.js's own in kernels.test.ts. Call once, before training.
 */
import * as tf from '@tensorflow/tfjs';
import { ADAM_STEP } from '../adam-update';
import { adamStep } from './adam-step';
import { unsortedSegmentSum } from './unsorted-segment-sum';

let registered = false;

export function registerCpuKernels(): void {
  if (registered) return;
  registered = true;
  const original = tf.getKernel('UnsortedSegmentSum', 'cpu');
  if (original) tf.unregisterKernel('UnsortedSegmentSum', 'cpu');
  tf.registerKernel({
    kernelName: 'UnsortedSegmentSum',
    backendName: 'cpu',
    kernelFunc: unsortedSegmentSum(),
  });
  tf.registerKernel({ kernelName: ADAM_STEP, backendName: 'cpu', kernelFunc: adamStep() });
}
