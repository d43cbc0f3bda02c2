/**
 * A sweep's own training workers, apart from the playground's: each trains one trial at a time
 * (a quiet job: see TrainJob's `sweep`) and hands back how it ended, with its curve and final
 * weights. On a forced backend the pool starts as many workers as that backend takes
 * (`workersFor`, parallelism.ts); on auto it starts with one, and once a worker has trained an
 * epoch its backend is settled (auto may measure and move first), and the pool grows to as many
 * as that backend takes, each started on it so none measures again. A forced backend that does
 * not start (its worker falls back to another) is settled the same way.
 *
 * Where the backend takes several models per worker (`modelsPerWorker`, parallelism.ts), trials
 * that can train as one stacked model (core/sweep/group.ts) go to a worker together, shared out
 * evenly among the free workers; others, and trials that go on from a checkpoint, go alone.
 *
 * The worker's status and error events do not name a run, so a worker is given its next trials
 * only once its last ones said all they will say: after each one's `done` and the export of its
 * weights (or its `trialFailed`), or after its status `error`. Trials that fail any other way
 * (their worker died, an error before they ran) end with the worker replaced, so nothing late of
 * them can land on the next trials.
 */
import {
  TRAIN_WORKER,
  type BackendChoice,
  type BackendName,
  type ReadyEvent,
  type TrainJob,
  type WorkerEvent,
} from '../../core/protocol';
import { epochRecordOf, type EpochRecord } from '../../core/runs/epoch';
import { groupKeyOf } from '../../core/sweep/group';
import { EXPORT_TIMEOUT_MS, runWeightsOf } from '../../core/runs/run-weights';
import type { RunWeights } from '../../core/runs/stored-run';
import { createBridge, type WorkerLike } from '../../core/worker-bridge';
import { WORKER_SILENCE_LIMIT_MS } from '../../core/worker-life';
import { clearWriteFailure, reportWriteFailure } from '../../storage/write-failures';
import { runningMs, startClock, tick, type RunClock } from '../runs/run-clock';
import type { TrainBridge } from '../train/train-worker';

/** One trial as the pool trains it. */
export interface TrialJob {
  /** The run it trains as: its checkpoints and its record share the id. */
  runId: string;
  /** A quiet job (`sweep` set), without a decision-boundary grid. */
  job: TrainJob;
  /** Go on from the run's checkpoint (a promotion in successive halving), not from scratch. */
  resume: boolean;
}

export interface TrialEnd {
  /** `stopped`: its worker was told to stop; `failed`: an error, a diverged loss, a lost worker. */
  reason: 'completed' | 'stopped' | 'failed';
  /** Why it failed; null otherwise. */
  message: string | null;
  /** The epochs this launch trained (after a resume: those after the checkpoint). */
  epochs: EpochRecord[];
  /** The model it ended with; null when it failed or the worker could not export it in time. */
  weights: RunWeights | null;
  /** The backend it trained on, as its worker last said. */
  backend: ReadyEvent | null;
  /** Time it spent running, pauses excluded. */
  durationMs: number;
  samplesPerSec: number | null;
}

export interface PoolOptions {
  /** A fresh training worker on `backend`, told `init` already (train-worker.ts's startTrainWorker). */
  spawn(backend: BackendChoice): WorkerLike;
  /** The backend the first worker is asked for ('auto' lets it measure). */
  backend: BackendChoice;
  /** How many workers to run on a backend (parallelism.ts). */
  workersFor(backend: BackendName): number;
  /** How many trials a worker may train at once as one group on a backend; 1 when absent. */
  modelsPerWorker?(backend: BackendName): number;
  /** The backend was settled (a worker trained an epoch on it); the pool's size follows it. */
  onSettled?(backend: ReadyEvent, workers: number): void;
  now?: () => number;
  exportTimeoutMs?: number;
}

export interface SweepPool {
  /** Trials it takes now without queueing them: its size less the trials it trains or holds. */
  freeSlots(): number;
  /** Trains a trial when a worker is free; `onEpoch` hears each epoch it finishes. */
  run(trial: TrialJob, onEpoch: (epoch: EpochRecord) => void): Promise<TrialEnd>;
  /** Holds every trial where it is (and any that starts until `resume`). */
  pause(): void;
  resume(): void;
  /** Ends every worker; trials going on or waiting end `failed` with `message`. */
  close(message: string): void;
}

/** The page's name for the workers' checkpoint saves, in the notice of failed saves. */
const CHECKPOINT_SAVE = "save a checkpoint of a sweep's run";

interface Running {
  trial: TrialJob;
  onEpoch(epoch: EpochRecord): void;
  epochs: EpochRecord[];
  /** From its first running or paused status. */
  clock: RunClock | null;
  samplesPerSec: number | null;
  /** The last error the worker reported during the trial. */
  error: string | null;
  /** Its `done` came: what follows is the export of its weights. */
  done: boolean;
  resolve(end: TrialEnd): void;
}

