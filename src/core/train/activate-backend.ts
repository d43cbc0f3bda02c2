/** Puts TF.js on the first backend that starts, in the order backend-choice gives. */
import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError } from '../errors';
import type { BackendChoice, BackendName, WorkerEvent } from '../protocol';
import { backendCandidates, type BackendProbe } from './backend-choice';

export type ReadyEvent = Extract<WorkerEvent, { type: 'ready' }>;

/** Starts a backend; returns why it failed, or null when it runs. */
async function start(backend: string): Promise<string | null> {
  try {
    if (!(await tf.setBackend(backend))) return `${backend} failed to start`;
    await tf.ready();
    return null;
  } catch (error) {
    return `${backend} failed to start: ${(error as Error).message}`;
  }
}

/**
 * Drops a backend whose GPU was lost, so nothing can run on it by accident; its tensors are gone
 * with its context anyway. TF.js throws for a name it never registered (as in Node tests).
 */
function forget(backend: BackendName): void {
  try {
    tf.removeBackend(backend);
  } catch {
    // Not registered: nothing to forget.
  }
}

export async function activateBackend(
  requested: BackendChoice,
  probe: BackendProbe,
  lost: readonly BackendName[] = [],
): Promise<ReadyEvent> {
  lost.forEach(forget);
  const failures: string[] = [];
  for (const { backend, reason } of backendCandidates(requested, probe, lost)) {
    const failure = await start(backend);
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
