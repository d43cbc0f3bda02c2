/** Puts TF.js on the first backend that starts, in the order backend-choice gives. */
import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError } from '../../core/errors';
import type { BackendChoice, BackendName, ReadyEvent } from '../../core/protocol';
import { backendCandidates, type BackendProbe } from '../../core/train/backend-choice';

/**
 * Drops a backend whose GPU was lost, or that hung while starting, so nothing can run on it by
 * accident; a lost one's tensors are gone with its context anyway. TF.js throws for a name it
 * never registered (as in Node tests).
 */
function forget(backend: BackendName): void {
  try {
    tf.removeBackend(backend);
  } catch {
    // Not registered: nothing to forget.
  }
}

/**
 * A backend that has not started by then never will: the threaded WASM build waits forever for
 * thread workers that a bundler's minification or a CSP without `blob:` scripts kills.
 */
export const START_TIMEOUT_MS = 30_000;

/** Puts TF.js on a backend, starting it if need be; returns why it failed, or null when it runs. */
export async function startBackend(
  backend: BackendName,
  timeoutMs: number,
): Promise<string | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => {
      // Its start may still finish later; it must not take over then.
      forget(backend);
      resolve(`${backend} did not start within ${timeoutMs / 1000} s`);
    }, timeoutMs);
  });
  const started = (async () => {
    if (!(await tf.setBackend(backend))) return `${backend} failed to start`;
    await tf.ready();
    return null;
  })();
  try {
    return await Promise.race([started, late]);
  } catch (error) {
    return `${backend} failed to start: ${(error as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
}

export async function activateBackend(
  requested: BackendChoice,
  probe: BackendProbe,
  lost: readonly BackendName[] = [],
  timeoutMs = START_TIMEOUT_MS,
): Promise<ReadyEvent> {
  lost.forEach(forget);
  const failures: string[] = [];
  for (const { backend, reason } of backendCandidates(requested, probe, lost)) {
    const failure = await startBackend(backend, timeoutMs);
    if (failure !== null) {
      failures.push(failure);
      continue;
    }
    return {
      type: 'ready',
      backend,
      requested,
      reason: failures.length ? `${reason} (${failures.join('; ')})` : reason,
      adapter: backend === 'webgpu' && probe.webgpu.available ? probe.webgpu.detail : null,
      renderer: backend === 'webgl' && probe.webgl.available ? probe.webgl.detail : null,
    };
  }
  throw new BackendUnavailableError(`No TF.js backend could start: ${failures.join('; ')}`);
}