interface Slot {
  bridge: TrainBridge;
  backend: ReadyEvent | null;
  /** Its trials: none while free, one, or a group. */
  running: Running[];
}

interface Waiting {
  trial: TrialJob;
  /** Its group key (core/sweep/group.ts), made once; null: it trains alone. */
  key: string | null;
  onEpoch(epoch: EpochRecord): void;
  resolve(end: TrialEnd): void;
}

export function createSweepPool(options: PoolOptions): SweepPool {
  const now = options.now ?? Date.now;
  const exportTimeoutMs = options.exportTimeoutMs ?? EXPORT_TIMEOUT_MS;
  const slots: Slot[] = [];
  let waiting: Waiting[] = [];
  /** The backend a worker trained on: later workers are started on it. */
  let settled: ReadyEvent | null = null;
  let paused = false;
  let closed = false;

  /** The backend the pool's size follows: the settled one, else the one asked for by name. */
  const sizedBy = (): BackendName | null =>
    settled?.backend ?? (options.backend === 'auto' ? null : options.backend);
  const size = () => {
    const backend = sizedBy();
    return backend === null ? 1 : Math.max(1, options.workersFor(backend));
  };
  /** Trials a worker takes at once: 1 until the backend is known. */
  const perWorker = () => {
    const backend = sizedBy();
    return backend === null ? 1 : Math.max(1, options.modelsPerWorker?.(backend) ?? 1);
  };

  function end(
    slot: Slot,
    running: Running,
    reason: TrialEnd['reason'],
    extra: Partial<TrialEnd> = {},
  ): void {
    if (!slot.running.includes(running)) return;
    slot.running = slot.running.filter((r) => r !== running);
    const at = now();
    running.resolve({
      reason,
      message: null,
      epochs: running.epochs,
      weights: null,
      backend: slot.backend,
      durationMs: running.clock === null ? 0 : runningMs(tick(running.clock, 'done', at), at),
      samplesPerSec: running.samplesPerSec,
      ...extra,
    });
    if (slot.running.length === 0) dispatch();
  }

  /**
   * Ends the worker's trials that have not said `done` as failed; `replace`: the worker may still
   * say something of them.
   */
  function fail(slot: Slot, message: string, replace: boolean): void {
    if (replace) slot.bridge.replace();
    for (const running of slot.running)
      if (!running.done) end(slot, running, 'failed', { message });
  }

  async function exportAndEnd(slot: Slot, running: Running, reason: 'completed' | 'stopped') {
    const { runId } = running.trial;
    const answer = await slot.bridge.request(
      { type: 'export', runId },
      { timeoutMs: exportTimeoutMs },
    ).done;
    if (!slot.running.includes(running)) return;
    const weights = answer.ok ? runWeightsOf(answer.value) : null;
    // A worker that did not answer in time is no longer trusted with the next trial.
    if (!answer.ok && answer.error.code === 'timeout') slot.bridge.replace();
    end(slot, running, reason, { weights });
  }

  function settle(backend: ReadyEvent): void {
    if (settled !== null && settled.backend === backend.backend) return;
    settled = backend;
    options.onSettled?.(backend, size());
    dispatch();
  }

  function onEvent(slot: Slot, event: WorkerEvent): void {
    const byRun = (runId: string) => slot.running.find((r) => r.trial.runId === runId);
    const going = slot.running.filter((r) => !r.done);
    switch (event.type) {
      case 'ready':
        slot.backend = event;
        return;
      case 'status': {
        slot.bridge.expectWork(event.status === 'running');
        const at = now();
        for (const running of going) {
          if (running.clock !== null) running.clock = tick(running.clock, event.status, at);
          else if (event.status === 'running' || event.status === 'paused') {
            running.clock = startClock(event.status, at);
          }
        }
        if (event.status === 'error') {
          for (const running of going) {
            end(slot, running, 'failed', {
              message: running.error ?? 'The run failed without saying why.',
            });
          }
        }
        return;
      }
      case 'epochEnd': {
        const running = byRun(event.runId);
        if (running === undefined) return;
        if (slot.backend !== null) settle(slot.backend);
        running.samplesPerSec = event.samplesPerSec;
        running.epochs.push(epochRecordOf(event));
        running.onEpoch(epochRecordOf(event));
        return;
      }
      case 'trialFailed': {
        const running = byRun(event.runId);
        if (running !== undefined && !running.done) {
          end(slot, running, 'failed', { message: event.error.message });
        }
        return;
      }
      case 'backendLost':
        // The run went on from its checkpoint on the next backend: later epochs come again.
        for (const running of slot.running) {
          running.epochs = running.epochs.filter((e) => e.epoch <= event.resumedFromEpoch);
        }
        return;
      case 'checkpoint':
        clearWriteFailure(CHECKPOINT_SAVE);
        return;
      case 'error':
        if (event.error.code === 'storage-full') {
          reportWriteFailure({ what: CHECKPOINT_SAVE, message: event.error.message, full: true });
        }
        if (going.length === 0) return;
        for (const running of going) running.error = event.error.message;
        // Before they ran, an error ends the trials (a resume without its checkpoint says no more).
        if (going.every((r) => r.clock === null)) fail(slot, event.error.message, true);
        return;
      case 'done': {
        const running = byRun(event.runId);
        if (running === undefined || running.done) return;
        running.done = true;
        void exportAndEnd(slot, running, event.reason);
        return;
      }
      default:
        return;
    }
  }

  function newSlot(): Slot {
    const slot: Slot = {
      backend: null,
      running: [],
      bridge: createBridge(TRAIN_WORKER, {
        spawn: () => options.spawn(settled?.backend ?? options.backend),
        onEvent: (event) => onEvent(slot, event),
        onLost: (error) => {
          slot.backend = null;
          // Lost while exporting: a trial that finished ends when its export fails.
          fail(slot, error.message, false);
        },
        silenceLimitMs: WORKER_SILENCE_LIMIT_MS,
      }),
    };
    slots.push(slot);
    return slot;
  }

  /**
   * After the current task: the trials the sweep launches together arrive one `run` call after
   * another, and a group is made of them all, not of the first alone.
   */
  let dispatchQueued = false;
  function dispatch(): void {
    if (dispatchQueued) return;
    dispatchQueued = true;
    queueMicrotask(() => {
      dispatchQueued = false;
      dispatchNow();
    });
  }

  /** Free workers, started or yet to start. */
  const freeWorkers = () =>
    slots.filter((slot) => slot.running.length === 0).length + Math.max(0, size() - slots.length);

  /**
   * The next waiting trial and those that train with it: as many that group with it as its share
   * of the free workers, at most `perWorker`.
   */
  function nextGroup(): Waiting[] {
    const first = waiting.shift();
    if (first === undefined) return [];
    const key = perWorker() > 1 ? first.key : null;
    if (key === null) return [first];
    const mates = waiting.filter((w) => w.key === key);
    const share = Math.ceil((mates.length + 1) / Math.max(1, freeWorkers()));
    const taken = mates.slice(0, Math.min(perWorker(), share) - 1);
    waiting = waiting.filter((w) => !taken.includes(w));
    return [first, ...taken];
  }

  function dispatchNow(): void {
    while (!closed && waiting.length > 0) {
      const free =
        slots.find((slot) => slot.running.length === 0) ??
        (slots.length < size() ? newSlot() : undefined);
      if (free === undefined) return;
      const group = nextGroup();
      free.running = group.map((next) => ({
        trial: next.trial,
        onEpoch: next.onEpoch,
        epochs: [],
        clock: null,
        samplesPerSec: null,
        error: null,
        done: false,
        resolve: next.resolve,
      }));
      const [only] = group;
      if (group.length === 1 && only !== undefined) {
        const { runId, job, resume } = only.trial;
        free.bridge.send({ type: resume ? 'resumeFrom' : 'start', job, runId });
      } else {
        const trials = group.map(({ trial }) => ({ job: trial.job, runId: trial.runId }));
        free.bridge.send({ type: 'startGroup', trials });
      }
      if (paused) free.bridge.send({ type: 'pause' });
    }
  }

  const busy = () => slots.reduce((n, slot) => n + slot.running.length, 0) + waiting.length;

  return {
    freeSlots: () => (closed ? 0 : Math.max(0, size() * perWorker() - busy())),
    run(trial, onEpoch) {
      return new Promise((resolve) => {
        if (closed) {
          resolve({
            reason: 'failed',
            message: "The sweep's workers were closed.",
            epochs: [],
            weights: null,
            backend: null,
            durationMs: 0,
            samplesPerSec: null,
          });
          return;
        }
        // A trial that goes on from a checkpoint trains alone: a group keeps none.
        const key = trial.resume ? null : groupKeyOf(trial.job);
        waiting.push({ trial, key, onEpoch, resolve });
        dispatch();
      });
    },
    pause() {
      paused = true;
      for (const slot of slots) if (slot.running.length > 0) slot.bridge.send({ type: 'pause' });
    },
    resume() {
      paused = false;
      for (const slot of slots) if (slot.running.length > 0) slot.bridge.send({ type: 'resume' });
    },
    close(message) {
      closed = true;
      const queued = waiting;
      waiting = [];
      for (const slot of slots) {
        slot.bridge.terminate();
        for (const running of slot.running) end(slot, running, 'failed', { message });
      }
      for (const w of queued) {
        w.resolve({
          reason: 'failed',
          message,
          epochs: [],
          weights: null,
          backend: null,
          durationMs: 0,
          samplesPerSec: null,
        });
      }
    },
  };
}
