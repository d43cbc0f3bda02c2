/**
 * Backends for the Node tests of auto's measurement, which has no GPU and no WASM: TF.js's own
 * cpu backend registered under another name, as it is or slowed down per kernel, with no kernels
 * at all (it starts, then every step fails), or with reads that come back late, as a slow GPU's
 * would. Each runs real training steps.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../core/protocol';

export interface FakeBackend {
  /** Busy time added to every kernel, in ms. */
  kernelDelayMs?: number;
  /** Delay before an asynchronous read answers, in ms. */
  readDelayMs?: number;
  /** Delay before the first asynchronous read answers, as a GPU compiling its shaders would. */
  firstReadDelayMs?: number;
  /** Registers no kernels, so the first op fails. */
  noKernels?: boolean;
}

function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Busy, as a slower kernel would be.
  }
}

export function registerCpuAs(name: Exclude<BackendName, 'cpu'>, fake: FakeBackend = {}): void {
  const cpu = tf.findBackendFactory('cpu');
  if (!cpu) throw new Error('the cpu backend is not registered');
  tf.registerBackend(name, async () => {
    const backend = await cpu();
    const { readDelayMs = 0, firstReadDelayMs } = fake;
    if (readDelayMs || firstReadDelayMs) {
      const read = backend.read.bind(backend);
      let reads = 0;
      backend.read = (dataId) => {
        reads += 1;
        const delay = reads === 1 ? (firstReadDelayMs ?? readDelayMs) : readDelayMs;
        return new Promise((resolve) => setTimeout(resolve, delay)).then(() => read(dataId));
      };
    }
    return backend;
  });
  // TF.js registers its WebGL kernels in Node too, for a backend that cannot start there.
  for (const kernel of tf.getKernelsForBackend(name)) tf.unregisterKernel(kernel.kernelName, name);
  if (fake.noKernels) return;
  const delay = fake.kernelDelayMs ?? 0;
  for (const kernel of tf.getKernelsForBackend('cpu')) {
    tf.registerKernel({
      ...kernel,
      backendName: name,
      kernelFunc: delay
        ? (args) => {
            spin(delay);
            return kernel.kernelFunc(args);
          }
        : kernel.kernelFunc,
    });
  }
}

export function unregisterFake(name: Exclude<BackendName, 'cpu'>): void {
  for (const kernel of tf.getKernelsForBackend(name)) tf.unregisterKernel(kernel.kernelName, name);
  try {
    tf.removeBackend(name);
  } catch {
    // Already dropped (a measurement that timed out starting it does so).
  }
}
