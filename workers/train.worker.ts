/** Entry of the training worker: registers the backends and wires messages to the controller. */
import '@tensorflow/tfjs-backend-webgpu';
import { transferablesOf, wasmThreadsOf, type WorkerEvent } from '../src/core/protocol';
import { createOutbox } from '../src/core/outbox';
import { isWatched, UPDATE_PACE } from '../src/core/train/update-pace';
import { holdLife } from '../src/core/worker-life';
import { activateBackend } from '../src/engine/train/activate-backend';
import { createController } from '../src/engine/train/controller';
import { registerCpuKernels } from '../src/engine/cpu/register';
import { registerWasmKernels } from '../src/engine/wasm/register';
import { checkpointStore } from './checkpoint-store';
import { storedDatasetLoader } from './dataset-loader';
import { gpuLossWatch } from './gpu-loss';
import { measuredBackendChooser } from './measured-backend';
import { probeBackends } from './probe';
import {
  activeWasmBuild,
  fallBackToSingleThread,
  serveBundledWasm,
  serveWasmOnOneThread,
} from './wasm-files';
import { workerDb } from './worker-db';

declare const self: DedicatedWorkerGlobalScope;

// So the page hears of it when this worker ends without a word (self.close(), a crash).
holdLife(self, self.navigator.locks);

serveBundledWasm();
registerWasmKernels();
registerCpuKernels();

// What only moves what is watched waits, as the page shows it at most every minIntervalMs.
const post = createOutbox<WorkerEvent>({
  send: (events, transfer) => self.postMessage(events, transfer),
  transferablesOf,
  canWait: isWatched,
  holdMs: UPDATE_PACE.minIntervalMs,
});

const openDb = workerDb();

const controller = createController(
  post,
  async (requested, lost) => {
    const probe = await probeBackends();
    let ready = await activateBackend(requested, probe, lost);
    if (fallBackToSingleThread()) ready = await activateBackend(requested, probe, lost);
    return ready.backend === 'wasm' ? { ...ready, ...(await activeWasmBuild()) } : ready;
  },
  storedDatasetLoader(openDb),
  checkpointStore(openDb),
  gpuLossWatch(),
  measuredBackendChooser(openDb),
);

self.onmessage = (event: MessageEvent<unknown>) => {
  // A cap on wasm's threads comes with `init`, before any backend starts.
  const wasmThreads = wasmThreadsOf(event.data);
  if (wasmThreads === 1) serveWasmOnOneThread();
  else if (wasmThreads !== null) serveBundledWasm(wasmThreads);
  void controller.handle(event.data);
};
