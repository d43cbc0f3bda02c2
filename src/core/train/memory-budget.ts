/**
 * How much memory each backend can give a job, and the refusal of a job that needs more, with the
 * estimate and a way out: the largest batch that fits, or else the layer to make smaller.
 *
 * - wasm: TF.js's build lets its heap grow to 4 GiB (`getHeapMax` in tfjs-backend-wasm 4.22);
 *   in Node it took 3.75 GiB of tensors, then `abort()`ed, after which every kernel aborts (the
 *   backend stays broken until the worker is replaced). The budget is half of that: the heap's
 *   allocator fragments under a step's many short-lived tensors, and a browser may fail to grow a
 *   heap to 4 GiB long before it is reached.
 * - cpu: tensors are JavaScript typed arrays; the same 2 GiB, which browsers hold in one array.
 * - webgl, webgpu: no API says how much memory a GPU has, so 4 GiB in all; one tensor is limited by
 *   what the backend says: the largest WebGPU buffer its device may bind, or WebGL's largest
 *   texture.
 * - every backend: at most half the machine's memory where the browser says how much it has
 *   (`navigator.deviceMemory`, rounded down and capped at 8 GiB by browsers).
 */
import { predictionRows } from '../experiment/job';
import { inferModel } from '../model/inference';
import type { ModelSpec, ModelSummary } from '../model/spec';
import type { BackendName } from '../protocol';
import { TECHNOLOGY } from './backend-sentence';
import type { Task, TrainConfig } from './config';
import { estimateMemory, largestLayer, type MemoryJob } from './memory-estimate';

export const GIB = 2 ** 30;
const MIB = 2 ** 20;

export interface MemoryBudget {
  /** All the job's tensors together. */
  totalBytes: number;
  /** One tensor. */
  tensorBytes: number;
}

export interface BackendLimits {
  /** The largest single buffer or texture the backend allocates, where it says. */
  tensorBytes?: number;
  /** `navigator.deviceMemory`: the machine's memory in GiB, where the browser says. */
  deviceMemoryGiB?: number;
}

const TOTAL: Record<BackendName, number> = {
  wasm: 2 * GIB,
  cpu: 2 * GIB,
  webgl: 4 * GIB,
  webgpu: 4 * GIB,
};

export function memoryBudget(backend: BackendName, limits: BackendLimits = {}): MemoryBudget {
  const machine =
    limits.deviceMemoryGiB !== undefined && limits.deviceMemoryGiB > 0
      ? (limits.deviceMemoryGiB * GIB) / 2
      : Infinity;
  const totalBytes = Math.min(TOTAL[backend], machine);
  const tensorBytes = Math.min(totalBytes, limits.tensorBytes ?? Infinity);
  return { totalBytes, tensorBytes };
}

/** "1.9 GB", "640 MB", "1.4 MB": binary units, as memory is counted. */
export function formatMemory(bytes: number): string {
  if (bytes >= GIB) {
    const gib = bytes / GIB;
    const shown = gib >= 100 ? Math.round(gib) : Math.round(gib * 10) / 10;
    return `${shown.toLocaleString('en-US')} GB`;
  }
  if (bytes >= 10 * MIB) return `${Math.round(bytes / MIB)} MB`;
  if (bytes >= MIB) return `${Math.round((bytes / MIB) * 10) / 10} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The job as the estimate sees it, from what the page and the worker both know before a run. */
export function memoryJobOf(
  spec: ModelSpec,
  summary: ModelSummary,
  config: Pick<TrainConfig, 'optimizer' | 'batchSize'>,
  dataset: MemoryDataset,
  predictionRows: number,
): MemoryJob {
  return {
    spec,
    summary,
    optimizer: config.optimizer,
    batchSize: config.batchSize,
    examples: dataset.n,
    labelWidth: labelWidthOf(dataset),
    predictionRows,
  };
}

/** Values per example's labels on the device: one-hot classes, a target, or a token id per position. */
function labelWidthOf(dataset: MemoryDataset): number {
  switch (dataset.task) {
    case 'classification':
      return dataset.numClasses;
    case 'regression':
      return 1;
    case 'sequence':
      return dataset.inputShape.reduce((a, b) => a * b, 1);
  }
}

const fits = (job: MemoryJob, budget: MemoryBudget): boolean => {
  const estimate = estimateMemory(job);
  return (
    estimate.totalBytes <= budget.totalBytes && estimate.largestTensorBytes <= budget.tensorBytes
  );
};

/** The largest batch below the job's that fits, or 0 when not even one example does. */
export function largestFittingBatch(job: MemoryJob, budget: MemoryBudget): number {
  let low = 0;
  let high = job.batchSize - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits({ ...job, batchSize: mid }, budget)) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Why the job cannot train on `backend` within `budget`, and what to do; null when it fits. */
export function memoryRefusal(
  job: MemoryJob,
  budget: MemoryBudget,
  backend: BackendName,
): string | null {
  if (fits(job, budget)) return null;
  const estimate = estimateMemory(job);
  const where = `for a batch of ${job.batchSize.toLocaleString('en-US')} on ${TECHNOLOGY[backend]}`;
  const need =
    estimate.totalBytes > budget.totalBytes
      ? `This model needs about ${formatMemory(estimate.totalBytes)} ${where}, more than the ` +
        `${formatMemory(budget.totalBytes)} it can use`
      : `This model needs one tensor of about ${formatMemory(estimate.largestTensorBytes)} ` +
        `${where}, more than the ${formatMemory(budget.tensorBytes)} its largest buffer holds`;
  const batch = largestFittingBatch(job, budget);
  if (batch > 0) return `${need}: lower the batch size to ${batch.toLocaleString('en-US')}.`;
  const one = estimateMemory({ ...job, batchSize: 1 });
  if (one.dataBytes > Math.min(budget.totalBytes, budget.tensorBytes) / 2) {
    return (
      `${need}, and its data alone takes ${formatMemory(one.dataBytes)}: train on fewer ` +
      `examples of the dataset, or make the model smaller.`
    );
  }
  const layer = largestLayer(job);
  const row = layer === null ? undefined : job.summary.layers[layer.index];
  const named =
    layer === null || row === undefined
      ? ''
      : `; its largest layer is layer ${layer.index + 1} (${row.type}, ` +
        `${row.params.toLocaleString('en-US')} parameters, output ` +
        `[${row.outputShape.join(', ')}]), which needs about ${formatMemory(layer.bytes)}`;
  return (
    `${need}, and even a batch of 1 needs about ${formatMemory(one.totalBytes)}: make the ` +
    `model smaller${named}.`
  );
}

/** What the check needs of a dataset: the page's DatasetInfo and the worker's Dataset both give it. */
export interface MemoryDataset {
  n: number;
  task: Task;
  /** Classes, or a sequence dataset's vocabulary; 0 for a regression target. */
  numClasses: number;
  inputShape: readonly number[];
}

/**
 * Why a job of `spec` and `config` on `dataset` cannot train on `backend`, or null when it fits
 * (or when the model is invalid: that is said elsewhere, by the layer that breaks it).
 */
export function jobMemoryRefusal(
  spec: ModelSpec,
  config: Pick<TrainConfig, 'optimizer' | 'batchSize'>,
  dataset: MemoryDataset,
  gridResolution: number,
  budget: MemoryBudget,
  backend: BackendName,
): string | null {
  const summary = inferModel(spec, dataset.inputShape);
  if (!summary.ok) return null;
  const rows = predictionRows(dataset, gridResolution);
  return memoryRefusal(memoryJobOf(spec, summary.value, config, dataset, rows), budget, backend);
}
