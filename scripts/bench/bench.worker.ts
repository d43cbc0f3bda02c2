/**
 * The benchmark's worker: registers the backends as the app's worker does, starts the one the plan
 * forces, and runs the workloads, the stored-dataset load and the CNN on it, posting progress lines
 * and then one report.
 */
import '@tensorflow/tfjs-backend-webgpu';
import type { AdapterInfo } from '../../src/core/protocol';
import { activateBackend } from '../../src/engine/train/activate-backend';
import { describeAdapter } from '../../src/core/train/backend-choice';
import { registerCpuKernels } from '../../src/engine/cpu/register';
import { registerWasmKernels } from '../../src/engine/wasm/register';
import { probeBackends } from '../../workers/probe';
import { activeWasmBuild, serveBundledWasm } from '../../workers/wasm-files';
import { timeCnn } from './cnn';
import { timeDatasetLoad } from './dataset-load';
import { compareWithFit } from './measure';
import type { BackendReport, BenchMessage, BenchPlan } from './protocol';
import { defaultMlp, mnistMlp } from './workloads';

declare const self: DedicatedWorkerGlobalScope;

// As the app's worker does: the kernels TF.js's wasm backend lacks or runs slowly.
registerWasmKernels();
registerCpuKernels();

const post = (message: BenchMessage) => self.postMessage(message);
const log = (text: string) => post({ type: 'log', text });

const describe = (a: AdapterInfo) =>
  [describeAdapter(a), a.description].filter(Boolean).join(' / ');

async function run(plan: BenchPlan, report: BackendReport): Promise<void> {
  const ready = await activateBackend(plan.backend, await probeBackends());
  report.backend = ready.backend;
  report.reason = ready.reason;
  // For wasm, the build and its threads: what the app's header shows.
  report.adapter = ready.adapter
    ? describe(ready.adapter)
    : ready.backend === 'wasm'
      ? (await activeWasmBuild()).variant
      : ready.renderer;
  if (ready.backend !== plan.backend) {
    throw new Error(`${plan.backend} did not start, got ${ready.backend}: ${ready.reason}`);
  }
  log(`${ready.backend} ready (${report.adapter ?? 'no adapter'}): ${ready.reason}`);

  const { epochs } = plan;
  const workloads = [
    { name: 'default MLP 2-16-16-2', prepare: defaultMlp, epochs: epochs.defaultMlp },
    { name: '784-128-10 MLP', prepare: mnistMlp, epochs: epochs.mnistMlp },
  ];
  for (const w of workloads) {
    log(`${w.name}: ours and model.fit, ${plan.rounds} x ${w.epochs} epochs each`);
    report.workloads.push(await compareWithFit(w.name, w.prepare(), w.epochs, plan.rounds));
  }
}

self.onmessage = async (event: MessageEvent<BenchPlan>) => {
  const plan = event.data;
  // Here, not as the module loads: the plan may ask for fewer threads (a fresh worker per plan).
  serveBundledWasm(plan.wasmThreads);
  const report: BackendReport = {
    requested: plan.backend,
    backend: null,
    adapter: null,
    reason: '',
    workloads: [],
    datasetLoad: null,
    cnn: null,
    error: null,
  };
  try {
    await run(plan, report);
  } catch (error) {
    report.error = error instanceof Error ? error.message : String(error);
  }
  // Apart from run(), so a failed workload still leaves these figures (they never throw). The CNN
  // reads the MNIST-10k that the load stores.
  if (report.backend === plan.backend) {
    const { url, rounds } = plan.datasetLoad;
    log(`MNIST-10k from IndexedDB to tensors, ${rounds} rounds`);
    report.datasetLoad = await timeDatasetLoad(url, rounds);
    log(`LeNet on MNIST-10k from the cache, ${plan.cnnSamples} samples, 1 epoch`);
    report.cnn = await timeCnn(plan.cnnSamples);
  }
  post({ type: 'report', report });
};
