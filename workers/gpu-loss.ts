/**
 * Watches the GPU under the active TF.js backend: the `webglcontextlost` event of the WebGL
 * backend's (offscreen) canvas, or the `lost` promise of the WebGPU backend's device. The worker
 * never destroys a device on purpose (a backend change replaces the whole worker), so every loss,
 * `destroyed` included, is one to recover from.
 */
import * as tf from '@tensorflow/tfjs';
import type { GpuWatch } from '../src/core/train/backend-loss';

/** The parts of TF.js's MathBackendWebGL and WebGPUBackend used here (not in their public types). */
interface WebGlBackend {
  gpgpu: { gl: WebGL2RenderingContext };
}
interface WebGpuBackend {
  device: GPUDevice;
}

const isWebGl = (b: unknown): b is WebGlBackend =>
  typeof b === 'object' && b !== null && 'gpgpu' in b;
const isWebGpu = (b: unknown): b is WebGpuBackend =>
  typeof b === 'object' && b !== null && 'device' in b;

/** How long a failed WebGPU step waits for its device's `lost` promise before calling it a bug. */
const LOSS_GRACE_MS = 1000;

interface Watched {
  lostCause(): string | null;
  lossAfterError(): Promise<string | null>;
  lose(): void;
}

function watchWebGl(backend: WebGlBackend, onLost: (cause: string) => void): Watched {
  const { gl } = backend.gpgpu;
  const cause = 'WebGL context lost';
  // In a worker the context draws to an OffscreenCanvas, which the WebWorker typings leave out.
  const canvas: unknown = Reflect.get(gl, 'canvas');
  if (canvas instanceof OffscreenCanvas) {
    canvas.addEventListener('webglcontextlost', () => onLost(cause), { once: true });
  }
  const lostCause = () => (gl.isContextLost() ? cause : null);
  return {
    lostCause,
    lossAfterError: () => Promise.resolve(lostCause()),
    lose: () => gl.getExtension('WEBGL_lose_context')?.loseContext(),
  };
}

function watchWebGpu(backend: WebGpuBackend, onLost: (cause: string) => void): Watched {
  const { device } = backend;
  let cause: string | null = null;
  const lost = device.lost.then((info) => {
    cause = `WebGPU device lost${info.message ? `: ${info.message}` : ''}`;
    onLost(cause);
    return cause;
  });
  const grace = () =>
    new Promise<null>((resolve) => setTimeout(() => resolve(null), LOSS_GRACE_MS));
  return {
    lostCause: () => cause,
    lossAfterError: () => Promise.race([lost, grace()]),
    lose: () => device.destroy(),
  };
}

export function gpuLossWatch(): GpuWatch {
  let watched: Watched | null = null;
  return {
    watch(name, onLost) {
      watched = null;
      const backend = tf.backend();
      if (name === 'webgl' && isWebGl(backend)) watched = watchWebGl(backend, onLost);
      else if (name === 'webgpu' && isWebGpu(backend)) watched = watchWebGpu(backend, onLost);
    },
    lostCause: () => watched?.lostCause() ?? null,
    lossAfterError: () => watched?.lossAfterError() ?? Promise.resolve(null),
    lose() {
      if (!watched) return false;
      watched.lose();
      return true;
    },
  };
}
