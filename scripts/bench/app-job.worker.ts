/**
 * The app's default job headless, one run per request, in a worker that stays up between runs, so
 * scripts/bench/ui-cost.mjs can alternate it with the same job in the app (UI open): the backend
 * is started as the app's worker starts it, each run is timed from the session's creation to its
 * end, and it saves its checkpoints to IndexedDB as the app's worker does, so that what the ratio
 * counts against the app is the page alone.
 */
import '@tensorflow/tfjs-backend-webgpu';
import { activateBackend } from '../../src/engine/train/activate-backend';
import { registerCpuKernels } from '../../src/engine/cpu/register';
import { registerWasmKernels } from '../../src/engine/wasm/register';
import { checkpointStore } from '../../workers/checkpoint-store';
import { probeBackends } from '../../workers/probe';
import { serveBundledWasm } from '../../workers/wasm-files';
import { workerDb } from '../../workers/worker-db';
import { timeAppJob } from './measure';
import type { AppJobAnswer, AppJobRequest } from './protocol';
import { appJob } from './workloads';

declare const self: DedicatedWorkerGlobalScope;

serveBundledWasm();
registerWasmKernels();
registerCpuKernels();

const checkpoints = checkpointStore(workerDb());

async function answer(request: AppJobRequest): Promise<AppJobAnswer> {
  if (request.type === 'start') {
    const ready = await activateBackend(request.backend, await probeBackends());
    if (ready.backend !== request.backend) {
      throw new Error(`${request.backend} did not start, got ${ready.backend}: ${ready.reason}`);
    }
    return { type: 'started', backend: ready.backend };
  }
  return { type: 'ran', ms: await timeAppJob(appJob, request.epochs, { checkpoints }) };
}

self.onmessage = async (event: MessageEvent<AppJobRequest>) => {
  try {
    self.postMessage(await answer(event.data));
  } catch (error) {
    self.postMessage({
      type: 'failed',
      error: error instanceof Error ? error.message : String(error),
    });
  }
};
