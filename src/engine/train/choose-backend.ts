/**
 * Auto's backend for the model about to be trained, by measurement (core/train/measured-choice):
 * the figures for this machine and model size come from this worker's memory, else from storage
 * (an earlier visit), else each backend that can start is measured for about a second
 * (measure-backend.ts) and the figures are kept for next time. Then TF.js is put on the backend
 * they point to. It runs when the controller creates a session for an auto worker, that is when a
 * model is first known (the page resets the worker's model as soon as it can show one), so the
 * measuring is mostly over before Train is pressed; Train waits for it otherwise.
 */
import type { Dataset } from '../../core/data/dataset';
import type { Experiment } from '../../core/experiment/experiment';
import { isRecord } from '../../core/is-record';
import { inferModel } from '../../core/model/inference';
import type {
  BackendMeasurement,
  BackendName,
  Measurement,
  ReadyEvent,
  TrainJob,
} from '../../core/protocol';
import type { BackendProbe } from '../../core/train/backend-choice';
import type { Remembered } from '../../core/train/measurement-cache';
import {
  describeMeasuredModel,
  measurementKey,
  type MachineIdentity,
} from '../../core/train/measurement-key';
import {
  chooseMeasured,
  emulated,
  measuredReason,
  measureOrder,
  runsOnProcessor,
} from '../../core/train/measured-choice';
import { startBackend } from './activate-backend';
import { measureActiveBackend, type MeasuredJob } from './measure-backend';

/** Where measurements are kept between visits (IndexedDB in the worker). */
export interface MeasurementStore {
  read(key: string): Promise<Remembered | null>;
  /** Best effort: a measurement that cannot be kept is measured again next time. */
  write(key: string, entry: Remembered): Promise<void>;
}

export interface ChooserSetup {
  /** What the browser offers (workers/probe.ts); asked once. */
  offered(): Promise<BackendProbe>;
  machine: MachineIdentity;
  store: MeasurementStore;
  /**
   * Which build of a backend runs ("wasm (SIMD, 1 thread)") and on how many threads, where there
   * are several.
   */
  build?(backend: BackendName): Promise<{ variant: string; threads: number } | undefined>;
  /** Per backend, for its warm-up and measurement together. */
  budgetMs?: number;
  /** For a backend to start; one that hangs (a threaded WASM without its threads) is dropped. */
  startTimeoutMs?: number;
  /** The longest wait for GPU work a slow backend left queued, before measuring the next. */
  drainMs?: number;
}

export interface ChoiceRequest {
  job: MeasuredJob;
  lost: readonly BackendName[];
  /** The backend TF.js is on now; it stays when nothing better is found or the choice is dropped. */
  active: BackendName;
  /** Polled while measuring: true when a command for another model came, so this one is moot. */
  superseded(): boolean;
  /** Tells the page that measuring starts (it takes a few seconds). */
  announce(event: ReadyEvent): void;
  /**
   * Why the job cannot fit in the memory of `backend` (now active), or null: such a backend is not
   * measured, since a job above its budget can abort it (a wasm heap that runs out stays broken).
   */
  memoryRefusal?(backend: BackendName): string | null;
}

/** Puts TF.js on auto's backend for a job; the ready event to send, or null to keep the last. */
export type BackendChooser = (request: ChoiceRequest) => Promise<ReadyEvent | null>;

/** One second each, the measurement's promise; DESIGN.md's 30 s start limit is for the last resort. */
export const MEASURE_BUDGET_MS = 1000;
/**
 * Of which the steps in the first quarter are not counted. The first backend measured gets more:
 * it would pay alone for the JavaScript engine compiling TF.js's code that every backend runs,
 * which in Node tests (V8, as in Chrome) makes a small model's first half second 3x slower.
 */
const WARM_UP_SHARE = 0.25;
const FIRST_EXTRA_WARM_UP_MS = 300;
const MEASURE_START_TIMEOUT_MS = 5000;
/** A hardware GPU's first step, which compiles its shaders, outside its second (measure-backend). */
const HARDWARE_GPU_FIRST_STEP_MS = 15_000;
const DRAIN_MS = 1000;

/** What a job trains, as measure-backend.ts needs it. */
export function measuredJob(experiment: Experiment, data: Dataset): MeasuredJob {
  const tokenizer = data.task === 'regression' ? undefined : data.tokenizer;
  return {
    spec: experiment.model,
    inputShape: data.inputShape,
    config: experiment.config,
    numClasses: data.task === 'regression' ? null : data.numClasses,
    ...(tokenizer ? { tokens: tokenizer.vocab.length } : {}),
    ...(data.task === 'sequence' ? { sequence: true } : {}),
  };
}

/**
 * What makes two jobs the same to measure (data, model, batch size), from a command not yet
 * validated: a later command with another signature makes a measurement under way moot.
 */
