/**
 * Times real training steps of the current model on the active TF.js backend, for auto's choice
 * (choose-backend.ts): the model's own layers, input shape, optimizer, loss, penalties and batch
 * size, on synthetic data of the right shape. It trains a model of its own with its own seed and
 * disposes all it made, so the run it measures for is untouched: that run's initial weights
 * (seeded initialisers draw on the CPU), shuffles and curve are those of a worker that never
 * measured.
 *
 * Each backend gets `budgetMs` for its warm-up (the first step compiles a GPU's shaders, and the
 * steps in the first `warmUpMs` are not counted) and its measurement together. A GPU step is queued and its result awaited against the clock, so a GPU
 * that cannot finish a step in time is called slow and not waited for. A step on the processor
 * (wasm, cpu) runs in this thread and cannot be cut short, so the warm-up grows the batch from one
 * example (x4 each time) and stops once the next step is predicted to overrun the budget.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../core/data/dataset';
import { createRng, shuffledIndices } from '../../core/data/rng';
import { product } from '../../core/model/layer-shapes';
import type { ModelSpec, Shape } from '../../core/model/spec';
import type { BackendMeasurement } from '../../core/protocol';
import { yieldToEventLoop } from '../../core/train/clock';
import type { TrainConfig } from '../../core/train/config';
import { buildModel } from '../model/build';
import { MetricAccumulator } from './accumulator';
import { disposeDeviceData, toDevice, type DeviceData } from './device-data';
import { dropoutLayers, reseedDropout } from './dropout-seeds';
import { stepModelOf, trainStep, type StepModel } from './train-step';

/** The measured model, as the session would train it. */
export interface MeasuredJob {
  spec: ModelSpec;
  inputShape: Shape;
  config: TrainConfig;
  /** Classes of a classification dataset, the vocabulary of a sequence one; null for regression. */
  numClasses: number | null;
  /** The vocabulary size where the inputs are token ids (text); absent for other features. */
  tokens?: number;
  /** Next-token prediction: a target per position, as in a sequence dataset. */
  sequence?: boolean;
}

export interface MeasureOptions {
  /** For the warm-up and the measurement together. */
  budgetMs: number;
  /**
   * Steps started in this first part of the budget are not counted: the JavaScript engine is
   * still compiling TF.js's code (and the WASM engine its kernels), a GPU's first steps may still
   * be settling.
   */
  warmUpMs: number;
  /** Steps run in this thread (wasm, cpu) rather than being queued for a GPU. */
  inThread: boolean;
  /**
   * For a hardware GPU: how long its first step may take, outside the budget. That step compiles
   * the model's shaders, which can take seconds on a real GPU that then trains fastest of all; an
   * emulated GPU gets no such allowance (its slowness is what is being measured).
   */
  firstStepMs?: number;
  /** samples/s of the fastest backend so far: one far slower stops early. */
  bestSoFar: number;
  /** Polled between steps: true ends the measurement with no result. */
  superseded: () => boolean;
}

export interface MeasureOutcome {
  result: Omit<BackendMeasurement, 'backend'>;
  /** Settles once the GPU work this measurement left queued has run. */
  leftover: Promise<void>;
}

/** The probe's own seed: its weights and data owe nothing to the run's. */
const PROBE_SEED = 0x9e0b;
/** Steps between two yields, so commands (a pause, a question) are not kept waiting. */
const CHUNK_MS = 100;
/**
 * A backend at under half the best rate after this long stops: the rest of its second cannot
 * bring it within 10% of the best.
 */
const EARLY_STOP_MS = 100;
const EARLY_STOP_SHARE = 0.5;

const seconds = (ms: number) => `${Number((ms / 1000).toPrecision(2))} s`;

