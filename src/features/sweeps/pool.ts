/**
 * A sweep's own training workers, apart from the playground's: each trains one trial at a time
 * (a quiet job: see TrainJob's `sweep`) and hands back how it ended, with its curve and final
 * weights. On a forced backend the pool starts as many workers as that backend takes
 * (`workersFor`, parallelism.ts); on auto it starts with one, and once a worker has trained an
 * epoch its backend is settled (auto may measure and move first), and the pool grows to as many
 * as that backend takes, each started on it so none measures again. A forced backend that does
 * not start (its worker falls back to another) is settled the same way.
 *
 * The worker's status and error events do not name a run, so a worker is given its next trial
 * only once its last one said all it will say: after `done` and the export of its weights, or
 * after its status `error`. A trial that fails any other way (its worker died, an error before it
 * ran) ends with the worker replaced, so nothing late of it can land on the next trial.
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
  running: Running | null;
}

interface Waiting {
  trial: TrialJob;
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

  function end(slot: Slot, reason: TrialEnd['reason'], extra: Partial<TrialEnd> = {}): void {
    const running = slot.running;
    if (running === null) return;
    slot.running = null;
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
    dispatch();
  }

  /** Ends the trial as failed; `replace`: its worker may still say something of it. */
  function fail(slot: Slot, message: string, replace: boolean): void {
    if (replace) slot.bridge.replace();
    end(slot, 'failed', { message });
  }

  async function exportAndEnd(slot: Slot, running: Running, reason: 'completed' | 'stopped') {
    const answer = await slot.bridge.request({ type: 'export' }, { timeoutMs: exportTimeoutMs })
      .done;
    if (slot.running !== running) return;
    const weights = answer.ok ? runWeightsOf(answer.value) : null;
    // A worker that did not answer in time is no longer trusted with the next trial.
    if (!answer.ok && answer.error.code === 'timeout') slot.bridge.replace();
    end(slot, reason, { weights });
  }

  function settle(backend: ReadyEvent): void {
    if (settled !== null && settled.backend === backend.backend) return;
    settled = backend;
    options.onSettled?.(backend, size());
    dispatch();
  }

  function onEvent(slot: Slot, event: WorkerEvent): void {
    const running = slot.running;
    switch (event.type) {
      case 'ready':
        slot.backend = event;
        return;
      case 'status': {
        slot.bridge.expectWork(event.status === 'running');
        if (running === null || running.done) return;
        const at = now();
        if (running.clock !== null) running.clock = tick(running.clock, event.status, at);
        else if (event.status === 'running' || event.status === 'paused') {
          running.clock = startClock(event.status, at);
        }
        if (event.status === 'error') {
          fail(slot, running.error ?? 'The run failed without saying why.', false);
        }
        return;
      }
      case 'epochEnd':
        if (running?.trial.runId !== event.runId) return;
        if (slot.backend !== null) settle(slot.backend);
        running.samplesPerSec = event.samplesPerSec;
        running.epochs.push(epochRecordOf(event));
        running.onEpoch(epochRecordOf(event));
        return;
      case 'backendLost':
        // The run went on from its checkpoint on the next backend: later epochs come again.
        if (running !== null) {
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
        if (running === null || running.done) return;
        running.error = event.error.message;
        // Before it ran, an error ends the trial (a resume without its checkpoint says no more).
        if (running.clock === null) fail(slot, event.error.message, true);
        return;
      case 'done':
        if (running?.trial.runId !== event.runId || running.done) return;
        running.done = true;
        void exportAndEnd(slot, running, event.reason);
        return;
      default:
        return;
    }
  }

  function newSlot(): Slot {
    const slot: Slot = {
      backend: null,
      running: null,
      bridge: createBridge(TRAIN_WORKER, {
        spawn: () => options.spawn(settled?.backend ?? options.backend),
        onEvent: (event) => onEvent(slot, event),
        onLost: (error) => {
          slot.backend = null;
          const running = slot.running;
          // Lost while exporting: the trial itself finished; its export's failure ends it.
          if (running !== null && !running.done) fail(slot, error.message, false);
        },
        silenceLimitMs: WORKER_SILENCE_LIMIT_MS,
      }),
    };
    slots.push(slot);
    return slot;
  }

  function dispatch(): void {
    while (!closed && waiting.length > 0) {
      const free =
        slots.find((slot) => slot.running === null) ??
        (slots.length < size() ? newSlot() : undefined);
      if (free === undefined) return;
      const next = waiting.shift();
      if (next === undefined) return;
      free.running = {
        trial: next.trial,
        onEpoch: next.onEpoch,
        epochs: [],
        clock: null,
        samplesPerSec: null,
        error: null,
        done: false,
        resolve: next.resolve,
      };
      const { runId, job, resume } = next.trial;
      free.bridge.send({ type: resume ? 'resumeFrom' : 'start', job, runId });
      if (paused) free.bridge.send({ type: 'pause' });
    }
  }

  const busy = () => slots.filter((slot) => slot.running !== null).length + waiting.length;

  return {
    freeSlots: () => (closed ? 0 : Math.max(0, size() - busy())),
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
        waiting.push({ trial, onEpoch, resolve });
        dispatch();
      });
    },
    pause() {
      paused = true;
      for (const slot of slots) if (slot.running !== null) slot.bridge.send({ type: 'pause' });
    },
    resume() {
      paused = false;
      for (const slot of slots) if (slot.running !== null) slot.bridge.send({ type: 'resume' });
    },
    close(message) {
      closed = true;
      const queued = waiting;
      waiting = [];
      for (const slot of slots) {
        slot.bridge.terminate();
        end(slot, 'failed', { message });
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