export function measuredSignature(job: TrainJob): string {
  const { dataset, model, config } = job.experiment;
  const settings: unknown = config;
  return JSON.stringify([dataset, model, isRecord(settings) ? settings.batchSize : null]);
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createBackendChooser(setup: ChooserSetup): BackendChooser {
  const budgetMs = setup.budgetMs ?? MEASURE_BUDGET_MS;
  const startTimeoutMs = setup.startTimeoutMs ?? MEASURE_START_TIMEOUT_MS;
  const drainMs = setup.drainMs ?? DRAIN_MS;
  const known = new Map<string, { entry: Remembered; state: Measurement['state'] }>();
  let offeredOnce: Promise<BackendProbe> | null = null;

  async function readyEvent(
    backend: BackendName,
    offered: BackendProbe,
    reason: string,
    measurement: Measurement,
  ): Promise<ReadyEvent> {
    const build = await setup.build?.(backend);
    return {
      type: 'ready',
      backend,
      requested: 'auto',
      reason,
      adapter: backend === 'webgpu' && offered.webgpu.available ? offered.webgpu.detail : null,
      renderer: backend === 'webgl' && offered.webgl.available ? offered.webgl.detail : null,
      ...build,
      measurement,
    };
  }

  /** Each candidate in turn; null when superseded. */
  async function measureAll(
    candidates: readonly BackendName[],
    offered: BackendProbe,
    request: ChoiceRequest,
  ): Promise<BackendMeasurement[] | null> {
    const results: BackendMeasurement[] = [];
    let leftover: Promise<void> = Promise.resolve();
    for (const backend of candidates) {
      if (request.superseded()) return null;
      const failure = await startBackend(backend, startTimeoutMs);
      const refusal = failure ?? request.memoryRefusal?.(backend) ?? null;
      if (refusal !== null) {
        results.push({ backend, outcome: 'failed', samplesPerSec: null, note: refusal });
        continue;
      }
      // What a slow GPU left running would slow this one down.
      await Promise.race([leftover, wait(drainMs)]);
      const best = Math.max(0, ...results.map((r) => r.samplesPerSec ?? 0));
      const warm = results.some((r) => r.outcome !== 'failed');
      const extra = warm ? 0 : FIRST_EXTRA_WARM_UP_MS;
      const outcome = await measureActiveBackend(request.job, {
        budgetMs: budgetMs + extra,
        warmUpMs: budgetMs * WARM_UP_SHARE + extra,
        inThread: runsOnProcessor(backend),
        ...(runsOnProcessor(backend) || emulated(backend, offered)
          ? {}
          : { firstStepMs: HARDWARE_GPU_FIRST_STEP_MS }),
        bestSoFar: best,
        superseded: request.superseded,
      });
      if (outcome === null) return null;
      results.push({ backend, ...outcome.result });
      leftover = outcome.leftover;
    }
    return results;
  }

  return async (request) => {
    const offered = await (offeredOnce ??= setup.offered());
    const candidates = measureOrder(offered, request.lost);
    const summary = inferModel(request.job.spec, request.job.inputShape);
    // With one candidate there is nothing to choose; an invalid model fails in the session.
    if (candidates.length < 2 || !summary.ok) return null;
    const batch = request.job.config.batchSize;
    const key = measurementKey(offered, setup.machine, summary.value, batch);
    const model = describeMeasuredModel(summary.value, batch);
    let found = known.get(key);
    if (!found) {
      const stored = await setup.store.read(key);
      if (stored) found = { entry: stored, state: 'remembered' };
    }
    if (!found) {
      const measuring: Measurement = { state: 'measuring', model, results: [] };
      request.announce(
        await readyEvent(request.active, offered, 'auto: measuring this model', measuring),
      );
      const results = await measureAll(candidates, offered, request);
      if (results === null) {
        await startBackend(request.active, startTimeoutMs);
        return null;
      }
      found = { entry: { model, results, at: Date.now() }, state: 'measured' };
      await setup.store.write(key, found.entry);
    }
    known.set(key, found);
    const { entry, state } = found;
    const refused: BackendName[] = [...request.lost];
    for (;;) {
      const chosen = chooseMeasured(entry.results, offered, refused);
      if (chosen === null) break;
      if ((await startBackend(chosen, startTimeoutMs)) === null) {
        const measurement = { state, model: entry.model, results: entry.results };
        return readyEvent(chosen, offered, measuredReason(entry.results, chosen), measurement);
      }
      refused.push(chosen);
    }
    await startBackend(request.active, startTimeoutMs);
    const reason = `auto: no backend could train this model when measured, so it stays on ${request.active}`;
    return readyEvent(request.active, offered, reason, {
      state,
      model: entry.model,
      results: entry.results,
    });
  };
}