function syntheticData(job: MeasuredJob, n: number): Dataset {
  const rng = createRng(PROBE_SEED);
  const inputShape = [...job.inputShape];
  const { numClasses, tokens } = job;
  const width = product(inputShape);
  const x = Float32Array.from({ length: n * width }, () =>
    tokens === undefined ? rng.normal() : rng.int(tokens),
  );
  if (job.sequence && numClasses !== null) {
    const targets = Int32Array.from({ length: n * width }, () => rng.int(numClasses));
    const tokenizer = { kind: 'char' as const, vocab: [] };
    return { task: 'sequence', n, inputShape, x, targets, numClasses, tokenizer };
  }
  if (numClasses === null) {
    const targets = Float32Array.from({ length: n }, () => rng.normal());
    return { task: 'regression', n, inputShape, x, targets };
  }
  const labels = Int32Array.from({ length: n }, () => rng.int(numClasses));
  return { task: 'classification', n, inputShape, x, labels, numClasses };
}

/** The probe's model, optimizer and one batch of data on the device. */
class Probe {
  private steps = 0;
  /** The last read of the sums, which waits for every step queued before it. */
  pending: Promise<void> = Promise.resolve();

  private constructor(
    private readonly step: StepModel,
    private readonly data: DeviceData,
    private readonly order: tf.Tensor1D,
    private readonly sums: MetricAccumulator,
    private readonly dropouts: ReturnType<typeof dropoutLayers>,
  ) {}

  static create(job: MeasuredJob): Probe {
    const n = job.config.batchSize;
    const data = toDevice(syntheticData(job, n));
    let model: tf.LayersModel;
    try {
      model = buildModel(job.spec, job.inputShape, PROBE_SEED);
    } catch (error) {
      disposeDeviceData(data);
      throw error;
    }
    const step = stepModelOf(model, job.config, job.numClasses !== null);
    const order = tf.tensor1d(shuffledIndices(n, createRng(PROBE_SEED)), 'int32');
    return new Probe(step, data, order, new MetricAccumulator(), dropoutLayers(model));
  }

  /** Queues (or, in this thread, runs) one step on the first `size` rows. */
  run(size: number): void {
    reseedDropout(this.dropouts, PROBE_SEED, this.steps);
    this.steps += 1;
    trainStep(this.step, this.data, this.order, 0, size, this.sums);
  }

  /** Reads the sums back, which waits for the steps queued; false if `deadline` came first. */
  sync(deadline: number): Promise<boolean> {
    const snapshot = this.sums.snapshot();
    const read = snapshot.data().finally(() => snapshot.dispose());
    this.pending = read.then(
      () => undefined,
      () => undefined,
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.max(0, deadline - performance.now()));
    });
    return Promise.race([read.then(() => true), late]).finally(() => clearTimeout(timer));
  }

  dispose(): void {
    this.step.model.dispose();
    this.step.optimizer.dispose();
    disposeDeviceData(this.data);
    this.order.dispose();
    this.sums.dispose();
  }
}

interface Chunk {
  samples: number;
  ms: number;
  /** Started while the JavaScript engine and the GPU were still warming up. */
  warming: boolean;
}

const rateOf = (chunks: readonly Chunk[]): number => {
  const ms = chunks.reduce((sum, c) => sum + c.ms, 0);
  return ms > 0 ? (chunks.reduce((sum, c) => sum + c.samples, 0) * 1000) / ms : 0;
};

/**
 * The rate of the later half of the measured time: the steady state, once the JavaScript engine
 * has compiled the hot code (it goes on getting faster past the warm-up).
 */
function steadyRate(chunks: readonly Chunk[]): number {
  const total = chunks.reduce((sum, c) => sum + c.ms, 0);
  const late: Chunk[] = [];
  let ms = 0;
  for (const chunk of [...chunks].reverse()) {
    if (ms >= total / 2) break;
    late.push(chunk);
    ms += chunk.ms;
  }
  return rateOf(late);
}

type Result = Omit<BackendMeasurement, 'backend'>;

const slow = (samplesPerSec: number, note: string): Result => ({
  outcome: 'slow',
  samplesPerSec,
  note,
});

/**
 * Up to the first full step: what a first step costs once (a GPU's shaders, the optimizer's slots)
 * and the size the budget can afford are no part of the rate.
 */
