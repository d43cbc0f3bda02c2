/** Puts TF.js on the first backend that starts, in the order backend-choice gives. */
import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError } from '../errors';
import type { BackendChoice, WorkerEvent } from '../protocol';
import { backendCandidates, type BackendProbe } from './backend-choice';

export type ReadyEvent = Extract<WorkerEvent, { type: 'ready' }>;

export async function activateBackend(
  requested: BackendChoice,
  probe: BackendProbe,
): Promise<ReadyEvent> {
  const failures: string[] = [];
  for (const { backend, reason } of backendCandidates(requested, probe)) {
    let started = false;
    try {
      started = await tf.setBackend(backend);
      await tf.ready();
    } catch (error) {
      failures.push(`${backend} failed to start: ${(error as Error).message}`);
      continue;
    }
    if (!started) {
      failures.push(`${backend} failed to start`);
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