async function firstSteps(
  probe: Probe,
  batch: number,
  deadline: number,
  options: MeasureOptions,
): Promise<{ stepMs: number } | Result | null> {
  let size = options.inThread ? 1 : batch;
  if (options.inThread) {
    // Its one-off costs would make one example look as dear as a batch.
    probe.run(1);
    await probe.sync(deadline);
  }
  let retried = false;
  for (;;) {
    const start = performance.now();
    probe.run(size);
    if (!(await probe.sync(deadline))) {
      const ms = performance.now() - start;
      return slow((batch * 1000) / ms, `no step finished within ${seconds(ms)}`);
    }
    const ms = performance.now() - start;
    if (options.superseded()) return null;
    if (size === batch) return { stepMs: ms };
    const next = Math.min(batch, size * 4);
    if (performance.now() + (ms * next) / size <= deadline) {
      size = next;
      retried = false;
    } else if (retried) {
      return slow(
        (size * 1000) / ms,
        `a step of ${batch} would take about ${seconds((ms * batch) / size)}; timed with ${size}`,
      );
    } else {
      // Once more at this size: a pause of the whole thread (garbage collection) is no measure.
      retried = true;
    }
  }
}

async function measure(
  probe: Probe,
  batch: number,
  options: MeasureOptions,
): Promise<Result | null> {
  const start = performance.now();
  const firstDeadline = start + Math.max(options.budgetMs, options.firstStepMs ?? 0);
  const warm = await firstSteps(probe, batch, firstDeadline, options);
  if (warm === null || 'outcome' in warm) return warm;
  // A first step given its own allowance is outside the budget, which starts after it.
  const begin = options.firstStepMs === undefined ? start : performance.now();
  const deadline = begin + options.budgetMs;
  const warmUntil = begin + options.warmUpMs;
  const chunks: Chunk[] = [];
  let perStep = warm.stepMs;
  let steps = 1;
  while (!options.superseded()) {
    const left = deadline - performance.now();
    // A queued step can be given up at the deadline; one in this thread must be known to fit.
    const fit = options.inThread ? Math.floor(left / perStep) : steps;
    const n = Math.min(steps, fit);
    if (left <= 0 || n < 1) break;
    const start = performance.now();
    for (let i = 0; i < n; i++) probe.run(batch);
    if (!(await probe.sync(deadline))) break;
    const ms = performance.now() - start;
    chunks.push({ samples: n * batch, ms, warming: start < warmUntil });
    perStep = ms / n;
    const measuredMs = chunks.reduce((sum, c) => sum + c.ms, 0);
    if (measuredMs >= EARLY_STOP_MS && rateOf(chunks) < options.bestSoFar * EARLY_STOP_SHARE) {
      break;
    }
    steps = Math.max(1, Math.min(n * 2, Math.floor(CHUNK_MS / perStep)));
    await yieldToEventLoop();
  }
  if (options.superseded()) return null;
  const settled = chunks.some((c) => !c.warming) ? chunks.filter((c) => !c.warming) : chunks;
  if (settled.length === 0) {
    return slow(
      (batch * 1000) / warm.stepMs,
      `only its first step fitted in ${seconds(options.budgetMs)}`,
    );
  }
  return { outcome: 'measured', samplesPerSec: steadyRate(settled), note: '' };
}

/**
 * Measures `job` on the active backend; null when `superseded` said to stop. A backend that fails
 * (a missing kernel, a lost context) is reported as failed, with TF.js's message.
 */
export async function measureActiveBackend(
  job: MeasuredJob,
  options: MeasureOptions,
): Promise<MeasureOutcome | null> {
  let probe: Probe;
  try {
    probe = Probe.create(job);
  } catch (error) {
    return { result: failed(error), leftover: Promise.resolve() };
  }
  try {
    const result = await measure(probe, job.config.batchSize, options);
    return result && { result, leftover: probe.pending };
  } catch (error) {
    return { result: failed(error), leftover: probe.pending };
  } finally {
    probe.dispose();
  }
}

function failed(error: unknown): Result {
  const message = error instanceof Error ? error.message : String(error);
  return { outcome: 'failed', samplesPerSec: null, note: message.slice(0, 160) };
}
